//! An IPv4 packet arriving on an interface (`ip_route_input_rcu`,
//! `ip_route_input_slow`): martian addresses refused before the rules, local and
//! broadcast delivery, forwarding, and the reverse-path check of the source
//! (`fib_validate_source`).

use super::path::*;
use super::*;
use crate::model::Family;
use crate::model::kernel::Protocol;

/// `ip_route_input_rcu` / `ip_route_input_slow` up to their `fib_lookup`.
pub(super) fn before_input_v4(fib: &Fib, flow: &Flow) -> Before {
    let dst = v4(&flow.dst);
    let src = v4(&flow.src_bytes());
    let dev = fib.devices.name(flow.iif);
    let refused = |why: String| Before::Refused(EINVAL, why);
    if is_multicast4(dst) {
        return before_multicast_input(fib, flow, src, dst);
    }
    if is_multicast4(src) || is_lbcast(src) {
        return refused(format!(
            "the source {} is not unicast: a martian source, refused before any rule",
            text4(src)
        ));
    }
    if is_lbcast(dst) || (src == [0; 4] && dst == [0; 4]) {
        if src != [0; 4]
            && let Err((errno, why)) = validate_source(fib, &broadcast_flow(flow), 0)
        {
            return Before::Refused(errno, why);
        }
        let why = format!(
            "{} is a limited broadcast: the kernel delivers it locally (dev lo) without consulting any rule",
            text4(dst)
        );
        return Before::Direct(RTN_BROADCAST, LOOPBACK_IFINDEX, why);
    }
    if is_zeronet(src) {
        return refused(format!(
            "an arriving packet from {} (no `from` given) has a martian source; the kernel refuses it before any rule",
            text4(src)
        ));
    }
    if is_zeronet(dst) {
        return refused(format!(
            "{} is a martian destination for a packet arriving on {dev}; refused before any rule",
            text4(dst)
        ));
    }
    if !flow.conf.route_localnet && (is_loopback4(dst) || is_loopback4(src)) {
        let which = if is_loopback4(dst) {
            "destination"
        } else {
            "source"
        };
        return refused(format!(
            "a loopback {which} (127.0.0.0/8) may not arrive on {dev} (route_localnet is off); refused before any rule"
        ));
    }
    Before::Rules
}

/// An arriving multicast packet: delivered when the interface joined the group,
/// refused otherwise (no multicast routing is assumed).
fn before_multicast_input(fib: &Fib, flow: &Flow, src: [u8; 4], dst: [u8; 4]) -> Before {
    let dev = fib.devices.name(flow.iif);
    if !flow.conf.groups.contains(&dst) {
        let why = format!(
            "{dev} has not joined the group {} (and nothing forwards multicast), so the kernel refuses the packet before any rule",
            text4(dst)
        );
        return Before::Refused(EINVAL, why);
    }
    let martian = is_multicast4(src)
        || is_lbcast(src)
        || (is_loopback4(src) && !flow.conf.route_localnet)
        || (is_zeronet(src) && !is_local_multicast(dst));
    if martian {
        let why = format!(
            "the source {} is martian for a multicast packet",
            text4(src)
        );
        return Before::Refused(EINVAL, why);
    }
    if !is_zeronet(src)
        && let Err((errno, why)) = validate_source(fib, &broadcast_flow(flow), 0)
    {
        return Before::Refused(errno, why);
    }
    let why = format!(
        "{dev} has joined the group {}: the kernel delivers the packet locally (dev lo) without consulting any rule",
        text4(dst)
    );
    Before::Direct(RTN_MULTICAST, LOOPBACK_IFINDEX, why)
}

/// What `ip_route_input_slow` makes of the walk's answer.
pub(super) fn after_input_v4(fib: &Fib, flow: &Flow, trace: &Trace) -> (Option<String>, Expect) {
    let forwarding = flow.conf.forwarding;
    let dev = fib.devices.name(flow.iif);
    let no_forwarding = || {
        let after = format!(
            "forwarding is off on {dev}: the kernel can only deliver locally, so it answers {}",
            errno_text(EHOSTUNREACH)
        );
        (
            Some(after),
            Expect::Error {
                errno: EHOSTUNREACH,
            },
        )
    };
    let (table, route) = match trace.verdict {
        Verdict::Error { .. } if !forwarding => return no_forwarding(),
        Verdict::Error { errno, .. } => return (None, Expect::Error { errno }),
        Verdict::Route { table, route } => (table, route),
    };
    let r = &fib.routes[route];
    let kind = r.kind;
    if kind == RTN_LOCAL || kind == RTN_BROADCAST {
        // A broadcast is checked as if sent to 0.0.0.0.
        let checked = if kind == RTN_BROADCAST {
            broadcast_flow(flow)
        } else {
            flow.clone()
        };
        if let Err((errno, why)) = validate_source(fib, &checked, 0) {
            return (Some(why), Expect::Error { errno });
        }
        let after = format!(
            "a {} route: the kernel delivers the packet locally (dev lo)",
            if kind == RTN_LOCAL {
                "local"
            } else {
                "broadcast"
            }
        );
        let expect = Expect::Route {
            kind,
            table: Some(table),
            legs: lo_leg(),
        };
        return (Some(after), expect);
    }
    if !forwarding {
        return no_forwarding();
    }
    if kind != RTN_UNICAST {
        let after =
            format!("a route of type {kind} is a martian destination for a forwarded packet");
        return (Some(after), Expect::Error { errno: EINVAL });
    }
    forwarded(fib, flow, table, route)
}

