//! The grammar of `ip route get`: keywords in iproute2 6.1's matching order (read
//! from the `cli::grammar::route::GET` table, which also writes the help), the
//! destination address (with its `/N` warning), and the lookup flags. Pure: whether a
//! `vrf` name really is a VRF is asked through a callback, so no socket is touched
//! here.

use super::Words;
use super::grammar::route::GET;
use super::keyword::{abbreviates, recognise};
use crate::error::{Error, Result};
use crate::model::Family;
use crate::model::number::parse_unsigned;
use crate::model::prefix::Prefix;
use crate::names::Names;

pub use crate::model::route_get::RouteGetRequest;

fn address_error(family: Family, word: &str) -> Error {
    Error::new(
        format!(
            "Error: {} address is expected rather than \"{word}\".\n",
            family.verbose_name()
        ),
        1,
    )
}

fn prefix(word: &str, family: Family) -> Result<Prefix> {
    Prefix::parse(word, family).ok_or_else(|| Error::bad_prefix(family, word))
}

/// Parses everything after `route get`. `is_vrf` answers whether a device name is
/// a VRF (asked when the word is parsed, as iproute2 does).
pub fn parse_get(
    args: &[String],
    family: Family,
    names: &Names,
    is_vrf: &mut dyn FnMut(&str) -> bool,
) -> Result<RouteGetRequest> {
    let mut req = RouteGetRequest {
        family,
        ..Default::default()
    };
    // A syntax error still shows the warnings printed before it.
    parse_words(args, names, is_vrf, &mut req).map_err(|e| {
        if req.warnings.is_empty() {
            e
        } else if e.is_fatal() {
            Error::new(format!("{}{}", req.warnings, e.text()), e.exit_code())
        } else {
            Error::failed(format!("{}{}", req.warnings, e.text()), e.exit_code())
        }
    })?;
    Ok(req)
}

fn parse_words(
    args: &[String],
    names: &Names,
    is_vrf: &mut dyn FnMut(&str) -> bool,
    req: &mut RouteGetRequest,
) -> Result<()> {
    let mut words = Words::new(args);
    while let Some(word) = words.next_word() {
        match recognise(word, &GET) {
            Some("tos") => {
                let value = words.value()?;
                req.tos = names
                    .dsfield_id(value)
                    .ok_or_else(|| Error::invalid_arg(value, "TOS value is invalid", true))?;
            }
            Some("from") => {
                let value = words.value()?;
                if abbreviates(value, "help") {
                    return Err(Error::new(super::help::route_usage(), 255));
                }
                let addr = prefix(value, req.family)?;
                if req.family == Family::Unspec {
                    req.family = addr.family;
                }
                req.from_given = true;
                req.src = (addr.family != Family::Unspec && !addr.no_bytes).then_some(addr);
                req.src_len = addr.bits;
            }
            Some("iif") => req.iif = Some(words.value()?.to_string()),
            Some("mark") => {
                let value = words.value()?;
                req.mark = parse_unsigned(value, 0, u32::MAX as u64)
                    .ok_or_else(|| Error::invalid_arg(value, "invalid mark value", false))?
                    as u32;
            }
            Some("oif") => req.oif = Some(words.value()?.to_string()),
            Some("notify") => req.notify = true,
            Some("connected") => req.connected = true,
            Some("vrf") => {
                let value = words.value()?;
                if !is_vrf(value) {
                    return Err(Error::invalid_arg(value, "Invalid VRF", true));
                }
                req.oif = Some(value.to_string());
            }
            Some("uid") => {
                let value = words.value()?;
                let uid = parse_unsigned(value, 0, u32::MAX as u64)
                    .ok_or_else(|| Error::invalid_arg(value, "invalid UID", true))?;
                req.uid = Some(uid as u32);
            }
            Some("fibmatch") => req.fibmatch = true,
            Some("as") => as_address(req, &mut words)?,
            Some("sport") => req.sport = Some(port(words.value()?, "invalid sport")?),
            Some("dport") => req.dport = Some(port(words.value()?, "invalid dport")?),
            Some("ipproto") => {
                let value = words.value()?;
                let proto = names
                    .ip_proto_id(value)
                    .ok_or_else(|| Error::invalid_arg(value, "Invalid \"ipproto\" value", true))?;
                req.ipproto = Some(proto);
            }
            // `to`, or no keyword: the destination.
            keyword => {
                let word = if keyword == Some("to") {
                    words.value()?
                } else {
                    word
                };
                if abbreviates(word, "help") {
                    return Err(Error::new(super::help::route_usage(), 255));
                }
                destination(req, word)?;
            }
        }
    }
    Ok(())
}

