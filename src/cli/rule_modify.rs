//! The grammar of `ip rule add|del`: keyword/value pairs in iproute2 6.1's order of
//! matching, producing a `RuleRequest`. Keywords are read through the
//! `cli::grammar::rule::ADD` table, in its order.

use super::Words;
use super::grammar::rule::ADD;
use super::keyword::{abbreviates, recognise, recognise_among};
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
        keyword(word, &mut words, &mut r, names)?;
        message.after_keyword(&mut r, saved);
    }
    if r.l3mdev && r.table.unwrap_or_default() != crate::model::kernel::table::UNSPEC {
        return Err(Error::failed(
            "table can not be specified for l3mdev rules\n",
            22,
        ));
    }
    Ok(r)
}

/// `what(v)`, or iproute2's "argument is wrong" error naming `v`.
fn read<T>(v: &str, what: impl FnOnce(&str) -> Option<T>, error: &str) -> Result<T> {
    what(v).ok_or_else(|| Error::invalid_arg(v, error, true))
}

/// One keyword and its value, read through the `rule add` table; a word no
/// keyword names is an action (`unreachable`, `goto`, ...).
fn keyword(word: &str, words: &mut Words, r: &mut RuleRequest, names: &Names) -> Result<()> {
    let family = r.family;
    match recognise(word, &ADD) {
        Some("not") => r.invert = true,
        Some("from") => r.src = Some(prefix(words.value()?, family)?),
        Some("to") => r.dst = Some(prefix(words.value()?, family)?),
        Some("pref") => {
            r.priority = Some(read(
                words.value()?,
                parse_u32,
                "preference value is invalid",
            )?);
        }
        Some("tos") => {
            r.tos = read(
                words.value()?,
                |v| names.dsfield_id(v),
                "TOS value is invalid",
            )?;
        }
        Some("fwmark") => {
            let (mark, mask) = super::rule::fwmark(words.value()?)?;
            r.fwmark = Some(mark);
            // An earlier mask stays (iproute2 adds attributes, never removes).
            if mask.is_some() {
                r.fwmask = mask;
            }
        }
        Some("realms") => {
            r.realms = Some(read(
                words.value()?,
                |v| names.realms_value(v),
                "invalid realms",
            )?);
        }
        Some("protocol") => {
            let proto = |v: &str| names.proto_id(v);
            r.protocol = Some(read(
                words.value()?,
                proto,
                "\"protocol\" value is invalid",
            )?);
        }
        Some("tun_id") => {
            r.tun_id = Some(read(
                words.value()?,
                parse_u64,
                "\"tun_id\" value is invalid",
            )?);
        }
        Some("table") => table(words.value()?, r, names)?,
        Some("suppress_prefixlength") => {
            let error = "suppress_prefixlength value is invalid";
            let len = read(words.value()?, |v| signed_i32(v).filter(|&l| l >= 0), error)?;
            r.suppress_prefixlen = Some(len);
        }
        Some("suppress_ifgroup") => {
            let group = |v: &str| names.group_id(v);
            let error = "Invalid \"suppress_ifgroup\" value";
            r.suppress_ifgroup = Some(read(words.value()?, group, error)?);
        }
        Some("iif") => {
            r.iif = Some(device(
                words.value()?,
                "\"iif\"/\"dev\" not a valid ifname",
            )?)
        }
        Some("oif") => r.oif = Some(device(words.value()?, "\"oif\" not a valid ifname")?),
        Some("l3mdev") => {
            r.l3mdev = true;
            r.table_given = true;
        }
        Some("uidrange") => {
            r.uid_range = Some(read(words.value()?, uid_range, "invalid UID range")?);
        }
        Some("nat") => nat(words.value()?, r)?,
        Some("ipproto") => {
            let proto = |v: &str| names.ip_proto_id(v);
            r.ip_proto = Some(read(words.value()?, proto, "Invalid \"ipproto\" value")?);
        }
        Some("sport") => r.sport = Some(read(words.value()?, port_range, "invalid port range")?),
        Some("dport") => r.dport = Some(read(words.value()?, port_range, "invalid dport range")?),
        Some("type") => action(words.value()?, words, r)?,
        Some("goto") | Some("nop") | None => action(word, words, r)?,
        Some(other) => unreachable!("rule add has no arm for {other}"),
    }
    Ok(())
}

/// A device name, refused as iproute2 refuses it.
fn device(v: &str, error: &str) -> Result<String> {
    check_ifname(v, error)?;
    Ok(v.to_string())
}

/// `table ID` (or `lookup ID`): ids of 256 and more travel in their own attribute.
fn table(v: &str, r: &mut RuleRequest, names: &Names) -> Result<()> {
    let table = read(v, |v| names.table_id(v), "invalid table ID")?;
    r.table = Some(table);
    if table.0 >= 256 {
        r.table_attr = Some(table.0);
    }
    r.table_given = true;
    Ok(())
}

/// `nat ADDRESS` (or `map-to`): an IPv4 address, whatever the rule's family.
fn nat(v: &str, r: &mut RuleRequest) -> Result<()> {
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
    Ok(())
}

/// The rule's action, named by `v` (a word no selector claimed, or the value of
/// `type`): `help`, `goto N`, `nop`, or a route type by name or number. These
/// are tried here, after every selector, as iproute2 tries them.
fn action(v: &str, words: &mut Words, r: &mut RuleRequest) -> Result<()> {
    if abbreviates(v, "help") {
        return Err(Error::new(super::help::rule_usage(), 255));
    }
    match recognise_among(v, &ADD, &["goto", "nop"]) {
        Some("goto") => {
            r.goto = Some(read(words.value()?, parse_u32, "invalid target")?);
            r.action = Some(FR_ACT_GOTO);
        }
        Some("nop") => r.action = Some(FR_ACT_NOP),
        _ => {
            let kind = super::route::route_type_id(v)
                .ok_or_else(|| Error::invalid_arg(v, "Failed to parse rule type", false))?;
            r.action = Some(kind.0);
        }
    }
    r.table_given = true;
    Ok(())
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
