//! A typed request to add, change or delete one route: what `ip route add|change|
//! replace|prepend|append|test|delete` sends. Built by `cli::route_modify`, encoded by
//! `netlink::route_request`. Values stay numeric where the kernel has no name for
//! them, so any number the command line accepts survives the trip.

use super::Family;
use super::kernel::{Protocol, RouteType, Scope};

/// The verb: which netlink message and flags the request travels with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteOp {
    Add,
    Change,
    Replace,
    Prepend,
    Append,
    Test,
    Delete,
}

/// An address as iproute2 reads one for a given family. `bytes` is empty for
/// `default`/`any`/`all` used as a prefix (no attribute is sent then); MPLS
/// addresses are their label stack, 4 bytes per label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub family: Family,
    pub bytes: Vec<u8>,
}

/// A gateway: in the route's own family (`RTA_GATEWAY`) or another one (`RTA_VIA`,
/// e.g. an IPv6 next hop for an IPv4 route).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gateway {
    Same(Address),
    Via(Address),
}

/// Route metrics (`RTA_METRICS`), in command-line order, and the `lock` mask.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metrics {
    pub values: Vec<(u16, MetricValue)>,
    pub lock: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetricValue {
    Number(u32),
    /// `congctl NAME`: the congestion control algorithm, sent without a NUL.
    Name(String),
}

/// `RTAX_*` numbers (linux/rtnetlink.h).
pub mod rtax {
    pub const LOCK: u16 = 1;
    pub const MTU: u16 = 2;
    pub const WINDOW: u16 = 3;
    pub const RTT: u16 = 4;
    pub const RTTVAR: u16 = 5;
    pub const SSTHRESH: u16 = 6;
    pub const CWND: u16 = 7;
    pub const ADVMSS: u16 = 8;
    pub const REORDERING: u16 = 9;
    pub const HOPLIMIT: u16 = 10;
    pub const INITCWND: u16 = 11;
    pub const FEATURES: u16 = 12;
    pub const RTO_MIN: u16 = 13;
    pub const INITRWND: u16 = 14;
    pub const QUICKACK: u16 = 15;
    pub const CC_ALGO: u16 = 16;
    pub const FASTOPEN_NO_COOKIE: u16 = 17;
}

/// Lightweight-tunnel encapsulation (`encap TYPE ...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Encap {
    /// `encap mpls LABEL[/LABEL...] [ttl N]`: labels as wire words (label << 12,
    /// bottom-of-stack bit on the last).
    Mpls {
        labels: Vec<u8>,
        ttl: Option<u8>,
    },
    /// `encap ip` and `encap ip6`: the same tunnel key fields, addresses of the
    /// matching family (`tos`/`tc` and `ttl`/`hoplimit` share a slot).
    Ip(IpTunnel),
    Ip6(IpTunnel),
    /// `encap seg6 mode M segs A,B,... [hmac K]`.
    Seg6 {
        mode: i32,
        segments: Vec<[u8; 16]>,
        hmac: u32,
    },
    /// `encap seg6local action A ...`: the attributes in command-line order (the
    /// segment list, read last, comes last).
    Seg6Local(Vec<Seg6LocalAttr>),
    /// `encap ila LOCATOR [csum-mode M] [ident-type T] [hook-type H]`: the locator
    /// as its 8 wire bytes, then `(ILA_ATTR_*, value)` pairs in command-line order.
    Ila {
        locator: [u8; 8],
        options: Vec<(u16, u8)>,
    },
    /// `encap bpf ... headroom N`. Programs cannot be loaded yet, so a request
    /// only ever carries the headroom.
    Bpf {
        headroom: Option<u32>,
    },
    /// `encap rpl segs A,B,...`: the segment slots in wire order.
    Rpl {
        segments: Vec<[u8; 16]>,
    },
    /// `encap ioam6 [mode M [tundst A]] trace prealloc type T ns N size S`.
    Ioam6 {
        mode: u8,
        tundst: Option<Vec<u8>>,
        trace_type: u32,
        namespace: u16,
        size: u16,
    },
    /// `encap xfrm if_id N [link_dev DEV]`.
    Xfrm {
        if_id: u32,
        link: Option<u32>,
    },
}

