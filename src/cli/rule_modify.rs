//! The grammar of `ip rule add|del`: keyword/value pairs in iproute2 6.1's order of
//! matching, producing a `RuleRequest`.

use super::Words;
use super::keyword::abbreviates;
use super::rule::check_ifname;
use crate::error::{Error, Result};
use crate::model::Family;
use crate::model::number::{parse_u32, parse_u64, strtoul};
use crate::model::prefix::{Prefix, parse_address};
use crate::model::rule_request::*;
use crate::names::Names;
use bounds::RuleMessage;

mod bounds;

fn prefix(word: &str, family: Family) -> Result<Prefix> {
    Prefix::parse(word, family).ok_or_else(|| Error::bad_prefix(family, word))
}

/// sscanf's `%u`: optional blanks and sign, decimal digits; the value wraps to 32
/// bits as glibc does. Returns the value and the rest.
fn scan_u32(s: &str) -> Option<(u32, &str)> {
    let (v, rest) = strtoul(s, 10)?;
    Some((v as u32, rest))
}

/// `%u-%u` for uid ranges.
fn uid_range(word: &str) -> Option<(u32, u32)> {
    let (start, rest) = scan_u32(word)?;
    let rest = rest.strip_prefix('-')?;
    let (end, _) = scan_u32(rest)?;
    Some((start, end))
}

/// `%hu-%hu` for port ranges; a single port is `N-N`.
fn port_range(word: &str) -> Option<(u16, u16)> {
    let (start, rest) = strtoul(word, 10)?;
    let start = start as u16;
    match rest.strip_prefix('-').and_then(|r| strtoul(r, 10)) {
        Some((end, _)) => Some((start, end as u16)),
        None => Some((start, start)),
    }
}

