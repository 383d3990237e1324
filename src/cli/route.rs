//! `ip route` verbs and the selector grammar of `route show|list|lst`.

use super::Words;
use super::grammar::route::SELECT;
use super::keyword::{abbreviates, first_match, recognise, recognise_among};
use crate::error::{Error, Result};
use crate::model::Family;
use crate::model::kernel::RouteType;
use crate::model::number::parse_unsigned;
use crate::model::prefix::Prefix;
use crate::model::route_filter::{Masked, PrefixSelector, RouteFilter, TableSelector};
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

/// A route type by name (see below) or number, as iproute2 reads it.
pub fn route_type_id(word: &str) -> Option<RouteType> {
    use crate::model::kernel::route_type::{self as rt, name};
    // iproute2 takes `local`, `nat` and `throw` only whole (and `brd`, short for
    // broadcast); the rest by any prefix, tried in this order, which is not the
    // kernel's: `u` is unreachable, not unicast.
    const WHOLE: [RouteType; 3] = [rt::LOCAL, rt::NAT, rt::THROW];
    const BY_PREFIX: [RouteType; 8] = [
        rt::BROADCAST,
        rt::ANYCAST,
        rt::MULTICAST,
        rt::PROHIBIT,
        rt::UNREACHABLE,
        rt::BLACKHOLE,
        rt::XRESOLVE,
        rt::UNICAST,
    ];
    const SHORT: [(&str, RouteType); 1] = [("brd", rt::BROADCAST)];
    let short = SHORT.iter().find(|&&(short, _)| short == word);
    short
        .map(|&(_, kind)| kind)
        .or_else(|| WHOLE.into_iter().find(|&kind| name(kind) == Some(word)))
        .or_else(|| {
            BY_PREFIX
                .into_iter()
                .find(|&kind| name(kind).is_some_and(|n| abbreviates(word, n)))
        })
        .or_else(|| parse_unsigned(word, 0, 255).map(|v| RouteType(v as u8)))
}

fn prefix(word: &str, family: Family) -> Result<Prefix> {
    Prefix::parse(word, family).ok_or_else(|| Error::bad_prefix(family, word))
}

/// `root P`, `match P`, `exact P` or a bare `P` (exact), after an optional
/// `to`/`from`. Only these three keywords are tried here: after `to`, `r` is
/// `root`, where on its own it would be `realms`.
fn prefix_selector(
    words: &mut Words,
    first: &str,
    family: Family,
    selector: &mut PrefixSelector,
) -> Result<()> {
    match recognise_among(first, &SELECT, &["root", "match", "exact"]) {
        Some("root") => selector.root = Some(prefix(words.value()?, family)?),
        Some("match") => selector.matching = Some(prefix(words.value()?, family)?),
        Some("exact") => {
            let p = prefix(words.value()?, family)?;
            (selector.root, selector.matching) = (Some(p), Some(p));
        }
        _ => {
            let p = prefix(first, family)?;
            (selector.root, selector.matching) = (Some(p), Some(p));
        }
    }
    Ok(())
}

/// `table ID|all|cache|help`.
fn table_selector(value: &str, names: &Names, filter: &mut RouteFilter) -> Result<()> {
    match names.table_id(value) {
        Some(id) => filter.table = TableSelector::Id(id),
        None if value == "all" => filter.table = TableSelector::All,
        None if value == "cache" => filter.cloned = true,
        None if value == "help" => return Err(Error::new(super::help::route_usage(), 255)),
        None => return Err(Error::invalid_arg(value, "table id value is invalid", true)),
    }
    Ok(())
}

/// `vrf NAME`: `default` is iproute2's name for the main table. Other names
/// are refused: listings do not look VRF devices up (this kernel has no vrf
/// link type to test them against).
fn vrf_selector(value: &str, filter: &mut RouteFilter) -> Result<()> {
    let Some(main) = crate::model::kernel::table::of_default_vrf(value) else {
        return Err(Error::invalid_arg(value, "Invalid VRF", true));
    };
    filter.table = TableSelector::Id(main);
    // A VRF's listing leaves out its local and broadcast routes.
    filter.type_mask = !((1u64 << 2) | (1u64 << 3));
    Ok(())
}

/// `protocol PROTO|all`.
fn protocol_selector(value: &str, names: &Names) -> Result<Masked> {
    match names.proto_id(value) {
        Some(id) => Ok(Masked::exact(id.0 as u32)),
        None if value == "all" => Ok(Masked::default()),
        None => Err(Error::invalid_arg(value, "invalid \"protocol\"", true)),
    }
}

