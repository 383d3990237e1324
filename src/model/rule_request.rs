//! `ip rule add|del`: the typed request the grammar produces and the encoder turns
//! into a rule addition or deletion message.

use super::Family;
use super::kernel::{Protocol, TableId};
use super::prefix::Prefix;

/// Rule actions (`nat` reuses the route type's number, other route types theirs).
/// The rule action `nat` shares its number with the route type.
pub const RTN_NAT: u8 = super::kernel::route_type::NAT.0;
pub use super::kernel::rule_action::{
    GOTO as FR_ACT_GOTO, NOP as FR_ACT_NOP, TO_TBL as FR_ACT_TO_TBL,
};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleRequest {
    /// From `-4`/`-6`; unspecified means IPv4 when sent.
    pub family: Family,
    pub invert: bool,
    pub src: Option<Prefix>,
    pub dst: Option<Prefix>,
    pub priority: Option<u32>,
    pub tos: u8,
    pub fwmark: Option<u32>,
    pub fwmask: Option<u32>,
    pub realms: Option<u32>,
    pub protocol: Option<Protocol>,
    pub tun_id: Option<u64>,
    pub table: Option<TableId>,
    /// The last table of 256 or more given: iproute2 sends it as FRA_TABLE, and a
    /// later small `table` (which goes in the header) does not take it back, so
    /// the kernel still uses it (`table 1000 table 100` is table 1000).
    pub table_attr: Option<u32>,
    pub suppress_prefixlen: Option<i32>,
    pub suppress_ifgroup: Option<i32>,
    pub iif: Option<String>,
    pub oif: Option<String>,
    pub l3mdev: bool,
    pub uid_range: Option<(u32, u32)>,
    /// `nat ADDRESS` (deprecated, still sent as iproute2 sends it).
    pub nat_gateway: Option<[u8; 4]>,
    pub ip_proto: Option<u8>,
    pub sport: Option<(u16, u16)>,
    pub dport: Option<(u16, u16)>,
    pub goto: Option<u32>,
    /// The action when given (`goto`, `nop`, a route type, `nat`).
    pub action: Option<u8>,
    /// An action or table was given, so `add` does not default to `lookup main`.
    pub table_given: bool,
}

impl RuleRequest {
    /// The family the request is sent with (IPv4 when none was given).
    pub fn sent_family(&self) -> Family {
        match self.family {
            Family::Unspec => Family::Inet,
            f => f,
        }
    }
}
