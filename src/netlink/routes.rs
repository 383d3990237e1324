//! Routes on the wire, behind typed calls: the filtered dump `route show`,
//! `save` and `flush` read, the whole-table dump `route explain` walks, the
//! `route get` lookup, and a route change with its optional echo.

use super::attrs::Payload;
use super::batch::Batch;
use super::consts::*;
use super::header::RtHeader;
use super::route_request::{encode, message};
use super::{Message, Netlink, decode};
use crate::error::Result;
use crate::model::Family;
use crate::model::kernel::{Protocol, route_flags, table};
use crate::model::prefix::Prefix;
use crate::model::route::RouteView;
use crate::model::route_filter::RouteFilter;
use crate::model::route_get::RouteGetRequest;
use crate::model::route_request::{RouteOp, RouteRequest};

/// Whether a message type carries a route (a dump answers with additions; a
/// lookup or an echo may answer with either).
pub fn is_route_message(kind: u16) -> bool {
    kind == RTM_NEWROUTE || kind == RTM_DELROUTE
}

/// iproute2's complaint about a message that is not a route, on stderr.
pub fn not_a_route(length: usize, kind: u16, flags: u16) {
    crate::lossless::eprint(&format!(
        "Not a route: {length:08x} {kind:08x} {flags:08x}\n"
    ));
}

/// The dump request: family, and the filters the kernel applies itself under
/// strict checking (table, protocol, output device, cached flag).
fn dump_request(f: &RouteFilter) -> Vec<u8> {
    let mut header = RtHeader::family(f.family.af());
    let table = f.table_id();
    if f.cloned {
        // The cache dump names the table too (IPv6 refuses one that does not
        // exist, as it refuses ip's request), but nothing else.
        header.flags = route_flags::CLONED;
        let mut req = header.payload();
        if table != table::UNSPEC {
            req.u32(RTA_TABLE, table.0);
        }
        return req.bytes;
    }
    if f.protocol.is_exact() {
        header.protocol = f.protocol.value as u8;
    }
    let mut req = header.payload();
    if table != table::UNSPEC {
        req.u32(RTA_TABLE, table.0);
    }
    if f.oif.is_exact() && f.oif.value != 0 {
        req.u32(RTA_OIF, f.oif.value);
    }
    req.bytes
}

/// Hands every dumped route to `each`, with the message it came in (to save or
/// delete it as the kernel sent it).
fn each_route<'f>(
    each: &'f mut dyn FnMut(&RouteView, &Message) -> Result<()>,
) -> impl FnMut(&Message) -> Result<()> + 'f {
    move |msg| {
        if !is_route_message(msg.kind) {
            return Ok(());
        }
        each(&decode::route(msg.payload)?, msg)
    }
}

/// The route dump of `route show` and `route save`. In a namespace whose main
/// table does not exist yet (fresh from `ip netns add`, `lo` still down), the
/// kernel ends a dump of it with ENOENT ("FIB table does not exist"); iproute2
/// lists or saves nothing then and succeeds, while every other table, and
/// `route flush` of any table, still fail. So does this.
pub fn dump_routes(
    nl: &mut Netlink,
    filter: &RouteFilter,
    each: &mut dyn FnMut(&RouteView, &Message) -> Result<()>,
) -> Result<()> {
    let quiet = (filter.table_id() == table::MAIN).then_some(libc::ENOENT);
    nl.dump_tolerating(
        RTM_GETROUTE,
        &dump_request(filter),
        quiet,
        &mut each_route(each),
    )
}

/// The route dump of `route flush`: a missing table is an error.
pub fn dump_routes_strictly(
    nl: &mut Netlink,
    filter: &RouteFilter,
    each: &mut dyn FnMut(&RouteView, &Message) -> Result<()>,
) -> Result<()> {
    nl.dump(RTM_GETROUTE, &dump_request(filter), &mut each_route(each))
}

/// Queues the deletion of a dumped route, named by the kernel's own copy of it.
pub fn delete_dumped(batch: &mut Batch, dumped: &Message) -> Result<u32> {
    batch.push(RTM_DELROUTE, 0, dumped.payload)
}

