//! The grammar of `ip route add|change|replace|prepend|append|test|delete`: the words
//! after the verb become a `RouteRequest`. Keywords are read through the
//! `cli::grammar::route::MODIFY` table, in iproute2's order,
//! some spelled out and some matched by prefix, and each error carries iproute2's
//! text and exit status. Pure but for device names, which the caller resolves
//! through `Devices` at the point iproute2 would (so error order is the same).

use super::grammar::route::MODIFY;
use super::keyword::{abbreviates, recognise, recognise_among};
use super::route::route_type_id;
use crate::error::{Error, Result};
use crate::model::Family;
use crate::model::number::{parse_unsigned, strtoul};
use crate::model::prefix::{Prefix, mpls_labels, parse_address};
use crate::model::route_request::*;
use crate::names::Names;

mod bounds;
mod encap;
mod metrics;

pub use super::Words;

/// Name lookups the grammar needs from the system.
pub trait Devices {
    /// The index of an interface, or None (`Cannot find device`).
    fn index(&self, name: &str) -> Option<u32>;
    /// The routing table of a VRF device, or None when `name` is not a VRF.
    fn vrf_table(&self, name: &str) -> Option<crate::model::kernel::TableId>;
}

use crate::model::kernel::nexthop_flags::ONLINK as RTNH_F_ONLINK;

/// `Error: argument "ARG" is wrong: WHAT` where WHAT ends in a newline, exit 255.
fn invalid(arg: &str, what: &str) -> Error {
    Error::invalid_arg(arg, what.trim_end_matches('\n'), what.ends_with('\n'))
}

/// `Error: either "KEY" is duplicate, or "ARG" is a garbage.`, exit 255.
fn duplicate(key: &str, arg: &str) -> Error {
    Error::new(
        format!("Error: either \"{key}\" is duplicate, or \"{arg}\" is a garbage.\n"),
        255,
    )
}

fn bad_address(family: Family, word: &str) -> Error {
    Error::new(
        format!(
            "Error: {} address is expected rather than \"{word}\".\n",
            family.verbose_name()
        ),
        1,
    )
}

fn usage() -> Error {
    Error::new(super::help::route_usage(), 255)
}

/// The number of bytes an address of `family` takes.
fn address_len(family: Family) -> usize {
    match family {
        Family::Inet6 => 16,
        _ => 4,
    }
}

/// A link-layer address as iproute2 reads one: with a dot, an IPv4 address
/// (its 4 bytes); else `xx:xx:...`, each group read as sscanf's `%x` (trailing
/// junk ignored) and at most 255. A bad group is named on its own line, and
/// iproute2 has cut the word at its first colon by then, so the error that
/// follows names only the first group.
fn link_address(word: &str) -> Result<Vec<u8>> {
    let fail = |group: &str, shown: &str| {
        Error::new(
            format!(
                "\"{group}\" is invalid lladdr.\nError: link address is expected rather than \"{shown}\".\n"
            ),
            1,
        )
    };
    if word.contains('.') {
        return match parse_address(word, Family::Inet) {
            Some((_, bytes)) => Ok(bytes[..4].to_vec()),
            None => Err(fail(word, word)),
        };
    }
    let shown = word.split(':').next().unwrap_or(word);
    let mut out = Vec::new();
    for group in word.split(':').take(64) {
        let value = strtoul(group, 16)
            .map(|(v, _)| v as u32 as i32)
            .filter(|v| (0..=255).contains(v))
            .ok_or_else(|| fail(group, shown))?;
        out.push(value as u8);
    }
    Ok(out)
}

/// An address of `family` (iproute2's `get_addr`): `default` is the all-zero
/// address of a known family, `any`/`all` (or `default` of no family) no bytes at all (sent as an empty attribute, which the
/// kernel refuses as iproute2's request is refused), MPLS is a label stack,
/// `link` a link-layer address. Errors exit 1.
pub fn address(word: &str, family: Family) -> Result<Address> {
    let fail = || bad_address(family, word);
    if matches!(word, "default" | "any" | "all") {
        if family == Family::Mpls {
            return Err(fail());
        }
        // Bytes only for `default` of a known family; no family is chosen for
        // the route either (a later IPv6 prefix is still welcome).
        let len = if word == "default" && family != Family::Unspec {
            address_len(family)
        } else {
            0
        };
        return Ok(Address {
            family,
            bytes: vec![0; len],
        });
    }
    match family {
        Family::Mpls => mpls_labels(word)
            .map(|bytes| Address { family, bytes })
            .ok_or_else(|| {
                let e = fail();
                Error::new(format!("{}{}", encap::too_many_labels(word), e.text()), 1)
            }),
        Family::Packet => link_address(word).map(|bytes| Address { family, bytes }),
        Family::Bridge => Err(fail()),
        _ => {
            let (found, bytes) = parse_address(word, family).ok_or_else(fail)?;
            Ok(Address {
                family: found,
                bytes: bytes[..address_len(found)].to_vec(),
            })
        }
    }
}

