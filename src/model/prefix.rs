//! Addresses and prefixes as iproute2 reads them: `default`/`all`/`any`, IPv6 when the
//! word has a colon, otherwise IPv4 in iproute2's lenient dotted form (`10.8` is
//! 10.8.0.0, each part read by strtoul so `012` is octal and `0x10` hex), and a
//! prefix length that may be a number or a dotted netmask.

use super::Family;
use super::number::{parse_unsigned, strtoul};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A parsed address or prefix. `bits` is the prefix length; for a bare address it is
/// the full host length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefix {
    pub family: Family,
    /// Address bytes in network order (4 used for IPv4).
    pub bytes: [u8; 16],
    pub bits: u8,
    /// True when the word carried an explicit length (`/N`) or was `default`/`all`.
    pub len_given: bool,
    /// The word was `any` or `all`: iproute2 reads them as no address bytes at all
    /// (unlike `default`), so a request carries no attribute for them.
    pub no_bytes: bool,
}

impl Prefix {
    /// `get_prefix` semantics: None when the word is not a prefix of `family`.
    pub fn parse(word: &str, family: Family) -> Option<Prefix> {
        if family == Family::Packet {
            return None;
        }
        if family == Family::Mpls {
            // One label (a `/` here starts the length, at most 20 bits).
            let (label, len) = match word.split_once('/') {
                Some((l, n)) => (l, Some(parse_netmask(n).filter(|&n| n <= 20)?)),
                None => (word, None),
            };
            let labels = mpls_labels(label)?;
            let mut bytes = [0u8; 16];
            bytes[..4].copy_from_slice(&labels[..4]);
            return Some(Prefix {
                family,
                bytes,
                bits: len.unwrap_or(20) as u8,
                len_given: len.is_some(),
                no_bytes: false,
            });
        }
        if matches!(word, "default" | "any" | "all") {
            if family == Family::Mpls {
                return None;
            }
            // `all`/`any` of no particular family constrain nothing; `default`, or
            // any of the three with a family, means "prefix length 0".
            return Some(Prefix {
                family,
                bytes: [0; 16],
                bits: 0,
                len_given: word == "default" || family != Family::Unspec,
                no_bytes: word != "default",
            });
        }
        let (addr, len) = match word.split_once('/') {
            Some((a, l)) => (a, Some(l)),
            None => (word, None),
        };
        let (family_found, bytes) = parse_address(addr, family)?;
        let host_bits = family_found.host_bits();
        let mut prefix = Prefix {
            family: family_found,
            bytes,
            bits: host_bits,
            len_given: false,
            no_bytes: false,
        };
        if let Some(len) = len {
            let bits = parse_netmask(len)?;
            if bits > host_bits as u32 {
                return None;
            }
            prefix.bits = bits as u8;
            prefix.len_given = true;
        }
        Some(prefix)
    }

    /// True for `all`/`any` without a family: a selector that selects everything.
    pub fn is_unconstrained(&self) -> bool {
        self.family == Family::Unspec && !self.len_given
    }

    pub fn ip(&self) -> IpAddr {
        match self.family {
            Family::Inet6 => IpAddr::V6(Ipv6Addr::from(self.bytes)),
            _ => IpAddr::V4(Ipv4Addr::new(
                self.bytes[0],
                self.bytes[1],
                self.bytes[2],
                self.bytes[3],
            )),
        }
    }
}

/// True when the first `bits` bits of `a` and `b` agree (bytes beyond either slice
/// count as zero).
pub fn bits_equal(a: &[u8], b: &[u8], bits: u8) -> bool {
    let byte = |s: &[u8], i: usize| s.get(i).copied().unwrap_or(0);
    let full = (bits / 8) as usize;
    for i in 0..full {
        if byte(a, i) != byte(b, i) {
            return false;
        }
    }
    let rest = bits % 8;
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    byte(a, full) & mask == byte(b, full) & mask
}

/// An address word of the requested family (`get_addr_1`): IPv6 when it has a colon,
/// IPv4 otherwise.
pub fn parse_address(word: &str, family: Family) -> Option<(Family, [u8; 16])> {
    let mut bytes = [0u8; 16];
    if word.contains(':') {
        if !matches!(family, Family::Unspec | Family::Inet6) {
            return None;
        }
        let v6: Ipv6Addr = word.parse().ok()?;
        bytes.copy_from_slice(&v6.octets());
        return Some((Family::Inet6, bytes));
    }
    if !matches!(family, Family::Unspec | Family::Inet) {
        return None;
    }
    bytes[..4].copy_from_slice(&parse_lenient_ipv4(word)?);
    Some((Family::Inet, bytes))
}

