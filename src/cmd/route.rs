//! `ip route ...`: verb dispatch and `route show|list|lst`.

use super::{Context, finish, write_error};
use crate::cli::route::{self as grammar, RouteVerb};
use crate::error::{Error, Result};
use crate::model::route_filter::{FilterState, Masked, RouteFilter};
use crate::netlink::consts::*;
use crate::netlink::{LinkNames, decode};
use crate::render::route::{Hidden, RouteContext, render};
use crate::render::table::RouteTable;

pub fn run(cx: &Context, words: &[String]) -> Result<i32> {
    let Some(verb_word) = words.first() else {
        return list(cx, &[]);
    };
    match grammar::verb(verb_word)? {
        RouteVerb::List => list(cx, &words[1..]),
        RouteVerb::Get => super::route_get::get(cx, &words[1..]),
        RouteVerb::Flush => super::route_flush::flush(cx, &words[1..]),
        RouteVerb::Save => super::route_save::save(cx, &words[1..]),
        RouteVerb::Restore => super::route_save::restore(cx),
        RouteVerb::ShowDump => super::route_save::showdump(cx),
        RouteVerb::Help => Err(Error::new(crate::cli::help::route_usage(), 255)),
        verb => match super::route_modify::operation(verb) {
            Some(op) => super::route_modify::run(cx, op, &words[1..]),
            // Later issues implement the other verbs; until then they are refused
            // the way iproute2 refuses a verb it does not know.
            None => Err(Error::new(
                format!("Command \"{verb_word}\" is unknown, try \"ip route help\".\n"),
                255,
            )),
        },
    }
}

/// Which fields the listing hides because the filter pins them.
fn hidden_fields(f: &RouteFilter) -> Hidden {
    let host_bits = |p: &Option<crate::model::prefix::Prefix>| {
        p.as_ref()
            .is_some_and(|p| p.bits == p.family.host_bits() && p.bits != 0)
    };
    Hidden {
        table: f.table_id() != 0,
        protocol: f.protocol.is_exact(),
        scope: f.scope.is_exact(),
        tos: f.tos.is_exact(),
        oif: f.oif.is_exact(),
        iif: f.iif.is_exact(),
        metric: f.metric.is_exact(),
        realm: f.realm.is_exact(),
        gateway: host_bits(&f.via),
        prefsrc: host_bits(&f.prefsrc),
    }
}

/// The RTM_GETROUTE dump request: family, and the filters the kernel applies
/// itself under strict checking (table, protocol, output device, cached flag).
fn dump_request(f: &RouteFilter) -> Vec<u8> {
    let mut req = vec![0u8; 12];
    req[0] = f.family.af();
    if f.cloned {
        // rtm_flags = RTM_F_CLONED: ask for cached/exception routes only.
        req[8..12].copy_from_slice(&0x200u32.to_ne_bytes());
        return req;
    }
    if f.protocol.is_exact() {
        req[5] = f.protocol.value as u8;
    }
    let table = f.table_id();
    if table != 0 {
        push_u32_attr(&mut req, 15, table); // RTA_TABLE
    }
    if f.oif.is_exact() && f.oif.value != 0 {
        push_u32_attr(&mut req, 4, f.oif.value); // RTA_OIF
    }
    req
}

fn push_u32_attr(buf: &mut Vec<u8>, kind: u16, value: u32) {
    buf.extend_from_slice(&8u16.to_ne_bytes());
    buf.extend_from_slice(&kind.to_ne_bytes());
    buf.extend_from_slice(&value.to_ne_bytes());
}

fn resolve_device(links: &LinkNames, name: &str) -> Result<u32> {
    links.index(name).ok_or_else(|| Error::no_device(name))
}

pub fn list(cx: &Context, args: &[String]) -> Result<i32> {
    let request = grammar::parse_list(args, cx.opts.family, &cx.names)?;
    let mut filter = request.filter;
    let mut nl = cx.netlink()?;
    let links = LinkNames::load(&mut nl)?;
    if let Some(name) = &request.iif {
        filter.iif = Masked::exact(resolve_device(&links, name)?);
    }
    if let Some(name) = &request.oif {
        filter.oif = Masked::exact(resolve_device(&links, name)?);
    }
    let rcx = RouteContext {
        names: &cx.names,
        links: &links,
        details: cx.opts.details,
        stats: cx.opts.stats,
        hidden: hidden_fields(&filter),
    };
    let mut p = cx.printer();
    let mut table = cx.opts.table_view.then(RouteTable::new);
    if table.is_none() {
        p.begin_list().map_err(write_error)?;
    }
    let mut state = FilterState::default();
    let dumped = nl.dump(RTM_GETROUTE, &dump_request(&filter), &mut |msg| {
        if msg.kind != RTM_NEWROUTE && msg.kind != RTM_DELROUTE {
            return Ok(());
        }
        let route = decode::route(msg.payload)?;
        if filter.accepts(&route, &mut state) {
            match &mut table {
                Some(t) => t.add(&route, &cx.names, &links),
                None => render(&mut p, &route, &rcx).map_err(write_error)?,
            }
        }
        Ok(())
    });
    if let Err(e) = dumped {
        return Err(super::dump_failed(&mut p, e));
    }
    match table {
        Some(t) => p.raw(&t.render()).map_err(write_error)?,
        None => p.end_list().map_err(write_error)?,
    }
    finish(&mut p)
}
