//! A `route get` lookup as the command line asks it.

use super::Family;
use super::prefix::Prefix;

/// A parsed `route get`: what the kernel's lookup request carries, before
/// device names are resolved.
#[derive(Debug, Clone, Default)]
pub struct RouteGetRequest {
    /// Family of the request (`-4`/`-6`, else the first address's); Unspec means IPv4.
    pub family: Family,
    pub tos: u8,
    /// Destination address (the last one given wins, as in the kernel).
    pub dst: Option<Prefix>,
    pub dst_len: u8,
    /// `from ADDRESS`.
    pub src: Option<Prefix>,
    pub src_len: u8,
    pub from_given: bool,
    pub iif: Option<String>,
    /// `oif`/`dev`, or the device of `vrf NAME`.
    pub oif: Option<String>,
    pub mark: u32,
    pub uid: Option<u32>,
    /// `as ADDRESS` (RTA_NEWDST; the kernel refuses it in a lookup).
    pub newdst: Option<Prefix>,
    pub sport: Option<u16>,
    pub dport: Option<u16>,
    pub ipproto: Option<u8>,
    pub notify: bool,
    pub connected: bool,
    pub fibmatch: bool,
    /// A destination word was given (`default` carries no address bytes).
    pub address_found: bool,
    /// Warnings iproute2 prints on stderr while parsing (`/24 as prefix is invalid`).
    pub warnings: String,
}

impl RouteGetRequest {
    /// The family the request is sent with (iproute2 falls back to IPv4).
    pub fn wire_family(&self) -> Family {
        match self.family {
            Family::Unspec => Family::Inet,
            f => f,
        }
    }
}
