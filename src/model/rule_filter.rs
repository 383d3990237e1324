//! What `rule list|show` selects, and the test each dumped rule goes through.

use super::kernel::{Protocol, TableId};
use super::prefix::{Prefix, bits_equal};
use super::rule::{FIB_RULE_INVERT, RuleView};

#[derive(Debug, Clone, Default)]
pub struct RuleFilter {
    pub family: u8,
    pub priority: Option<u32>,
    pub not: bool,
    pub tos: Option<u8>,
    pub fwmark: Option<u32>,
    pub fwmask: Option<u32>,
    pub iif: Option<String>,
    pub oif: Option<String>,
    pub l3mdev: bool,
    pub uid_range: Option<(u32, u32)>,
    pub tun_id: Option<u64>,
    pub table: Option<TableId>,
    pub src: Option<Prefix>,
    pub dst: Option<Prefix>,
    /// `protocol P` (None also for `protocol all`); used by flush, not by list.
    pub protocol: Option<Protocol>,
    pub ip_proto: Option<u8>,
    pub sport: Option<(u16, u16)>,
    pub dport: Option<(u16, u16)>,
}

fn prefix_accepts(p: &Option<Prefix>, family: u8, len: u8, addr: Option<&[u8]>) -> bool {
    let Some(p) = p else { return true };
    if p.family.af() != family || p.bits > len {
        return false;
    }
    match addr {
        // A rule without the address (`from all`) matches any prefix of length 0.
        None => true,
        Some(_) if p.bits == 0 => true,
        Some(a) => bits_equal(a, &p.bytes, p.bits),
    }
}

impl RuleFilter {
    pub fn accepts(&self, r: &RuleView) -> bool {
        if self.family != 0 && r.family.af() != self.family {
            return false;
        }
        if let Some(prio) = self.priority
            && prio != r.priority.unwrap_or(0)
        {
            return false;
        }
        if self.not && r.flags & FIB_RULE_INVERT == 0 {
            return false;
        }
        let src = r.src.as_ref().map(|a| a.as_bytes());
        let dst = r.dst.as_ref().map(|a| a.as_bytes());
        if !prefix_accepts(&self.src, r.family.af(), r.src_len, src)
            || !prefix_accepts(&self.dst, r.family.af(), r.dst_len, dst)
        {
            return false;
        }
        if self.tos.is_some_and(|t| t != r.tos)
            || self.fwmark.is_some_and(|m| m != r.fwmark.unwrap_or(0))
            || self.fwmask.is_some_and(|m| m != r.fwmask.unwrap_or(0))
        {
            return false;
        }
        if let Some(iif) = &self.iif
            && r.iifname.as_ref() != Some(iif)
        {
            return false;
        }
        if let Some(oif) = &self.oif
            && r.oifname.as_ref() != Some(oif)
        {
            return false;
        }
        if self.l3mdev && r.l3mdev.unwrap_or(0) == 0 {
            return false;
        }
        if self.uid_range.is_some() && self.uid_range != r.uid_range {
            return false;
        }
        if let Some(proto) = self.ip_proto
            && r.ip_proto != Some(proto)
        {
            return false;
        }
        if self.sport.is_some() && self.sport != r.sport {
            return false;
        }
        if self.dport.is_some() && self.dport != r.dport {
            return false;
        }
        if let Some(tun) = self.tun_id
            && r.tun_id != Some(tun)
        {
            return false;
        }
        if let Some(table) = self.table
            && table != super::kernel::table::UNSPEC
            && table != r.table_id()
        {
            return false;
        }
        // `protocol P` is parsed and validated, but iproute2 6.1 does not select by it
        // when listing (only `rule flush protocol P` uses it); neither do we.
        true
    }
}
