//! The only code that knows sockets and wire formats: opening a rtnetlink socket
//! (inside `-n NS` when asked), sending requests, streaming dump replies, turning
//! kernel errors (extended ACK text or errno) into iproute2's messages, and the
//! interface-name cache.

pub mod attrs;
pub mod batch;
pub mod change;
pub mod decode;
pub mod encap;
pub mod header;
pub mod kernel_state;
pub mod link_watch;
pub mod links;
pub mod netns;
pub mod nexthop;
pub mod route_bounds;
pub mod route_request;
pub mod routes;
pub mod rule_request;
pub mod rules;
pub mod saved;
pub mod socket;
pub mod sync;
pub mod transaction;
pub mod vrf;

pub use links::LinkNames;
pub use socket::{Message, Netlink};

/// Message types and flags we use (linux/netlink.h, linux/rtnetlink.h).
pub mod consts {
    /// Length of `struct nlmsghdr`, which leads every message.
    pub const NLMSG_HDRLEN: usize = 16;
    /// A control message the kernel only acknowledges (a batch's barrier).
    pub const NLMSG_NOOP: u16 = 1;
    pub const NLMSG_ERROR: u16 = 2;
    pub const NLMSG_DONE: u16 = 3;
    pub const RTM_NEWLINK: u16 = 16;
    pub const RTM_GETLINK: u16 = 18;
    pub const RTM_NEWROUTE: u16 = 24;
    pub const RTM_DELROUTE: u16 = 25;
    pub const RTM_GETROUTE: u16 = 26;
    pub const RTM_NEWRULE: u16 = 32;
    pub const RTM_DELRULE: u16 = 33;
    pub const RTM_GETRULE: u16 = 34;

    pub const NLM_F_REQUEST: u16 = 0x1;
    pub const NLM_F_MULTI: u16 = 0x2;
    pub const NLM_F_ACK: u16 = 0x4;
    /// Send the change back to us (`-echo`).
    pub const NLM_F_ECHO: u16 = 0x8;
    pub const NLM_F_DUMP_INTR: u16 = 0x10;
    pub const NLM_F_DUMP: u16 = 0x300;
    pub const NLM_F_REPLACE: u16 = 0x100;
    pub const NLM_F_EXCL: u16 = 0x200;
    pub const NLM_F_CREATE: u16 = 0x400;
    pub const NLM_F_APPEND: u16 = 0x800;
    /// On an error or DONE message: extended-ACK attributes follow.
    pub const NLM_F_ACK_TLVS: u16 = 0x200;
    /// On an error message: the echoed request was cut to its header.
    pub const NLM_F_CAPPED: u16 = 0x100;

    pub const NLMSGERR_ATTR_MSG: u16 = 1;

    /// Route attributes (enum rtattr_type_t).
    pub const RTA_DST: u16 = 1;
    pub const RTA_SRC: u16 = 2;
    pub const RTA_IIF: u16 = 3;
    pub const RTA_OIF: u16 = 4;
    pub const RTA_GATEWAY: u16 = 5;
    pub const RTA_PRIORITY: u16 = 6;
    pub const RTA_PREFSRC: u16 = 7;
    pub const RTA_METRICS: u16 = 8;
    pub const RTA_MULTIPATH: u16 = 9;
    pub const RTA_FLOW: u16 = 11;
    pub const RTA_CACHEINFO: u16 = 12;
    pub const RTA_TABLE: u16 = 15;
    pub const RTA_MARK: u16 = 16;
    pub const RTA_VIA: u16 = 18;
    pub const RTA_NEWDST: u16 = 19;
    pub const RTA_PREF: u16 = 20;
    pub const RTA_ENCAP_TYPE: u16 = 21;
    pub const RTA_ENCAP: u16 = 22;
    pub const RTA_EXPIRES: u16 = 23;
    pub const RTA_UID: u16 = 25;
    pub const RTA_TTL_PROPAGATE: u16 = 26;
    pub const RTA_IP_PROTO: u16 = 27;
    pub const RTA_SPORT: u16 = 28;
    pub const RTA_DPORT: u16 = 29;
    pub const RTA_NH_ID: u16 = 30;

    /// Length of `struct ifinfomsg`, which leads a link message.
    pub const IFINFOMSG_LEN: usize = 16;
    /// Link attributes.
    pub const IFLA_IFNAME: u16 = 3;
}
