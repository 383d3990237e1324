//! Lightweight-tunnel encapsulations (`encap ip|ip6|seg6|seg6local|mpls ...`) as
//! iproute2 prints them. The attribute bytes are kept raw by the decoder and read
//! here, so every field is shown exactly as the kernel sent it.

use super::out::{Color, Printer};
use crate::model::route::Encap;
use crate::names::Names;
use crate::netlink::LinkNames;
use crate::netlink::attrs::{attributes, u8_of, u16_of, u32_of};
use std::io::{self, Write};
use std::net::{Ipv4Addr, Ipv6Addr};

fn find(data: &[u8], kind: u16) -> Option<&[u8]> {
    attributes(data).find(|(k, _)| *k == kind).map(|(_, v)| v)
}

fn ipv4(v: &[u8]) -> String {
    match v.get(0..4) {
        Some(b) => Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string(),
        None => "???".to_string(),
    }
}

fn ipv6(v: &[u8]) -> String {
    match v.get(0..16) {
        Some(b) => Ipv6Addr::from(<[u8; 16]>::try_from(b).unwrap()).to_string(),
        None => "???".to_string(),
    }
}

fn type_name(kind: u16) -> &'static str {
    match kind {
        0 => "none",
        1 => "mpls",
        2 => "ip",
        3 => "ila",
        4 => "ip6",
        5 => "seg6",
        6 => "bpf",
        7 => "seg6local",
        8 => "rpl",
        9 => "ioam6",
        10 => "xfrm",
        _ => "unknown",
    }
}

pub struct EncapContext<'a> {
    pub names: &'a Names,
    pub links: &'a LinkNames,
    pub stats: u32,
}

/// ` encap TYPE ` and the type's fields.
pub fn render<W: Write>(p: &mut Printer<W>, e: &Encap, cx: &EncapContext) -> io::Result<()> {
    p.json_string("encap", type_name(e.kind))?;
    p.text(&format!(" encap {} ", type_name(e.kind)))?;
    match e.kind {
        1 => mpls(p, &e.data),
        2 => ip_tunnel(p, &e.data, false),
        4 => ip_tunnel(p, &e.data, true),
        5 => seg6(p, &e.data),
        7 => seg6local(p, &e.data, cx),
        _ => Ok(()),
    }
}

fn mpls<W: Write>(p: &mut Printer<W>, data: &[u8]) -> io::Result<()> {
    // MPLS_IPTUNNEL_DST = 1 (label stack), MPLS_IPTUNNEL_TTL = 2.
    if let Some(stack) = find(data, 1) {
        let labels: Vec<String> = stack
            .chunks_exact(4)
            .map(|c| (u32::from_be_bytes(c.try_into().unwrap()) >> 12).to_string())
            .collect();
        p.field("dst", "", &labels.join("/"))?;
    }
    if let Some(ttl) = find(data, 2) {
        p.field_uint("ttl", "ttl ", u8_of(ttl) as u64)?;
    }
    Ok(())
}

/// `encap ip` and `encap ip6`: same layout, different address family and names.
fn ip_tunnel<W: Write>(p: &mut Printer<W>, data: &[u8], v6: bool) -> io::Result<()> {
    const ID: u16 = 1;
    const DST: u16 = 2;
    const SRC: u16 = 3;
    const TTL: u16 = 4;
    const TOS: u16 = 5;
    const FLAGS: u16 = 6;
    let (addr, color): (fn(&[u8]) -> String, Color) = if v6 {
        (ipv6, Color::Inet6)
    } else {
        (ipv4, Color::Inet)
    };
    if let Some(id) = find(data, ID) {
        let id = id
            .get(0..8)
            .map(|b| u64::from_be_bytes(b.try_into().unwrap()))
            .unwrap_or(0);
        p.field_uint("id", "id ", id)?;
    }
    if let Some(src) = find(data, SRC) {
        p.field_colored("src", "src ", &addr(src), color)?;
    }
    if let Some(dst) = find(data, DST) {
        p.field_colored("dst", "dst ", &addr(dst), color)?;
    }
    if let Some(ttl) = find(data, TTL) {
        let key = if v6 { "hoplimit" } else { "ttl" };
        p.field_uint(key, &format!("{key} "), u8_of(ttl) as u64)?;
    }
    if let Some(tos) = find(data, TOS) {
        let key = if v6 { "tc" } else { "tos" };
        p.field_uint(key, &format!("{key} "), u8_of(tos) as u64)?;
    }
    if let Some(flags) = find(data, FLAGS) {
        // TUNNEL_* flags travel in network byte order.
        let flags = u16::from_be(u16_of(flags));
        for (bit, name) in [(0x4, "key"), (0x1, "csum"), (0x8, "seq")] {
            if flags & bit != 0 {
                p.json_raw(name, "true")?;
                p.text(&format!("{name} "))?;
            }
        }
    }
    Ok(())
}

fn seg6_mode(mode: i32) -> &'static str {
    match mode {
        0 => "inline",
        1 => "encap",
        2 => "l2encap",
        3 => "encap.red",
        4 => "l2encap.red",
        _ => "<unknown>",
    }
}

