//! What the kernel does around the rule walk: the checks that refuse a lookup or
//! answer it before any rule is consulted (a source that is not ours, a martian
//! address arriving on an interface, multicast and limited broadcast), and what it
//! makes of the walk's route afterwards (local delivery on `lo`, broadcast and
//! multicast types, forwarding off, source validation, the next hops it can pick).
//! IPv4 follows `ip_route_output_key_hash_rcu` and `ip_route_input_slow`; IPv6
//! `ip6_route_output` and `ip6_route_input_lookup`.

use super::input::{after_input_v4, before_input_v4};
use super::table::strict_oif;
use super::*;
use crate::model::Family;
use crate::model::route::Address;

/// One next hop the kernel may answer with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leg {
    pub dev: u32,
    pub gateway: Option<Address>,
}

/// The answer the walk predicts for the kernel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// A route of type `kind` from `table` (None when no table took part).
    /// `legs` lists every next hop the kernel may choose (more than one: a hash or
    /// round-robin choice the tables cannot tell); empty: not compared.
    Route {
        kind: crate::model::kernel::RouteType,
        table: Option<crate::model::kernel::TableId>,
        legs: Vec<Leg>,
    },
    Error {
        errno: i32,
    },
    /// One of these, depending on the next hop the kernel picks (by flow hash).
    Choice(Vec<Expect>),
}

/// The kernel's path around the rules for one flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// What happens before the rules, when it is not simply "walk them": the
    /// kernel refuses the lookup, or answers it without any rule.
    pub before: Option<String>,
    /// False when no rule is consulted.
    pub walked: bool,
    /// What the kernel makes of the walk's result, when it changes it.
    pub after: Option<String>,
    pub expect: Expect,
}

pub(super) enum Before {
    Rules,
    Refused(i32, String),
    /// The kernel builds the answer itself: type, device.
    Direct(crate::model::kernel::RouteType, u32, String),
}

/// The walk, framed by what the kernel does before and after it.
pub fn explain(fib: &Fib, flow: &Flow) -> (Trace, Path) {
    let (trace, mut path) = frame(fib, flow);
    if flow.family == AF_INET && !flow.input {
        loopback_source_check(fib, flow, &mut path);
    }
    (trace, path)
}

/// A loopback source may leave only through lo, or a device with
/// `route_localnet` (`__mkroute_output`).
fn loopback_source_check(fib: &Fib, flow: &Flow, path: &mut Path) {
    let Some(src) = flow.src.as_ref().map(v4) else {
        return;
    };
    let Expect::Route { kind, table, legs } = &path.expect else {
        return;
    };
    let allowed =
        |l: &&Leg| l.dev == LOOPBACK_IFINDEX || fib.devices.route_localnet.contains(&l.dev);
    let good: Vec<Leg> = legs.iter().filter(allowed).cloned().collect();
    if !is_loopback4(src) || good.len() == legs.len() {
        return;
    }
    let bad = legs
        .iter()
        .find(|l| !allowed(l))
        .map(|l| l.dev)
        .unwrap_or(0);
    let after = format!(
        "a loopback source may not leave through {} (route_localnet is off there)",
        fib.devices.name(bad)
    );
    path.after = Some(match path.after.take() {
        Some(before) => format!("{before}; {after}"),
        None => after,
    });
    let refused = Expect::Error { errno: EINVAL };
    path.expect = if good.is_empty() {
        refused
    } else {
        let (kind, table) = (*kind, *table);
        Expect::Choice(vec![
            Expect::Route {
                kind,
                table,
                legs: good,
            },
            refused,
        ])
    };
}

