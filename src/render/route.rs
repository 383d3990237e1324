//! One route -> iproute2's `ip route` line (or JSON object). Field order, labels,
//! trailing spaces and JSON keys follow iproute2 6.1 exactly; numbers we cannot name
//! are printed as numbers.

use super::encap::{self, EncapContext};
use super::out::{Color, Printer};
use super::route_state::{cache_flags, cache_info, route_metrics};
use crate::model::Family;
use crate::model::kernel::route_type;
use crate::model::nexthop::NexthopSource;
use crate::model::route::{Address, NextHopView, RouteView, Via};
use crate::names::Names;
use crate::netlink::LinkNames;
use std::io::{self, Write};

/// Fields a listing leaves out because its selector already fixes them.
#[derive(Debug, Default, Clone, Copy)]
pub struct Hidden {
    pub table: bool,
    pub protocol: bool,
    pub scope: bool,
    pub tos: bool,
    pub oif: bool,
    pub iif: bool,
    pub metric: bool,
    pub realm: bool,
    pub gateway: bool,
    pub prefsrc: bool,
}

/// What rendering needs besides the route.
pub struct RouteContext<'a> {
    pub names: &'a Names,
    pub links: &'a LinkNames,
    pub details: u32,
    pub stats: u32,
    pub hidden: Hidden,
    /// Where `-d` finds the nexthop object a route names (RTA_NH_ID) for its
    /// `nh_info` line; None where iproute2 prints no nh_info.
    pub nexthops: Option<&'a dyn NexthopSource>,
}

impl RouteContext<'_> {
    pub(super) fn encap(&self) -> EncapContext<'_> {
        EncapContext {
            names: self.names,
            links: self.links,
            stats: self.stats,
        }
    }
}

use crate::model::kernel::route_type::{MULTICAST as RTN_MULTICAST, UNICAST as RTN_UNICAST};
use crate::model::kernel::table::MAIN as RT_TABLE_MAIN;
use crate::model::kernel::{Protocol, RouteType, Scope, TableId};

/// The name of a route type (`rtnl_rtntype_n2a`); a number under `-N`.
pub fn route_type_name(kind: RouteType, numeric: bool) -> String {
    if numeric {
        return kind.to_string();
    }
    match route_type::name(kind) {
        Some(name) => name.to_string(),
        None => kind.to_string(),
    }
}

/// A family's name as iproute2 prints it after `via`.
fn family_name(af: u8) -> String {
    Family::from_af(af).name().to_string()
}

/// `addr/len`, or the bare address for a host route.
fn prefix_text(addr: &Address, len: u8, host_len: u8) -> String {
    let mut text = addr.text();
    if len != host_len {
        text.push('/');
        text.push_str(itoa_u8(len));
    }
    text
}

/// Decimal text of a byte, from a table (prefix lengths are in every line).
fn itoa_u8(v: u8) -> &'static str {
    static TABLE: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    &TABLE.get_or_init(|| (0..=255u16).map(|n| n.to_string()).collect())[v as usize]
}

/// `Deleted ` (JSON `"deleted":true`) first in the record of a deletion.
pub fn deleted_mark<W: Write>(p: &mut Printer<W>, deleted: bool) -> io::Result<()> {
    if deleted {
        p.json_raw("deleted", "true")?;
        p.text("Deleted ")?;
    }
    Ok(())
}

/// Writes one route record.
pub fn render<W: Write>(p: &mut Printer<W>, r: &RouteView, cx: &RouteContext) -> io::Result<()> {
    p.begin_record()?;
    deleted_mark(p, r.deleted)?;

    if r.kind != RTN_UNICAST || cx.details > 0 {
        p.field("type", "", &route_type_name(r.kind, cx.names.numeric))?;
    }

    prefixes(p, r, cx)?;
    forwarding(p, r, cx)?;
    route_fields(p, r, cx)?;
    kernel_state(p, r, cx)?;
    p.end_record()
}

/// The destination and source prefixes.
fn prefixes<W: Write>(p: &mut Printer<W>, r: &RouteView, cx: &RouteContext) -> io::Result<()> {
    let host_len = r.host_len();
    let address_color = Color::for_family(r.family.af());
    match &r.dst {
        Some(dst) if r.dst_len == host_len => {
            p.field_colored("dst", "", &cx.names.host(dst), address_color)?
        }
        Some(dst) => p.field_colored(
            "dst",
            "",
            &prefix_text(dst, r.dst_len, host_len),
            address_color,
        )?,
        // No destination attribute but a length: iproute2 prints "0/N " with the
        // space inside the value.
        None if r.dst_len != 0 => p.field("dst", "", &format!("0/{} ", r.dst_len))?,
        None => p.field("dst", "", "default")?,
    }
    match &r.src {
        Some(src) if r.src_len == host_len => {
            p.field_colored("from", "from ", &cx.names.host(src), address_color)?
        }
        Some(src) => p.field_colored(
            "from",
            "from ",
            &prefix_text(src, r.src_len, host_len),
            address_color,
        )?,
        None if r.src_len != 0 => p.field("src", "from ", &format!("0/{}", r.src_len))?,
        None => {}
    }
    Ok(())
}