/// A prefix of `family` (iproute2's `get_prefix`): `default`/`any`/`all` carry no
/// address bytes and length 0. Errors exit 1.
fn prefix(word: &str, family: Family) -> Result<(Address, u8)> {
    if matches!(word, "default" | "any" | "all") {
        if matches!(family, Family::Mpls | Family::Packet) {
            return Err(Error::bad_prefix(family, word));
        }
        let empty = Address {
            family,
            bytes: Vec::new(),
        };
        return Ok((empty, 0));
    }
    if family == Family::Mpls {
        let bytes = mpls_labels(word).ok_or_else(|| Error::bad_prefix(family, word))?;
        return Ok((Address { family, bytes }, 20));
    }
    let p = Prefix::parse(word, family).ok_or_else(|| Error::bad_prefix(family, word))?;
    let bytes = p.bytes[..address_len(p.family)].to_vec();
    Ok((
        Address {
            family: p.family,
            bytes,
        },
        p.bits,
    ))
}

/// `via [FAMILY] ADDR`: a gateway of the route's family, or `RTA_VIA` for another.
fn gateway(words: &mut Words, req: &mut RouteRequest) -> Result<Gateway> {
    let mut word = words.value()?;
    let family = match Family::from_name(word) {
        Some(f) => {
            word = words.value()?;
            f
        }
        None => req.family,
    };
    let addr = address(word, family)?;
    if req.family == Family::Unspec {
        req.family = addr.family;
    }
    Ok(if addr.family == req.family {
        Gateway::Same(addr)
    } else {
        Gateway::Via(addr)
    })
}

/// What the main loop remembers beyond the request itself.
#[derive(Default)]
struct Seen {
    dst: bool,
    gateway: bool,
    nexthops: bool,
    table: bool,
    scope: bool,
    kind: bool,
    device: Option<String>,
}

/// Parses the words after a modify verb.
///
/// What iproute2 cannot fit in its fixed buffers (`bounds`) is reported with its
/// messages. Where iproute2 would then go on and install the route without the
/// part that did not fit, the whole command is refused instead (exit 255).
pub fn parse(
    op: RouteOp,
    args: &[String],
    family: Family,
    names: &Names,
    devices: &dyn Devices,
) -> Result<RouteRequest> {
    let mut overflow = String::new();
    let parsed = parse_words(op, args, family, names, devices, &mut overflow);
    bounds::outcome(parsed, overflow)
}

fn parse_words(
    op: RouteOp,
    args: &[String],
    family: Family,
    names: &Names,
    devices: &dyn Devices,
    overflow: &mut String,
) -> Result<RouteRequest> {
    let mut req = RouteRequest::new(op, family);
    let mut seen = Seen::default();
    let mut words = Words::new(args);
    let mut message = bounds::Message::default();
    while let Some(word) = words.peek() {
        let known = recognise(word, &MODIFY);
        if known == Some("nexthop") {
            seen.nexthops = true;
            break;
        }
        words.next_word();
        if known == Some("encap") {
            message.encap(&mut words, &mut req, names, devices, overflow)?;
            continue;
        }
        message.keyword(&mut req, overflow, |req| {
            keyword(known, word, &mut words, req, &mut seen, names, devices)
        })?;
    }
    if !seen.dst {
        return Err(usage());
    }
    if let Some(name) = &seen.device {
        req.oif = Some(devices.index(name).ok_or_else(|| Error::no_device(name))?);
    }
    message.after_keywords(&req, overflow);
    if seen.nexthops {
        nexthops(&mut words, &mut req, names, devices, message.len())?;
    }
    req.finish(seen.table, seen.scope, seen.kind);
    Ok(req)
}

