//! A nexthop object (`ip nexthop`), as the kernel reports it when asked for one.
//! Routes that use one carry only its id (RTA_NH_ID); `-d` listings print the
//! object itself as an `nh_info` line, so the renderer needs a way to look it up.

use super::kernel::{Protocol, Scope};
use super::route::{Address, Encap};
use std::sync::Arc;

/// One member of a nexthop group: its id and the kernel's weight (weight - 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupMember {
    pub id: u32,
    pub weight: u8,
}

/// NHA_RES_GROUP: the parameters of a resilient group, timers in USER_HZ ticks as
/// the kernel sends them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResilientGroup {
    pub buckets: u16,
    pub idle_timer: u32,
    pub unbalanced_timer: u32,
    pub unbalanced_time: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NexthopView {
    pub id: u32,
    /// nhmsg.nh_family: the family of the gateway (AF_INET or AF_INET6).
    pub family: u8,
    pub scope: Scope,
    pub protocol: Protocol,
    pub flags: u32,
    pub group: Vec<GroupMember>,
    /// NHA_GROUP_TYPE (0 multipath, 1 resilient), when the kernel sent it.
    pub group_type: Option<u16>,
    pub resilient: Option<ResilientGroup>,
    pub blackhole: bool,
    pub oif: Option<u32>,
    pub gateway: Option<Address>,
    pub encap: Option<Encap>,
    pub fdb: bool,
}

/// Where the renderer finds a nexthop object by id. Implemented over the kernel by
/// `netlink::nexthop::NexthopCache`; a trait so rendering stays free of sockets.
/// `None` when the object cannot be had (the implementation reports why).
pub trait NexthopSource {
    fn nexthop(&self, id: u32) -> Option<Arc<NexthopView>>;
}
