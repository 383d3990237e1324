//! `ipr route sync`: the pure part. Given the routes a file declares and the routes
//! of the proto the kernel holds, which changes make the kernel's set exactly the
//! file's, with the fewest requests. Routes are compared as `RouteView`s: the file's
//! lines are encoded and decoded back by the caller, so both sides have one shape.
//!
//! Identity is what the kernel uses to tell two routes apart (a second route with
//! the same identity is refused by `add`, replaced by `replace`): family, table,
//! destination prefix, tos, priority and, for IPv6, the source prefix. Everything
//! else (type, scope, gateway, device, metrics...) is an attribute: same identity,
//! other attributes means "replace".

pub mod diff;
pub mod input;
pub mod json;

use super::route::{Address, Encap, MetricValue, NextHopView, RouteView, Via};
use std::collections::HashMap;

use super::Family;
use super::kernel::TableId;
/// The priority the IPv6 kernel gives a route that names none.
const IP6_DEFAULT_METRIC: u32 = 1024;
/// The only rtm/next-hop flag a user sets (`onlink`); the others are kernel state
/// (linkdown, dead, offload...).
use super::kernel::nexthop_flags::ONLINK as RTNH_F_ONLINK;

/// What the kernel tells routes apart by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Identity {
    pub family: u8,
    pub table: TableId,
    pub dst: Vec<u8>,
    pub dst_len: u8,
    pub tos: u8,
    pub metric: u32,
    pub src: Vec<u8>,
    pub src_len: u8,
}

/// The bytes of a prefix, host bits cleared (a missing address is all zeros).
fn masked(addr: &Option<Address>, len: u8, width: usize) -> Vec<u8> {
    let mut bytes = addr
        .as_ref()
        .map(|a| a.as_bytes().to_vec())
        .unwrap_or_default();
    bytes.resize(width, 0);
    for (i, b) in bytes.iter_mut().enumerate() {
        let bits = (len as usize).saturating_sub(i * 8).min(8);
        *b &= (0xff00u16 >> bits) as u8;
    }
    bytes
}

impl Identity {
    pub fn of(r: &RouteView) -> Identity {
        let v6 = r.family == Family::Inet6;
        let width = if v6 { 16 } else { 4 };
        let metric = match (r.metric, v6) {
            (Some(metric), _) => metric,
            (None, true) => IP6_DEFAULT_METRIC,
            (None, false) => 0,
        };
        Identity {
            family: r.family.af(),
            table: r.table,
            dst: masked(&r.dst, r.dst_len, width),
            dst_len: r.dst_len,
            tos: r.tos,
            metric,
            src: if v6 {
                masked(&r.src, r.src_len, width)
            } else {
                Vec::new()
            },
            src_len: if v6 { r.src_len } else { 0 },
        }
    }
}

/// A single next hop, whether the route spelled it as a gateway/device or as a
/// one-element `nexthop` list (the kernel stores and reports both the same way).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hop {
    flags: u32,
    weight: u8,
    ifindex: Option<u32>,
    gateway: Option<Address>,
    via: Option<Via>,
    realm: Option<u32>,
    newdst: Option<Address>,
    encap: Option<EncapKey>,
}

/// An encapsulation's type and its set attributes, sorted.
type EncapKey = (u16, Vec<(u16, Vec<u8>)>);

/// An encapsulation reduced to what it means: its type and its nested attributes,
/// sorted, without the all-zero ones and padding (the kernel reports every field
/// of an IP tunnel, set or not; a request carries only the fields given).
fn encap_key(e: &Option<Encap>) -> Option<EncapKey> {
    let e = e.as_ref()?;
    let mut attrs: Vec<(u16, Vec<u8>)> = e
        .attrs
        .iter()
        .filter(|(_, value)| value.iter().any(|&b| b != 0))
        .cloned()
        .collect();
    attrs.sort();
    Some((e.kind, attrs))
}

fn hop_of(h: &NextHopView) -> Hop {
    Hop {
        flags: h.flags as u32 & RTNH_F_ONLINK,
        weight: h.hops,
        ifindex: (h.ifindex != 0).then_some(h.ifindex),
        gateway: h.gateway.clone(),
        via: h.via.clone(),
        realm: h.realm,
        newdst: h.newdst.clone(),
        encap: encap_key(&h.encap),
    }
}

