//! `ip route` verbs and the selector grammar of `route show|list|lst`.

use super::Words;
use super::keyword::{abbreviates, first_match};
use crate::error::{Error, Result};
use crate::model::Family;
use crate::model::number::parse_unsigned;
use crate::model::prefix::Prefix;
use crate::model::route_filter::{Masked, RouteFilter, TableSelector};
use crate::names::Names;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteVerb {
    Add,
    Change,
    Replace,
    Prepend,
    Append,
    Test,
    Delete,
    List,
    Get,
    Flush,
    Save,
    Restore,
    ShowDump,
    Help,
}

/// Verbs in iproute2's matching order (`ip r s` is show, `ip r d` delete).
pub const VERBS: &[(&str, RouteVerb)] = &[
    ("add", RouteVerb::Add),
    ("change", RouteVerb::Change),
    ("replace", RouteVerb::Replace),
    ("prepend", RouteVerb::Prepend),
    ("append", RouteVerb::Append),
    ("test", RouteVerb::Test),
    ("delete", RouteVerb::Delete),
    ("list", RouteVerb::List),
    ("show", RouteVerb::List),
    ("lst", RouteVerb::List),
    ("get", RouteVerb::Get),
    ("flush", RouteVerb::Flush),
    ("save", RouteVerb::Save),
    ("restore", RouteVerb::Restore),
    ("showdump", RouteVerb::ShowDump),
    ("help", RouteVerb::Help),
];

/// The verb a word names (`chg`, the short form of `change`, must be spelled out).
pub fn verb(word: &str) -> Result<RouteVerb> {
    if word == "chg" {
        return Ok(RouteVerb::Change);
    }
    first_match(word, VERBS).ok_or_else(|| {
        Error::new(
            format!("Command \"{word}\" is unknown, try \"ip route help\".\n"),
            255,
        )
    })
}

/// A parsed `route show` request: the filter plus device names still to resolve.
#[derive(Debug, Clone)]
pub struct RouteListRequest {
    pub filter: RouteFilter,
    /// The family to dump (after iproute2's "a table implies IPv4" rule).
    pub family: Family,
    pub iif: Option<String>,
    pub oif: Option<String>,
}

/// Route types by name, in iproute2's matching order; `local`, `nat`, `blackhole`
/// is matched by prefix but `throw`, `local` and `nat` must be spelled out.
pub fn route_type_id(word: &str) -> Option<u8> {
    match word {
        "local" => return Some(2),
        "nat" => return Some(10),
        "brd" => return Some(3),
        "throw" => return Some(9),
        _ => {}
    }
    const BY_PREFIX: &[(&str, u8)] = &[
        ("broadcast", 3),
        ("anycast", 4),
        ("multicast", 5),
        ("prohibit", 8),
        ("unreachable", 7),
        ("blackhole", 6),
        ("xresolve", 11),
        ("unicast", 1),
    ];
    first_match(word, BY_PREFIX).or_else(|| parse_unsigned(word, 0, 255).map(|v| v as u8))
}

fn prefix(word: &str, family: Family) -> Result<Prefix> {
    Prefix::parse(word, family).ok_or_else(|| Error::bad_prefix(family, word))
}

/// `root P`, `match P`, `exact P` or a bare `P` (exact), after an optional `to`/`from`.
fn prefix_selector(
    words: &mut Words,
    first: &str,
    family: Family,
) -> Result<(Option<Prefix>, Option<Prefix>)> {
    if abbreviates(first, "root") {
        Ok((Some(prefix(words.value()?, family)?), None))
    } else if abbreviates(first, "match") {
        Ok((None, Some(prefix(words.value()?, family)?)))
    } else {
        let word = if abbreviates(first, "exact") {
            words.value()?
        } else {
            first
        };
        let p = prefix(word, family)?;
        Ok((Some(p), Some(p)))
    }
}

