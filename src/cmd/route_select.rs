//! What `route show`, `route flush` and `route save` share: the selector grammar
//! resolved against the interfaces, the dump request the kernel filters by, and
//! the fields a listing hides because the selectors pin them.

use crate::cli::route::RouteListRequest;
use crate::error::{Error, Result};
use crate::model::prefix::Prefix;
use crate::model::route_filter::{Masked, RouteFilter};
use crate::netlink::attrs::Payload;
use crate::netlink::consts::{RTA_OIF, RTA_TABLE, RTM_GETROUTE};
use crate::netlink::socket::Message;
use crate::netlink::{LinkNames, Netlink};
use crate::render::route::Hidden;

const RTM_F_CLONED: u32 = 0x200;

/// The request's filter with `iif`/`dev` names turned into indexes.
pub fn resolve_filter(request: &RouteListRequest, links: &LinkNames) -> Result<RouteFilter> {
    let mut filter = request.filter.clone();
    let index = |name: &str| links.index(name).ok_or_else(|| Error::no_device(name));
    if let Some(name) = &request.iif {
        filter.iif = Masked::exact(index(name)?);
    }
    if let Some(name) = &request.oif {
        filter.oif = Masked::exact(index(name)?);
    }
    Ok(filter)
}

/// The RTM_GETROUTE dump request: family, and the filters the kernel applies
/// itself under strict checking (table, protocol, output device, cached flag).
pub fn dump_request(f: &RouteFilter) -> Vec<u8> {
    let mut header = [0u8; 12];
    header[0] = f.family.af();
    if f.cloned {
        // The cache dump names the table too (IPv6 refuses one that does not
        // exist, as it refuses ip's request), but nothing else.
        header[8..12].copy_from_slice(&RTM_F_CLONED.to_ne_bytes());
        let mut req = Payload::with_header(&header);
        if f.table_id() != 0 {
            req.u32(RTA_TABLE, f.table_id());
        }
        return req.bytes;
    }
    if f.protocol.is_exact() {
        header[5] = f.protocol.value as u8;
    }
    let mut req = Payload::with_header(&header);
    let table = f.table_id();
    if table != 0 {
        req.u32(RTA_TABLE, table);
    }
    if f.oif.is_exact() && f.oif.value != 0 {
        req.u32(RTA_OIF, f.oif.value);
    }
    req.bytes
}

/// The main table's number: a namespace has none until its first route there.
const RT_TABLE_MAIN: u32 = 254;

/// The route dump of `route show` and `route save`. In a namespace whose main
/// table does not exist yet (fresh from `ip netns add`, `lo` still down), the
/// kernel ends a dump of it with ENOENT ("FIB table does not exist"); iproute2
/// lists or saves nothing then and succeeds, while every other table, and
/// `route flush` of any table, still fail. So does this.
pub fn dump_routes(
    nl: &mut Netlink,
    filter: &RouteFilter,
    on_message: &mut dyn FnMut(&Message) -> Result<()>,
) -> Result<()> {
    let quiet = (filter.table_id() == RT_TABLE_MAIN).then_some(libc::ENOENT);
    nl.dump_tolerating(RTM_GETROUTE, &dump_request(filter), quiet, on_message)
}

/// Which fields a listing hides because the filter pins them.
pub fn hidden_fields(f: &RouteFilter) -> Hidden {
    let host_bits = |p: &Option<Prefix>| {
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