/// The next hops of a route; a one-hop multipath list is the same as a plain
/// route with those attributes. The route's own flags, device, gateway... are
/// the first hop when there is no list.
fn hops_of(r: &RouteView) -> Vec<Hop> {
    match &r.multipath {
        Some(list) if list.len() != 1 => list.iter().map(hop_of).collect(),
        Some(list) => {
            let mut hop = hop_of(&list[0]);
            hop.weight = 0;
            hop.flags |= r.flags & RTNH_F_ONLINK;
            hop.realm = hop.realm.or(r.realm);
            hop.encap = hop.encap.or_else(|| encap_key(&r.encap));
            hop.ifindex = hop.ifindex.or(r.oif);
            vec![hop]
        }
        None => vec![Hop {
            flags: r.flags & RTNH_F_ONLINK,
            weight: 0,
            ifindex: r.oif,
            gateway: r.gateway.clone(),
            via: r.via.clone(),
            realm: r.realm,
            newdst: r.newdst.clone(),
            encap: encap_key(&r.encap),
        }],
    }
}

/// A next hop the file declares against one the kernel holds: a device the file
/// leaves out is the kernel's choice (it resolves one from the gateway).
fn hop_matches(want: &Hop, have: &Hop) -> bool {
    let device = match want.ifindex {
        Some(i) => have.ifindex == Some(i),
        None => true,
    };
    device
        && want.flags == have.flags
        && want.weight == have.weight
        && want.gateway == have.gateway
        && want.via == have.via
        && want.realm == have.realm
        && want.newdst == have.newdst
        && want.encap == have.encap
}

/// Metrics as a sorted list plus the lock mask; none and an empty list are equal.
fn metrics_key(r: &RouteView) -> (Vec<(u16, MetricValue)>, u32) {
    let mut list = r.metrics.clone().unwrap_or_default();
    list.sort_by_key(|m| m.0);
    (list, r.metrics_lock)
}

/// True when the route the kernel holds (`have`) is the route the file declares
/// (`want`): same identity assumed, every attribute the file sets equal.
pub fn same_route(want: &RouteView, have: &RouteView) -> bool {
    let v6 = want.family == Family::Inet6;
    // IPv6 reports every route as scope universe and preference medium by default.
    let scope_ok = v6 || want.scope == have.scope;
    let pref_ok = if v6 {
        want.pref.unwrap_or(0) == have.pref.unwrap_or(0)
    } else {
        want.pref == have.pref
    };
    // A route using a nexthop object is dumped with the object's gateway and
    // device too: the id says it all.
    let hops_ok = || {
        let want_hops = hops_of(want);
        let have_hops = hops_of(have);
        want.nhid.is_some()
            || (want_hops.len() == have_hops.len()
                && want_hops
                    .iter()
                    .zip(&have_hops)
                    .all(|(w, h)| hop_matches(w, h)))
    };
    want.kind == have.kind
        && want.protocol == have.protocol
        && scope_ok
        && pref_ok
        && want.prefsrc == have.prefsrc
        && want.nhid == have.nhid
        && want.ttl_propagate == have.ttl_propagate
        && metrics_key(want) == metrics_key(have)
        && hops_ok()
}

/// One change of a plan. Indexes are into the `desired` and `existing` slices
/// given to `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A declared route the kernel does not hold.
    Add(usize),
    /// A declared route the kernel holds with other attributes.
    Replace { desired: usize, existing: usize },
    /// A route of the proto the file does not declare.
    Delete(usize),
}

/// What `sync` does: the changes in the order to send them, and how many
/// declared routes are already right.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub changes: Vec<Change>,
    pub unchanged: usize,
}

impl Plan {
    pub fn count(&self, which: fn(&Change) -> bool) -> usize {
        self.changes.iter().filter(|c| which(c)).count()
    }
    pub fn added(&self) -> usize {
        self.count(|c| matches!(c, Change::Add(_)))
    }
    pub fn replaced(&self) -> usize {
        self.count(|c| matches!(c, Change::Replace { .. }))
    }
    pub fn deleted(&self) -> usize {
        self.count(|c| matches!(c, Change::Delete(_)))
    }
}

