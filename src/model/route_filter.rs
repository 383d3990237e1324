//! What `route show|flush` selects: the typed result of the selector grammar, and
//! the test every dumped route goes through. The kernel filters what it can (table,
//! protocol, output device under strict checking); this repeats every test so the
//! answer is right on kernels that filter less.

use super::Family;
use super::prefix::{Prefix, bits_equal};
use super::route::RouteView;

/// A value that must match under a mask (iproute2's `value`/`mask` pairs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Masked {
    pub value: u32,
    pub mask: u32,
}

impl Masked {
    pub fn exact(value: u32) -> Self {
        Masked { value, mask: !0 }
    }

    fn accepts(self, actual: u32) -> bool {
        (self.value ^ actual) & self.mask == 0
    }

    /// True when the filter pins the value down completely (the field then goes
    /// unprinted, as it would only repeat the selector).
    pub fn is_exact(self) -> bool {
        self.mask == !0
    }
}

/// How a destination (or source) prefix selects routes.
#[derive(Debug, Clone, Copy, Default)]
pub struct PrefixSelector {
    /// `root P`: routes inside P (route prefix at least as long, same leading bits).
    pub root: Option<Prefix>,
    /// `match P`: routes covering P (route prefix no longer than P's).
    pub matching: Option<Prefix>,
}

impl PrefixSelector {
    fn accepts(&self, family: u8, addr: &[u8], len: u8) -> bool {
        if let Some(root) = self.root.as_ref().filter(|p| !p.is_unconstrained()) {
            if root.family != Family::Unspec && root.family.af() != family {
                return false;
            }
            if root.bits > len || !bits_equal(addr, &root.bytes, root.bits) {
                return false;
            }
        }
        if let Some(m) = self.matching.as_ref().filter(|p| !p.is_unconstrained()) {
            if m.family != Family::Unspec && m.family.af() != family {
                return false;
            }
            if m.bits < len || !bits_equal(addr, &m.bytes, len) {
                return false;
            }
        }
        true
    }
}

/// The routing table a listing is restricted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableSelector {
    All,
    Id(TableId),
}

#[derive(Debug, Clone)]
pub struct RouteFilter {
    pub family: Family,
    pub table: TableSelector,
    /// `cloned`/`cached`/`table cache`: list cached (exception) routes only.
    pub cloned: bool,
    pub protocol: Masked,
    pub scope: Masked,
    /// Bit set of accepted route types; 0 accepts all.
    pub type_mask: u64,
    pub tos: Masked,
    pub dst: PrefixSelector,
    pub src: PrefixSelector,
    pub via: Option<Prefix>,
    pub prefsrc: Option<Prefix>,
    pub realm: Masked,
    pub iif: Masked,
    pub oif: Masked,
    pub mark: Masked,
    pub metric: Masked,
}

impl Default for RouteFilter {
    fn default() -> Self {
        RouteFilter {
            family: Family::Unspec,
            table: TableSelector::Id(RT_TABLE_MAIN),
            cloned: false,
            protocol: Masked::default(),
            scope: Masked::default(),
            type_mask: 0,
            tos: Masked::default(),
            dst: PrefixSelector::default(),
            src: PrefixSelector::default(),
            via: None,
            prefsrc: None,
            realm: Masked::default(),
            iif: Masked::default(),
            oif: Masked::default(),
            mark: Masked::default(),
            metric: Masked::default(),
        }
    }
}

/// Per-listing state the test needs: whether an IPv6 route outside `main` was seen.
/// Until one is, IPv6 routes are told apart by type only (an old kernel convention
/// iproute2 keeps: `table local` means local routes, `table main` the rest).
#[derive(Debug, Default)]
pub struct FilterState {
    pub ipv6_multiple_tables: bool,
}

use super::kernel::TableId;
use super::kernel::route_type::LOCAL as RTN_LOCAL;
use super::kernel::table::{LOCAL as RT_TABLE_LOCAL, MAIN as RT_TABLE_MAIN, UNSPEC};

impl RouteFilter {
    /// The table id to ask the kernel for (0 = every table).
    pub fn table_id(&self) -> TableId {
        match self.table {
            TableSelector::All => UNSPEC,
            TableSelector::Id(id) => id,
        }
    }

    /// Whether `route` is selected.
    pub fn accepts(&self, route: &RouteView, state: &mut FilterState) -> bool {
        // A family the kernel has no route dump for (`-0`, `-M` without MPLS
        // routing, `-B`) is answered with every family's routes: keep only ours.
        if self.family != Family::Unspec && route.family != self.family {
            return false;
        }
        let table = route.table;
        if route.family == Family::Inet6 && table != RT_TABLE_MAIN {
            state.ipv6_multiple_tables = true;
        }
        if self.cloned != route.is_cloned() {
            return false;
        }
        let wanted = self.table_id();
        if route.family == Family::Inet6 && !state.ipv6_multiple_tables {
            match wanted {
                UNSPEC => {}
                RT_TABLE_LOCAL if route.kind != RTN_LOCAL => return false,
                RT_TABLE_MAIN if route.kind == RTN_LOCAL => return false,
                RT_TABLE_LOCAL | RT_TABLE_MAIN => {}
                _ => return false,
            }
        } else if wanted != UNSPEC && wanted != table {
            return false;
        }
        if !self.protocol.accepts(route.protocol.0 as u32)
            || !self.scope.accepts(route.scope.0 as u32)
            || !self.tos.accepts(route.tos as u32)
        {
            return false;
        }
        if self.type_mask != 0 && self.type_mask & (1u64 << (route.kind.0 as u32 % 64)) == 0 {
            return false;
        }
        if !self
            .dst
            .accepts(route.family.af(), route.dst_bytes(), route.dst_len)
        {
            return false;
        }
        if !self
            .src
            .accepts(route.family.af(), route.src_bytes(), route.src_len)
        {
            return false;
        }
        if let Some(via) = &self.via {
            let (family, gateway) = route.gateway_for_filter();
            if family != via.family.af() || !bits_equal(gateway, &via.bytes, via.bits) {
                return false;
            }
        }
        if let Some(prefsrc) = &self.prefsrc
            && (route.family != prefsrc.family
                || !bits_equal(route.prefsrc_bytes(), &prefsrc.bytes, prefsrc.bits))
        {
            return false;
        }
        // An absent attribute compares as 0, as iproute2 compares it.
        self.realm.accepts(route.realm.unwrap_or(0))
            && self.iif.accepts(route.iif.unwrap_or(0))
            && self.oif.accepts(route.oif.unwrap_or(0))
            && self.mark.accepts(route.mark)
            && self.metric.accepts(route.metric.unwrap_or(0))
    }
}