/// `strtol` base 0 over the whole word, as a 32-bit signed value.
fn signed_i32(word: &str) -> Option<i32> {
    // strtol skips what C's isspace calls white space: ASCII only.
    let trimmed = word.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let (negative, body) = match trimmed.strip_prefix('-') {
        Some(body) => (true, body),
        None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let (v, rest) = strtoul(body, 0)?;
    if !rest.is_empty() || body.starts_with(['-', '+']) {
        return None;
    }
    let v = i64::try_from(v).ok()?;
    i32::try_from(if negative { -v } else { v }).ok()
}

/// Parses the words after `rule add|del`. What iproute2 cannot fit in its request
/// buffer is reported as iproute2 reports it, and refused (`bounds`).
pub fn parse(args: &[String], family: Family, names: &Names) -> Result<RuleRequest> {
    let mut message = RuleMessage::default();
    let parsed = parse_words(args, family, names, &mut message);
    message.outcome(parsed)
}

fn parse_words(
    args: &[String],
    family: Family,
    names: &Names,
    message: &mut RuleMessage,
) -> Result<RuleRequest> {
    let mut r = RuleRequest {
        family,
        ..Default::default()
    };
    let mut words = Words::new(args);
    while let Some(word) = words.next_word() {
        let saved = message.before_keyword(&mut r);
        if word == "not" {
            r.invert = true;
        } else if word == "from" {
            r.src = Some(prefix(words.value()?, family)?);
        } else if word == "to" {
            r.dst = Some(prefix(words.value()?, family)?);
        } else if abbreviates(word, "preference")
            || abbreviates(word, "order")
            || abbreviates(word, "priority")
        {
            let v = words.value()?;
            r.priority = Some(
                parse_u32(v)
                    .ok_or_else(|| Error::invalid_arg(v, "preference value is invalid", true))?,
            );
        } else if word == "tos" || abbreviates(word, "dsfield") {
            let v = words.value()?;
            r.tos = names
                .dsfield_id(v)
                .ok_or_else(|| Error::invalid_arg(v, "TOS value is invalid", true))?;
        } else if word == "fwmark" {
            let (mark, mask) = super::rule::fwmark(words.value()?)?;
            r.fwmark = Some(mark);
            // An earlier mask stays (iproute2 adds attributes, never removes).
            if mask.is_some() {
                r.fwmask = mask;
            }
        } else if abbreviates(word, "realms") {
            let v = words.value()?;
            r.realms = Some(
                names
                    .realms_value(v)
                    .ok_or_else(|| Error::invalid_arg(v, "invalid realms", true))?,
            );
        } else if abbreviates(word, "protocol") {
            let v = words.value()?;
            r.protocol = Some(
                names
                    .proto_id(v)
                    .ok_or_else(|| Error::invalid_arg(v, "\"protocol\" value is invalid", true))?,
            );
        } else if abbreviates(word, "tun_id") {
            let v = words.value()?;
            r.tun_id = Some(
                parse_u64(v)
                    .ok_or_else(|| Error::invalid_arg(v, "\"tun_id\" value is invalid", true))?,
            );
        } else if abbreviates(word, "table") || word == "lookup" {
            let v = words.value()?;
            let table = names
                .table_id(v)
                .ok_or_else(|| Error::invalid_arg(v, "invalid table ID", true))?;
            r.table = Some(table);
            if table >= 256 {
                r.table_attr = Some(table);
            }
            r.table_given = true;
        } else if abbreviates(word, "suppress_prefixlength") || word == "sup_pl" {
            let v = words.value()?;
            let invalid = || Error::invalid_arg(v, "suppress_prefixlength value is invalid", true);
            let len = signed_i32(v).ok_or_else(invalid)?;
            if len < 0 {
                return Err(invalid());
            }
            r.suppress_prefixlen = Some(len);
        } else if abbreviates(word, "suppress_ifgroup") || word == "sup_group" {
            let v = words.value()?;
            r.suppress_ifgroup = Some(names.group_id(v).ok_or_else(|| {
                Error::invalid_arg(v, "Invalid \"suppress_ifgroup\" value", true)
            })?);
        } else if word == "dev" || word == "iif" {
            let v = words.value()?;
            check_ifname(v, "\"iif\"/\"dev\" not a valid ifname")?;
            r.iif = Some(v.to_string());
        } else if word == "oif" {
            let v = words.value()?;
            check_ifname(v, "\"oif\" not a valid ifname")?;
            r.oif = Some(v.to_string());
        } else if word == "l3mdev" {
            r.l3mdev = true;
            r.table_given = true;
        } else if word == "uidrange" {
            let v = words.value()?;
            r.uid_range =
                Some(uid_range(v).ok_or_else(|| Error::invalid_arg(v, "invalid UID range", true))?);
        } else if word == "nat" || abbreviates(word, "map-to") {
            let v = words.value()?;
            crate::lossless::eprint("Warning: route NAT is deprecated\n");
            let addr = match parse_address(v, Family::Inet) {
                Some((_, bytes)) => [bytes[0], bytes[1], bytes[2], bytes[3]],
                None => {
                    return Err(Error::new(
                        format!("Error: an IP address is expected rather than \"{v}\"\n"),
                        1,
                    ));
                }
            };
            r.nat_gateway = Some(addr);
            r.action = Some(RTN_NAT);
        } else if word == "ipproto" {
            let v = words.value()?;
            r.ip_proto = Some(
                names
                    .ip_proto_id(v)
                    .ok_or_else(|| Error::invalid_arg(v, "Invalid \"ipproto\" value", true))?,
            );
        } else if word == "sport" {
            let v = words.value()?;
            r.sport = Some(
                port_range(v).ok_or_else(|| Error::invalid_arg(v, "invalid port range", true))?,
            );
        } else if word == "dport" {
            let v = words.value()?;
            r.dport = Some(
                port_range(v).ok_or_else(|| Error::invalid_arg(v, "invalid dport range", true))?,
            );
        } else {
            let v = if word == "type" { words.value()? } else { word };
            if abbreviates(v, "help") {
                return Err(Error::new(super::help::rule_usage(), 255));
            } else if abbreviates(v, "goto") {
                let target = words.value()?;
                r.goto = Some(
                    parse_u32(target)
                        .ok_or_else(|| Error::invalid_arg(target, "invalid target", true))?,
                );
                r.action = Some(FR_ACT_GOTO);
            } else if abbreviates(v, "nop") {
                r.action = Some(FR_ACT_NOP);
            } else {
                let kind = super::route::route_type_id(v)
                    .ok_or_else(|| Error::invalid_arg(v, "Failed to parse rule type", false))?;
                r.action = Some(kind);
            }
            r.table_given = true;
        }
        message.after_keyword(&mut r, saved);
    }
    if r.l3mdev && r.table.unwrap_or(0) != 0 {
        return Err(Error::failed(
            "table can not be specified for l3mdev rules\n",
            22,
        ));
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_like_sscanf() {
        assert_eq!(uid_range("100-200"), Some((100, 200)));
        assert_eq!(uid_range(" 5-7"), Some((5, 7)));
        assert_eq!(uid_range("-5-7"), Some((4294967291, 7)));
        assert_eq!(uid_range("5"), None);
        assert_eq!(port_range("80"), Some((80, 80)));
        assert_eq!(port_range("0x10"), Some((0, 0)));
        assert_eq!(port_range("1000-2000"), Some((1000, 2000)));
        assert_eq!(port_range("x"), None);
    }

    #[test]
    fn suppress_prefixlength_is_a_signed_int() {
        assert_eq!(signed_i32("8"), Some(8));
        assert_eq!(signed_i32("-1"), Some(-1));
        assert_eq!(signed_i32("0x10"), Some(16));
        assert_eq!(signed_i32("4294967296"), None);
        assert_eq!(signed_i32("foo"), None);
    }
}
