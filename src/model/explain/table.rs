//! One table's lookup: the longest matching prefix and the candidates passed over.

use super::*;
use crate::model::prefix::bits_equal;
use crate::model::route::{Address, RouteView};

/// One next hop of a route: output device, gateway, flags.
pub struct Hop<'a> {
    pub ifindex: u32,
    pub gateway: Option<&'a Address>,
    pub flags: u32,
}

/// The next hops of a route (its legs when multipath).
pub fn hops(r: &RouteView) -> Vec<Hop<'_>> {
    match &r.multipath {
        Some(legs) => legs
            .iter()
            .map(|l| Hop {
                ifindex: l.ifindex,
                gateway: l.gateway.as_ref(),
                flags: l.flags as u32,
            })
            .collect(),
        None => vec![Hop {
            ifindex: r.oif.unwrap_or(0),
            gateway: r.gateway.as_ref(),
            flags: r.flags & 0xff,
        }],
    }
}

fn is_reject(kind: crate::model::kernel::RouteType) -> Option<i32> {
    match kind {
        RTN_BLACKHOLE | RTN_NAT => Some(EINVAL),
        RTN_UNREACHABLE => Some(EHOSTUNREACH),
        RTN_PROHIBIT => Some(EACCES),
        _ => None,
    }
}

/// Whether route `r` covers the flow's destination (and, IPv6, its source).
fn covers(r: &RouteView, flow: &Flow) -> bool {
    if !bits_equal(flow.dst_bytes(), r.dst_bytes(), r.dst_len) {
        return false;
    }
    r.src_len == 0
        || bits_equal(
            &flow.src_bytes()[..flow.addr_len()],
            r.src_bytes(),
            r.src_len,
        )
}

/// The interface a lookup insists on (0 for none). IPv4: the output interface of
/// a locally generated packet. IPv6 (RT6_LOOKUP_F_IFACE): the output interface when
/// the lookup has no source address, and the interface itself (the output one, or
/// the input one for an arriving packet) when the destination is multicast,
/// link-local or loopback; otherwise the interface merely breaks ties between
/// routes of equal metric.
pub fn strict_oif(flow: &Flow) -> u32 {
    if flow.family == AF_INET {
        return if flow.input { 0 } else { flow.oif };
    }
    let oif = if flow.input { flow.iif } else { flow.oif };
    let strict = needs_strict_v6(flow.dst_bytes()) || (!flow.input && flow.src.is_none());
    if strict { oif } else { 0 }
}

/// IPv6 destinations the kernel routes only through the named interface
/// (rt6_need_strict): multicast, link-local unicast, loopback.
pub fn needs_strict_v6(dst: &[u8]) -> bool {
    let loopback = dst[..15].iter().all(|&b| b == 0) && dst[15] == 1;
    dst[0] == 0xff || (dst[0] == 0xfe && dst[1] & 0xc0 == 0x80) || loopback
}

/// The longest-prefix lookup in one table. Candidates are tried in the kernel's
/// order: longest destination prefix (IPv6: then longest source prefix), then
/// IPv4 tos-specific before tos 0, then lowest metric; a candidate that cannot be
/// used (wrong tos, dead, not on the requested `oif`) is passed over and the
/// lookup goes on with the next, shorter, one.
pub fn lookup_table(
    fib: &Fib,
    table: crate::model::kernel::TableId,
    flow: &Flow,
) -> (TableResult, Vec<Skipped>) {
    let mut candidates: Vec<usize> = (0..fib.routes.len())
        .filter(|&i| {
            let r = &fib.routes[i];
            r.family.af() == flow.family && r.table == table && !r.is_cloned() && covers(r, flow)
        })
        .collect();
    candidates.sort_by_key(|&i| {
        let r = &fib.routes[i];
        (
            std::cmp::Reverse(r.dst_len),
            std::cmp::Reverse(r.src_len),
            std::cmp::Reverse(r.tos),
            r.metric.unwrap_or(0),
            i,
        )
    });
    let oif = strict_oif(flow);
    let mut skipped = Vec::new();
    for i in candidates {
        let r = &fib.routes[i];
        let flow_tos = flow.dscp() & LEGACY_TOS_MASK;
        if flow.family == AF_INET && r.tos != 0 && r.tos != flow_tos {
            skipped.push(Skipped {
                route: i,
                reason: format!("the route is for tos {:#x}", r.tos),
            });
            continue;
        }
        let oif_ok = |r: &RouteView| {
            hops(r)
                .iter()
                .any(|h| h.flags & RTNH_F_DEAD == 0 && (oif == 0 || h.ifindex == oif))
        };
        // IPv4 answers reject and throw routes before looking at next hops; IPv6
        // scores every route by its device first (reject routes sit on lo).
        if flow.family == AF_INET || oif == 0 {
            if r.kind == RTN_THROW {
                return (TableResult::Throw { route: i }, skipped);
            }
            if let Some(errno) = is_reject(r.kind) {
                return (TableResult::Reject { route: i, errno }, skipped);
            }
        }
        if !oif_ok(r) {
            let reason = if oif != 0 {
                "no usable next hop on the requested output interface"
            } else {
                "every next hop is dead"
            };
            skipped.push(Skipped {
                route: i,
                reason: reason.to_string(),
            });
            continue;
        }
        if r.kind == RTN_THROW {
            return (TableResult::Throw { route: i }, skipped);
        }
        if let Some(errno) = is_reject(r.kind) {
            return (TableResult::Reject { route: i, errno }, skipped);
        }
        return (TableResult::Route { route: i }, skipped);
    }
    (TableResult::NoRoute, skipped)
}

/// The rule's `suppress_prefixlength` / `suppress_ifgroup` verdict on a found route.
pub(super) fn suppressed(rule: &RuleView, r: &RouteView, fib: &Fib) -> Option<String> {
    if let Some(len) = rule.suppress_prefixlen.filter(|&l| l != u32::MAX)
        && (r.dst_len as i32) <= len as i32
    {
        return Some(format!(
            "suppress_prefixlength {len}: the route's prefix /{} is not longer than {len}",
            r.dst_len
        ));
    }
    if let Some(group) = rule.suppress_ifgroup.filter(|&g| g != u32::MAX) {
        let dev = hops(r).first().map(|h| h.ifindex).unwrap_or(0);
        if dev != 0 && fib.devices.group.get(&dev).copied().unwrap_or(0) == group {
            return Some(format!(
                "suppress_ifgroup {group}: the route's device is in group {group}"
            ));
        }
    }
    None
}