/// The routes of protocol `proto` in `family` (0 for every family): the kernel
/// filters by protocol itself under strict checking.
pub fn dump_proto_routes(
    nl: &mut Netlink,
    family: u8,
    proto: Protocol,
    each: &mut dyn FnMut(&RouteView, &Message) -> Result<()>,
) -> Result<()> {
    let request = RtHeader {
        family,
        protocol: proto.0,
        ..RtHeader::default()
    };
    nl.dump(RTM_GETROUTE, &request.bytes(), &mut |msg| {
        if msg.kind != RTM_NEWROUTE {
            return Ok(());
        }
        each(&decode::route(msg.payload)?, msg)
    })
}

/// Every route of every table of `family` (cached clones excluded).
pub fn all_routes(nl: &mut Netlink, family: u8) -> Result<Vec<RouteView>> {
    let mut routes = Vec::new();
    let request = RtHeader::family(family).bytes();
    nl.dump(RTM_GETROUTE, &request, &mut |msg| {
        if msg.kind == RTM_NEWROUTE {
            let r = decode::route(msg.payload)?;
            if !r.is_cloned() {
                routes.push(r);
            }
        }
        Ok(())
    })?;
    Ok(routes)
}

/// A `route get` lookup: the parsed words, with devices already turned into
/// indexes.
pub struct RouteGet<'a> {
    pub request: &'a RouteGetRequest,
    pub iif: Option<u32>,
    pub oif: Option<u32>,
}

/// The kernel's answer to a lookup.
pub enum Answer {
    /// A route; `removal` when the kernel sent it as a deletion.
    Route {
        route: Box<RouteView>,
        removal: bool,
    },
    /// Some other message, with its total length, type and flags.
    Other { length: usize, kind: u16 },
}

/// Asks the kernel a lookup; None when it only acknowledged it.
pub fn get_route(nl: &mut Netlink, get: &RouteGet) -> Result<Option<Answer>> {
    let Some((kind, payload)) = nl.request_reply(RTM_GETROUTE, 0, &lookup_request(get))? else {
        return Ok(None);
    };
    if !is_route_message(kind) {
        return Ok(Some(Answer::Other {
            length: payload.len() + NLMSG_HDRLEN,
            kind,
        }));
    }
    Ok(Some(Answer::Route {
        route: Box::new(decode::route(&payload)?),
        removal: kind == RTM_DELROUTE,
    }))
}

fn address_bytes(p: &Prefix) -> &[u8] {
    match p.family {
        Family::Inet6 => &p.bytes[..16],
        _ => &p.bytes[..4],
    }
}

/// The lookup as iproute2 builds it (also the question `route explain` asks).
fn lookup_request(get: &RouteGet) -> Vec<u8> {
    let req = get.request;
    let family = req.wire_family();
    let mut flags = 0u32;
    if req.notify {
        flags |= route_flags::NOTIFY;
    }
    // Only IPv4 supports looking up in the table the rules pick.
    if family == Family::Inet {
        flags |= route_flags::LOOKUP_TABLE;
    }
    if req.fibmatch {
        flags |= route_flags::FIB_MATCH;
    }
    let header = RtHeader {
        family: family.af(),
        dst_len: req.dst_len,
        src_len: req.src_len,
        tos: req.tos,
        flags,
        ..RtHeader::default()
    };
    let mut p = header.payload();
    lookup_attributes(&mut p, get);
    p.bytes
}

fn lookup_attributes(p: &mut Payload, get: &RouteGet) {
    let req = get.request;
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
    if let Some(i) = get.iif {
        p.u32(RTA_IIF, i);
    }
    if let Some(o) = get.oif {
        p.u32(RTA_OIF, o);
    }
    if req.mark != 0 {
        p.u32(RTA_MARK, req.mark);
    }
}

/// Sends a route change and waits for the kernel's answer. With `echo`, the
/// kernel sends the change back before its ACK and it is returned (a deletion
/// marked `deleted`).
pub fn send_route(
    nl: &mut Netlink,
    request: &RouteRequest,
    op: RouteOp,
    echo: bool,
) -> Result<Option<RouteView>> {
    let (kind, flags) = message(op);
    if !echo {
        nl.request(kind, flags, &encode(request))?;
        return Ok(None);
    }
    let reply = nl.request_reply(kind, flags | NLM_F_ACK | NLM_F_ECHO, &encode(request))?;
    let Some((kind, payload)) = reply else {
        return Ok(None);
    };
    let mut route = decode::route(&payload)?;
    route.deleted = kind == RTM_DELROUTE;
    Ok(Some(route))
}