/// One attribute of `encap seg6local` (`SEG6_LOCAL_*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg6LocalAttr {
    Action(u32),
    Table(u32),
    VrfTable(u32),
    Nh4(Vec<u8>),
    Nh6(Vec<u8>),
    Iif(u32),
    Oif(u32),
    /// `count`: zeroed packet, byte and error counters.
    Counters,
    /// `flavors F[,F...] [lblen N] [nflen N]`: the operation bit mask.
    Flavors {
        operations: u32,
        lblen: Option<u8>,
        nflen: Option<u8>,
    },
    /// `srh segs A,B,... [hmac K]`: segment slots in wire order.
    Srh {
        segments: Vec<[u8; 16]>,
        hmac: u32,
    },
}

impl Encap {
    /// `LWTUNNEL_ENCAP_*`.
    pub fn kind(&self) -> u16 {
        match self {
            Encap::Mpls { .. } => 1,
            Encap::Ip(_) => 2,
            Encap::Ip6(_) => 4,
            Encap::Seg6 { .. } => 5,
            Encap::Ila { .. } => 3,
            Encap::Bpf { .. } => 6,
            Encap::Seg6Local(_) => 7,
            Encap::Rpl { .. } => 8,
            Encap::Ioam6 { .. } => 9,
            Encap::Xfrm { .. } => 10,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IpTunnel {
    pub id: Option<u64>,
    pub dst: Option<Vec<u8>>,
    pub src: Option<Vec<u8>>,
    pub ttl: Option<u8>,
    pub tos: Option<u8>,
    /// TUNNEL_CSUM (1), TUNNEL_KEY (4), TUNNEL_SEQ (8).
    pub flags: u16,
}

/// One `nexthop ...` of a multipath route.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NextHop {
    pub ifindex: u32,
    /// `weight N` is sent as N - 1.
    pub hops: u8,
    /// RTNH_F_ONLINK (4).
    pub flags: u8,
    /// In command-line order: gateways, realms, encaps, `as` addresses.
    pub attrs: Vec<NextHopAttr>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextHopAttr {
    Gateway(Gateway),
    Realms(u32),
    Encap(Encap),
    NewDst(Address),
}

/// Everything one modify request carries. Repeated keywords keep iproute2's effect:
/// the last value wins (the kernel reads the last attribute of a kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteRequest {
    pub op: RouteOp,
    pub family: Family,
    pub dst_len: u8,
    pub src_len: u8,
    pub tos: u8,
    /// `rtm_table`: the table when it fits in 8 bits, else 0 with `table_attr`.
    pub table: u8,
    pub table_attr: Option<u32>,
    pub protocol: Protocol,
    pub scope: Scope,
    pub kind: RouteType,
    /// RTNH_F_ONLINK (4); iproute2 6.1 has no `pervasive` keyword any more.
    pub flags: u32,
    pub dst: Option<Address>,
    pub src: Option<Address>,
    pub prefsrc: Option<Address>,
    pub gateway: Option<Gateway>,
    pub newdst: Option<Address>,
    pub oif: Option<u32>,
    pub priority: Option<u32>,
    pub realms: Option<u32>,
    pub expires: Option<u32>,
    pub nhid: Option<u32>,
    pub pref: Option<u8>,
    pub ttl_propagate: Option<u8>,
    pub encap: Option<Encap>,
    pub metrics: Metrics,
    pub multipath: Vec<NextHop>,
}

/// Route types (`RTN_*`), scopes (`RT_SCOPE_*`) and tables used for defaults.
pub mod rtn {
    pub use crate::model::kernel::route_type::{
        ANYCAST, BROADCAST, LOCAL, MULTICAST, NAT, UNICAST, UNSPEC,
    };
    use crate::model::kernel::{Scope, table};

    pub const SCOPE_UNIVERSE: Scope = Scope::UNIVERSE;
    pub const SCOPE_LINK: Scope = Scope::LINK;
    pub const SCOPE_HOST: Scope = Scope::HOST;
    pub const SCOPE_NOWHERE: Scope = Scope::NOWHERE;

    /// The header's 8-bit table field.
    pub const TABLE_MAIN: u8 = table::MAIN.0 as u8;
    pub const TABLE_LOCAL: u8 = table::LOCAL.0 as u8;
}

impl RouteRequest {
    /// A request before any keyword: iproute2's starting values. Changes start as
    /// `boot`/universe/unicast; deletes send proto, type and scope as wildcards.
    pub fn new(op: RouteOp, family: Family) -> RouteRequest {
        let deleting = op == RouteOp::Delete;
        RouteRequest {
            op,
            family,
            dst_len: 0,
            src_len: 0,
            tos: 0,
            table: rtn::TABLE_MAIN,
            table_attr: None,
            protocol: if deleting {
                Protocol::UNSPEC
            } else {
                Protocol::BOOT
            },
            scope: if deleting {
                rtn::SCOPE_NOWHERE
            } else {
                rtn::SCOPE_UNIVERSE
            },
            kind: if deleting { rtn::UNSPEC } else { rtn::UNICAST },
            flags: 0,
            dst: None,
            src: None,
            prefsrc: None,
            gateway: None,
            newdst: None,
            oif: None,
            priority: None,
            realms: None,
            expires: None,
            nhid: None,
            pref: None,
            ttl_propagate: None,
            encap: None,
            metrics: Metrics::default(),
            multipath: Vec::new(),
        }
    }

    /// Sets the table: small ids go in the header, large ones in `RTA_TABLE` with
    /// the header's table left unspecified.
    pub fn set_table(&mut self, id: crate::model::kernel::TableId) {
        let (header, attribute) = crate::model::kernel::table::split(id);
        self.table = header;
        if attribute.is_some() {
            self.table_attr = attribute;
        }
    }

    /// The defaults iproute2 fills in once the whole line is read: family (IPv4
    /// when nothing said otherwise), table `local` for local-ish types, the scope
    /// implied by type and gateway, and unicast for MPLS.
    pub fn finish(&mut self, table_given: bool, scope_given: bool, type_given: bool) {
        if self.family == Family::Unspec {
            self.family = Family::Inet;
        }
        let kind = self.kind;
        if !table_given && matches!(kind, rtn::LOCAL | rtn::BROADCAST | rtn::NAT | rtn::ANYCAST) {
            self.table = rtn::TABLE_LOCAL;
        }
        if !scope_given {
            let has_gateway = self.gateway.is_some()
                || !self.multipath.is_empty()
                || self.nhid.is_some_and(|id| id != 0);
            if matches!(self.family, Family::Inet6 | Family::Mpls) {
                self.scope = rtn::SCOPE_UNIVERSE;
            } else if matches!(kind, rtn::LOCAL | rtn::NAT) {
                self.scope = rtn::SCOPE_HOST;
            } else if matches!(kind, rtn::BROADCAST | rtn::MULTICAST | rtn::ANYCAST) {
                self.scope = rtn::SCOPE_LINK;
            } else if matches!(kind, rtn::UNICAST | rtn::UNSPEC) {
                if self.op == RouteOp::Delete {
                    self.scope = rtn::SCOPE_NOWHERE;
                } else if !has_gateway {
                    self.scope = rtn::SCOPE_LINK;
                }
            }
        }
        if !type_given && self.family == Family::Mpls {
            self.kind = rtn::UNICAST;
        }
    }
}
