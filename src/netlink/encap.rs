//! RTA_ENCAP (and NHA_ENCAP) decoded into `model::encap::Encap`: the nested
//! attributes of each type ipr prints, read field by field, exactly as the
//! kernel sent them.

use super::attrs::{attributes, u8_of, u16_of, u32_of};
use crate::model::encap::*;

/// LWTUNNEL_ENCAP_* types with printed fields.
const ENCAP_MPLS: u16 = 1;
const ENCAP_IP: u16 = 2;
const ENCAP_IP6: u16 = 4;
const ENCAP_SEG6: u16 = 5;
const ENCAP_SEG6_LOCAL: u16 = 7;

fn find(data: &[u8], kind: u16) -> Option<&[u8]> {
    attributes(data).find(|(k, _)| *k == kind).map(|(_, v)| v)
}

fn u64_be(v: &[u8]) -> u64 {
    v.get(0..8)
        .map(|b| u64::from_be_bytes(b.try_into().unwrap()))
        .unwrap_or(0)
}

fn u64_ne(v: &[u8]) -> u64 {
    v.get(0..8)
        .map(|b| u64::from_ne_bytes(b.try_into().unwrap()))
        .unwrap_or(0)
}

/// The encapsulation of type `kind` whose nested attributes are `data`.
pub fn decode(kind: u16, data: &[u8]) -> Encap {
    let info = match kind {
        ENCAP_MPLS => mpls(data),
        ENCAP_IP => EncapInfo::Ip(ip_tunnel(data, false)),
        ENCAP_IP6 => EncapInfo::Ip(ip_tunnel(data, true)),
        ENCAP_SEG6 => EncapInfo::Seg6 { tunnel: seg6(data) },
        ENCAP_SEG6_LOCAL => EncapInfo::Seg6Local(Box::new(seg6local(data))),
        _ => EncapInfo::Other,
    };
    Encap {
        kind,
        attrs: attributes(data).map(|(k, v)| (k, v.to_vec())).collect(),
        info,
    }
}

fn mpls(data: &[u8]) -> EncapInfo {
    // MPLS_IPTUNNEL_DST = 1 (label stack entries), MPLS_IPTUNNEL_TTL = 2.
    let labels = find(data, 1).map(|stack| {
        stack
            .chunks_exact(4)
            .map(|c| u32::from_be_bytes(c.try_into().unwrap()) >> 12)
            .collect()
    });
    EncapInfo::Mpls {
        labels,
        ttl: find(data, 2).map(u8_of),
    }
}

/// `encap ip` and `encap ip6`: LWTUNNEL_IP(6)_ID, DST, SRC, TTL/HOPLIMIT,
/// TOS/TC, FLAGS.
fn ip_tunnel(data: &[u8], v6: bool) -> IpTunnel {
    IpTunnel {
        v6,
        id: find(data, 1).map(u64_be),
        dst: find(data, 2).map(<[u8]>::to_vec),
        src: find(data, 3).map(<[u8]>::to_vec),
        ttl: find(data, 4).map(u8_of),
        tos: find(data, 5).map(u8_of),
        // TUNNEL_* flags travel in network byte order.
        flags: find(data, 6).map(|v| u16::from_be(u16_of(v))),
    }
}

/// A segment routing header (struct ipv6_sr_hdr); None when too short.
fn srh(hdr: &[u8]) -> Option<Srh> {
    if hdr.len() < 8 {
        return None;
    }
    let hdrlen = hdr[1] as usize;
    let first_segment = hdr[4] as usize;
    let flags = hdr[5];
    let list = &hdr[8..];
    let segments = (0..=first_segment)
        .rev()
        .map(|i| {
            list.get(i * 16..i * 16 + 16)
                .map(|b| <[u8; 16]>::try_from(b).unwrap())
        })
        .collect();
    // SR6_FLAG1_HMAC: an HMAC TLV sits after the segments.
    let mut hmac = None;
    if flags & 0x08 != 0 {
        let offset = ((hdrlen + 1) << 3).saturating_sub(40);
        if let Some(tlv) = hdr.get(offset..offset + 8) {
            hmac = Some(u32::from_be_bytes(tlv[4..8].try_into().unwrap()));
        }
    }
    Some(Srh { segments, hmac })
}

fn seg6(data: &[u8]) -> Option<Seg6Tunnel> {
    // SEG6_IPTUNNEL_SRH = 1: struct seg6_iptunnel_encap { int mode; ipv6_sr_hdr srh }.
    let tun = find(data, 1)?;
    let mode = tun
        .get(0..4)
        .map(|b| i32::from_ne_bytes(b.try_into().unwrap()))
        .unwrap_or(-1);
    Some(Seg6Tunnel {
        mode,
        srh: srh(tun.get(4..).unwrap_or(&[])),
    })
}

fn seg6local(data: &[u8]) -> Seg6Local {
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
    Seg6Local {
        action: find(data, ACTION).map(u32_of).unwrap_or(0),
        srh: find(data, SRH).map(srh),
        table: find(data, TABLE).map(u32_of),
        vrftable: find(data, VRFTABLE).map(u32_of),
        nh4: find(data, NH4).map(<[u8]>::to_vec),
        nh6: find(data, NH6).map(<[u8]>::to_vec),
        iif: find(data, IIF).map(u32_of),
        oif: find(data, OIF).map(u32_of),
        // SEG6_LOCAL_CNT_PACKETS = 2, BYTES = 3, ERRORS = 4 (u64 each; 1 is padding).
        counters: find(data, COUNTERS).map(|c| {
            let get = |k| find(c, k).map(u64_ne).unwrap_or(0);
            [get(2), get(3), get(4)]
        }),
        flavors: find(data, FLAVORS).map(flavors),
    }
}

/// SEG6_LOCAL_FLV_OPERATION = 1 (bit mask), LCBLOCK_BITS = 2, LCNODE_FN_BITS = 3.
fn flavors(data: &[u8]) -> Flavors {
    Flavors {
        operations: find(data, 1).map(u32_of).unwrap_or(0),
        lblen: find(data, 2).map(u8_of),
        nflen: find(data, 3).map(u8_of),
    }
}
