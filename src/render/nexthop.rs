//! The `nh_info` part of a `-d` route listing: the nexthop object a route points
//! at (RTA_NH_ID), printed after the route's own fields and before its `nexthop`
//! legs. Field order, labels and JSON keys follow iproute2 6.1.

use super::encap;
use super::out::{Color, Printer};
use super::route::{RouteContext, colored_value, device, flags};
use crate::model::nexthop::{NexthopView, ResilientGroup};
use std::io::{self, Write};

const NHA_GROUP_TYPE_RES: u16 = 1;
use crate::model::kernel::USER_HZ;

/// Writes `\n\tnh_info ...` (text) or `"nh_info":{...}` (JSON). The line break is
/// a real one even under `-o`: iproute2 prints it as part of a fixed prefix rather
/// than as a record separator.
pub fn nh_info<W: Write>(
    p: &mut Printer<W>,
    nh: &NexthopView,
    cx: &RouteContext,
) -> io::Result<()> {
    p.text("\n\tnh_info ")?;
    p.open_object(Some("nh_info"))?;
    p.field_uint("id", "id ", nh.id as u64)?;
    if !nh.group.is_empty() {
        group(p, nh)?;
    }
    if let Some(e) = &nh.encap {
        encap::render(p, e, &cx.encap())?;
    }
    if let Some(gw) = &nh.gateway {
        // The nexthop's own family decides the colour (an IPv4 route may use an
        // IPv6 nexthop), and no family word is printed before it.
        let text = cx.names.host(gw);
        p.json_string("gateway", &text)?;
        p.text("via ")?;
        colored_value(p, Color::for_family(nh.family), &text)?;
    }
    if let Some(oif) = nh.oif {
        device(p, "dev", &cx.links.name(oif))?;
    }
    p.field("scope", "scope ", &cx.names.scope_name(nh.scope))?;
    if nh.blackhole {
        p.json_raw("blackhole", "null")?;
        p.text("blackhole ")?;
    }
    p.field("protocol", "proto ", &cx.names.proto_name(nh.protocol))?;
    flags(p, nh.flags)?;
    if nh.fdb {
        // No trailing space, as in iproute2.
        p.json_raw("fdb", "null")?;
        p.text("fdb")?;
    }
    p.close_object()
}

/// `group ID[,WEIGHT]/...` (weights of 1 left out), then the group type when it
/// is not plain multipath.
fn group<W: Write>(p: &mut Printer<W>, nh: &NexthopView) -> io::Result<()> {
    p.text("group ")?;
    p.open_array(Some("group"))?;
    for (i, member) in nh.group.iter().enumerate() {
        p.open_object(None)?;
        if i > 0 {
            p.text("/")?;
        }
        p.json_raw("id", &member.id.to_string())?;
        p.text(&member.id.to_string())?;
        // The kernel keeps weight - 1.
        let weight = member.weight as u32 + 1;
        if weight != 1 {
            p.json_raw("weight", &weight.to_string())?;
            p.text(&format!(",{weight}"))?;
        }
        p.close_object()?;
    }
    p.close_array()?;
    p.text(" ")?;
    match nh.group_type {
        None | Some(0) => Ok(()),
        Some(NHA_GROUP_TYPE_RES) => {
            p.field("type", "type ", "resilient")?;
            match &nh.resilient {
                Some(r) => resilient(p, r),
                None => Ok(()),
            }
        }
        Some(other) => p.field("type", "type ", &other.to_string()),
    }
}

fn resilient<W: Write>(p: &mut Printer<W>, r: &ResilientGroup) -> io::Result<()> {
    p.open_object(Some("resilient_args"))?;
    p.field_uint("buckets", "buckets ", r.buckets as u64)?;
    p.field_uint("idle_timer", "idle_timer ", r.idle_timer as u64 / USER_HZ)?;
    p.field_uint(
        "unbalanced_timer",
        "unbalanced_timer ",
        r.unbalanced_timer as u64 / USER_HZ,
    )?;
    p.field_uint(
        "unbalanced_time",
        "unbalanced_time ",
        r.unbalanced_time / USER_HZ,
    )?;
    p.close_object()
}