/// One word of the main loop (everything but `nexthop` and `encap`): `known`
/// is the keyword of the `route modify` table that recognises `word`, if any.
fn keyword(
    known: Option<&'static str>,
    word: &str,
    words: &mut Words,
    req: &mut RouteRequest,
    seen: &mut Seen,
    names: &Names,
    devices: &dyn Devices,
) -> Result<()> {
    match known {
        Some("src") => {
            let addr = address(words.value()?, req.family)?;
            adopt_family(req, &addr);
            req.prefsrc = Some(addr);
        }
        Some("as") => req.newdst = Some(new_destination(words, req)?),
        Some("via") => {
            if seen.gateway {
                return Err(invalid(
                    word,
                    "use nexthop syntax to specify multiple via\n",
                ));
            }
            seen.gateway = true;
            req.gateway = Some(gateway(words, req)?);
        }
        Some("from") => {
            let (addr, bits) = prefix(words.value()?, req.family)?;
            adopt_family(req, &addr);
            req.src_len = bits;
            if !addr.bytes.is_empty() {
                req.src = Some(addr);
            }
        }
        Some("tos") => {
            let tos = |v: &str| names.dsfield_id(v);
            req.tos = read(words.value()?, tos, "\"tos\" value is invalid\n")?;
        }
        Some("expires") => {
            let value = words.value()?;
            req.expires = Some(u32_value(value, "\"expires\" value is invalid\n")?);
        }
        Some("metric") => {
            let value = words.value()?;
            req.priority = Some(u32_value(value, "\"metric\" value is invalid\n")?);
        }
        Some("scope") => {
            let scope = |v: &str| names.scope_id(v);
            req.scope = read(words.value()?, scope, "invalid \"scope\" value\n")?;
            seen.scope = true;
        }
        Some("realms") => req.realms = Some(realms(words.value()?, names)?),
        Some("onlink") => req.flags |= RTNH_F_ONLINK,
        Some("nhid") => {
            let value = words.value()?;
            req.nhid = Some(u32_value(value, "\"id\" value is invalid\n")?);
        }
        Some("proto") => {
            let proto = |v: &str| names.proto_id(v);
            req.protocol = read(words.value()?, proto, "\"protocol\" value is invalid\n")?;
        }
        Some("table") => {
            let table = |v: &str| names.table_id(v);
            req.set_table(read(words.value()?, table, "\"table\" value is invalid\n")?);
            seen.table = true;
        }
        Some("vrf") => {
            let vrf = |v: &str| devices.vrf_table(v);
            req.set_table(read(words.value()?, vrf, "Invalid VRF\n")?);
            seen.table = true;
        }
        Some("dev") => seen.device = Some(words.value()?.to_string()),
        Some("pref") => req.pref = Some(router_preference(words.value()?)?),
        Some("ttl-propagate") => req.ttl_propagate = Some(ttl_propagate(words.value()?)?),
        // `weight` belongs to a next hop: here it is read as a destination.
        Some("to") | Some("weight") | None => destination(word, words, req, seen)?,
        // The main loop reads `nexthop` and `encap` itself.
        Some("nexthop") | Some("encap") => unreachable!("{word} is read by the main loop"),
        Some(metric) => metrics::metric(metric, words, &mut req.metrics)?,
    }
    Ok(())
}

/// `lookup(value)`, or the given invalid-argument text.
fn read<T>(value: &str, lookup: impl FnOnce(&str) -> Option<T>, what: &str) -> Result<T> {
    lookup(value).ok_or_else(|| invalid(value, what))
}

/// `as [to] ADDRESS`, of the route's family.
fn new_destination(words: &mut Words, req: &mut RouteRequest) -> Result<Address> {
    let mut value = words.value()?;
    if value == "to" {
        value = words.value()?;
    }
    let addr = address(value, req.family)?;
    adopt_family(req, &addr);
    Ok(addr)
}

/// `realms [FROM/]TO`.
fn realms(value: &str, names: &Names) -> Result<u32> {
    names
        .realms_value(value)
        .ok_or_else(|| invalid(value, "\"realm\" value is invalid\n"))
}

/// `pref low|medium|high`; any other byte goes to the kernel as it is (get_u8,
/// base 0).
fn router_preference(value: &str) -> Result<u8> {
    const NAMED: &[(&str, u8)] = &[("low", 3), ("medium", 0), ("high", 1)];
    if let Some(&(_, pref)) = NAMED.iter().find(|(name, _)| *name == value) {
        return Ok(pref);
    }
    parse_unsigned(value, 0, 255)
        .map(|v| v as u8)
        .ok_or_else(|| invalid(value, "\"pref\" value is invalid\n"))
}

/// `ttl-propagate enabled|disabled`.
fn ttl_propagate(value: &str) -> Result<u8> {
    if value == "enabled" {
        Ok(1)
    } else if value == "disabled" {
        Ok(0)
    } else {
        Err(invalid(value, "\"ttl-propagate\" value is invalid\n"))
    }
}

