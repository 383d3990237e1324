//! Kernel numbers the model, the grammar and the renderer share (linux/socket.h,
//! linux/rtnetlink.h, linux/fib_rules.h), each defined here once. The wire
//! layer's own numbers (message types, header flags, attribute types) live in
//! `netlink::consts`.

/// Address families (`AF_*`).
pub const AF_UNSPEC: u8 = 0;
pub const AF_INET: u8 = 2;
pub const AF_BRIDGE: u8 = 7;
pub const AF_INET6: u8 = 10;
pub const AF_PACKET: u8 = 17;
pub const AF_MPLS: u8 = 28;

/// A routing table id: any 32-bit number, named through the table names file
/// when printed. The reserved ids are in `table`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TableId(pub u32);

/// The number, as a command line may give it.
impl std::fmt::Display for TableId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl From<u32> for TableId {
    fn from(id: u32) -> TableId {
        TableId(id)
    }
}

/// The number, as a message may give it.
impl std::fmt::Display for RouteType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Reserved routing table ids (`RT_TABLE_*`).
pub mod table {
    use super::TableId;

    pub const UNSPEC: TableId = TableId(0);
    pub const COMPAT: TableId = TableId(252);
    pub const DEFAULT: TableId = TableId(253);
    pub const MAIN: TableId = TableId(254);
    pub const LOCAL: TableId = TableId(255);

    /// The table a route or rule belongs to: its 32-bit table attribute when
    /// present, else the 8-bit table of its header (which cannot hold ids above
    /// 255, hence the attribute).
    pub fn effective(header: u8, attribute: Option<u32>) -> TableId {
        TableId(attribute.unwrap_or(header as u32))
    }

    /// How a table id travels: the header's 8-bit field when it fits, and the
    /// 32-bit attribute for larger ids (the header then says `unspec`).
    pub fn split(id: TableId) -> (u8, Option<u32>) {
        match u8::try_from(id.0) {
            Ok(small) => (small, None),
            Err(_) => (UNSPEC.0 as u8, Some(id.0)),
        }
    }

    /// The table of `vrf default`: iproute2 calls the main table's VRF `default`.
    pub fn of_default_vrf(name: &str) -> Option<TableId> {
        (name == "default").then_some(MAIN)
    }
}

/// What a route does with a packet (`RTN_*`): any 8-bit number; a number
/// without a name prints as the number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RouteType(pub u8);

/// Route types (`RTN_*`), in the kernel's order.
pub mod route_type {
    use super::RouteType;

    pub const UNSPEC: RouteType = RouteType(0);
    pub const UNICAST: RouteType = RouteType(1);
    pub const LOCAL: RouteType = RouteType(2);
    pub const BROADCAST: RouteType = RouteType(3);
    pub const ANYCAST: RouteType = RouteType(4);
    pub const MULTICAST: RouteType = RouteType(5);
    pub const BLACKHOLE: RouteType = RouteType(6);
    pub const UNREACHABLE: RouteType = RouteType(7);
    pub const PROHIBIT: RouteType = RouteType(8);
    pub const THROW: RouteType = RouteType(9);
    pub const NAT: RouteType = RouteType(10);
    pub const XRESOLVE: RouteType = RouteType(11);

    /// Names by number, as iproute2 prints them (`none` for 0).
    pub const NAMES: [&str; 12] = [
        "none",
        "unicast",
        "local",
        "broadcast",
        "anycast",
        "multicast",
        "blackhole",
        "unreachable",
        "prohibit",
        "throw",
        "nat",
        "xresolve",
    ];

    /// The name of a route type; None for a number without one.
    pub fn name(kind: RouteType) -> Option<&'static str> {
        NAMES.get(kind.0 as usize).copied()
    }
}

/// Who installed a route or rule (`RTPROT_*`): any number, named through the
/// protocol names file when printed. The ones the code treats specially are
/// constants here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Protocol(pub u8);

impl Protocol {
    pub const UNSPEC: Protocol = Protocol(0);
    pub const KERNEL: Protocol = Protocol(2);
    pub const BOOT: Protocol = Protocol(3);
}

/// The number, as a command line may give it.
impl std::fmt::Display for Protocol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// How far a route reaches (`RT_SCOPE_*`): any 8-bit number, named through
/// the scope names file when printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Scope(pub u8);

impl Scope {
    pub const UNIVERSE: Scope = Scope(0);
    pub const LINK: Scope = Scope(253);
    pub const HOST: Scope = Scope(254);
    pub const NOWHERE: Scope = Scope(255);
}

/// Flags of a next hop (`rtnh_flags`; the low byte of a route header's flags
/// too).
pub mod nexthop_flags {
    pub const DEAD: u32 = 1;
    pub const ONLINK: u32 = 4;
    pub const LINKDOWN: u32 = 16;
}

/// The unit of the kernel's time fields (cache info, nexthop group timers).
pub const USER_HZ: u64 = 100;

/// Flags of a route header (`rtm_flags`).
pub mod route_flags {
    /// The answer to a lookup is reported as a notification.
    pub const NOTIFY: u32 = 0x100;
    /// A cached clone, not a configured route.
    pub const CLONED: u32 = 0x200;
    /// Look up in the table the rules pick (IPv4 only).
    pub const LOOKUP_TABLE: u32 = 0x1000;
    /// Answer with the matching route instead of a clone.
    pub const FIB_MATCH: u32 = 0x2000;
}

/// Rule actions (`FR_ACT_*`).
pub mod rule_action {
    pub const UNSPEC: u8 = 0;
    pub const TO_TBL: u8 = 1;
    pub const GOTO: u8 = 2;
    pub const NOP: u8 = 3;
    pub const BLACKHOLE: u8 = 6;
    pub const UNREACHABLE: u8 = 7;
    pub const PROHIBIT: u8 = 8;
}