/// iproute2's IPv4 reader: up to four dot-separated strtoul numbers, each at most 255,
/// missing trailing parts left zero.
fn parse_lenient_ipv4(word: &str) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut rest = word;
    for (i, slot) in out.iter_mut().enumerate() {
        let (n, after) = strtoul(rest, 0)?;
        if n > 255 {
            return None;
        }
        *slot = n as u8;
        if after.is_empty() {
            return Some(out);
        }
        if i == 3 || !after.starts_with('.') {
            return None;
        }
        rest = &after[1..];
    }
    Some(out)
}

/// A prefix length: a number, or a contiguous dotted IPv4 netmask.
fn parse_netmask(word: &str) -> Option<u32> {
    if let Some(n) = parse_unsigned(word, 0, u32::MAX as u64) {
        return Some(n as u32);
    }
    let mask = u32::from_be_bytes(parse_lenient_ipv4(word)?);
    let ones = mask.leading_ones();
    (mask.checked_shl(ones).unwrap_or(0) == 0).then_some(ones)
}

/// An MPLS label stack `L[/L...]` as wire words (label << 12, S bit on the last),
/// at most 64 labels each below 2^20.
pub fn mpls_labels(word: &str) -> Option<Vec<u8>> {
    read_labels(word).ok()
}

/// True when `word` holds more than iproute2's 64 labels (the first 64 read):
/// iproute2 then says `Error: too many labels.` before refusing the address.
pub fn too_many_mpls_labels(word: &str) -> bool {
    read_labels(word) == Err(true)
}

/// The label stack, or Err(true) when 64 labels were read and more follow.
fn read_labels(word: &str) -> Result<Vec<u8>, bool> {
    let mut out = Vec::new();
    let mut rest = word;
    for _ in 0..64 {
        let (label, after) = strtoul(rest, 0).ok_or(false)?;
        if label >= 1 << 20 {
            return Err(false);
        }
        let mut entry = (label as u32) << 12;
        if after.is_empty() {
            entry |= 1 << 8;
            out.extend_from_slice(&entry.to_be_bytes());
            return Ok(out);
        }
        out.extend_from_slice(&entry.to_be_bytes());
        rest = after.strip_prefix('/').ok_or(false)?;
    }
    Err(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_forms() {
        let p = Prefix::parse("10.8", Family::Unspec).unwrap();
        assert_eq!(
            (p.family, &p.bytes[..4], p.bits),
            (Family::Inet, &[10, 8, 0, 0][..], 32)
        );
        let p = Prefix::parse("012.8.0.0/0x10", Family::Unspec).unwrap();
        assert_eq!(
            (&p.bytes[..4], p.bits, p.len_given),
            (&[10, 8, 0, 0][..], 16, true)
        );
        let p = Prefix::parse("10.0.0.0/255.255.0.0", Family::Inet).unwrap();
        assert_eq!(p.bits, 16);
        assert!(Prefix::parse("10.0.0.0/33", Family::Unspec).is_none());
        assert!(Prefix::parse("10.0.0.0/255.0.255.0", Family::Unspec).is_none());
        assert!(Prefix::parse("256.1.1.1", Family::Unspec).is_none());
        assert!(Prefix::parse("foo", Family::Unspec).is_none());
        assert!(Prefix::parse("10.0.0.0/8", Family::Inet6).is_none());
    }

    #[test]
    fn ipv6_and_default() {
        let p = Prefix::parse("2001:db8::/32", Family::Unspec).unwrap();
        assert_eq!((p.family, p.bits), (Family::Inet6, 32));
        let d = Prefix::parse("default", Family::Unspec).unwrap();
        assert_eq!((d.family, d.bits, d.len_given), (Family::Unspec, 0, true));
        assert!(!d.no_bytes);
        let a = Prefix::parse("any", Family::Inet).unwrap();
        assert_eq!((a.family, a.bits, a.no_bytes), (Family::Inet, 0, true));
        assert!(
            Prefix::parse("all", Family::Unspec)
                .unwrap()
                .is_unconstrained()
        );
    }

    #[test]
    fn bit_comparison() {
        assert!(bits_equal(&[10, 8, 1, 1], &[10, 8, 0, 0], 16));
        assert!(!bits_equal(&[10, 8, 1, 1], &[10, 8, 0, 0], 17 + 7));
        assert!(bits_equal(&[0xff], &[0xf0], 4));
        assert!(!bits_equal(&[0xff], &[0xf0], 5));
    }
}
