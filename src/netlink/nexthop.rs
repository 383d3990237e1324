//! RTM_GETNEXTHOP by id, for the `nh_info` line of `-d` route listings, and the
//! per-run cache in front of it.
//!
//! The lookups happen while a route dump is still streaming on the command's own
//! socket, so they go through a second socket of their own: a request on the
//! dumping socket would interleave its reply with the dump's remaining datagrams.
//! The socket is opened on first use, so listings without nexthop objects never
//! pay for it.

use super::Netlink;
use super::attrs::{Payload, attributes, u16_of, u32_of, u64_of};
use crate::error::Result;
use crate::model::kernel::{Protocol, Scope};
use crate::model::nexthop::{GroupMember, NexthopSource, NexthopView, ResilientGroup};
use crate::model::route::Address;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

pub const RTM_NEWNEXTHOP: u16 = 104;
pub const RTM_GETNEXTHOP: u16 = 106;

/// struct nhmsg: family, scope, protocol, reserved, flags.
const NHMSG_LEN: usize = 8;

const NHA_ID: u16 = 1;
const NHA_GROUP: u16 = 2;
const NHA_GROUP_TYPE: u16 = 3;
const NHA_BLACKHOLE: u16 = 4;
const NHA_OIF: u16 = 5;
const NHA_GATEWAY: u16 = 6;
const NHA_ENCAP_TYPE: u16 = 7;
const NHA_ENCAP: u16 = 8;
const NHA_FDB: u16 = 11;
const NHA_RES_GROUP: u16 = 12;

const NHA_RES_GROUP_BUCKETS: u16 = 1;
const NHA_RES_GROUP_IDLE_TIMER: u16 = 2;
const NHA_RES_GROUP_UNBALANCED_TIMER: u16 = 3;
const NHA_RES_GROUP_UNBALANCED_TIME: u16 = 4;

/// struct nexthop_grp: id (u32), weight (u8), two reserved fields.
const NEXTHOP_GRP_LEN: usize = 8;

/// The request for one nexthop object: an all-zero nhmsg (the kernel insists on
/// that for a get) and NHA_ID.
pub fn get_request(id: u32) -> Vec<u8> {
    let mut p = Payload::with_header(&[0u8; NHMSG_LEN]);
    p.u32(NHA_ID, id);
    p.bytes
}

/// Decodes an RTM_NEWNEXTHOP payload; None when it is too short to be one.
pub fn decode(payload: &[u8]) -> Option<NexthopView> {
    let header = payload.get(..NHMSG_LEN)?;
    let mut nh = NexthopView {
        family: header[0],
        scope: Scope(header[1]),
        protocol: Protocol(header[2]),
        flags: u32_of(&header[4..8]),
        ..Default::default()
    };
    let mut encap_type = None;
    let mut encap_data = None;
    for (kind, value) in attributes(&payload[NHMSG_LEN..]) {
        match kind {
            NHA_ID => nh.id = u32_of(value),
            NHA_GROUP => {
                nh.group = value
                    .chunks_exact(NEXTHOP_GRP_LEN)
                    .map(|g| GroupMember {
                        id: u32_of(g),
                        weight: g[4],
                    })
                    .collect()
            }
            NHA_GROUP_TYPE => nh.group_type = Some(u16_of(value)),
            NHA_BLACKHOLE => nh.blackhole = true,
            NHA_OIF => nh.oif = Some(u32_of(value)),
            NHA_GATEWAY => {
                nh.gateway = Some(match value.len() {
                    4 => Address::V4(value.try_into().unwrap()),
                    16 => Address::V6(value.try_into().unwrap()),
                    _ => Address::Raw(value.to_vec()),
                })
            }
            NHA_ENCAP_TYPE => encap_type = Some(u16_of(value)),
            NHA_ENCAP => encap_data = Some(value.to_vec()),
            NHA_FDB => nh.fdb = true,
            NHA_RES_GROUP => nh.resilient = Some(resilient(value)),
            _ => {}
        }
    }
    nh.encap = encap_type.map(|kind| super::encap::decode(kind, &encap_data.unwrap_or_default()));
    Some(nh)
}