/// `scope SCOPE|all`.
fn scope_selector(value: &str, names: &Names) -> Result<Masked> {
    match names.scope_id(value) {
        Some(id) => Ok(Masked::exact(id.0 as u32)),
        None if value == "all" => Ok(Masked {
            value: 255,
            mask: 0,
        }),
        None => Err(Error::invalid_arg(value, "invalid \"scope\"", true)),
    }
}

/// `via [FAMILY] ADDRESS`; `default`/`any`/`all` of no family select nothing.
fn via_selector(words: &mut Words, family: Family) -> Result<Option<Prefix>> {
    let mut value = words.value()?;
    let via_family = match Family::from_name(value) {
        Some(f) => {
            value = words.value()?;
            f
        }
        None => family,
    };
    Ok(Some(prefix(value, via_family)?).filter(|p| p.family != Family::Unspec))
}

/// A whole-word number, or iproute2's error for it.
fn number(value: &str, max: u32, error: &str, newline: bool) -> Result<u32> {
    parse_unsigned(value, 0, max as u64)
        .map(|v| v as u32)
        .ok_or_else(|| Error::invalid_arg(value, error, newline))
}

/// `realms [FROM/]TO`: a half left out (`/TO`, `FROM/`, or a bare `TO`'s source)
/// matches any realm there.
fn realms_selector(value: &str, names: &Names) -> Result<Masked> {
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
    Ok(Masked { value: realm, mask })
}

/// Parses the selectors of `route show|list|flush` (everything after the verb);
/// keywords are read through the `cli::grammar::route::SELECT` table, in its order.
pub fn parse_list(args: &[String], family: Family, names: &Names) -> Result<RouteListRequest> {
    let mut filter = RouteFilter::default();
    let mut iif = None;
    let mut oif = None;
    let mut words = Words::new(args);
    while let Some(word) = words.next_word() {
        let f = &mut filter;
        match recognise(word, &SELECT) {
            Some("table") => table_selector(words.value()?, names, f)?,
            Some("vrf") => vrf_selector(words.value()?, f)?,
            Some("cloned") => f.cloned = true,
            Some("tos") => {
                let value = words.value()?;
                let tos = names
                    .dsfield_id(value)
                    .ok_or_else(|| Error::invalid_arg(value, "TOS value is invalid", true))?;
                f.tos = Masked::exact(tos as u32);
            }
            Some("proto") => f.protocol = protocol_selector(words.value()?, names)?,
            Some("scope") => f.scope = scope_selector(words.value()?, names)?,
            Some("type") => {
                let value = words.value()?;
                let kind = route_type_id(value)
                    .ok_or_else(|| Error::invalid_arg(value, "node type value is invalid", true))?;
                f.type_mask = 1u64 << (kind.0 as u32 % 64);
            }
            Some("dev") => oif = Some(words.value()?.to_string()),
            Some("iif") => iif = Some(words.value()?.to_string()),
            Some("mark") => {
                let mark = number(words.value()?, u32::MAX, "invalid mark value", false)?;
                f.mark = Masked::exact(mark);
            }
            Some("metric") => {
                let value = words.value()?;
                let metric = crate::model::number::parse_u32(value).ok_or_else(|| {
                    Error::invalid_arg(value, "\"metric\" value is invalid", true)
                })?;
                f.metric = Masked::exact(metric);
            }
            Some("via") => f.via = via_selector(&mut words, family)?,
            Some("src") => {
                f.prefsrc =
                    Some(prefix(words.value()?, family)?).filter(|p| p.family != Family::Unspec);
            }
            Some("realms") => f.realm = realms_selector(words.value()?, names)?,
            Some("from") => {
                let first = words.value()?;
                prefix_selector(&mut words, first, family, &mut f.src)?;
            }
            Some("to") => {
                let first = words.value()?;
                prefix_selector(&mut words, first, family, &mut f.dst)?;
            }
            Some("root") | Some("match") | Some("exact") | None => {
                prefix_selector(&mut words, word, family, &mut f.dst)?
            }
            Some(other) => unreachable!("route list has no arm for {other}"),
        }
    }
    let mut dump_family = family;
    if dump_family == Family::Unspec && filter.table_id() != crate::model::kernel::table::UNSPEC {
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
