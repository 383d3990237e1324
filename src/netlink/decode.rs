//! Wire messages -> typed records. netlink-packet-route parses the bytes; this maps
//! its types onto our flat `RouteView` (numbers kept as numbers, so unknown values
//! print as iproute2 prints them).

use super::attrs::attributes_whole;
use super::consts::{RTA_ENCAP, RTA_ENCAP_TYPE, RTA_MULTIPATH};
use crate::error::{Error, Result};
use crate::model::Family;
use crate::model::kernel::{AF_INET, AF_INET6, AF_PACKET, Protocol, Scope, TableId};
use crate::model::route::{Address, CacheInfo, Encap, MetricValue, NextHopView, RouteView, Via};
use netlink_packet_core::{Nla, NlaBuffer, Parseable, ParseableParametrized};
use netlink_packet_route::AddressFamily;
use netlink_packet_route::route::{
    RouteAddress, RouteAttribute, RouteHeader, RouteLwEnCapType, RouteMetric, RouteType, RouteVia,
};
use std::net::IpAddr;

fn decode_failure(what: &str) -> Error {
    Error::new(
        format!("ipr: cannot decode a {what} message from the kernel\n"),
        2,
    )
}

fn address(a: &RouteAddress) -> Address {
    match a {
        RouteAddress::Inet(v4) => Address::V4(v4.octets()),
        RouteAddress::Inet6(v6) => Address::V6(v6.octets()),
        RouteAddress::Mpls(label) => Address::Mpls(vec![label.label]),
        RouteAddress::Other(raw) => Address::Raw(raw.clone()),
        _ => Address::Raw(Vec::new()),
    }
}

fn ip_address(ip: IpAddr) -> Address {
    match ip {
        IpAddr::V4(v4) => Address::V4(v4.octets()),
        IpAddr::V6(v6) => Address::V6(v6.octets()),
    }
}

fn via(v: &RouteVia) -> Via {
    match v {
        RouteVia::Inet(a) => Via {
            family: AF_INET,
            address: Address::V4(a.octets()),
        },
        RouteVia::Inet6(a) => Via {
            family: AF_INET6,
            address: Address::V6(a.octets()),
        },
        RouteVia::Packet(raw) => Via {
            family: AF_PACKET,
            address: Address::Raw(raw.clone()),
        },
        RouteVia::Other((family, raw)) => Via {
            family: (*family).into(),
            address: Address::Raw(raw.clone()),
        },
        _ => Via {
            family: 0,
            address: Address::Raw(Vec::new()),
        },
    }
}

fn metric(m: &RouteMetric) -> MetricValue {
    match m {
        RouteMetric::CcAlgo(name) => MetricValue::Text(name.clone()),
        RouteMetric::Lock(v)
        | RouteMetric::Mtu(v)
        | RouteMetric::Window(v)
        | RouteMetric::Rtt(v)
        | RouteMetric::RttVar(v)
        | RouteMetric::SsThresh(v)
        | RouteMetric::Cwnd(v)
        | RouteMetric::Advmss(v)
        | RouteMetric::Reordering(v)
        | RouteMetric::Hoplimit(v)
        | RouteMetric::InitCwnd(v)
        | RouteMetric::Features(v)
        | RouteMetric::RtoMin(v)
        | RouteMetric::InitRwnd(v)
        | RouteMetric::QuickAck(v)
        | RouteMetric::FastopenNoCookie(v) => MetricValue::Number(*v),
        other => {
            let mut buf = vec![0u8; other.value_len()];
            other.emit_value(&mut buf);
            let n = buf
                .get(0..4)
                .map(|b| u32::from_ne_bytes(b.try_into().unwrap()))
                .unwrap_or(0);
            MetricValue::Number(n)
        }
    }
}

const RTAX_LOCK: u16 = 1;

/// One attribute through netlink-packet-route; None when it cannot be parsed (an
/// attribute we do not understand must not hide the rest of the route).
fn typed_attribute(whole: &[u8], family: AddressFamily, kind: RouteType) -> Option<RouteAttribute> {
    let nla = NlaBuffer::new_checked(whole).ok()?;
    RouteAttribute::parse_with_param(&nla, (family, kind, RouteLwEnCapType::None)).ok()
}

const ROUTE_HEADER_LEN: usize = 12;
const RTNEXTHOP_LEN: usize = 8;

