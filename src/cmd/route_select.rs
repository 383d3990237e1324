//! What `route show`, `route flush` and `route save` share: the selector grammar
//! resolved against the interfaces, and the fields a listing hides because the
//! selectors pin them.

use crate::cli::route::RouteListRequest;
use crate::error::{Error, Result};
use crate::model::prefix::Prefix;
use crate::model::route_filter::{Masked, RouteFilter};
use crate::netlink::LinkNames;
use crate::render::route::Hidden;

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

/// Which fields a listing hides because the filter pins them.
pub fn hidden_fields(f: &RouteFilter) -> Hidden {
    let host_bits = |p: &Option<Prefix>| {
        p.as_ref()
            .is_some_and(|p| p.bits == p.family.host_bits() && p.bits != 0)
    };
    Hidden {
        table: f.table_id() != crate::model::kernel::table::UNSPEC,
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
