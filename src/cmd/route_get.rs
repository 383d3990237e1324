//! `ip route get`: one RTM_GETROUTE lookup, its answer printed as a route record.

use super::{Context, finish, write_error};
use crate::cli::route_get::{RouteGetRequest, parse_get};
use crate::error::{Error, Result};
use crate::model::Family;
use crate::model::prefix::Prefix;
use crate::netlink::attrs::{Payload, attributes};
use crate::netlink::consts::*;
use crate::netlink::{LinkNames, Netlink, decode, vrf};
use crate::render::Printer;
use crate::render::route::{Hidden, RouteContext, render};
use std::io::Write;

const RTM_F_NOTIFY: u32 = 0x100;
const RTM_F_LOOKUP_TABLE: u32 = 0x1000;
const RTM_F_FIB_MATCH: u32 = 0x2000;

pub fn get(cx: &Context, args: &[String]) -> Result<i32> {
    let mut nl = cx.conn()?;
    let req = parse_lookup(cx, &mut nl, args)?;
    let (mut iif, mut oif) = (None, None);
    if req.iif.is_some() || req.oif.is_some() {
        let links = cx.links(&mut nl)?;
        iif = resolve(&links, &req.iif)?;
        oif = resolve(&links, &req.oif)?;
    }
    let payload = request_payload(&req, iif, oif);

    let answer = lookup(&mut nl, &payload)?;
    let links = cx.links_knowing(&mut nl, &devices_of(&answer.1))?;
    let rcx = RouteContext {
        names: &cx.names,
        links: &links,
        details: cx.opts.details,
        stats: cx.opts.stats,
        hidden: Hidden::default(),
        nexthops: Some(&cx.nexthops),
    };
    let mut p = cx.printer();
    p.begin_list().map_err(write_error)?;
    print_answer(&mut p, &answer, &rcx)?;
    if !req.connected || req.from_given {
        p.end_list().map_err(write_error)?;
        return finish(&mut p);
    }
    // `connected`: iproute2 checks that the answer has a source to connect from,
    // then sends its original request again and prints the second answer too,
    // always as text (its JSON object is already closed by then).
    let (kind, route) = &answer;
    if *kind != RTM_NEWROUTE || !has_source(route) {
        // iproute2 exits here without closing its JSON list.
        finish(&mut p)?;
        let why = if *kind != RTM_NEWROUTE {
            "Not a route?\n"
        } else {
            "Failed to connect the route\n"
        };
        return Err(Error::failed(why, 1));
    }
    p.end_list().map_err(write_error)?;
    finish(&mut p)?;
    let again = lookup(&mut nl, &payload)?;
    let mut text = cx.text_printer();
    print_answer(&mut text, &again, &rcx)?;
    finish(&mut text)
}

/// Parses a lookup (asking the kernel whether a `vrf` name is a VRF), prints
/// iproute2's parse warnings, and insists on a destination.
pub fn parse_lookup(cx: &Context, nl: &mut Netlink, args: &[String]) -> Result<RouteGetRequest> {
    let req = parse_get(args, cx.opts.family, &cx.names, &mut |name| {
        vrf::is_vrf(nl, name)
    })?;
    crate::lossless::eprint(&req.warnings);
    if !req.address_found {
        return Err(Error::failed("need at least a destination address\n", 1));
    }
    Ok(req)
}

fn resolve(links: &LinkNames, name: &Option<String>) -> Result<Option<u32>> {
    match name {
        None => Ok(None),
        Some(n) => links.index(n).map(Some).ok_or_else(|| Error::no_device(n)),
    }
}

fn lookup(nl: &mut Netlink, payload: &[u8]) -> Result<(u16, Vec<u8>)> {
    nl.request_reply(RTM_GETROUTE, 0, payload)?
        .ok_or_else(|| Error::failed("RTNETLINK answers: no reply\n", 2))
}

