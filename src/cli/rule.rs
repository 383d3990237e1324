//! `ip rule` verbs and the selector grammar of `rule list|show`.

use super::Words;
use super::grammar::rule::LIST;
use super::keyword::{first_match, recognise};
use crate::error::{Error, Result};
use crate::model::Family;
use crate::model::number::{parse_u32, parse_u64, strtoul};
use crate::model::prefix::Prefix;
use crate::model::rule_filter::RuleFilter;
use crate::names::Names;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleVerb {
    List,
    Save,
    Restore,
    Add,
    Delete,
    Flush,
    Help,
}

pub const VERBS: &[(&str, RuleVerb)] = &[
    ("list", RuleVerb::List),
    ("lst", RuleVerb::List),
    ("show", RuleVerb::List),
    ("save", RuleVerb::Save),
    ("restore", RuleVerb::Restore),
    ("add", RuleVerb::Add),
    ("delete", RuleVerb::Delete),
    ("flush", RuleVerb::Flush),
    ("help", RuleVerb::Help),
];

pub fn verb(word: &str) -> Result<RuleVerb> {
    first_match(word, VERBS).ok_or_else(|| {
        Error::new(
            format!("Command \"{word}\" is unknown, try \"ip rule help\".\n"),
            255,
        )
    })
}

/// `ip rule` works on IPv4 unless `-6` (or `-family`) says otherwise.
pub fn rule_family(family: Family) -> Family {
    if family == Family::Unspec {
        Family::Inet
    } else {
        family
    }
}

/// C's `sscanf(word, "%u-%u")` (and `%hu`): how many numbers were read, and them.
/// Each is read as strtoul reads it (blanks, a sign, decimal digits, a negative
/// value wrapping); the caller cuts it to its width as sscanf does.
fn scan_range(word: &str) -> (usize, u64, u64) {
    let Some((first, rest)) = strtoul(word, 10) else {
        return (0, 0, 0);
    };
    match rest.strip_prefix('-').and_then(|r| strtoul(r, 10)) {
        Some((second, _)) => (2, first, second),
        None => (1, first, first),
    }
}

/// A port selector: `N` or `A-B`, trailing junk ignored, values cut to 16 bits.
fn scan_ports(word: &str) -> Option<(u16, u16)> {
    match scan_range(word) {
        (0, _, _) => None,
        (_, a, b) => Some((a as u16, b as u16)),
    }
}

/// Parses the selectors of `rule list|show|flush|save`; keywords are read through
/// the `cli::grammar::rule::LIST` table, in its order.
pub fn parse_list(args: &[String], family: Family, names: &Names) -> Result<RuleFilter> {
    let family = rule_family(family);
    let mut f = RuleFilter {
        family: family.af(),
        ..Default::default()
    };
    let mut words = Words::new(args);
    while let Some(word) = words.next_word() {
        let Some(keyword) = recognise(word, &LIST) else {
            f.dst = Some(list_prefix(word, family)?);
            continue;
        };
        // `not` and `l3mdev` take no value; every other keyword does.
        match keyword {
            "not" => f.not = true,
            "l3mdev" => f.l3mdev = true,
            _ => selector(keyword, words.value()?, family, names, &mut f)?,
        }
    }
    Ok(f)
}

fn list_prefix(word: &str, family: Family) -> Result<Prefix> {
    Prefix::parse(word, family).ok_or_else(|| Error::bad_prefix(family, word))
}

/// One `rule list` selector and its value. As with every number below, 0
/// selects nothing in iproute2's list.
fn selector(
    keyword: &str,
    v: &str,
    family: Family,
    names: &Names,
    f: &mut RuleFilter,
) -> Result<()> {
    match keyword {
        "pref" => {
            let pref = parse_u32(v)
                .ok_or_else(|| Error::invalid_arg(v, "preference value is invalid", true))?;
            f.priority = Some(pref);
        }
        "tos" => {
            let tos = names
                .dsfield_id(v)
                .ok_or_else(|| Error::invalid_arg(v, "TOS value is invalid", true))?;
            f.tos = Some(tos);
        }
        "fwmark" => {
            let (mark, mask) = fwmark(v)?;
            f.fwmark = Some(mark).filter(|&m| m != 0);
            f.fwmask = mask.filter(|&m| m != 0);
        }
        "iif" => {
            check_ifname(v, "\"iif\"/\"dev\" not a valid ifname")?;
            f.iif = Some(v.to_string());
        }
        "oif" => {
            check_ifname(v, "\"oif\" not a valid ifname")?;
            f.oif = Some(v.to_string());
        }
        "uidrange" => {
            f.uid_range = match scan_range(v) {
                (2, a, b) => Some((a as u32, b as u32)),
                _ => return Err(Error::invalid_arg(v, "invalid UID range", true)),
            };
        }
        "tun_id" => {
            let tun_id = parse_u64(v)
                .ok_or_else(|| Error::invalid_arg(v, "\"tun_id\" value is invalid", true))?;
            f.tun_id = Some(tun_id).filter(|&t| t != 0);
        }
        "table" => {
            let table = names
                .table_id(v)
                .ok_or_else(|| Error::invalid_arg(v, "table id value is invalid", true))?;
            f.table = Some(table);
        }
        "from" => f.src = Some(list_prefix(v, family)?),
        "protocol" => {
            f.protocol = match names.proto_id(v) {
                Some(p) => Some(p),
                None if v == "all" => None,
                None => return Err(Error::invalid_arg(v, "invalid \"protocol\"", true)),
            };
        }
        "ipproto" => {
            let proto = names
                .ip_proto_id(v)
                .ok_or_else(|| Error::invalid_arg(v, "Invalid \"ipproto\" value", true))?;
            f.ip_proto = Some(proto).filter(|&p| p != 0);
        }
        "sport" => {
            let ports =
                scan_ports(v).ok_or_else(|| Error::invalid_arg(v, "invalid port range", true))?;
            f.sport = Some(ports).filter(|&(start, _)| start != 0);
        }
        "dport" => {
            let ports =
                scan_ports(v).ok_or_else(|| Error::invalid_arg(v, "invalid dport range", true))?;
            f.dport = Some(ports).filter(|&(start, _)| start != 0);
        }
        // `dst`/`to`: the rest of the table.
        _ => f.dst = Some(list_prefix(v, family)?),
    }
    Ok(())
}

/// `fwmark MARK[/MASK]`, shared by the rule grammars.
pub(crate) fn fwmark(word: &str) -> Result<(u32, Option<u32>)> {
    let (mark, mask) = match word.split_once('/') {
        Some((m, k)) => (m, Some(k)),
        None => (word, None),
    };
    let mark =
        parse_u32(mark).ok_or_else(|| Error::invalid_arg(mark, "fwmark value is invalid", true))?;
    let mask = match mask {
        Some(k) => Some(
            parse_u32(k).ok_or_else(|| Error::invalid_arg(k, "fwmask value is invalid", true))?,
        ),
        None => None,
    };
    Ok((mark, mask))
}

/// iproute2's interface-name check: 1..15 bytes, no `/`, no whitespace.
pub(crate) fn check_ifname(name: &str, what: &str) -> Result<()> {
    let bad = name.is_empty()
        || name.len() >= 16
        || name.contains('/')
        || name.chars().any(char::is_whitespace);
    if bad {
        return Err(Error::invalid_arg(name, what, false));
    }
    Ok(())
}
