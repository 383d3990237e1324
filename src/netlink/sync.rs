//! The wire side of `route sync` and `rule sync`: the dump request for one
//! proto's routes, a dumped route or rule turned back into a request that
//! recreates it exactly (to take a change back), and the up-front privilege
//! check.

use super::attrs::{Payload, attributes_whole};
use super::batch::{Batch, DEFAULT_BATCH_BYTES};
use super::consts::*;
use super::header::{RTMSG_LEN, RtHeader};
use super::socket::kernel_error;
use crate::error::Result;
use crate::model::kernel::{AF_INET, route_type, table};

/// The one rtm/next-hop flag a request may carry (`onlink`); the others are
/// kernel state (linkdown, dead, offload, RTM_F_*) and some are refused on input.
use crate::model::kernel::nexthop_flags::ONLINK as RTNH_F_ONLINK;
use crate::model::rule::FIB_RULE_INVERT;
use libc::EPERM;
const RTNH_F_ONLINK_U8: u8 = RTNH_F_ONLINK as u8;

/// A dumped route as a request that recreates it: kernel-state flags cleared
/// (the kernel refuses a new route marked linkdown or dead), cache information
/// left out, and, for a route using a nexthop object, only its id (the dump
/// repeats the object's gateway and device, which a request may not combine with
/// `nhid`).
pub fn route_recreate(dumped: &[u8]) -> Vec<u8> {
    let (header, attrs) = dumped.split_at(RTMSG_LEN.min(dumped.len()));
    let header = match RtHeader::parse(header) {
        Some(h) => RtHeader {
            flags: h.flags & RTNH_F_ONLINK,
            ..h
        }
        .bytes()
        .to_vec(),
        None => header.to_vec(),
    };
    let has_nhid = attributes_whole(attrs).any(|(kind, _, _)| kind == RTA_NH_ID);
    let mut p = Payload::with_header(&header);
    for (kind, value, _) in attributes_whole(attrs) {
        match kind {
            RTA_CACHEINFO => {}
            _ if has_nhid && is_hop_detail(kind) => {}
            RTA_MULTIPATH => {
                p.attr(kind, &clean_hops(value));
            }
            _ => {
                p.attr(kind, value);
            }
        }
    }
    p.bytes
}

/// A dumped route as a deletion of exactly it. A route using a nexthop object is
/// dumped with the object's gateway and device too, and the kernel refuses a
/// request that names both (`Nexthop specification and nexthop id are mutually
/// exclusive`): the id alone says which route.
pub fn route_delete(dumped: &[u8]) -> Vec<u8> {
    let (header, attrs) = dumped.split_at(RTMSG_LEN.min(dumped.len()));
    if !attributes_whole(attrs).any(|(kind, _, _)| kind == RTA_NH_ID) {
        return dumped.to_vec();
    }
    let mut p = Payload::with_header(header);
    for (kind, value, _) in attributes_whole(attrs) {
        if !is_hop_detail(kind) {
            p.attr(kind, value);
        }
    }
    p.bytes
}

/// The attributes that describe a route's next hops, which `nhid` replaces.
fn is_hop_detail(kind: u16) -> bool {
    matches!(
        kind,
        RTA_OIF | RTA_GATEWAY | RTA_VIA | RTA_MULTIPATH | RTA_FLOW | RTA_ENCAP | RTA_ENCAP_TYPE
    )
}

/// `struct rtnexthop` records with their flags cut to `onlink`.
fn clean_hops(list: &[u8]) -> Vec<u8> {
    let mut out = list.to_vec();
    let mut at = 0;
    while at + 8 <= out.len() {
        let len = u16::from_ne_bytes([out[at], out[at + 1]]) as usize;
        out[at + 2] &= RTNH_F_ONLINK_U8;
        if len < 8 {
            break;
        }
        at += (len + 3) & !3;
    }
    out
}

