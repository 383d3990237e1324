//! A lightweight-tunnel encapsulation as the kernel reported it, decoded by
//! `netlink::encap` into what `render::encap` prints: one variant per type ipr
//! prints the fields of, each field as the kernel sent it (`None` when absent).

/// The encapsulation of a route or next hop.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Encap {
    /// LWTUNNEL_ENCAP_* type.
    pub kind: u16,
    /// The nested attributes, in the kernel's order, as (type, value): what a
    /// request and a dump of the same encapsulation are compared by.
    pub attrs: Vec<(u16, Vec<u8>)>,
    pub info: EncapInfo,
}

/// The fields of the types ipr prints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum EncapInfo {
    Mpls {
        /// The label stack, outermost first.
        labels: Option<Vec<u32>>,
        ttl: Option<u8>,
    },
    /// `encap ip` (IPv4 addresses) or `encap ip6`.
    Ip(IpTunnel),
    Seg6 {
        tunnel: Option<Seg6Tunnel>,
    },
    Seg6Local(Box<Seg6Local>),
    /// A type printed by its name only.
    #[default]
    Other,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IpTunnel {
    pub v6: bool,
    pub id: Option<u64>,
    /// Address bytes as sent (4 or 16; shorter when damaged).
    pub src: Option<Vec<u8>>,
    pub dst: Option<Vec<u8>>,
    /// TTL (hop limit for IPv6).
    pub ttl: Option<u8>,
    /// TOS (traffic class for IPv6).
    pub tos: Option<u8>,
    /// TUNNEL_* flags, host order.
    pub flags: Option<u16>,
}

/// `seg6` encapsulation: the mode (-1 when unreadable) and the routing header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seg6Tunnel {
    pub mode: i32,
    pub srh: Option<Srh>,
}

/// A segment routing header: its segments in the order printed (last first, as
/// the header stores them reversed; `None` for one cut short) and its HMAC key id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Srh {
    pub segments: Vec<Option<[u8; 16]>>,
    pub hmac: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seg6Local {
    pub action: u32,
    /// Present when the attribute is; the header inside may be unreadable.
    pub srh: Option<Option<Srh>>,
    pub table: Option<u32>,
    pub vrftable: Option<u32>,
    pub nh4: Option<Vec<u8>>,
    pub nh6: Option<Vec<u8>>,
    pub iif: Option<u32>,
    pub oif: Option<u32>,
    /// Packets, bytes, errors.
    pub counters: Option<[u64; 3]>,
    pub flavors: Option<Flavors>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flavors {
    /// Bit mask of SEG6_LOCAL_FLV_OP_*.
    pub operations: u32,
    pub lblen: Option<u8>,
    pub nflen: Option<u8>,
}
