//! `ip rule` verbs and the selector grammar of `rule list|show`.

use super::Words;
use super::keyword::{abbreviates, first_match};
use crate::error::{Error, Result};
use crate::model::Family;
use crate::model::number::{parse_u32, parse_unsigned};
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

const VERBS: &[(&str, RuleVerb)] = &[
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

/// `A-B` (sscanf `%u-%u`).
fn parse_range_u32(word: &str) -> Option<(u32, u32)> {
    let (a, b) = word.split_once('-')?;
    let lead = |s: &str| -> Option<u32> {
        let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
        digits.parse::<u64>().ok().map(|v| v as u32)
    };
    Some((lead(a.trim_start())?, lead(b.trim_start())?))
}

/// A port or port range `N` / `A-B`.
fn parse_port_range(word: &str) -> Option<(u16, u16)> {
    match word.split_once('-') {
        Some((a, b)) => {
            let a = parse_unsigned(a, 0, 65535)? as u16;
            let b = parse_unsigned(b, 0, 65535)? as u16;
            Some((a, b))
        }
        None => {
            let p = parse_unsigned(word, 0, 65535)? as u16;
            Some((p, p))
        }
    }
}

/// Parses the selectors of `rule list|show|flush|save`.
pub fn parse_list(args: &[String], family: Family, names: &Names) -> Result<RuleFilter> {
    let family = rule_family(family);
    let mut f = RuleFilter {
        family: family.af(),
        ..Default::default()
    };
    let mut words = Words::new(args);
    while let Some(word) = words.next_word() {
        if abbreviates(word, "preference")
            || abbreviates(word, "order")
            || abbreviates(word, "priority")
        {
            let v = words.value()?;
            f.priority = Some(
                parse_u32(v)
                    .ok_or_else(|| Error::invalid_arg(v, "preference value is invalid", true))?,
            );
        } else if word == "not" {
            f.not = true;
        } else if word == "tos" {
            let v = words.value()?;
            f.tos = Some(
                names
                    .dsfield_id(v)
                    .ok_or_else(|| Error::invalid_arg(v, "TOS value is invalid", true))?,
            );
        } else if word == "fwmark" {
            let (mark, mask) = fwmark(words.value()?)?;
            f.fwmark = Some(mark);
            f.fwmask = mask;
        } else if word == "dev" || word == "iif" {
            let v = words.value()?;
            check_ifname(v, "\"iif\"/\"dev\" not a valid ifname")?;
            f.iif = Some(v.to_string());
        } else if word == "oif" {
            let v = words.value()?;
            check_ifname(v, "\"oif\" not a valid ifname")?;
            f.oif = Some(v.to_string());
        } else if word == "l3mdev" {
            f.l3mdev = true;
        } else if word == "uidrange" {
            let v = words.value()?;
            f.uid_range = Some(
                parse_range_u32(v)
                    .ok_or_else(|| Error::invalid_arg(v, "invalid UID range", true))?,
            );
        } else if abbreviates(word, "tun_id") {
            let v = words.value()?;
            f.tun_id = Some(
                parse_unsigned(v, 0, u64::MAX)
                    .ok_or_else(|| Error::invalid_arg(v, "\"tun_id\" value is invalid", true))?,
            );
        } else if abbreviates(word, "lookup") || abbreviates(word, "table") {
            let v = words.value()?;
            f.table = Some(
                names
                    .table_id(v)
                    .ok_or_else(|| Error::invalid_arg(v, "table id value is invalid", true))?,
            );
        } else if abbreviates(word, "from") || abbreviates(word, "src") {
            let v = words.value()?;
            f.src = Some(Prefix::parse(v, family).ok_or_else(|| Error::bad_prefix(family, v))?);
        } else if abbreviates(word, "protocol") {
            let v = words.value()?;
            f.protocol = match names.proto_id(v) {
                Some(p) => Some(p),
                None if v == "all" => None,
                None => return Err(Error::invalid_arg(v, "invalid \"protocol\"", true)),
            };
        } else if abbreviates(word, "ipproto") {
            let v = words.value()?;
            f.ip_proto = Some(
                names
                    .ip_proto_id(v)
                    .ok_or_else(|| Error::invalid_arg(v, "Invalid \"ipproto\" value", true))?,
            );
        } else if abbreviates(word, "sport") {
            let v = words.value()?;
            f.sport = Some(
                parse_port_range(v)
                    .ok_or_else(|| Error::invalid_arg(v, "invalid port range", true))?,
            );
        } else if abbreviates(word, "dport") {
            let v = words.value()?;
            f.dport = Some(
                parse_port_range(v)
                    .ok_or_else(|| Error::invalid_arg(v, "invalid dport range", true))?,
            );
        } else {
            let v = if abbreviates(word, "dst") || abbreviates(word, "to") {
                words.value()?
            } else {
                word
            };
            f.dst = Some(Prefix::parse(v, family).ok_or_else(|| Error::bad_prefix(family, v))?);
        }
    }
    Ok(f)
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
