//! A policy-routing rule as the kernel reported it (struct fib_rule_hdr + FRA_*).

use super::Family;
use super::kernel::Protocol;
use super::route::Address;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleView {
    /// Set by the caller for a rule the kernel sent as a deletion (the `-echo`
    /// of `rule del`).
    pub deleted: bool,
    pub family: Family,
    pub dst_len: u8,
    pub src_len: u8,
    pub tos: u8,
    /// The header's 8-bit table (FRA_TABLE, when present, wins).
    pub header_table: u8,
    pub action: u8,
    pub flags: u32,
    pub priority: Option<u32>,
    pub src: Option<Address>,
    pub dst: Option<Address>,
    pub iifname: Option<String>,
    pub oifname: Option<String>,
    pub goto: Option<u32>,
    pub fwmark: Option<u32>,
    pub fwmask: Option<u32>,
    pub realm: Option<u32>,
    pub tun_id: Option<u64>,
    pub suppress_ifgroup: Option<u32>,
    pub suppress_prefixlen: Option<u32>,
    pub table: Option<u32>,
    pub l3mdev: Option<u8>,
    pub uid_range: Option<(u32, u32)>,
    pub protocol: Option<Protocol>,
    pub ip_proto: Option<u8>,
    pub sport: Option<(u16, u16)>,
    pub dport: Option<(u16, u16)>,
}

pub const FIB_RULE_INVERT: u32 = 0x2;
pub const FIB_RULE_UNRESOLVED: u32 = 0x4;
pub const FIB_RULE_IIF_DETACHED: u32 = 0x8;
pub const FIB_RULE_OIF_DETACHED: u32 = 0x10;

impl RuleView {
    /// The table a rule looks up: FRA_TABLE when present, else the header's.
    pub fn table_id(&self) -> super::kernel::TableId {
        super::kernel::table::effective(self.header_table, self.table)
    }

    pub fn host_len(&self) -> u8 {
        match self.family {
            Family::Inet => 32,
            Family::Inet6 => 128,
            _ => 0,
        }
    }
}
