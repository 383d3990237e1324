//! The smaller encap headers: `ila`, `rpl`, `ioam6` and `xfrm`.

use super::super::{Devices, Words, address, duplicate, invalid};
use super::{device, segment_slots, unread};
use crate::error::{Error, Result};
use crate::model::Family;
use crate::model::number::{parse_unsigned, strtoul};
use crate::model::route_request::Encap;

/// `Error: argument "KEY" is required`, exit 255.
fn required(key: &str) -> Error {
    Error::new(format!("Error: argument \"{key}\" is required\n"), 255)
}

/// `LOCATOR [csum-mode M] [ident-type T] [hook-type H]`; options may repeat.
pub fn ila(words: &mut Words) -> Result<Encap> {
    let word = words.value()?;
    let locator = locator(word).ok_or_else(|| Error::new(format!("Bad locator: {word}\n"), 1))?;
    let mut options = Vec::new();
    while let Some(word) = words.peek() {
        let (kind, table): (u16, &[(&str, u8)]) = match word {
            "csum-mode" => (
                7,
                &[
                    ("adj-transport", 0),
                    ("neutral-map", 1),
                    ("no-action", 2),
                    ("neutral-map-auto", 3),
                ],
            ),
            "ident-type" => (8, &[("luid", 1), ("use-format", 32)]),
            "hook-type" => (9, &[("output", 0), ("input", 1)]),
            _ => break,
        };
        words.next_word();
        let value = words.value()?;
        let n = table
            .iter()
            .find(|(name, _)| *name == value)
            .map(|&(_, n)| n)
            .ok_or_else(|| invalid(value, &format!("\"{word}\" value is invalid\n")))?;
        options.push((kind, n));
    }
    Ok(Encap::Ila { locator, options })
}

/// An ILA locator: up to four `:`-separated hex groups of 16 bits (strtoul
/// base 16 each, so blanks, a sign and `0x` are accepted); unset groups are 0.
fn locator(word: &str) -> Option<[u8; 8]> {
    let mut out = [0u8; 8];
    let mut rest = word;
    for i in 0..4 {
        let (n, after) = strtoul(rest, 16)?;
        if n > 0xffff {
            return None;
        }
        out[2 * i..2 * i + 2].copy_from_slice(&(n as u16).to_be_bytes());
        if after.is_empty() {
            return Some(out);
        }
        if i == 3 {
            return None;
        }
        rest = after.strip_prefix(':')?;
    }
    None
}

/// `segs A,B,...` (at most once).
pub fn rpl(words: &mut Words) -> Result<Encap> {
    let mut segs: Option<&str> = None;
    while words.peek() == Some("segs") {
        words.next_word();
        let value = words.value()?;
        if segs.is_some() {
            return Err(duplicate("segs", value));
        }
        segs = Some(value);
    }
    let segments = segment_slots(segs.unwrap_or(""), false)?;
    Ok(Encap::Rpl { segments })
}

/// `[mode inline|encap|auto] [tundst ADDR] trace prealloc` then `type T`, `ns N`
/// and `size S` in any order, each exactly once. `tundst` is required by the
/// encapsulating modes and refused in inline mode (the default).
pub fn ioam6(words: &mut Words) -> Result<Encap> {
    const INLINE: u8 = 1;
    let mut mode = INLINE;
    if words.peek() == Some("mode") {
        words.next_word();
        let value = words.value()?;
        mode = match value {
            "inline" => INLINE,
            "encap" => 2,
            "auto" => 3,
            _ => return Err(invalid(value, "Invalid mode")),
        };
    }
    let mut tundst = None;
    if words.peek() == Some("tundst") {
        words.next_word();
        if mode == INLINE {
            return Err(invalid("tundst", "Inline mode does not need tundst"));
        }
        tundst = Some(address(words.value()?, Family::Inet6)?.bytes);
    } else if mode != INLINE {
        return Err(required("tundst"));
    }
    if words.peek() != Some("trace") {
        return Err(required("trace"));
    }
    words.next_word();
    if words.value()? != "prealloc" {
        return Err(required("prealloc"));
    }
    let (mut trace_type, mut namespace, mut size) = (None, None, None);
    loop {
        let Some(word) = words.peek() else {
            // Out of words: iproute2 leaves the last value to the route grammar.
            unread(words);
            break;
        };
        if !matches!(word, "type" | "ns" | "size") {
            break;
        }
        words.next_word();
        let value = words.value()?;
        match word {
            "type" => {
                if trace_type.is_some() {
                    return Err(duplicate(word, value));
                }
                trace_type = Some(trace_type_value(value)?);
            }
            "ns" => {
                if namespace.is_some() {
                    return Err(duplicate(word, value));
                }
                let n = parse_unsigned(value, 0, u16::MAX as u64)
                    .ok_or_else(|| invalid(value, "Invalid namespace ID"))?;
                namespace = Some(n as u16);
            }
            _ => {
                if size.is_some() {
                    return Err(duplicate(word, value));
                }
                size = Some(trace_size(value)?);
            }
        }
    }
    Ok(Encap::Ioam6 {
        mode,
        tundst,
        trace_type: trace_type.ok_or_else(|| required("type"))?,
        namespace: namespace.ok_or_else(|| required("ns"))?,
        size: size.ok_or_else(|| required("size"))?,
    })
}

fn trace_type_value(value: &str) -> Result<u32> {
    parse_unsigned(value, 0, u32::MAX as u64)
        .filter(|&t| t != 0)
        .map(|t| t as u32)
        .ok_or_else(|| invalid(value, "Invalid trace type"))
}

/// A trace size: 1..=65535, a multiple of 4, at most 244 (the IOAM data limit).
fn trace_size(value: &str) -> Result<u16> {
    let size = parse_unsigned(value, 0, u16::MAX as u64)
        .filter(|&s| s != 0)
        .ok_or_else(|| invalid(value, "Invalid trace size"))?;
    if size % 4 != 0 {
        return Err(invalid(value, "Trace size must be a 4-octet multiple"));
    }
    if size > 244 {
        return Err(invalid(value, "Trace size is too big"));
    }
    Ok(size as u16)
}

/// `if_id N [link_dev DEV]` in any order, each once; `if_id` is required.
/// iproute2 reads every word to the end of the line here, skipping the ones it
/// does not know: nothing after `encap xfrm` reaches the route grammar.
pub fn xfrm(words: &mut Words, devices: &dyn Devices) -> Result<Encap> {
    let (mut if_id, mut link) = (None, None);
    while let Some(word) = words.next_word() {
        if !matches!(word, "if_id" | "link_dev") {
            continue;
        }
        let value = words.value()?;
        if word == "if_id" {
            if if_id.is_some() {
                return Err(duplicate(word, value));
            }
            let id = parse_unsigned(value, 0, u32::MAX as u64)
                .filter(|&n| n != 0)
                .ok_or_else(|| invalid(value, "\"if_id\" value is invalid\n"))?;
            if_id = Some(id as u32);
        } else {
            if link.is_some() {
                return Err(duplicate(word, value));
            }
            link = Some(device(devices, value)?);
        }
    }
    let if_id = if_id.ok_or_else(|| {
        Error::new(
            "Usage: ip route ... encap xfrm if_id IF_ID [ link_dev LINK ]\n",
            255,
        )
    })?;
    Ok(Encap::Xfrm { if_id, link })
}