/// Where the route sends packets: nexthop object, rewrite, encapsulation, tos,
/// gateway, device.
fn forwarding<W: Write>(p: &mut Printer<W>, r: &RouteView, cx: &RouteContext) -> io::Result<()> {
    if let Some(nhid) = r.nhid {
        p.field_uint("nhid", "nhid ", nhid as u64)?;
    }
    if let Some(newdst) = &r.newdst {
        p.field("to", "as to ", &newdst.to_string())?;
    }
    if let Some(e) = &r.encap {
        encap::render(p, e, &cx.encap())?;
    }
    if r.tos != 0 && !cx.hidden.tos {
        p.field("tos", "tos ", &cx.names.dsfield_name(r.tos))?;
    }
    if let Some(gw) = &r.gateway
        && !cx.hidden.gateway
    {
        gateway(p, r.family.af(), gw, cx)?;
    }
    if let Some(v) = &r.via {
        via(p, v, cx)?;
    }
    if let Some(oif) = r.oif
        && !cx.hidden.oif
    {
        device(p, "dev", &cx.links.name(oif))?;
    }
    Ok(())
}

/// Table, protocol, scope, source, metric, flags, mark, realms and uid.
fn route_fields<W: Write>(p: &mut Printer<W>, r: &RouteView, cx: &RouteContext) -> io::Result<()> {
    if r.table != TableId::default()
        && (r.table != RT_TABLE_MAIN || cx.details > 0)
        && !cx.hidden.table
    {
        p.field("table", "table ", &cx.names.table_name(r.table))?;
    }
    if !r.is_cloned() {
        if (r.protocol != Protocol::BOOT || cx.details > 0) && !cx.hidden.protocol {
            p.field("protocol", "proto ", &cx.names.proto_name(r.protocol))?;
        }
        if (r.scope != Scope::UNIVERSE || cx.details > 0) && !cx.hidden.scope {
            p.field("scope", "scope ", &cx.names.scope_name(r.scope))?;
        }
    }
    if let Some(src) = &r.prefsrc
        && !cx.hidden.prefsrc
    {
        let text = src.text();
        p.json_string("prefsrc", &text)?;
        p.text("src ")?;
        colored_value(p, Color::for_family(r.family.af()), &text)?;
    }
    if let Some(metric) = r.metric
        && !cx.hidden.metric
    {
        p.field_uint("metric", "metric ", metric as u64)?;
    }
    flags(p, r.flags)?;
    if r.mark != 0 {
        p.json_raw("mark", &r.mark.to_string())?;
        // iproute2 prints small marks in decimal.
        if r.mark >= 16 {
            p.text(&format!("mark 0x{:x} ", r.mark))?;
        } else {
            p.text(&format!("mark {} ", r.mark))?;
        }
    }
    if let Some(realm) = r.realm
        && !cx.hidden.realm
    {
        realms(p, cx, realm)?;
    }
    if let Some(uid) = r.uid {
        p.field_uint("uid", "uid ", uid as u64)?;
    }
    Ok(())
}

/// Cache state, metrics, input device, preference, TTL propagation, the
/// nexthop object's details and the multipath legs.
fn kernel_state<W: Write>(p: &mut Printer<W>, r: &RouteView, cx: &RouteContext) -> io::Result<()> {
    if r.family == Family::Inet && r.is_cloned() {
        cache_flags(p, r.flags)?;
    }
    if let Some(ci) = &r.cache_info
        && (r.family == Family::Inet || r.family == Family::Inet6)
    {
        cache_info(p, ci, cx.stats)?;
    }
    if let Some(metrics) = &r.metrics {
        route_metrics(p, metrics, r.metrics_lock)?;
    }
    if let Some(iif) = r.iif
        && !cx.hidden.iif
    {
        device(p, "iif", &cx.links.name(iif))?;
    }
    if let Some(pref) = r.pref {
        match pref {
            3 => p.field_nospace("pref", "pref ", "low")?,
            0 => p.field_nospace("pref", "pref ", "medium")?,
            1 => p.field_nospace("pref", "pref ", "high")?,
            other => {
                p.json_raw("pref", &other.to_string())?;
                p.text(&other.to_string())?;
            }
        }
    }
    if let Some(ttl) = r.ttl_propagate {
        let state = if ttl != 0 { "enabled" } else { "disabled" };
        p.field_nospace("ttl-propagate", "ttl-propagate ", state)?;
    }
    // Between the route's fields and its legs, as iproute2 places it.
    if cx.details > 0
        && let Some(id) = r.nhid
        && let Some(source) = cx.nexthops
        && let Some(nh) = source.nexthop(id)
    {
        super::nexthop::nh_info(p, &nh, cx)?;
    }
    if let Some(hops) = &r.multipath {
        multipath(p, r, hops, cx)?;
    }
    Ok(())
}