/// `as [to] ADDRESS`: the destination after nat, a host address.
fn as_address(req: &mut RouteGetRequest, words: &mut Words) -> Result<()> {
    let mut value = words.value()?;
    if value == "to" {
        value = words.value()?;
    }
    let addr = Some(value)
        .filter(|v| !v.contains('/'))
        .and_then(|v| Prefix::parse(v, req.family))
        .ok_or_else(|| address_error(req.family, value))?;
    if req.family == Family::Unspec {
        req.family = addr.family;
    }
    req.newdst = Some(addr);
    Ok(())
}

/// A port number (`sport`, `dport`), or the given invalid-argument text.
fn port(value: &str, what: &str) -> Result<u16> {
    parse_unsigned(value, 0, u16::MAX as u64)
        .map(|p| p as u16)
        .ok_or_else(|| Error::invalid_arg(value, what, true))
}

/// The destination: a host address; a shorter prefix is looked up as a host
/// address after iproute2's warning.
fn destination(req: &mut RouteGetRequest, word: &str) -> Result<()> {
    let addr = prefix(word, req.family)?;
    if req.family == Family::Unspec {
        req.family = addr.family;
    }
    req.address_found = true;
    req.dst = (addr.family != Family::Unspec && !addr.no_bytes).then_some(addr);
    let host_bits = req.family.host_bits();
    if matches!(req.family, Family::Inet | Family::Inet6) && addr.bits != host_bits {
        req.warnings.push_str(&format!(
            "Warning: /{} as prefix is invalid, only /{host_bits} (or none) is supported.\n",
            addr.bits
        ));
        req.dst_len = host_bits;
    } else {
        req.dst_len = addr.bits;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(words: &[&str]) -> Result<RouteGetRequest> {
        let args: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        let names = Names::new(false, None);
        parse_get(&args, Family::Unspec, &names, &mut |_| false)
    }

    #[test]
    fn keywords_match_in_iproute2_order() {
        let r = parse(&["8.8.8.8", "i", "va", "d", "0x10", "s", "5", "u", "7", "fi"]).unwrap();
        assert_eq!(r.iif.as_deref(), Some("va"));
        assert_eq!(r.tos, 0x10);
        assert_eq!(r.sport, Some(5));
        assert_eq!(r.uid, Some(7));
        assert!(r.fibmatch);
        assert_eq!(r.family, Family::Inet);
        assert_eq!(r.dst_len, 32);
    }

    #[test]
    fn short_prefix_warns_and_keeps_going() {
        let r = parse(&["10.1.0.0/24"]).unwrap();
        assert_eq!(
            r.warnings,
            "Warning: /24 as prefix is invalid, only /32 (or none) is supported.\n"
        );
        assert_eq!(r.dst_len, 32);
        let e = parse(&["10.1.0.0/24", "tos", "x"]).unwrap_err();
        assert!(e.text().starts_with("Warning: /24"));
        assert_eq!(e.exit_code(), 255);
    }

    #[test]
    fn default_without_family_sends_no_address() {
        let r = parse(&["default"]).unwrap();
        assert!(r.dst.is_none());
        assert_eq!(r.dst_len, 0);
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn errors() {
        assert_eq!(
            parse(&["8.8.8.8", "vrf", "x"]).unwrap_err().exit_code(),
            255
        );
        assert_eq!(parse(&["foo"]).unwrap_err().exit_code(), 1);
        assert_eq!(parse(&["8.8.8.8", "from"]).unwrap_err().exit_code(), 255);
    }
}