/// The walk with what comes before and after it.
fn frame(fib: &Fib, flow: &Flow) -> (Trace, Path) {
    let before = match (flow.family, flow.input) {
        _ if !lookup_protocol(flow) => Before::Refused(
            EOPNOTSUPP,
            "route get takes only tcp, udp and icmp (icmpv6) as ipproto; the kernel refuses the request before any rule".to_string(),
        ),
        (AF_INET, false) => before_output_v4(fib, flow),
        (AF_INET, true) => before_input_v4(fib, flow),
        _ => Before::Rules,
    };
    let not_walked = |errno| Trace {
        steps: Vec::new(),
        verdict: Verdict::Error { errno, step: None },
    };
    match before {
        Before::Refused(errno, why) => (
            not_walked(errno),
            Path {
                before: Some(format!("{why}: {}", errno_text(errno))),
                walked: false,
                after: None,
                expect: Expect::Error { errno },
            },
        ),
        Before::Direct(kind, dev, why) => (
            not_walked(0),
            Path {
                before: Some(why),
                walked: false,
                after: None,
                expect: Expect::Route {
                    kind,
                    table: None,
                    legs: vec![Leg { dev, gateway: None }],
                },
            },
        ),
        Before::Rules => {
            let (before, chosen) = chosen_source(fib, flow);
            let flow = chosen.as_ref().unwrap_or(flow);
            let trace = walk(fib, flow);
            let (after, expect) = match flow.family {
                AF_INET if flow.input => after_input_v4(fib, flow, &trace),
                AF_INET => after_output_v4(fib, flow, &trace),
                _ => after_v6(fib, flow, &trace),
            };
            let path = Path {
                before,
                walked: true,
                after,
                expect,
            };
            (trace, path)
        }
    }
}

/// A locally generated IPv4 multicast with `oif` and no `from`: the kernel takes
/// the interface's address as the source before it consults the rules
/// (`inet_select_addr`), so `from` rules see it. The address is the interface's
/// first local address.
fn chosen_source(fib: &Fib, flow: &Flow) -> (Option<String>, Option<Flow>) {
    let dst = v4(&flow.dst);
    if flow.family != AF_INET || flow.input || flow.oif == 0 || flow.src.is_some() {
        return (None, None);
    }
    if !is_multicast4(dst) {
        return (None, None);
    }
    let address = fib.routes.iter().find(|r| {
        r.family == Family::Inet
            && r.table == crate::model::kernel::table::LOCAL
            && r.kind == RTN_LOCAL
            && r.dst_len == 32
            && r.oif.unwrap_or(0) == flow.oif
            && !is_loopback4(v4_of(r.dst_bytes()))
    });
    let Some(address) = address.map(|r| v4_of(r.dst_bytes())) else {
        return (None, None);
    };
    let mut src = [0u8; 16];
    src[..4].copy_from_slice(&address);
    let before = format!(
        "a multicast with oif {}: the kernel takes that interface's address {} as the source before consulting the rules",
        fib.devices.name(flow.oif),
        text4(address)
    );
    let chosen = Flow {
        src: Some(src),
        ..flow.clone()
    };
    (Some(before), Some(chosen))
}

fn v4_of(b: &[u8]) -> [u8; 4] {
    [b[0], b[1], b[2], b[3]]
}

/// The protocols a route lookup request may name (`rtm_getroute_parse_ip_proto`).
fn lookup_protocol(flow: &Flow) -> bool {
    const TCP: u8 = 6;
    const UDP: u8 = 17;
    let icmp = if flow.family == AF_INET { 1 } else { 58 };
    matches!(flow.ipproto, 0 | TCP | UDP) || flow.ipproto == icmp
}

pub(super) fn v4(b: &[u8; 16]) -> [u8; 4] {
    [b[0], b[1], b[2], b[3]]
}

pub(super) fn text4(a: [u8; 4]) -> String {
    std::net::Ipv4Addr::from(a).to_string()
}

pub(super) fn is_multicast4(a: [u8; 4]) -> bool {
    a[0] & 0xf0 == 0xe0
}

pub(super) fn is_lbcast(a: [u8; 4]) -> bool {
    a == [255; 4]
}

pub(super) fn is_zeronet(a: [u8; 4]) -> bool {
    a[0] == 0
}

pub(super) fn is_loopback4(a: [u8; 4]) -> bool {
    a[0] == 127
}

/// 224.0.0.0/24: link-local multicast, never forwarded.
pub(super) fn is_local_multicast(a: [u8; 4]) -> bool {
    a[..3] == [224, 0, 0]
}

pub(super) fn special_kind(dst: [u8; 4]) -> Option<crate::model::kernel::RouteType> {
    if is_lbcast(dst) {
        Some(RTN_BROADCAST)
    } else if is_multicast4(dst) {
        Some(RTN_MULTICAST)
    } else {
        None
    }
}