/// A forwarded packet: its source is checked against the output interface of
/// the leg the kernel picks; when legs differ in the verdict, which one applies
/// is the kernel's hash choice.
fn forwarded(
    fib: &Fib,
    flow: &Flow,
    table: crate::model::kernel::TableId,
    route: usize,
) -> (Option<String>, Expect) {
    let kind = fib.routes[route].kind;
    let legs = route_legs(fib, flow, table, route, 0);
    let mut refusal = None;
    let mut good = Vec::new();
    for leg in &legs {
        match validate_source(fib, flow, leg.dev) {
            Ok(()) => good.push(leg.clone()),
            Err(e) => refusal = Some(e),
        }
    }
    let route = |legs| Expect::Route {
        kind,
        table: Some(table),
        legs,
    };
    match refusal {
        None => (None, route(legs)),
        Some((errno, why)) if good.is_empty() => (Some(why), Expect::Error { errno }),
        Some((errno, why)) => {
            let after = format!("through some of the next hops only: {why}");
            (
                Some(after),
                Expect::Choice(vec![route(good), Expect::Error { errno }]),
            )
        }
    }
}

/// The flow a broadcast or multicast source is validated with: no destination
/// (the reverse lookup then has no source to match `from` rules with).
fn broadcast_flow(flow: &Flow) -> Flow {
    Flow {
        dst: [0; 16],
        ..flow.clone()
    }
}

/// The kernel's reverse-path check of an arriving packet's source
/// (`fib_validate_source`): a source that is one of our addresses, or whose way
/// back is not a unicast route, is martian; with `rp_filter` the way back must
/// also use the input interface (strict) or exist (loose). `oif` is the output
/// interface of a forwarded packet, 0 for local delivery.
fn validate_source(fib: &Fib, flow: &Flow, oif: u32) -> Result<(), (i32, String)> {
    let conf = &flow.conf;
    let src = v4(&flow.src_bytes());
    let martian = |why: String| {
        Err((
            EINVAL,
            format!("the source {} is martian: {why}", text4(src)),
        ))
    };
    let rpf_failed = || {
        Err((
            EINVAL,
            format!(
                "rp_filter {} on {}: the way back to {} does not go through that interface",
                conf.rp_filter,
                fib.devices.name(flow.iif),
                text4(src)
            ),
        ))
    };
    if conf.rp_filter == 0 && (flow.iif != oif || !conf.send_redirects) {
        if conf.accept_local {
            return Ok(());
        }
        if !custom_rules(fib) && !custom_local_routes(fib) {
            return match local_device(fib, src) {
                Some(_) => martian("it is one of this host's addresses".to_string()),
                None => Ok(()),
            };
        }
    }
    let back = Flow {
        family: AF_INET,
        dst: flow.src_bytes(),
        src: Some(flow.dst),
        iif: if oif != 0 { oif } else { LOOPBACK_IFINDEX },
        mark: if conf.src_valid_mark { flow.mark } else { 0 },
        tos: flow.tos,
        ..Flow::default()
    };
    let (table, route) = match walk(fib, &back).verdict {
        Verdict::Error { .. } if conf.rp_filter != 0 => return rpf_failed(),
        Verdict::Error { .. } => return Ok(()),
        Verdict::Route { table, route } => (table, route),
    };
    let r = &fib.routes[route];
    if r.kind != RTN_UNICAST && !(r.kind == RTN_LOCAL && conf.accept_local) {
        let name = if r.kind == RTN_LOCAL {
            "local".to_string()
        } else {
            format!("type {}", r.kind)
        };
        return martian(format!("the way back (table {table}) is a {name} route"));
    }
    let dev_match = hops(r).iter().any(|h| h.ifindex == flow.iif)
        || (r.kind == RTN_LOCAL && flow.iif == LOOPBACK_IFINDEX);
    if dev_match || conf.rp_filter == 0 || (conf.rp_filter == 2 && has_address(fib, flow.iif)) {
        return Ok(());
    }
    rpf_failed()
}

/// Whether interface `dev` has an IPv4 address (a local route on it).
fn has_address(fib: &Fib, dev: u32) -> bool {
    fib.routes.iter().any(|r| {
        r.family == Family::Inet
            && r.table == crate::model::kernel::table::LOCAL
            && r.kind == RTN_LOCAL
            && r.oif == Some(dev)
    })
}

/// Rules beyond the three the kernel starts with (`fib4_has_custom_rules`).
fn custom_rules(fib: &Fib) -> bool {
    use crate::model::kernel::table;
    fib.rules
        .iter()
        .filter(|r| r.family == Family::Inet)
        .any(|r| {
            !matches!(
                (r.priority.unwrap_or(0), r.table_id()),
                (0, table::LOCAL) | (32766, table::MAIN) | (32767, table::DEFAULT)
            )
        })
}

/// Local routes not added by the kernel itself (`fib_has_custom_local_routes`).
fn custom_local_routes(fib: &Fib) -> bool {
    fib.routes
        .iter()
        .any(|r| r.family == Family::Inet && r.kind == RTN_LOCAL && r.protocol != Protocol::KERNEL)
}
