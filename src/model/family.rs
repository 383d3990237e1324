//! Address families as the command line names them.

/// An address family; `Unspec` means "whatever the command implies".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Family {
    #[default]
    Unspec,
    Inet,
    Inet6,
    Packet,
    Mpls,
    Bridge,
}

impl Family {
    /// The kernel's `AF_*` number.
    pub fn af(self) -> u8 {
        match self {
            Family::Unspec => 0,
            Family::Inet => 2,
            Family::Inet6 => 10,
            Family::Packet => 17,
            Family::Mpls => 28,
            Family::Bridge => 7,
        }
    }

    pub fn from_af(af: u8) -> Family {
        match af {
            2 => Family::Inet,
            10 => Family::Inet6,
            17 => Family::Packet,
            28 => Family::Mpls,
            7 => Family::Bridge,
            _ => Family::Unspec,
        }
    }

    /// `-family NAME` / `via inet6 ADDR`.
    pub fn from_name(name: &str) -> Option<Family> {
        match name {
            "inet" => Some(Family::Inet),
            "inet6" => Some(Family::Inet6),
            "link" => Some(Family::Packet),
            "mpls" => Some(Family::Mpls),
            "bridge" => Some(Family::Bridge),
            _ => None,
        }
    }

    /// The word iproute2 uses in "... prefix is expected" errors.
    pub fn verbose_name(self) -> &'static str {
        match self {
            Family::Unspec => "any valid",
            Family::Inet => "inet",
            Family::Inet6 => "inet6",
            Family::Packet => "link",
            Family::Mpls => "mpls",
            Family::Bridge => "bridge",
        }
    }

    /// Address length in bits for IP families.
    pub fn host_bits(self) -> u8 {
        match self {
            Family::Inet => 32,
            Family::Inet6 => 128,
            Family::Mpls => 20,
            _ => 0,
        }
    }
}
