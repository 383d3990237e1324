//! Address families as the command line names them.

use super::kernel::{AF_BRIDGE, AF_INET, AF_INET6, AF_MPLS, AF_PACKET, AF_UNSPEC};

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
    /// A number the kernel reported that has no name here.
    Other(u8),
}

/// Each family with its kernel number and the name iproute2 reads and prints.
const FAMILIES: [(Family, u8, &str); 6] = [
    (Family::Unspec, AF_UNSPEC, "unspec"),
    (Family::Inet, AF_INET, "inet"),
    (Family::Inet6, AF_INET6, "inet6"),
    (Family::Packet, AF_PACKET, "link"),
    (Family::Mpls, AF_MPLS, "mpls"),
    (Family::Bridge, AF_BRIDGE, "bridge"),
];

impl Family {
    fn entry(self) -> (Family, u8, &'static str) {
        FAMILIES
            .into_iter()
            .find(|&(f, _, _)| f == self)
            .expect("every family is listed")
    }

    /// The kernel's `AF_*` number.
    pub fn af(self) -> u8 {
        match self {
            Family::Other(af) => af,
            f => f.entry().1,
        }
    }

    /// The family of a kernel number; None for a number we do not name.
    pub fn known_af(af: u8) -> Option<Family> {
        FAMILIES
            .into_iter()
            .find(|&(_, n, _)| n == af)
            .map(|(f, _, _)| f)
    }

    /// The family of a kernel number, named or not.
    pub fn from_af(af: u8) -> Family {
        Family::known_af(af).unwrap_or(Family::Other(af))
    }

    /// `-family NAME` / `via inet6 ADDR`.
    pub fn from_name(name: &str) -> Option<Family> {
        FAMILIES
            .into_iter()
            .find(|&(f, _, n)| n == name && f != Family::Unspec)
            .map(|(f, _, _)| f)
    }

    /// The family's name as iproute2 prints it (`unspec` for none, `???` for a
    /// number without a name).
    pub fn name(self) -> &'static str {
        match self {
            Family::Other(_) => "???",
            f => f.entry().2,
        }
    }

    /// The word iproute2 uses in "... prefix is expected" errors.
    pub fn verbose_name(self) -> &'static str {
        match self {
            Family::Unspec => "any valid",
            f => f.name(),
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