/// The encapsulation of an attribute list (RTA_ENCAP_TYPE + raw RTA_ENCAP).
fn encap_of(attrs: &[u8]) -> Option<Encap> {
    let mut kind = None;
    let mut data = None;
    for (k, value, _) in attributes_whole(attrs) {
        match k {
            RTA_ENCAP_TYPE if value.len() >= 2 => {
                kind = Some(u16::from_ne_bytes([value[0], value[1]]))
            }
            RTA_ENCAP => data = Some(value.to_vec()),
            _ => {}
        }
    }
    Some(super::encap::decode(kind?, &data.unwrap_or_default()))
}

/// RTA_MULTIPATH: a sequence of struct rtnexthop, each followed by its attributes.
fn next_hops(mut data: &[u8], family: AddressFamily, kind: RouteType) -> Vec<NextHopView> {
    let mut hops = Vec::new();
    while data.len() >= RTNEXTHOP_LEN {
        let len = u16::from_ne_bytes([data[0], data[1]]) as usize;
        if len < RTNEXTHOP_LEN || len > data.len() {
            break;
        }
        let attrs = &data[RTNEXTHOP_LEN..len];
        let mut nh = NextHopView {
            flags: data[2],
            hops: data[3],
            ifindex: u32::from_ne_bytes(data[4..8].try_into().unwrap()),
            encap: encap_of(attrs),
            ..Default::default()
        };
        for (_, _, whole) in attributes_whole(attrs) {
            match typed_attribute(whole, family, kind) {
                Some(RouteAttribute::Gateway(g)) => nh.gateway = Some(address(&g)),
                Some(RouteAttribute::Via(v)) => nh.via = Some(via(&v)),
                Some(RouteAttribute::Realm(realm)) => {
                    nh.realm = Some(((realm.source as u32) << 16) | realm.destination as u32)
                }
                Some(RouteAttribute::NewDestination(labels)) => {
                    nh.newdst = Some(Address::Mpls(labels.iter().map(|l| l.label).collect()))
                }
                _ => {}
            }
        }
        hops.push(nh);
        data = &data[((len + 3) & !3).min(data.len())..];
    }
    hops
}

/// Decodes an RTM_NEWROUTE/RTM_DELROUTE payload.
pub fn route(payload: &[u8]) -> Result<RouteView> {
    let h = RouteHeader::parse(payload).map_err(|_| decode_failure("route"))?;
    let attrs = payload.get(ROUTE_HEADER_LEN..).unwrap_or(&[]);
    let mut r = RouteView {
        family: Family::from_af(h.address_family.into()),
        dst_len: h.destination_prefix_length,
        src_len: h.source_prefix_length,
        tos: h.tos,
        table: TableId(h.table as u32),
        protocol: Protocol(h.protocol.into()),
        scope: Scope(h.scope.into()),
        kind: crate::model::kernel::RouteType(h.kind.into()),
        flags: h.flags.bits(),
        encap: encap_of(attrs),
        ..Default::default()
    };
    for (kind, value, whole) in attributes_whole(attrs) {
        match kind {
            RTA_MULTIPATH => {
                r.multipath = Some(next_hops(value, h.address_family, h.kind));
                continue;
            }
            RTA_ENCAP_TYPE | RTA_ENCAP => continue,
            _ => {}
        }
        let Some(attr) = typed_attribute(whole, h.address_family, h.kind) else {
            continue;
        };
        match attr {
            RouteAttribute::Destination(a) => r.dst = Some(address(&a)),
            RouteAttribute::Source(a) => r.src = Some(address(&a)),
            RouteAttribute::Gateway(a) => r.gateway = Some(address(&a)),
            RouteAttribute::PrefSource(a) => r.prefsrc = Some(address(&a)),
            RouteAttribute::Via(v) => r.via = Some(via(&v)),
            RouteAttribute::NewDestination(labels) => {
                r.newdst = Some(Address::Mpls(labels.iter().map(|l| l.label).collect()))
            }
            RouteAttribute::Oif(i) => r.oif = Some(i),
            RouteAttribute::Iif(i) => r.iif = Some(i),
            RouteAttribute::Priority(p) => r.metric = Some(p),
            RouteAttribute::Table(t) => r.table = TableId(t),
            RouteAttribute::Mark(m) => r.mark = m,
            RouteAttribute::Realm(realm) => {
                r.realm = Some(((realm.source as u32) << 16) | realm.destination as u32)
            }
            RouteAttribute::Uid(u) => r.uid = Some(u),
            RouteAttribute::NhId(n) => r.nhid = Some(n),
            RouteAttribute::Preference(p) => r.pref = Some(p.into()),
            RouteAttribute::TtlPropagate(t) => r.ttl_propagate = Some(t.into()),
            RouteAttribute::CacheInfo(c) => {
                r.cache_info = Some(CacheInfo {
                    clntref: c.clntref,
                    last_use: c.last_use,
                    expires: c.expires as i32,
                    error: c.error,
                    used: c.used,
                    id: c.id,
                    ts: c.ts,
                    ts_age: c.ts_age,
                })
            }
            RouteAttribute::Metrics(list) => {
                let (metrics, lock) = metrics(&list);
                r.metrics = Some(metrics);
                r.metrics_lock = lock.unwrap_or(r.metrics_lock);
            }
            _ => {}
        }
    }
    Ok(r)
}