fn gateway<W: Write>(
    p: &mut Printer<W>,
    family: u8,
    gw: &Address,
    cx: &RouteContext,
) -> io::Result<()> {
    let text = cx.names.host(gw);
    p.json_string("gateway", &text)?;
    p.text("via ")?;
    colored_value(p, Color::for_family(family), &text)
}

/// `value ` in colour when colours are on, else written plainly.
pub(super) fn colored_value<W: Write>(
    p: &mut Printer<W>,
    color: Color,
    value: &str,
) -> io::Result<()> {
    if p.colors() {
        p.text_colored(color, &format!("{value} "))
    } else {
        p.text_parts(&[value, " "])
    }
}

fn via<W: Write>(p: &mut Printer<W>, v: &Via, cx: &RouteContext) -> io::Result<()> {
    let host = cx.names.host(&v.address);
    if p.is_json() {
        p.open_object(Some("via"))?;
        p.json_string("family", &family_name(v.family))?;
        p.json_string("host", &host)?;
        p.close_object()
    } else {
        p.text(&format!("via {} ", family_name(v.family)))?;
        colored_value(p, Color::for_family(v.family), &host)
    }
}

pub(super) fn device<W: Write>(p: &mut Printer<W>, key: &str, name: &str) -> io::Result<()> {
    p.json_string(key, name)?;
    p.text_parts(&[key, " "])?;
    colored_value(p, Color::Ifname, name)
}

/// Route and next-hop flag words, in iproute2's order.
pub(super) const FLAG_NAMES: &[(u32, &str)] = &[
    (0x1, "dead"),
    (0x4, "onlink"),
    (0x2, "pervasive"),
    (0x8, "offload"),
    (0x40, "trap"),
    (0x100, "notify"),
    (0x10, "linkdown"),
    (0x20, "unresolved"),
    (0x4000, "rt_offload"),
    (0x8000, "rt_trap"),
    (0x2000_0000, "rt_offload_failed"),
];

/// Route and next-hop flags, in iproute2's order; a JSON array of words.
pub(super) fn flags<W: Write>(p: &mut Printer<W>, flags: u32) -> io::Result<()> {
    p.open_array(Some("flags"))?;
    for &(bit, name) in FLAG_NAMES {
        if flags & bit != 0 {
            p.json_element(name)?;
            p.text(&format!("{name} "))?;
        }
    }
    p.close_array()
}

/// `realm TO` or `realms FROM/TO`; JSON `"flow":{"from":..,"to":..}`.
fn realms<W: Write>(p: &mut Printer<W>, cx: &RouteContext, value: u32) -> io::Result<()> {
    let from = value >> 16;
    let to = value & 0xffff;
    if p.is_json() {
        p.open_object(Some("flow"))?;
        if from != 0 {
            p.json_string("from", &cx.names.realm_name(from))?;
        }
        p.json_string("to", &cx.names.realm_name(to))?;
        p.close_object()
    } else {
        p.text(if from != 0 { "realms " } else { "realm " })?;
        if from != 0 {
            p.text(&format!("{}/", cx.names.realm_name(from)))?;
        }
        p.text(&format!("{} ", cx.names.realm_name(to)))
    }
}

fn multipath<W: Write>(
    p: &mut Printer<W>,
    r: &RouteView,
    hops: &[NextHopView],
    cx: &RouteContext,
) -> io::Result<()> {
    let cached_multicast = r.is_cloned() && r.kind == RTN_MULTICAST;
    let line_break = if p.oneline() { "\\" } else { "\n" };
    p.open_array(Some("nexthops"))?;
    for (i, nh) in hops.iter().enumerate() {
        p.open_object(None)?;
        if cached_multicast {
            if i == 0 {
                p.text("Oifs: ")?;
            }
        } else {
            p.text(&format!("{line_break}\tnexthop "))?;
        }
        if let Some(e) = &nh.encap {
            encap::render(p, e, &cx.encap())?;
        }
        if let Some(newdst) = &nh.newdst {
            p.field("to", "as to ", &newdst.to_string())?;
        }
        if let Some(gw) = &nh.gateway {
            gateway(p, r.family.af(), gw, cx)?;
        }
        if let Some(v) = &nh.via {
            via(p, v, cx)?;
        }
        if let Some(realm) = nh.realm {
            realms(p, cx, realm)?;
        }
        if cached_multicast {
            p.field_nospace("dev", "", &cx.links.name(nh.ifindex))?;
            if nh.hops != 1 {
                p.json_raw("ttl", &nh.hops.to_string())?;
                p.text(&format!("(ttl>{})", nh.hops))?;
            }
            p.text(" ")?;
        } else {
            // Unlike the route's own device, a next hop's device is not coloured.
            p.field("dev", "dev ", &cx.links.name(nh.ifindex))?;
            if r.family != Family::Mpls {
                p.field_uint("weight", "weight ", nh.hops as u64 + 1)?;
            }
        }
        flags(p, nh.flags as u32)?;
        p.close_object()?;
    }
    p.close_array()
}