/// The interface holding the local IPv4 address `a` (`__ip_dev_find`): the device
/// of the longest `local` route of table local covering it.
pub fn local_device(fib: &Fib, a: [u8; 4]) -> Option<u32> {
    fib.routes
        .iter()
        .filter(|r| {
            r.family == Family::Inet
                && r.table == crate::model::kernel::table::LOCAL
                && crate::model::prefix::bits_equal(&a, r.dst_bytes(), r.dst_len)
        })
        .max_by_key(|r| r.dst_len)
        .filter(|r| r.kind == RTN_LOCAL)
        .map(|r| r.oif.unwrap_or(0))
}

/// `ip_route_output_key_hash_rcu` up to its `fib_lookup`.
fn before_output_v4(fib: &Fib, flow: &Flow) -> Before {
    let dst = v4(&flow.dst);
    if let Some(src) = flow.src.as_ref().map(v4) {
        if is_multicast4(src) || is_lbcast(src) || is_zeronet(src) {
            let why = format!(
                "the source {} is not a unicast address, so the kernel refuses the lookup before any rule",
                text4(src)
            );
            return Before::Refused(EINVAL, why);
        }
        let dev = local_device(fib, src);
        let Some(dev) = dev else {
            let why = format!(
                "the source {} is not a local address, so the kernel refuses the lookup before any rule",
                text4(src)
            );
            return Before::Refused(ENETUNREACH, why);
        };
        if let (Some(kind), 0) = (special_kind(dst), flow.oif) {
            let why = format!(
                "{} is {}: with a local source the kernel sends it out of the source's interface, {}, without consulting any rule",
                text4(dst),
                kind_word(kind),
                fib.devices.name(dev)
            );
            return Before::Direct(kind, dev, why);
        }
    }
    if flow.oif != 0 && fib.devices.down.contains(&flow.oif) {
        let why = format!(
            "the output interface {} is down, so the kernel refuses the lookup before any rule",
            fib.devices.name(flow.oif)
        );
        return Before::Refused(ENETUNREACH, why);
    }
    // (IGMP would go the same way, but route get refuses that protocol.)
    if flow.oif != 0 && (is_local_multicast(dst) || is_lbcast(dst)) {
        let kind = special_kind(dst).unwrap_or(RTN_UNICAST);
        let why = format!(
            "{} with oif {}: the kernel sends it out of that interface without consulting any rule",
            text4(dst),
            fib.devices.name(flow.oif)
        );
        return Before::Direct(kind, flow.oif, why);
    }
    if dst == [0; 4] {
        let why =
            "0.0.0.0 means this host: the kernel answers it on lo without consulting any rule";
        return Before::Direct(RTN_LOCAL, LOOPBACK_IFINDEX, why.to_string());
    }
    Before::Rules
}

pub(super) fn kind_word(kind: crate::model::kernel::RouteType) -> &'static str {
    match kind {
        RTN_BROADCAST => "limited broadcast",
        RTN_MULTICAST => "multicast",
        RTN_LOCAL => "local",
        _ => "unicast",
    }
}

/// The next hops of route `r` the kernel may answer with: those not dead, and with
/// an interface named, the first of those on it (no hashing then).
fn usable_legs(r: &RouteView, oif: u32) -> Vec<Leg> {
    let legs = hops(r)
        .into_iter()
        .filter(|h| h.flags & RTNH_F_DEAD == 0)
        .filter(|h| oif == 0 || h.ifindex == oif);
    let legs: Vec<Leg> = legs
        .map(|h| Leg {
            dev: h.ifindex,
            gateway: h.gateway.cloned(),
        })
        .collect();
    if oif != 0 && r.family == Family::Inet {
        return legs.into_iter().take(1).collect();
    }
    legs
}

/// Routes the kernel chooses among by neighbour state or round robin, besides
/// the walk's: IPv4 other default routes of the same table and metric, IPv6 other
/// routes to the same prefix with the same metric.
fn equal_legs(
    fib: &Fib,
    flow: &Flow,
    table: crate::model::kernel::TableId,
    chosen: usize,
    oif: u32,
) -> Vec<Leg> {
    let c = &fib.routes[chosen];
    if c.nhid.is_some() || (flow.family == AF_INET && (c.dst_len != 0 || oif != 0)) {
        return Vec::new();
    }
    let mut legs = Vec::new();
    for (i, r) in fib.routes.iter().enumerate() {
        let equal = i != chosen
            && r.family == c.family
            && r.table == table
            && r.kind == c.kind
            && r.dst_len == c.dst_len
            && r.dst_bytes() == c.dst_bytes()
            && r.src_len == c.src_len
            && r.src_bytes() == c.src_bytes()
            && r.tos == c.tos
            && r.metric.unwrap_or(0) == c.metric.unwrap_or(0)
            && !r.is_cloned()
            && (flow.family == AF_INET6 || r.gateway.is_some());
        if equal {
            legs.extend(usable_legs(r, oif));
        }
    }
    legs
}