/// RTA_METRICS: each metric but the lock mask, in order, and the lock mask
/// (the last one given) when present.
fn metrics(list: &[RouteMetric]) -> (Vec<(u16, MetricValue)>, Option<u32>) {
    let mut metrics = Vec::new();
    let mut lock = None;
    for m in list {
        if let RouteMetric::Lock(mask) = m {
            lock = Some(*mask);
        }
        if m.kind() != RTAX_LOCK {
            metrics.push((m.kind(), metric(m)));
        }
    }
    (metrics, lock)
}

/// Decodes a rule message's payload.
pub fn rule(payload: &[u8]) -> Result<crate::model::rule::RuleView> {
    use netlink_packet_route::rule::{RuleAttribute, RuleHeader};
    let h = RuleHeader::parse(payload).map_err(|_| decode_failure("rule"))?;
    let mut r = crate::model::rule::RuleView {
        family: Family::from_af(h.family.into()),
        dst_len: h.dst_len,
        src_len: h.src_len,
        tos: h.tos,
        header_table: h.table,
        action: h.action.into(),
        flags: h.flags.bits(),
        ..Default::default()
    };
    // Attribute by attribute, so one we cannot parse does not hide the rule.
    // Interface names are bytes: read here, kept losslessly (see `lossless`).
    let name = |value: &[u8]| {
        let value = value.split(|&b| b == 0).next().unwrap_or(&[]);
        Some(crate::lossless::decode(value).into_owned())
    };
    let attributes =
        attributes_whole(payload.get(12..).unwrap_or(&[])).filter_map(|(kind, value, whole)| {
            match kind {
                // FRA_IIFNAME, FRA_OIFNAME
                3 => return name(value).map(RuleAttribute::Iifname),
                17 => return name(value).map(RuleAttribute::Oifname),
                _ => {}
            }
            let nla = NlaBuffer::new_checked(whole).ok()?;
            RuleAttribute::parse(&nla).ok()
        });
    for attr in attributes {
        match &attr {
            RuleAttribute::Destination(ip) => r.dst = Some(ip_address(*ip)),
            RuleAttribute::Source(ip) => r.src = Some(ip_address(*ip)),
            RuleAttribute::Iifname(n) => r.iifname = Some(n.clone()),
            RuleAttribute::Oifname(n) => r.oifname = Some(n.clone()),
            RuleAttribute::Goto(g) => r.goto = Some(*g),
            RuleAttribute::Priority(p) => r.priority = Some(*p),
            RuleAttribute::FwMark(m) => r.fwmark = Some(*m),
            RuleAttribute::FwMask(m) => r.fwmask = Some(*m),
            RuleAttribute::Realm(realm) => {
                r.realm = Some(((realm.source as u32) << 16) | realm.destination as u32)
            }
            RuleAttribute::TunId(t) => r.tun_id = Some(*t),
            RuleAttribute::SuppressIfGroup(g) => r.suppress_ifgroup = Some(*g),
            RuleAttribute::SuppressPrefixLen(l) => r.suppress_prefixlen = Some(*l),
            RuleAttribute::Table(t) => r.table = Some(*t),
            RuleAttribute::L3MDev(on) => r.l3mdev = Some(*on as u8),
            RuleAttribute::UidRange(u) => r.uid_range = Some((u.start, u.end)),
            RuleAttribute::Protocol(p) => r.protocol = Some(Protocol((*p).into())),
            RuleAttribute::IpProtocol(p) => r.ip_proto = Some(i32::from(*p) as u8),
            RuleAttribute::SourcePortRange(p) => r.sport = Some((p.start, p.end)),
            RuleAttribute::DestinationPortRange(p) => r.dport = Some((p.start, p.end)),
            _ => {}
        }
    }
    Ok(r)
}
