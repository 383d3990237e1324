//! `ip route get`: one route lookup, its answer printed as a route record.

use super::{Context, finish, write_error};
use crate::cli::route_get::{RouteGetRequest, parse_get};
use crate::error::{Error, Result};
use crate::model::route::RouteView;
use crate::netlink::routes::{Answer, RouteGet, get_route, not_a_route};
use crate::netlink::{LinkNames, Netlink, vrf};
use crate::render::Printer;
use crate::render::route::{Hidden, RouteContext, render};
use std::io::Write;

pub fn get(cx: &Context, args: &[String]) -> Result<i32> {
    let mut nl = cx.conn()?;
    let req = parse_lookup(cx, &mut nl, args)?;
    let (mut iif, mut oif) = (None, None);
    if req.iif.is_some() || req.oif.is_some() {
        let links = cx.links(&mut nl)?;
        iif = resolve(&links, &req.iif)?;
        oif = resolve(&links, &req.oif)?;
    }
    let lookup = RouteGet {
        request: &req,
        iif,
        oif,
    };
    let answer = ask(&mut nl, &lookup)?;
    let links = cx.links_knowing(&mut nl, &devices_of(&answer))?;
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
    let why = match &answer {
        Answer::Route {
            route,
            removal: false,
        } if route.prefsrc.is_some() || route.src.is_some() => None,
        Answer::Route { removal: false, .. } => Some("Failed to connect the route\n"),
        _ => Some("Not a route?\n"),
    };
    if let Some(why) = why {
        // iproute2 exits here without closing its JSON list.
        finish(&mut p)?;
        return Err(Error::failed(why, 1));
    }
    p.end_list().map_err(write_error)?;
    finish(&mut p)?;
    let again = ask(&mut nl, &lookup)?;
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

fn ask(nl: &mut Netlink, lookup: &RouteGet) -> Result<Answer> {
    get_route(nl, lookup)?.ok_or_else(|| Error::failed("RTNETLINK answers: no reply\n", 2))
}

fn print_answer<W: Write>(p: &mut Printer<W>, answer: &Answer, rcx: &RouteContext) -> Result<()> {
    match answer {
        Answer::Route { route, .. } => render(p, route, rcx).map_err(write_error),
        Answer::Other { length, kind } => {
            not_a_route(*length, *kind, 0);
            Ok(())
        }
    }
}

/// The interface indexes an answer names (its output and input devices, and
/// those of its multipath hops).
fn devices_of(answer: &Answer) -> Vec<u32> {
    let Answer::Route { route, .. } = answer else {
        return Vec::new();
    };
    let route: &RouteView = route;
    let mut indexes = Vec::new();
    indexes.extend(route.oif);
    indexes.extend(route.iif);
    for hop in route.multipath.iter().flatten() {
        indexes.push(hop.ifindex);
    }
    indexes
}
