//! A route as the kernel reported it, flattened into the fields `ip route` prints
//! and filters on. Built by `netlink::decode`; read by the filter and the renderer.

use super::Family;
use super::kernel::{Protocol, RouteType, Scope, TableId};
use std::net::Ipv6Addr;

/// An address attribute: IPv4, IPv6, MPLS label stack, or bytes we cannot interpret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    V4([u8; 4]),
    V6([u8; 16]),
    Mpls(Vec<u32>),
    Raw(Vec<u8>),
}

impl Address {
    /// The printed form; IPv4 skips the formatting machinery.
    pub fn text(&self) -> String {
        match self {
            Address::V4(b) => ipv4_text(*b),
            other => other.to_string(),
        }
    }

    /// The address bytes in network order (empty for MPLS).
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Address::V4(b) => b,
            Address::V6(b) => b,
            Address::Mpls(_) => &[],
            Address::Raw(b) => b,
        }
    }
}

/// Dotted-quad text of an IPv4 address, without going through `fmt` for each
/// octet (addresses are the bulk of every route listing).
pub fn ipv4_text(octets: [u8; 4]) -> String {
    let mut out = String::with_capacity(15);
    for (i, octet) in octets.into_iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        if octet >= 100 {
            out.push((b'0' + octet / 100) as char);
        }
        if octet >= 10 {
            out.push((b'0' + octet / 10 % 10) as char);
        }
        out.push((b'0' + octet % 10) as char);
    }
    out
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Address::V4(b) => f.write_str(&ipv4_text(*b)),
            Address::V6(b) => write!(f, "{}", Ipv6Addr::from(*b)),
            Address::Mpls(labels) => {
                let text: Vec<String> = labels.iter().map(|l| l.to_string()).collect();
                write!(f, "{}", text.join("/"))
            }
            Address::Raw(_) => write!(f, "???"),
        }
    }
}

/// RTA_VIA: a gateway of another family (an IPv6 next hop for an IPv4 route).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Via {
    pub family: u8,
    pub address: Address,
}

/// struct rta_cacheinfo.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheInfo {
    pub clntref: u32,
    pub last_use: u32,
    pub expires: i32,
    pub error: u32,
    pub used: u32,
    pub id: u32,
    pub ts: u32,
    pub ts_age: u32,
}

/// One RTAX_* metric (the lock mask is kept apart in `RouteView::metrics_lock`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetricValue {
    Number(u32),
    Text(String),
}

pub use super::encap::Encap;

/// One leg of a multipath route.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NextHopView {
    pub flags: u8,
    pub hops: u8,
    pub ifindex: u32,
    pub gateway: Option<Address>,
    pub via: Option<Via>,
    pub realm: Option<u32>,
    pub newdst: Option<Address>,
    pub encap: Option<Encap>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RouteView {
    /// Set by the caller for a route the kernel sent as a deletion (the `-echo`
    /// of `route del`): printed
    /// as `Deleted `.
    pub deleted: bool,
    pub family: Family,
    pub dst_len: u8,
    pub src_len: u8,
    pub tos: u8,
    /// RTA_TABLE when present, else the header's 8-bit table.
    pub table: TableId,
    pub protocol: Protocol,
    pub scope: Scope,
    pub kind: RouteType,
    pub flags: u32,
    pub dst: Option<Address>,
    pub src: Option<Address>,
    pub gateway: Option<Address>,
    pub prefsrc: Option<Address>,
    pub via: Option<Via>,
    pub newdst: Option<Address>,
    /// RTA_OIF, RTA_IIF, RTA_PRIORITY, RTA_FLOW: None when absent.
    pub oif: Option<u32>,
    pub iif: Option<u32>,
    pub metric: Option<u32>,
    pub mark: u32,
    pub realm: Option<u32>,
    pub uid: Option<u32>,
    pub nhid: Option<u32>,
    pub cache_info: Option<CacheInfo>,
    /// RTAX number and value, in attribute order.
    pub metrics: Option<Vec<(u16, MetricValue)>>,
    pub metrics_lock: u32,
    pub pref: Option<u8>,
    pub ttl_propagate: Option<u8>,
    pub multipath: Option<Vec<NextHopView>>,
    pub encap: Option<Encap>,
}

impl RouteView {
    pub fn is_cloned(&self) -> bool {
        self.flags & super::kernel::route_flags::CLONED != 0
    }

    pub fn host_len(&self) -> u8 {
        match self.family {
            Family::Inet => 32,
            Family::Inet6 => 128,
            _ => 0,
        }
    }

    pub fn dst_bytes(&self) -> &[u8] {
        address_bytes(&self.dst)
    }

    pub fn src_bytes(&self) -> &[u8] {
        address_bytes(&self.src)
    }

    pub fn prefsrc_bytes(&self) -> &[u8] {
        address_bytes(&self.prefsrc)
    }

    /// The family and bytes a `via` selector compares against: the gateway, or the
    /// RTA_VIA address with its own family, or zeros.
    pub fn gateway_for_filter(&self) -> (u8, &[u8]) {
        if let Some(via) = &self.via {
            return (via.family, via.address.as_bytes());
        }
        (self.family.af(), address_bytes(&self.gateway))
    }
}

fn address_bytes(a: &Option<Address>) -> &[u8] {
    a.as_ref().map(Address::as_bytes).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_text_matches_std() {
        for octets in [
            [0, 0, 0, 0],
            [10, 1, 0, 255],
            [255, 255, 255, 255],
            [1, 22, 100, 9],
        ] {
            assert_eq!(
                ipv4_text(octets),
                std::net::Ipv4Addr::from(octets).to_string()
            );
        }
    }
}