/// `[to] [TYPE] PREFIX`: anything no keyword claimed.
fn destination(
    word: &str,
    words: &mut Words,
    req: &mut RouteRequest,
    seen: &mut Seen,
) -> Result<()> {
    let mut word = word;
    if word == "to" {
        word = words.value()?;
    }
    if !word.starts_with(|c: char| c.is_ascii_digit())
        && let Some(kind) = route_type_id(word)
    {
        word = words.value()?;
        req.kind = kind;
        seen.kind = true;
    }
    if abbreviates(word, "help") {
        return Err(usage());
    }
    if seen.dst {
        return Err(duplicate("to", word));
    }
    let (addr, bits) = prefix(word, req.family)?;
    adopt_family(req, &addr);
    req.dst_len = bits;
    seen.dst = true;
    if !addr.bytes.is_empty() {
        req.dst = Some(addr);
    }
    Ok(())
}

/// The first address of a known family fixes the family of the request.
fn adopt_family(req: &mut RouteRequest, addr: &Address) {
    if req.family == Family::Unspec {
        req.family = addr.family;
    }
}

/// A whole-word u32 (`get_u32`, base 0), or the given invalid-argument text.
pub fn u32_value(word: &str, what: &str) -> Result<u32> {
    parse_unsigned(word, 0, u32::MAX as u64)
        .map(|v| v as u32)
        .ok_or_else(|| invalid(word, what))
}

/// `nexthop NH [nexthop NH ...]` to the end of the line; `message` is the length
/// of iproute2's message before them.
fn nexthops(
    words: &mut Words,
    req: &mut RouteRequest,
    names: &Names,
    devices: &dyn Devices,
    message: usize,
) -> Result<()> {
    let mut buffer = crate::netlink::route_bounds::MultipathBuffer::default();
    while let Some(word) = words.next_word() {
        if word != "nexthop" {
            return Err(Error::new(
                format!("Error: \"nexthop\" or end of line is expected instead of \"{word}\"\n"),
                255,
            ));
        }
        if words.peek().is_none() {
            return Err(Error::new(
                "Error: unexpected end of line after \"nexthop\"\n",
                255,
            ));
        }
        let hop = one_nexthop(words, req, names, devices)?
            .map_err(|e| Error::new(format!("{}Error: cannot parse nexthop\n", e.text()), 255))?;
        buffer
            .add(&hop)
            .map_err(|text| Error::new(format!("{text}Error: cannot parse nexthop\n"), 255))?;
        req.multipath.push(hop);
    }
    bounds::multipath_fits(&buffer, message)
}

/// The keywords of the `route modify` table a next hop takes.
const NEXTHOP: &[&str] = &["via", "dev", "weight", "onlink", "encap", "as", "realms"];

/// The words of one next hop, up to the first word that is not one of them. A
/// missing device is the inner error (iproute2 then adds "cannot parse nexthop");
/// other mistakes are the outer one and end the command as they are.
fn one_nexthop(
    words: &mut Words,
    req: &mut RouteRequest,
    names: &Names,
    devices: &dyn Devices,
) -> Result<std::result::Result<NextHop, Error>> {
    let mut hop = NextHop::default();
    while let Some(word) = words.peek() {
        let known = match recognise_among(word, &MODIFY, NEXTHOP) {
            // `oif`, which names `dev` elsewhere, ends a next hop.
            Some("dev") if word != "dev" => None,
            known => known,
        };
        if known.is_none() {
            break;
        }
        words.next_word();
        match known {
            Some("via") => {
                let gw = gateway(words, req)?;
                hop.attrs.push(NextHopAttr::Gateway(gw));
            }
            Some("dev") => {
                let name = words.value()?;
                match devices.index(name) {
                    Some(index) => hop.ifindex = index,
                    None => return Ok(Err(Error::no_device(name))),
                }
            }
            Some("weight") => {
                let value = words.value()?;
                match parse_unsigned(value, 0, u32::MAX as u64) {
                    Some(w) if (1..=256).contains(&w) => hop.hops = (w - 1) as u8,
                    _ => return Err(invalid(value, "\"weight\" is invalid\n")),
                }
            }
            Some("onlink") => hop.flags |= RTNH_F_ONLINK as u8,
            Some("encap") => hop
                .attrs
                .push(NextHopAttr::Encap(encap::parse(words, names, devices)?)),
            Some("as") => {
                let addr = new_destination(words, req)?;
                hop.attrs.push(NextHopAttr::NewDst(addr));
            }
            // `realms`, the one keyword left.
            _ => {
                let realm = realms(words.value()?, names)?;
                hop.attrs.push(NextHopAttr::Realms(realm));
            }
        }
    }
    Ok(Ok(hop))
}