/// A dumped rule as a request that recreates it: only `not` kept of its flags
/// (`unresolved` and `detached` are the kernel's own).
pub fn rule_recreate(dumped: &[u8]) -> Vec<u8> {
    let mut out = dumped.to_vec();
    if let Some(h) = RtHeader::parse(dumped) {
        let kept = RtHeader {
            flags: h.flags & FIB_RULE_INVERT,
            ..h
        };
        out[..RTMSG_LEN].copy_from_slice(&kept.bytes());
    }
    out
}

/// Fails, with the kernel's own message, when this process may not change the
/// namespace's routing (no CAP_NET_ADMIN there). Asks the kernel rather than
/// guessing from ids: it sends a route addition no kernel accepts (a /33 IPv4
/// prefix), which is refused with EPERM before it is even read when the
/// privilege is missing, and with EINVAL otherwise.
pub fn check_privilege() -> Result<()> {
    let header = RtHeader {
        family: AF_INET,
        dst_len: 33,
        table: table::MAIN.0 as u8,
        kind: route_type::UNICAST.0,
        ..RtHeader::default()
    };
    let mut batch = Batch::open(DEFAULT_BATCH_BYTES)?;
    batch.push(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, &header.bytes())?;
    match batch.finish()?.into_iter().find(|f| f.errno == EPERM) {
        Some(f) => Err(kernel_error(-f.errno, f.extack)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recreated_route_loses_kernel_state() {
        let mut header = [0u8; 12];
        header[0] = 2;
        header[8..12].copy_from_slice(&(0x10u32 | 4 | 0x200).to_ne_bytes());
        let mut p = Payload::with_header(&header);
        p.u32(RTA_OIF, 3);
        p.attr(RTA_CACHEINFO, &[0; 16]);
        let mut hops = vec![16, 0, 0x11, 0, 3, 0, 0, 0];
        hops.extend_from_slice(&[8, 0, 5, 0, 10, 0, 0, 2]);
        p.attr(RTA_MULTIPATH, &hops);
        let out = route_recreate(&p.bytes);
        assert_eq!(u32::from_ne_bytes(out[8..12].try_into().unwrap()), 4);
        let kinds: Vec<u16> = attributes_whole(&out[12..]).map(|(k, _, _)| k).collect();
        assert_eq!(kinds, vec![RTA_OIF, RTA_MULTIPATH]);
        let (_, hops, _) = attributes_whole(&out[12..]).nth(1).unwrap();
        assert_eq!(hops[2], 0x01 & 4);
    }

    #[test]
    fn nexthop_object_routes_keep_only_the_id() {
        let mut p = Payload::with_header(&[0u8; 12]);
        p.u32(RTA_NH_ID, 7);
        p.u32(RTA_OIF, 3);
        p.attr(RTA_GATEWAY, &[10, 0, 0, 1]);
        p.u32(RTA_PRIORITY, 5);
        let out = route_recreate(&p.bytes);
        let kinds: Vec<u16> = attributes_whole(&out[12..]).map(|(k, _, _)| k).collect();
        assert_eq!(kinds, vec![RTA_NH_ID, RTA_PRIORITY]);
    }

    #[test]
    fn deleting_a_nexthop_object_route_names_only_the_id() {
        let mut p = Payload::with_header(&[0u8; 12]);
        p.u32(RTA_OIF, 3);
        let plain = p.bytes.clone();
        assert_eq!(route_delete(&plain), plain);
        p.u32(RTA_NH_ID, 7);
        let kinds: Vec<u16> = attributes_whole(&route_delete(&p.bytes)[12..])
            .map(|(k, _, _)| k)
            .collect();
        assert_eq!(kinds, vec![RTA_NH_ID]);
    }

    #[test]
    fn recreated_rule_keeps_only_not() {
        let mut rule = vec![2u8, 0, 0, 0, 100, 0, 0, 1];
        rule.extend_from_slice(&(2u32 | 4 | 8).to_ne_bytes());
        assert_eq!(&rule_recreate(&rule)[8..12], &2u32.to_ne_bytes());
    }
}
