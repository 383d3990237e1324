//! `ip route add|change|replace|prepend|append|test|delete`: parse the line into a
//! `RouteRequest`, send it, wait for the kernel's answer. Silent on success.

use super::Context;
use crate::cli::route::RouteVerb;
use crate::cli::route_modify::{self as grammar, Devices};
use crate::error::Result;
use crate::model::route_request::RouteOp;
use crate::netlink::route_request::vrf_table;
use crate::netlink::routes::send_route;
use crate::netlink::{LinkNames, Netlink};
use crate::render::route::{Hidden, RouteContext, render};
use std::cell::RefCell;
use std::sync::Arc;

/// Device lookups for the grammar: the link cache (read only when a line names
/// a device), and a link request per `vrf`.
struct SystemDevices<'a, 'n> {
    cx: &'a Context,
    nl: &'a RefCell<&'n mut Netlink>,
}

impl SystemDevices<'_, '_> {
    fn links(&self) -> Result<Arc<LinkNames>> {
        self.cx.links(&mut self.nl.borrow_mut())
    }
}

impl Devices for SystemDevices<'_, '_> {
    fn index(&self, name: &str) -> Option<u32> {
        self.links().ok()?.index(name)
    }

    fn vrf_table(&self, name: &str) -> Option<crate::model::kernel::TableId> {
        vrf_table(&mut self.nl.borrow_mut(), name)
    }
}

/// The modify operation a verb names, if it is one.
pub fn operation(verb: RouteVerb) -> Option<RouteOp> {
    Some(match verb {
        RouteVerb::Add => RouteOp::Add,
        RouteVerb::Change => RouteOp::Change,
        RouteVerb::Replace => RouteOp::Replace,
        RouteVerb::Prepend => RouteOp::Prepend,
        RouteVerb::Append => RouteOp::Append,
        RouteVerb::Test => RouteOp::Test,
        RouteVerb::Delete => RouteOp::Delete,
        _ => return None,
    })
}

pub fn run(cx: &Context, op: RouteOp, args: &[String]) -> Result<i32> {
    let mut conn = cx.conn()?;
    let nl = RefCell::new(&mut *conn);
    let devices = SystemDevices { cx, nl: &nl };
    let request = grammar::parse(op, args, cx.opts.family, &cx.names, &devices)?;
    // `-echo`: the kernel sends the change back before its ACK; print it as
    // `route show` would.
    let sent = send_route(&mut nl.borrow_mut(), &request, op, cx.opts.echo)?;
    let Some(route) = sent else {
        return Ok(0);
    };
    let links = devices.links()?;
    let rcx = RouteContext {
        names: &cx.names,
        links: &links,
        details: cx.opts.details,
        stats: cx.opts.stats,
        hidden: Hidden::default(),
        nexthops: Some(&cx.nexthops),
    };
    super::print_echo(cx, |p| render(p, &route, &rcx))
}
