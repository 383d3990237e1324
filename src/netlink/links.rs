//! Interface index <-> name, read once per run with a single link dump. Resolving
//! names per route was iproute2's own historic bottleneck; one dump up front keeps
//! every later lookup a hash probe.

use super::Netlink;
use super::consts::*;
use crate::error::Result;
use std::collections::HashMap;

const IFINFOMSG_LEN: usize = 16;
const IFLA_IFNAME: u16 = 3;

/// The interface names of one network namespace.
#[derive(Debug, Default, Clone)]
pub struct LinkNames {
    by_index: HashMap<u32, String>,
}

impl LinkNames {
    /// Dumps every link once and keeps index and name.
    pub fn load(nl: &mut Netlink) -> Result<LinkNames> {
        let mut by_index = HashMap::new();
        // struct ifinfomsg, all zero: every family, every link.
        let request = [0u8; IFINFOMSG_LEN];
        nl.dump(RTM_GETLINK, &request, &mut |msg| {
            if msg.kind == RTM_NEWLINK
                && let Some((index, name)) = parse_link(msg.payload)
            {
                by_index.insert(index, name);
            }
            Ok(())
        })?;
        Ok(LinkNames { by_index })
    }

    /// Builds a cache from known pairs (tests, and callers that already know them).
    pub fn from_pairs(pairs: impl IntoIterator<Item = (u32, String)>) -> LinkNames {
        LinkNames {
            by_index: pairs.into_iter().collect(),
        }
    }

    /// The name printed for an index: the interface name, or `ifN` when unknown.
    pub fn name(&self, index: u32) -> std::borrow::Cow<'_, str> {
        match self.by_index.get(&index) {
            Some(name) => std::borrow::Cow::Borrowed(name),
            None => std::borrow::Cow::Owned(format!("if{index}")),
        }
    }

    /// Whether the index has a name here.
    pub fn knows(&self, index: u32) -> bool {
        self.by_index.contains_key(&index)
    }

    /// Every device name (for completion).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_index.values().map(String::as_str)
    }

    /// The index of a device name; `ifN` is accepted for an index without a name.
    pub fn index(&self, name: &str) -> Option<u32> {
        if let Some((&index, _)) = self.by_index.iter().find(|(_, n)| *n == name) {
            return Some(index);
        }
        let digits = name.strip_prefix("if")?;
        digits.parse::<u32>().ok().filter(|&i| i != 0)
    }
}

/// Index and IFLA_IFNAME of an RTM_NEWLINK payload.
fn parse_link(payload: &[u8]) -> Option<(u32, String)> {
    let index = i32::from_ne_bytes(payload.get(4..8)?.try_into().ok()?) as u32;
    let mut attrs = payload.get(IFINFOMSG_LEN..)?;
    while attrs.len() >= 4 {
        let len = u16::from_ne_bytes([attrs[0], attrs[1]]) as usize;
        let kind = u16::from_ne_bytes([attrs[2], attrs[3]]) & 0x3fff;
        if len < 4 || len > attrs.len() {
            break;
        }
        if kind == IFLA_IFNAME {
            let raw = &attrs[4..len];
            let raw = raw.split(|&b| b == 0).next().unwrap_or(&[]);
            return Some((index, String::from_utf8_lossy(raw).into_owned()));
        }
        attrs = &attrs[((len + 3) & !3).min(attrs.len())..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_indexes_print_as_if_n() {
        let links = LinkNames::from_pairs([(2, "eth0".to_string())]);
        assert_eq!(links.name(2), "eth0");
        assert_eq!(links.name(7), "if7");
        assert_eq!(links.index("eth0"), Some(2));
        assert_eq!(links.index("if9"), Some(9));
        assert_eq!(links.index("nope"), None);
    }
}