/// A segment routing header: `segs N [ a b ... ] [hmac K]`.
fn srh<W: Write>(p: &mut Printer<W>, hdr: &[u8]) -> io::Result<()> {
    if hdr.len() < 8 {
        return Ok(());
    }
    let hdrlen = hdr[1] as usize;
    let first_segment = hdr[4] as usize;
    let flags = hdr[5];
    let segments = &hdr[8..];
    p.open_array(Some("segs"))?;
    p.text(&format!("segs {} [ ", first_segment + 1))?;
    for i in (0..=first_segment).rev() {
        let seg = segments
            .get(i * 16..i * 16 + 16)
            .map(ipv6)
            .unwrap_or_default();
        p.json_element(&seg)?;
        p.text_colored(Color::Inet6, &format!("{seg} "))?;
    }
    p.close_array()?;
    p.text("] ")?;
    // SR6_FLAG1_HMAC: an HMAC TLV sits after the segments.
    if flags & 0x08 != 0 {
        let offset = ((hdrlen + 1) << 3).saturating_sub(40);
        if let Some(tlv) = hdr.get(offset..offset + 8) {
            let key = u32::from_be_bytes(tlv[4..8].try_into().unwrap());
            p.json_string("hmac", &format!("{key:#x}"))?;
            p.text(&format!("hmac {key:X} "))?;
        }
    }
    Ok(())
}

fn seg6<W: Write>(p: &mut Printer<W>, data: &[u8]) -> io::Result<()> {
    // SEG6_IPTUNNEL_SRH = 1: struct seg6_iptunnel_encap { int mode; ipv6_sr_hdr srh }.
    let Some(tun) = find(data, 1) else {
        return Ok(());
    };
    let mode = tun
        .get(0..4)
        .map(|b| i32::from_ne_bytes(b.try_into().unwrap()))
        .unwrap_or(-1);
    p.field("mode", "mode ", seg6_mode(mode))?;
    srh(p, tun.get(4..).unwrap_or(&[]))
}

fn seg6local_action(action: u32) -> String {
    const NAMES: [&str; 17] = [
        "unspec",
        "End",
        "End.X",
        "End.T",
        "End.DX2",
        "End.DX6",
        "End.DX4",
        "End.DT6",
        "End.DT4",
        "End.B6",
        "End.B6.Encaps",
        "End.BM",
        "End.S",
        "End.AS",
        "End.AM",
        "End.BPF",
        "End.DT46",
    ];
    NAMES
        .get(action as usize)
        .map(|s| s.to_string())
        .unwrap_or_else(|| "<invalid>".to_string())
}

fn seg6local<W: Write>(p: &mut Printer<W>, data: &[u8], cx: &EncapContext) -> io::Result<()> {
    const ACTION: u16 = 1;
    const SRH: u16 = 2;
    const TABLE: u16 = 3;
    const NH4: u16 = 4;
    const NH6: u16 = 5;
    const IIF: u16 = 6;
    const OIF: u16 = 7;
    const VRFTABLE: u16 = 9;
    const COUNTERS: u16 = 10;
    const FLAVORS: u16 = 11;
    let action = find(data, ACTION).map(u32_of).unwrap_or(0);
    p.field("action", "action ", &seg6local_action(action))?;
    if let Some(hdr) = find(data, SRH) {
        p.open_object(Some("srh"))?;
        srh(p, hdr)?;
        p.close_object()?;
    }
    if let Some(t) = find(data, TABLE) {
        p.field("table", "table ", &cx.names.table_name(u32_of(t)))?;
    }
    if let Some(t) = find(data, VRFTABLE) {
        p.field("vrftable", "vrftable ", &cx.names.table_name(u32_of(t)))?;
    }
    if let Some(a) = find(data, NH4) {
        p.field("nh4", "nh4 ", &ipv4(a))?;
    }
    if let Some(a) = find(data, NH6) {
        p.field("nh6", "nh6 ", &ipv6(a))?;
    }
    if let Some(i) = find(data, IIF) {
        p.field("iif", "iif ", &cx.links.name(u32_of(i)))?;
    }
    if let Some(i) = find(data, OIF) {
        p.field("oif", "oif ", &cx.links.name(u32_of(i)))?;
    }
    if let Some(c) = find(data, COUNTERS)
        && cx.stats > 0
    {
        // SEG6_LOCAL_CNT_PACKETS = 2, BYTES = 3, ERRORS = 4 (u64 each; 1 is padding).
        let get = |k| {
            find(c, k)
                .and_then(|v| v.get(0..8))
                .map(|b| u64::from_ne_bytes(b.try_into().unwrap()))
                .unwrap_or(0)
        };
        p.open_object(Some("stats64"))?;
        p.field_uint("packets", "packets ", get(2))?;
        p.field_uint("bytes", "bytes ", get(3))?;
        p.field_uint("errors", "errors ", get(4))?;
        p.close_object()?;
    }
    if let Some(f) = find(data, FLAVORS) {
        flavors(p, f)?;
    }
    Ok(())
}

fn flavors<W: Write>(p: &mut Printer<W>, data: &[u8]) -> io::Result<()> {
    // SEG6_LOCAL_FLV_OPERATION = 1 (bit mask), LCBLOCK_BITS = 2, LCNODE_FN_BITS = 3.
    let ops = find(data, 1).map(u32_of).unwrap_or(0);
    let names: Vec<&str> = [(1, "psp"), (2, "usp"), (3, "usd"), (4, "next-csid")]
        .iter()
        .filter(|(bit, _)| ops & (1 << bit) != 0)
        .map(|(_, n)| *n)
        .collect();
    p.open_array(Some("flavors"))?;
    for n in &names {
        p.json_element(n)?;
    }
    p.close_array()?;
    p.text(&format!("flavors {} ", names.join(",")))?;
    if let Some(v) = find(data, 2) {
        p.field_uint("lblen", "lblen ", u8_of(v) as u64)?;
    }
    if let Some(v) = find(data, 3) {
        p.field_uint("nflen", "nflen ", u8_of(v) as u64)?;
    }
    Ok(())
}