/// Parses the selectors of `route show|list|flush` (everything after the verb).
pub fn parse_list(args: &[String], family: Family, names: &Names) -> Result<RouteListRequest> {
    let mut filter = RouteFilter::default();
    let mut iif = None;
    let mut oif = None;
    let mut words = Words::new(args);
    while let Some(word) = words.next_word() {
        if abbreviates(word, "table") {
            let value = words.value()?;
            match names.table_id(value) {
                Some(id) => filter.table = TableSelector::Id(id),
                None if value == "all" => filter.table = TableSelector::All,
                None if value == "cache" => filter.cloned = true,
                None if value == "help" => return Err(Error::new(super::help::route_usage(), 255)),
                None => return Err(Error::invalid_arg(value, "table id value is invalid", true)),
            }
        } else if abbreviates(word, "vrf") {
            // `default` is iproute2's name for the main table. Other names are
            // refused: listings do not look VRF devices up yet (this kernel has
            // no vrf link type to test them against).
            let value = words.value()?;
            if value != "default" {
                return Err(Error::invalid_arg(value, "Invalid VRF", true));
            }
            filter.table = TableSelector::Id(254);
            // A VRF's listing leaves out its local and broadcast routes.
            filter.type_mask = !((1u64 << 2) | (1u64 << 3));
        } else if abbreviates(word, "cached") || abbreviates(word, "cloned") {
            filter.cloned = true;
        } else if word == "tos" || abbreviates(word, "dsfield") {
            let value = words.value()?;
            let tos = names
                .dsfield_id(value)
                .ok_or_else(|| Error::invalid_arg(value, "TOS value is invalid", true))?;
            filter.tos = Masked::exact(tos as u32);
        } else if abbreviates(word, "protocol") {
            let value = words.value()?;
            filter.protocol = match names.proto_id(value) {
                Some(id) => Masked::exact(id as u32),
                None if value == "all" => Masked::default(),
                None => return Err(Error::invalid_arg(value, "invalid \"protocol\"", true)),
            };
        } else if abbreviates(word, "scope") {
            let value = words.value()?;
            filter.scope = match names.scope_id(value) {
                Some(id) => Masked::exact(id as u32),
                None if value == "all" => Masked {
                    value: 255,
                    mask: 0,
                },
                None => return Err(Error::invalid_arg(value, "invalid \"scope\"", true)),
            };
        } else if abbreviates(word, "type") {
            let value = words.value()?;
            let kind = route_type_id(value)
                .ok_or_else(|| Error::invalid_arg(value, "node type value is invalid", true))?;
            filter.type_mask = 1u64 << (kind as u32 % 64);
        } else if word == "dev" || word == "oif" {
            oif = Some(words.value()?.to_string());
        } else if word == "iif" {
            iif = Some(words.value()?.to_string());
        } else if word == "mark" {
            let value = words.value()?;
            let mark = parse_unsigned(value, 0, u32::MAX as u64)
                .ok_or_else(|| Error::invalid_arg(value, "invalid mark value", false))?;
            filter.mark = Masked::exact(mark as u32);
        } else if abbreviates(word, "metric")
            || abbreviates(word, "priority")
            || word == "preference"
        {
            let value = words.value()?;
            let metric = crate::model::number::parse_u32(value)
                .ok_or_else(|| Error::invalid_arg(value, "\"metric\" value is invalid", true))?;
            filter.metric = Masked::exact(metric);
        } else if word == "via" {
            let mut value = words.value()?;
            let via_family = match Family::from_name(value) {
                Some(f) => {
                    value = words.value()?;
                    f
                }
                None => family,
            };
            // `default`/`any`/`all` of no family select nothing: no filter.
            filter.via = Some(prefix(value, via_family)?).filter(|p| p.family != Family::Unspec);
        } else if word == "src" {
            filter.prefsrc =
                Some(prefix(words.value()?, family)?).filter(|p| p.family != Family::Unspec);
        } else if abbreviates(word, "realms") {
            let value = words.value()?;
            let realm = names
                .realms_value(value)
                .ok_or_else(|| Error::invalid_arg(value, "invalid realms", true))?;
            let mut mask = !0u32;
            if realm & 0xffff == 0 && value.ends_with('/') {
                mask &= !0xffff;
            }
            if realm & 0xffff_0000 == 0 && (!value.contains('/') || value.starts_with('/')) {
                mask &= !0xffff_0000;
            }
            filter.realm = Masked { value: realm, mask };
        } else if abbreviates(word, "from") {
            let first = words.value()?;
            let (root, matching) = prefix_selector(&mut words, first, family)?;
            if let Some(r) = root {
                filter.src.root = Some(r);
            }
            if let Some(m) = matching {
                filter.src.matching = Some(m);
            }
        } else {
            let first = if abbreviates(word, "to") {
                words.value()?
            } else {
                word
            };
            let (root, matching) = prefix_selector(&mut words, first, family)?;
            if let Some(r) = root {
                filter.dst.root = Some(r);
            }
            if let Some(m) = matching {
                filter.dst.matching = Some(m);
            }
        }
    }
    let mut dump_family = family;
    if dump_family == Family::Unspec && filter.table_id() != 0 {
        dump_family = Family::Inet;
    }
    filter.family = dump_family;
    Ok(RouteListRequest {
        filter,
        family: dump_family,
        iif,
        oif,
    })
}
