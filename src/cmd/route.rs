//! `ip route ...`: verb dispatch and `route show|list|lst`.

use super::route_select::{hidden_fields, resolve_filter};
use super::{Context, finish, write_error};
use crate::cli::route::{self as grammar, RouteVerb};
use crate::error::{Error, Result};
use crate::model::route_filter::FilterState;
use crate::netlink::routes::dump_routes;
use crate::render::route::{RouteContext, render};
use crate::render::table::RouteTable;

pub fn run(cx: &Context, words: &[String]) -> Result<i32> {
    let Some(verb_word) = words.first() else {
        return list(cx, &[]);
    };
    // ipr's own verbs, matched only when spelled out so that every iproute2
    // abbreviation (`s` is show, `e`... is an error) keeps its meaning.
    let asks_help = words.get(1).is_some_and(|w| w == "help");
    match verb_word.as_str() {
        "explain" if asks_help => {
            return Err(Error::new(crate::cli::grammar::verbs::explain_help(), 255));
        }
        "sync" if asks_help => {
            return Err(Error::new(crate::cli::grammar::verbs::sync_help(), 255));
        }
        "explain" => return super::route_explain::run(cx, &words[1..]),
        "sync" => return super::route_sync::run(cx, &words[1..]),
        _ => {}
    }
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
            // Refused the way iproute2 refuses a verb it does not know.
            None => Err(Error::new(
                format!("Command \"{verb_word}\" is unknown, try \"ip route help\".\n"),
                255,
            )),
        },
    }
}

pub fn list(cx: &Context, args: &[String]) -> Result<i32> {
    let request = grammar::parse_list(args, cx.opts.family, &cx.names)?;
    let mut nl = cx.conn()?;
    let links = cx.links(&mut nl)?;
    let filter = resolve_filter(&request, &links)?;
    let rcx = RouteContext {
        names: &cx.names,
        links: &links,
        details: cx.opts.details,
        stats: cx.opts.stats,
        hidden: hidden_fields(&filter),
        nexthops: Some(&cx.nexthops),
    };
    let mut p = cx.printer();
    let mut table = cx.opts.table_view.then(RouteTable::new);
    if table.is_none() {
        p.begin_list().map_err(write_error)?;
    }
    let mut state = FilterState::default();
    let dumped = dump_routes(&mut nl, &filter, &mut |route, _| {
        if filter.accepts(route, &mut state) {
            match &mut table {
                Some(t) => t.add(route, &cx.names, &links).map_err(write_error)?,
                None => render(&mut p, route, &rcx).map_err(write_error)?,
            }
        }
        Ok(())
    });
    if let Err(e) = dumped {
        return Err(super::dump_failed(&mut p, e, 2));
    }
    match table {
        Some(t) => t.finish().map_err(write_error)?,
        None => p.end_list().map_err(write_error)?,
    }
    finish(&mut p)
}
