//! Interface index <-> name, read once per run with a single link dump. Resolving
//! names per route was iproute2's own historic bottleneck; one dump up front keeps
//! every later lookup in memory: a hash probe from index to name, a scan of the
//! (few) links from name to index. Also the fuller link records `route explain`
//! walks.

use super::Netlink;
use super::consts::*;
use crate::error::Result;
use std::collections::HashMap;

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
            return Some((index, crate::lossless::decode(raw).into_owned()));
        }
        attrs = &attrs[((len + 3) & !3).min(attrs.len())..];
    }
    None
}

/// One link as `route explain` needs it.
#[derive(Debug, Clone)]
pub struct Link {
    pub index: u32,
    pub name: String,
    /// IFF_UP is set.
    pub up: bool,
    /// IFLA_GROUP, when reported.
    pub group: Option<u32>,
}

const IFF_UP: u32 = 1;
const IFLA_GROUP: u16 = 27;

/// Every link of the namespace, with one dump.
pub fn links(nl: &mut Netlink) -> Result<Vec<Link>> {
    let mut links = Vec::new();
    let request = [0u8; IFINFOMSG_LEN];
    nl.dump(RTM_GETLINK, &request, &mut |msg| {
        if msg.kind == RTM_NEWLINK
            && let Some(link) = parse_link_record(msg.payload)
        {
            links.push(link);
        }
        Ok(())
    })?;
    Ok(links)
}

/// Index, flags, IFLA_IFNAME and IFLA_GROUP of an RTM_NEWLINK payload.
fn parse_link_record(payload: &[u8]) -> Option<Link> {
    let index = u32::from_ne_bytes(payload.get(4..8)?.try_into().ok()?);
    let flags = u32::from_ne_bytes(payload.get(8..12)?.try_into().ok()?);
    let mut link = Link {
        index,
        name: String::new(),
        up: flags & IFF_UP != 0,
        group: None,
    };
    let mut named = false;
    for (kind, value) in super::attrs::attributes(payload.get(IFINFOMSG_LEN..)?) {
        match kind {
            IFLA_IFNAME => {
                let name = value.split(|&b| b == 0).next().unwrap_or(&[]);
                link.name = crate::lossless::decode(name).into_owned();
                named = true;
            }
            IFLA_GROUP if value.len() >= 4 => link.group = Some(super::attrs::u32_of(value)),
            _ => {}
        }
    }
    // The kernel names every link; one without a name is left out.
    named.then_some(link)
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
