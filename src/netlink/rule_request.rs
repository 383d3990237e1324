//! `RuleRequest` -> RTM_NEWRULE/RTM_DELRULE payload (struct fib_rule_hdr + FRA_*).
//! Attributes are sent exactly as iproute2 sends them, including its quirks (an
//! empty FRA_SRC for `from all`, the address as given by the family of the header).

use super::attrs::Payload;
use super::header::{RTMSG_LEN, RtHeader};
use crate::model::Family;
use crate::model::rule::FIB_RULE_INVERT;
use crate::model::rule_request::*;

const FRA_DST: u16 = 1;
const FRA_SRC: u16 = 2;
const FRA_IIFNAME: u16 = 3;
const FRA_GOTO: u16 = 4;
/// Formerly FRA_GATEWAY; iproute2 still sends the `nat` address there.
const FRA_NAT_GATEWAY: u16 = 5;
const FRA_PRIORITY: u16 = 6;
const FRA_FWMARK: u16 = 10;
const FRA_FLOW: u16 = 11;
const FRA_TUN_ID: u16 = 12;
const FRA_SUPPRESS_IFGROUP: u16 = 13;
const FRA_SUPPRESS_PREFIXLEN: u16 = 14;
const FRA_TABLE: u16 = 15;
const FRA_FWMASK: u16 = 16;
const FRA_OIFNAME: u16 = 17;
const FRA_L3MDEV: u16 = 19;
const FRA_UID_RANGE: u16 = 20;
const FRA_PROTOCOL: u16 = 21;
const FRA_IP_PROTO: u16 = 22;
const FRA_SPORT_RANGE: u16 = 23;
const FRA_DPORT_RANGE: u16 = 24;
use crate::model::kernel::table::MAIN as RT_TABLE_MAIN;

/// The address bytes iproute2 puts in FRA_SRC/FRA_DST: none for `any`/`all`, nor
/// for `default` of no family.
fn prefix_bytes(p: &crate::model::prefix::Prefix) -> &[u8] {
    if p.no_bytes {
        return &[];
    }
    match p.family {
        Family::Inet => &p.bytes[..4],
        Family::Inet6 => &p.bytes[..16],
        _ => &[],
    }
}

/// The bytes of the attributes `r` carries (the header left out): what iproute2
/// adds to its message for them.
pub fn attributes_len(r: &RuleRequest) -> usize {
    encode(r, true).len() - RTMSG_LEN
}

/// Encodes a request; `add` fills iproute2's defaults (lookup main, to-table).
pub fn encode(r: &RuleRequest, add: bool) -> Vec<u8> {
    let family = r.sent_family();
    let table_field = match r.table {
        None if add && !r.table_given => RT_TABLE_MAIN.0 as u8,
        t => t.map_or(0, |t| crate::model::kernel::table::split(t).0),
    };
    let action = r.action.unwrap_or(if add { FR_ACT_TO_TBL } else { 0 });
    let header = RtHeader {
        family: family.af(),
        dst_len: r.dst.map(|p| p.bits).unwrap_or(0),
        src_len: r.src.map(|p| p.bits).unwrap_or(0),
        tos: r.tos,
        table: table_field,
        kind: action,
        flags: if r.invert { FIB_RULE_INVERT } else { 0 },
        ..RtHeader::default()
    };
    let mut p = header.payload();
    attributes(&mut p, r);
    p.bytes
}

/// The attributes, in the order iproute2 adds them.
fn attributes(p: &mut Payload, r: &RuleRequest) {
    if let Some(src) = &r.src {
        p.attr(FRA_SRC, prefix_bytes(src));
    }
    if let Some(dst) = &r.dst {
        p.attr(FRA_DST, prefix_bytes(dst));
    }
    if let Some(prio) = r.priority {
        p.u32(FRA_PRIORITY, prio);
    }
    if let Some(mark) = r.fwmark {
        p.u32(FRA_FWMARK, mark);
    }
    if let Some(mask) = r.fwmask {
        p.u32(FRA_FWMASK, mask);
    }
    if let Some(realms) = r.realms {
        p.u32(FRA_FLOW, realms);
    }
    if let Some(proto) = r.protocol {
        p.u8(FRA_PROTOCOL, proto.0);
    }
    if let Some(tun) = r.tun_id {
        p.attr(FRA_TUN_ID, &tun.to_be_bytes());
    }
    if let Some(t) = r.table_attr {
        p.u32(FRA_TABLE, t);
    }
    if let Some(len) = r.suppress_prefixlen {
        p.u32(FRA_SUPPRESS_PREFIXLEN, len as u32);
    }
    if let Some(group) = r.suppress_ifgroup {
        p.u32(FRA_SUPPRESS_IFGROUP, group as u32);
    }
    if let Some(iif) = &r.iif {
        p.string(FRA_IIFNAME, iif);
    }
    if let Some(oif) = &r.oif {
        p.string(FRA_OIFNAME, oif);
    }
    if r.l3mdev {
        p.u8(FRA_L3MDEV, 1);
    }
    if let Some((start, end)) = r.uid_range {
        let mut v = start.to_ne_bytes().to_vec();
        v.extend_from_slice(&end.to_ne_bytes());
        p.attr(FRA_UID_RANGE, &v);
    }
    if let Some(gw) = r.nat_gateway {
        p.attr(FRA_NAT_GATEWAY, &gw);
    }
    if let Some(proto) = r.ip_proto {
        p.u8(FRA_IP_PROTO, proto);
    }
    for (kind, range) in [(FRA_SPORT_RANGE, r.sport), (FRA_DPORT_RANGE, r.dport)] {
        if let Some((start, end)) = range {
            let mut v = start.to_ne_bytes().to_vec();
            v.extend_from_slice(&end.to_ne_bytes());
            p.attr(kind, &v);
        }
    }
    if let Some(target) = r.goto {
        p.u32(FRA_GOTO, target);
    }
}