pub(super) fn route_legs(
    fib: &Fib,
    flow: &Flow,
    table: crate::model::kernel::TableId,
    route: usize,
    oif: u32,
) -> Vec<Leg> {
    let r = &fib.routes[route];
    if r.nhid.is_some() {
        return Vec::new();
    }
    let mut legs = usable_legs(r, oif);
    legs.extend(equal_legs(fib, flow, table, route, oif));
    legs
}

pub(super) fn lo_leg() -> Vec<Leg> {
    vec![Leg {
        dev: LOOPBACK_IFINDEX,
        gateway: None,
    }]
}

/// What `ip_route_output_key_hash_rcu` makes of the walk's answer.
fn after_output_v4(fib: &Fib, flow: &Flow, trace: &Trace) -> (Option<String>, Expect) {
    let dst = v4(&flow.dst);
    let (table, route) = match trace.verdict {
        Verdict::Error { errno, .. } if flow.oif == 0 => return (None, Expect::Error { errno }),
        Verdict::Error { .. } => {
            let kind = special_kind(dst).unwrap_or(RTN_UNICAST);
            let after = format!(
                "no rule gave a route; with oif the kernel sends the packet out of {} as if the destination were on link",
                fib.devices.name(flow.oif)
            );
            let legs = vec![Leg {
                dev: flow.oif,
                gateway: None,
            }];
            let expect = Expect::Route {
                kind,
                table: None,
                legs,
            };
            return (Some(after), expect);
        }
        Verdict::Route { table, route } => (table, route),
    };
    let r = &fib.routes[route];
    if r.kind == RTN_LOCAL {
        let after = "a local route: the kernel delivers the packet on lo";
        let expect = Expect::Route {
            kind: RTN_LOCAL,
            table: Some(table),
            legs: lo_leg(),
        };
        return (Some(after.to_string()), expect);
    }
    let mut legs = route_legs(fib, flow, table, route, flow.oif);
    let (kind, after) = match special_kind(dst) {
        Some(kind) => {
            // A limited broadcast never uses a gateway; a multicast keeps the
            // route's next hop only when the route is at least as specific as /4.
            if kind == RTN_BROADCAST || r.dst_len < 4 {
                legs.iter_mut().for_each(|l| l.gateway = None);
            }
            let after = format!(
                "{} is {}: the kernel sends it as a {} route out of the route's interface, without a gateway",
                text4(dst),
                kind_word(kind),
                if kind == RTN_BROADCAST {
                    "broadcast"
                } else {
                    "multicast"
                },
            );
            (kind, Some(after))
        }
        None => (r.kind, None),
    };
    let expect = Expect::Route {
        kind,
        table: Some(table),
        legs,
    };
    (after, expect)
}

/// IPv6: the rules are always walked; the kernel then answers local and anycast
/// routes on lo, and cannot describe a multicast route for an arriving packet.
fn after_v6(fib: &Fib, flow: &Flow, trace: &Trace) -> (Option<String>, Expect) {
    let (table, route) = match trace.verdict {
        Verdict::Error { errno, .. } => return (None, Expect::Error { errno }),
        Verdict::Route { table, route } => (table, route),
    };
    let r = &fib.routes[route];
    if flow.input && flow.dst[0] == 0xff {
        let after = "an arriving multicast packet: without a multicast routing entry the kernel cannot describe its route, and answers Message too long";
        return (Some(after.to_string()), Expect::Error { errno: EMSGSIZE });
    }
    if r.kind == RTN_LOCAL || r.kind == RTN_ANYCAST {
        let after = "a local route: the kernel delivers the packet on lo";
        let expect = Expect::Route {
            kind: r.kind,
            table: Some(table),
            legs: lo_leg(),
        };
        return (Some(after.to_string()), expect);
    }
    let expect = Expect::Route {
        kind: r.kind,
        table: Some(table),
        legs: route_legs(fib, flow, table, route, strict_oif(flow)),
    };
    (None, expect)
}