fn resilient(data: &[u8]) -> ResilientGroup {
    let mut r = ResilientGroup::default();
    for (kind, value) in attributes(data) {
        match kind {
            NHA_RES_GROUP_BUCKETS => r.buckets = u16_of(value),
            NHA_RES_GROUP_IDLE_TIMER => r.idle_timer = u32_of(value),
            NHA_RES_GROUP_UNBALANCED_TIMER => r.unbalanced_timer = u32_of(value),
            NHA_RES_GROUP_UNBALANCED_TIME => r.unbalanced_time = u64_of(value),
            _ => {}
        }
    }
    r
}

/// Asks the kernel for nexthop `id`. `Ok(None)` when the answer is not a nexthop.
pub fn get(nl: &mut Netlink, id: u32) -> Result<Option<NexthopView>> {
    let reply = nl.request_reply(RTM_GETNEXTHOP, 0, &get_request(id))?;
    Ok(reply
        .and_then(|(kind, payload)| (kind == RTM_NEWNEXTHOP).then(|| decode(&payload)).flatten()))
}

/// Nexthop objects by id, each fetched at most once per run. A failed lookup is
/// not remembered: iproute2 asks again (and complains again) for every route that
/// names a missing id. Behind mutexes because the run's context (which holds the
/// cache) is shared with `-batch`'s read-ahead thread; only the main thread renders.
#[derive(Default)]
pub struct NexthopCache {
    socket: Mutex<Option<Netlink>>,
    known: Mutex<HashMap<u32, Arc<NexthopView>>>,
}

impl NexthopCache {
    pub fn new() -> NexthopCache {
        NexthopCache::default()
    }

    fn fetch(&self, id: u32) -> Result<Option<NexthopView>> {
        let mut socket = self.socket.lock().unwrap_or_else(PoisonError::into_inner);
        if socket.is_none() {
            // No strict checking needed: this socket never dumps.
            *socket = Some(Netlink::open(false)?);
        }
        get(socket.as_mut().expect("opened above"), id)
    }
}

impl NexthopSource for NexthopCache {
    fn nexthop(&self, id: u32) -> Option<Arc<NexthopView>> {
        let mut known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(nh) = known.get(&id) {
            return Some(nh.clone());
        }
        match self.fetch(id) {
            Ok(Some(nh)) => {
                let nh = Arc::new(nh);
                known.insert(id, nh.clone());
                Some(nh)
            }
            Ok(None) => None,
            // Reported and passed over, as iproute2 does: the route is still printed
            // (without nh_info) and the exit status does not change.
            Err(e) => {
                crate::lossless::eprint(e.text());
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_is_zero_header_and_id() {
        let r = get_request(7);
        assert_eq!(r.len(), NHMSG_LEN + 8);
        assert!(r[..NHMSG_LEN].iter().all(|&b| b == 0));
        assert_eq!(u16_of(&r[8..]), 8);
        assert_eq!(u16_of(&r[10..]), NHA_ID);
        assert_eq!(u32_of(&r[12..]), 7);
    }

    #[test]
    fn decodes_a_group() {
        let mut p = Payload::with_header(&[2, 0, 0, 0, 0, 0, 0, 0]);
        p.u32(NHA_ID, 11);
        let mut grp = Vec::new();
        for (id, weight) in [(1u32, 4u8), (2, 6)] {
            grp.extend_from_slice(&id.to_ne_bytes());
            grp.extend_from_slice(&[weight, 0, 0, 0]);
        }
        p.attr(NHA_GROUP, &grp);
        p.attr(NHA_GROUP_TYPE, &0u16.to_ne_bytes());
        let nh = decode(&p.bytes).unwrap();
        assert_eq!(nh.id, 11);
        assert_eq!(nh.family, 2);
        assert_eq!(
            nh.group,
            [
                GroupMember { id: 1, weight: 4 },
                GroupMember { id: 2, weight: 6 }
            ]
        );
        assert_eq!(nh.group_type, Some(0));
    }
}