/// The fewest changes that turn `existing` (the proto's routes in the managed
/// tables) into `desired` (identities assumed unique; the caller checks).
///
/// Order: adds and replaces in file order, then every deletion (make before
/// break; when the kernel refuses a change of the first part, nothing has been
/// deleted yet). Extra routes that share an identity with a declared one (IPv4
/// keeps several only through `append`) are deleted with the rest: a replace
/// changes the first of them, the one the dump lists first.
pub fn plan(desired: &[RouteView], existing: &[RouteView]) -> Plan {
    let mut by_identity: HashMap<Identity, Vec<usize>> = HashMap::new();
    for (i, r) in existing.iter().enumerate() {
        by_identity.entry(Identity::of(r)).or_default().push(i);
    }
    let mut out = Plan::default();
    let mut early_deletes = Vec::new();
    let mut upserts = Vec::new();
    for (d, want) in desired.iter().enumerate() {
        let Some(found) = by_identity.remove(&Identity::of(want)) else {
            upserts.push(Change::Add(d));
            continue;
        };
        match found.iter().position(|&e| same_route(want, &existing[e])) {
            Some(keep) => {
                out.unchanged += 1;
                early_deletes.extend(
                    found
                        .iter()
                        .enumerate()
                        .filter(|&(k, _)| k != keep)
                        .map(|(_, &e)| Change::Delete(e)),
                );
            }
            None => {
                early_deletes.extend(found[1..].iter().map(|&e| Change::Delete(e)));
                upserts.push(Change::Replace {
                    desired: d,
                    existing: found[0],
                });
            }
        }
    }
    let mut late_deletes: Vec<usize> = by_identity.into_values().flatten().collect();
    late_deletes.sort_unstable();
    out.changes = upserts;
    out.changes.extend(early_deletes);
    out.changes
        .extend(late_deletes.into_iter().map(Change::Delete));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(dst: [u8; 4], len: u8, gw: [u8; 4]) -> RouteView {
        RouteView {
            family: Family::Inet,
            dst_len: len,
            table: crate::model::kernel::table::MAIN,
            protocol: crate::model::kernel::Protocol(77),
            kind: crate::model::kernel::route_type::UNICAST,
            dst: Some(Address::V4(dst)),
            gateway: Some(Address::V4(gw)),
            ..Default::default()
        }
    }

    fn kernel(mut r: RouteView, oif: u32) -> RouteView {
        r.oif = Some(oif);
        r.flags |= 0x10; // linkdown: kernel state, not an attribute
        r
    }

    #[test]
    fn identity_defaults_ipv6_metric_and_masks_prefix() {
        let mut a = v4([10, 1, 2, 3], 16, [1, 1, 1, 1]);
        let b = v4([10, 1, 0, 0], 16, [2, 2, 2, 2]);
        assert_eq!(Identity::of(&a), Identity::of(&b));
        a.metric = Some(5);
        assert_ne!(Identity::of(&a), Identity::of(&b));
        let mut six = RouteView {
            family: Family::Inet6,
            dst_len: 48,
            table: crate::model::kernel::table::MAIN,
            ..Default::default()
        };
        assert_eq!(Identity::of(&six).metric, 1024);
        six.src_len = 64;
        six.src = Some(Address::V6([0x20; 16]));
        let mut other = six.clone();
        other.src_len = 48;
        assert_ne!(Identity::of(&six), Identity::of(&other));
    }

    #[test]
    fn missing_device_is_the_kernels_choice() {
        let want = v4([10, 50, 0, 0], 16, [10, 1, 0, 2]);
        assert!(same_route(&want, &kernel(want.clone(), 3)));
        let mut with_dev = want.clone();
        with_dev.oif = Some(4);
        assert!(!same_route(&with_dev, &kernel(want.clone(), 3)));
        let mut other_gw = want.clone();
        other_gw.gateway = Some(Address::V4([10, 1, 0, 3]));
        assert!(!same_route(&other_gw, &kernel(want, 3)));
    }

    #[test]
    fn one_hop_multipath_is_a_plain_route() {
        let plain = kernel(v4([10, 50, 0, 0], 16, [10, 1, 0, 2]), 3);
        let mut listed = v4([10, 50, 0, 0], 16, [0; 4]);
        listed.gateway = None;
        listed.multipath = Some(vec![NextHopView {
            gateway: Some(Address::V4([10, 1, 0, 2])),
            ..Default::default()
        }]);
        assert!(same_route(&listed, &plain));
    }

    #[test]
    fn a_nexthop_object_route_is_its_id() {
        let mut want = v4([10, 90, 0, 0], 16, [0; 4]);
        want.gateway = None;
        want.nhid = Some(7);
        let mut have = kernel(v4([10, 90, 0, 0], 16, [10, 1, 0, 2]), 3);
        have.nhid = Some(7);
        assert!(same_route(&want, &have));
        have.nhid = Some(8);
        assert!(!same_route(&want, &have));
    }

    #[test]
    fn ipv6_defaults_compare_equal() {
        let want = RouteView {
            family: Family::Inet6,
            dst_len: 48,
            table: crate::model::kernel::table::MAIN,
            protocol: crate::model::kernel::Protocol(77),
            kind: crate::model::kernel::route_type::UNICAST,
            scope: crate::model::kernel::Scope::UNIVERSE,
            ..Default::default()
        };
        let mut have = kernel(want.clone(), 2);
        have.pref = Some(0);
        have.metric = Some(1024);
        assert!(same_route(&want, &have));
        have.pref = Some(1);
        assert!(!same_route(&want, &have));
    }

    #[test]
    fn ip_tunnel_zero_fields_are_ignored() {
        let attr = |kind: u16, value: &[u8]| (kind, value.to_vec());
        let sent = Encap {
            kind: 2,
            attrs: vec![attr(2, &[10, 1, 0, 9]), attr(1, &5u64.to_be_bytes())],
            ..Encap::default()
        };
        let dumped = Encap {
            kind: 2,
            attrs: vec![
                attr(1, &5u64.to_be_bytes()),
                attr(2, &[10, 1, 0, 9]),
                attr(3, &[0; 4]),
                attr(4, &[0]),
            ],
            ..Encap::default()
        };
        assert_eq!(encap_key(&Some(sent)), encap_key(&Some(dumped)));
    }

    #[test]
    fn plan_adds_replaces_deletes_and_keeps() {
        let keep = v4([10, 1, 0, 0], 16, [1, 1, 1, 1]);
        let change = v4([10, 2, 0, 0], 16, [1, 1, 1, 1]);
        let add = v4([10, 3, 0, 0], 16, [1, 1, 1, 1]);
        let gone = v4([10, 4, 0, 0], 16, [1, 1, 1, 1]);
        let desired = vec![keep.clone(), change.clone(), add];
        let mut changed = change.clone();
        changed.gateway = Some(Address::V4([2, 2, 2, 2]));
        let existing = vec![gone, kernel(changed, 1), kernel(keep, 1)];
        let p = plan(&desired, &existing);
        assert_eq!(
            p.changes,
            vec![
                Change::Replace {
                    desired: 1,
                    existing: 1
                },
                Change::Add(2),
                Change::Delete(0)
            ]
        );
        assert_eq!(
            (p.added(), p.replaced(), p.deleted(), p.unchanged),
            (1, 1, 1, 1)
        );
        // Converged: nothing to do.
        let again = plan(&desired[..1], &existing[2..]);
        assert!(again.changes.is_empty());
        assert_eq!(again.unchanged, 1);
    }

    #[test]
    fn appended_duplicates_are_deleted_after_the_replace() {
        let want = v4([10, 1, 0, 0], 16, [9, 9, 9, 9]);
        let a = v4([10, 1, 0, 0], 16, [1, 1, 1, 1]);
        let b = v4([10, 1, 0, 0], 16, [2, 2, 2, 2]);
        let p = plan(std::slice::from_ref(&want), &[a.clone(), b.clone()]);
        assert_eq!(
            p.changes,
            vec![
                Change::Replace {
                    desired: 0,
                    existing: 0
                },
                Change::Delete(1)
            ]
        );
        let p = plan(std::slice::from_ref(&a), &[b, a.clone()]);
        assert_eq!(p.changes, vec![Change::Delete(0)]);
        assert_eq!(p.unchanged, 1);
    }
}
