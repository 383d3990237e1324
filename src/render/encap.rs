//! Lightweight-tunnel encapsulations (`encap ip|ip6|seg6|seg6local|mpls ...`) as
//! iproute2 prints them, from the fields `netlink::encap` decoded (each as the
//! kernel sent it).

use super::out::{Color, Printer};
use crate::model::encap::{EncapInfo, Flavors, IpTunnel, Seg6Local, Seg6Tunnel, Srh};
use crate::model::kernel::TableId;
use crate::model::route::Encap;
use crate::names::Names;
use crate::netlink::LinkNames;
use std::io::{self, Write};
use std::net::{Ipv4Addr, Ipv6Addr};

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
    match &e.info {
        EncapInfo::Mpls { labels, ttl } => mpls(p, labels, *ttl),
        EncapInfo::Ip(tunnel) => ip_tunnel(p, tunnel),
        EncapInfo::Seg6 { tunnel } => seg6(p, tunnel),
        EncapInfo::Seg6Local(local) => seg6local(p, local, cx),
        EncapInfo::Other => Ok(()),
    }
}

fn mpls<W: Write>(
    p: &mut Printer<W>,
    labels: &Option<Vec<u32>>,
    ttl: Option<u8>,
) -> io::Result<()> {
    if let Some(labels) = labels {
        let labels: Vec<String> = labels.iter().map(u32::to_string).collect();
        p.field("dst", "", &labels.join("/"))?;
    }
    if let Some(ttl) = ttl {
        p.field_uint("ttl", "ttl ", ttl as u64)?;
    }
    Ok(())
}

/// `encap ip` and `encap ip6`: same layout, different address family and names.
fn ip_tunnel<W: Write>(p: &mut Printer<W>, t: &IpTunnel) -> io::Result<()> {
    let (addr, color): (fn(&[u8]) -> String, Color) = if t.v6 {
        (ipv6, Color::Inet6)
    } else {
        (ipv4, Color::Inet)
    };
    if let Some(id) = t.id {
        p.field_uint("id", "id ", id)?;
    }
    if let Some(src) = &t.src {
        p.field_colored("src", "src ", &addr(src), color)?;
    }
    if let Some(dst) = &t.dst {
        p.field_colored("dst", "dst ", &addr(dst), color)?;
    }
    if let Some(ttl) = t.ttl {
        let key = if t.v6 { "hoplimit" } else { "ttl" };
        p.field_uint(key, &format!("{key} "), ttl as u64)?;
    }
    if let Some(tos) = t.tos {
        let key = if t.v6 { "tc" } else { "tos" };
        p.field_uint(key, &format!("{key} "), tos as u64)?;
    }
    if let Some(flags) = t.flags {
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
fn srh<W: Write>(p: &mut Printer<W>, srh: &Option<Srh>) -> io::Result<()> {
    let Some(srh) = srh else {
        return Ok(());
    };
    p.open_array(Some("segs"))?;
    p.text(&format!("segs {} [ ", srh.segments.len()))?;
    for seg in &srh.segments {
        let seg = seg
            .map(|b| Ipv6Addr::from(b).to_string())
            .unwrap_or_default();
        p.json_element(&seg)?;
        p.text_colored(Color::Inet6, &format!("{seg} "))?;
    }
    p.close_array()?;
    p.text("] ")?;
    if let Some(key) = srh.hmac {
        p.json_string("hmac", &format!("{key:#x}"))?;
        p.text(&format!("hmac {key:X} "))?;
    }
    Ok(())
}

fn seg6<W: Write>(p: &mut Printer<W>, tunnel: &Option<Seg6Tunnel>) -> io::Result<()> {
    let Some(tun) = tunnel else {
        return Ok(());
    };
    p.field("mode", "mode ", seg6_mode(tun.mode))?;
    srh(p, &tun.srh)
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

fn seg6local<W: Write>(p: &mut Printer<W>, l: &Seg6Local, cx: &EncapContext) -> io::Result<()> {
    p.field("action", "action ", &seg6local_action(l.action))?;
    if let Some(hdr) = &l.srh {
        p.open_object(Some("srh"))?;
        srh(p, hdr)?;
        p.close_object()?;
    }
    if let Some(t) = l.table {
        p.field("table", "table ", &cx.names.table_name(TableId(t)))?;
    }
    if let Some(t) = l.vrftable {
        p.field("vrftable", "vrftable ", &cx.names.table_name(TableId(t)))?;
    }
    if let Some(a) = &l.nh4 {
        p.field("nh4", "nh4 ", &ipv4(a))?;
    }
    if let Some(a) = &l.nh6 {
        p.field("nh6", "nh6 ", &ipv6(a))?;
    }
    if let Some(i) = l.iif {
        p.field("iif", "iif ", &cx.links.name(i))?;
    }
    if let Some(i) = l.oif {
        p.field("oif", "oif ", &cx.links.name(i))?;
    }
    if let Some([packets, bytes, errors]) = l.counters
        && cx.stats > 0
    {
        p.open_object(Some("stats64"))?;
        p.field_uint("packets", "packets ", packets)?;
        p.field_uint("bytes", "bytes ", bytes)?;
        p.field_uint("errors", "errors ", errors)?;
        p.close_object()?;
    }
    if let Some(f) = &l.flavors {
        flavors(p, f)?;
    }
    Ok(())
}

fn flavors<W: Write>(p: &mut Printer<W>, f: &Flavors) -> io::Result<()> {
    let names: Vec<&str> = [(1, "psp"), (2, "usp"), (3, "usd"), (4, "next-csid")]
        .iter()
        .filter(|(bit, _)| f.operations & (1 << bit) != 0)
        .map(|(_, n)| *n)
        .collect();
    p.open_array(Some("flavors"))?;
    for n in &names {
        p.json_element(n)?;
    }
    p.close_array()?;
    p.text(&format!("flavors {} ", names.join(",")))?;
    if let Some(v) = f.lblen {
        p.field_uint("lblen", "lblen ", v as u64)?;
    }
    if let Some(v) = f.nflen {
        p.field_uint("nflen", "nflen ", v as u64)?;
    }
    Ok(())
}