fn print_answer<W: Write>(
    p: &mut Printer<W>,
    (kind, payload): &(u16, Vec<u8>),
    rcx: &RouteContext,
) -> Result<()> {
    if *kind != RTM_NEWROUTE && *kind != RTM_DELROUTE {
        crate::lossless::eprint(&format!(
            "Not a route: {:08x} {:08x} {:08x}\n",
            payload.len() + 16,
            kind,
            0
        ));
        return Ok(());
    }
    let route = decode::route(payload)?;
    render(p, &route, rcx).map_err(write_error)
}

/// The interface indexes an answer names (RTA_OIF, RTA_IIF, multipath hops).
fn devices_of(payload: &[u8]) -> Vec<u32> {
    let mut indexes = Vec::new();
    let u32_at = |b: &[u8], at: usize| {
        b.get(at..at + 4)
            .map(|v| u32::from_ne_bytes(v.try_into().unwrap()))
    };
    for (kind, value) in attributes(payload.get(12..).unwrap_or(&[])) {
        match kind {
            RTA_OIF | RTA_IIF => indexes.extend(u32_at(value, 0)),
            RTA_MULTIPATH => {
                // struct rtnexthop: len (u16), flags, hops, ifindex (i32).
                let mut rest = value;
                while let Some(len) = rest
                    .get(0..2)
                    .map(|b| u16::from_ne_bytes([b[0], b[1]]) as usize)
                {
                    indexes.extend(u32_at(rest, 4));
                    if len < 8 {
                        break;
                    }
                    rest = rest.get((len + 3) & !3..).unwrap_or(&[]);
                }
            }
            _ => {}
        }
    }
    indexes
}

/// Whether an answer carries RTA_PREFSRC or RTA_SRC.
fn has_source(payload: &[u8]) -> bool {
    attributes(payload.get(12..).unwrap_or(&[]))
        .any(|(kind, _)| kind == RTA_PREFSRC || kind == RTA_SRC)
}

fn address_bytes(p: &Prefix) -> &[u8] {
    match p.family {
        Family::Inet6 => &p.bytes[..16],
        _ => &p.bytes[..4],
    }
}

/// struct rtmsg plus attributes, as iproute2 builds the lookup (also the question
/// `route explain` asks the kernel).
pub fn request_payload(req: &RouteGetRequest, iif: Option<u32>, oif: Option<u32>) -> Vec<u8> {
    let family = req.wire_family();
    let mut flags = 0u32;
    if req.notify {
        flags |= RTM_F_NOTIFY;
    }
    // Only IPv4 supports RTM_F_LOOKUP_TABLE.
    if family == Family::Inet {
        flags |= RTM_F_LOOKUP_TABLE;
    }
    if req.fibmatch {
        flags |= RTM_F_FIB_MATCH;
    }
    let mut header = vec![family.af(), req.dst_len, req.src_len, req.tos, 0, 0, 0, 0];
    header.extend_from_slice(&flags.to_ne_bytes());
    let mut p = Payload::with_header(&header);
    if let Some(src) = &req.src {
        p.attr(RTA_SRC, address_bytes(src));
    }
    if let Some(uid) = req.uid {
        p.u32(RTA_UID, uid);
    }
    if let Some(newdst) = &req.newdst
        && newdst.family != Family::Unspec
    {
        p.attr(RTA_NEWDST, address_bytes(newdst));
    }
    if let Some(port) = req.sport {
        p.attr(RTA_SPORT, &port.to_be_bytes());
    }
    if let Some(port) = req.dport {
        p.attr(RTA_DPORT, &port.to_be_bytes());
    }
    if let Some(proto) = req.ipproto {
        p.u8(RTA_IP_PROTO, proto);
    }
    if let Some(dst) = &req.dst {
        p.attr(RTA_DST, address_bytes(dst));
    }
    if let Some(i) = iif {
        p.u32(RTA_IIF, i);
    }
    if let Some(o) = oif {
        p.u32(RTA_OIF, o);
    }
    if req.mark != 0 {
        p.u32(RTA_MARK, req.mark);
    }
    p.bytes
}
