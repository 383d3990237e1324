//! `encap TYPE ...`: lightweight-tunnel headers for a route or a next hop. Each
//! type reads its own keywords and stops at the first word it does not know,
//! which the route grammar then reads.

use super::{Devices, Words, address, duplicate, invalid};
use crate::error::{Error, Result};
use crate::model::Family;
use crate::model::number::parse_unsigned;
use crate::model::prefix::{mpls_labels, too_many_mpls_labels};
use crate::model::route_request::{Encap, IpTunnel};
use crate::names::Names;

mod bpf;
mod lwt;
mod seg6local;

const TUNNEL_CSUM: u16 = 0x1;
const TUNNEL_KEY: u16 = 0x4;
const TUNNEL_SEQ: u16 = 0x8;

/// Encap types by name (`LWTUNNEL_ENCAP_*`); whole words only.
fn encap_type(word: &str) -> Option<u16> {
    Some(match word {
        "mpls" => 1,
        "ip" => 2,
        "ila" => 3,
        "ip6" => 4,
        "seg6" => 5,
        "bpf" => 6,
        "seg6local" => 7,
        "rpl" => 8,
        "ioam6" => 9,
        "xfrm" => 10,
        _ => return None,
    })
}

/// Reads `TYPE HEADER...` after the word `encap`.
pub fn parse(words: &mut Words, names: &Names, devices: &dyn Devices) -> Result<Encap> {
    let type_word = words.value()?;
    let kind = encap_type(type_word)
        .ok_or_else(|| invalid(type_word, "\"encap type\" value is invalid\n"))?;
    // The header must be followed by at least one more word, whatever the type.
    if words.remaining() == 0 {
        return Err(Error::incomplete());
    }
    if words.remaining() == 1 {
        return Err(Error::new(
            "Error: unexpected end of line after \"encap\"\n",
            255,
        ));
    }
    match kind {
        1 => mpls(words),
        2 => ip_tunnel(words, names, false),
        4 => ip_tunnel(words, names, true),
        3 => lwt::ila(words),
        5 => seg6(words),
        6 => bpf::encap(words),
        7 => seg6local::parse(words, names, devices),
        8 => lwt::rpl(words),
        9 => lwt::ioam6(words),
        _ => lwt::xfrm(words, devices),
    }
}

/// A device named inside an encap header: iproute2 ends the whole command (exit
/// 255) when it does not exist, unlike a missing `dev`.
fn device(devices: &dyn Devices, name: &str) -> Result<u32> {
    devices
        .index(name)
        .ok_or_else(|| Error::new(format!("Cannot find device \"{name}\"\n"), 255))
}

/// Puts the last word read back: some iproute2 header parsers, when they run out
/// of words, leave their last value to be read again by the route grammar.
fn unread(words: &mut Words) {
    words.unread();
}

/// A comma-separated IPv6 segment list as SRH slots: one per field, plus one
/// reserved (left zero) for the final destination when `reserve` is set. The
/// addresses fill the slots from the last one down; empty fields are skipped.
///
/// iproute2 first copies the list into a 1024-byte buffer, cutting a longer one
/// short: an error in what is left is its error, and ours. When the cut list
/// still reads, iproute2 installs its cut last segment; ipr keeps the list as
/// typed (see docs/compatibility.md).
fn segment_slots(list: &str, reserve: bool) -> Result<Vec<[u8; 16]>> {
    const LIST_BUFFER: usize = 1024;
    let bytes = crate::lossless::encode(list);
    if bytes.len() >= LIST_BUFFER {
        let cut = crate::lossless::decode(&bytes[..LIST_BUFFER - 1]);
        whole_segment_slots(&cut, reserve)?;
    }
    whole_segment_slots(list, reserve)
}

fn whole_segment_slots(list: &str, reserve: bool) -> Result<Vec<[u8; 16]>> {
    let mut count = list.matches(',').count() + 1;
    if reserve {
        count += 1;
    }
    let mut segments = vec![[0u8; 16]; count];
    let mut slot = count - 1;
    for field in list.split(',').filter(|f| !f.is_empty()) {
        let addr = address(field, Family::Inet6)?;
        segments[slot].copy_from_slice(&addr.bytes);
        slot = slot.wrapping_sub(1);
    }
    Ok(segments)
}

/// iproute2's note before refusing a stack of more than 64 labels.
pub(super) fn too_many_labels(word: &str) -> &'static str {
    if too_many_mpls_labels(word) {
        "Error: too many labels.\n"
    } else {
        ""
    }
}

/// `LABEL[/LABEL...] [ttl N]`.
fn mpls(words: &mut Words) -> Result<Encap> {
    let word = words.value()?;
    let labels = mpls_labels(word).ok_or_else(|| {
        Error::new(
            format!(
                "{}Error: mpls address is expected rather than \"{word}\".\n",
                too_many_labels(word)
            ),
            1,
        )
    })?;
    let mut ttl = None;
    while words.peek() == Some("ttl") {
        words.next_word();
        let value = words.value()?;
        if ttl.is_some() {
            return Err(duplicate("ttl", value));
        }
        ttl = Some(
            parse_unsigned(value, 0, 255)
                .ok_or_else(|| invalid(value, "\"ttl\" value is invalid\n"))? as u8,
        );
    }
    Ok(Encap::Mpls { labels, ttl })
}

/// `encap ip` (`v6` false) and `encap ip6`: id, dst, src, ttl/hoplimit, tos/tc,
/// key, csum, seq, each at most once.
fn ip_tunnel(words: &mut Words, names: &Names, v6: bool) -> Result<Encap> {
    let family = if v6 { Family::Inet6 } else { Family::Inet };
    let (ttl_word, tos_word) = if v6 {
        ("hoplimit", "tc")
    } else {
        ("ttl", "tos")
    };
    let mut t = IpTunnel::default();
    while let Some(word) = words.peek() {
        if word == "id" {
            words.next_word();
            let value = words.value()?;
            if t.id.is_some() {
                return Err(duplicate("id", value));
            }
            t.id =
                Some(u64_value(value).ok_or_else(|| invalid(value, "\"id\" value is invalid\n"))?);
        } else if word == "dst" || word == "src" {
            words.next_word();
            let value = words.value()?;
            let slot = if word == "dst" {
                &mut t.dst
            } else {
                &mut t.src
            };
            if slot.is_some() {
                return Err(duplicate(word, value));
            }
            *slot = Some(address(value, family)?.bytes);
        } else if word == ttl_word {
            words.next_word();
            let value = words.value()?;
            if t.ttl.is_some() {
                return Err(duplicate(ttl_word, value));
            }
            let what = format!("\"{ttl_word}\" value is invalid\n");
            t.ttl = Some(parse_unsigned(value, 0, 255).ok_or_else(|| invalid(value, &what))? as u8);
        } else if word == tos_word {
            words.next_word();
            let value = words.value()?;
            if t.tos.is_some() {
                return Err(duplicate(tos_word, value));
            }
            let what = format!("\"{tos_word}\" value is invalid\n");
            t.tos = Some(
                names
                    .dsfield_id(value)
                    .ok_or_else(|| invalid(value, &what))?,
            );
        } else if let Some(bit) = tunnel_flag(word) {
            words.next_word();
            if t.flags & bit != 0 {
                return Err(duplicate(word, word));
            }
            t.flags |= bit;
        } else {
            break;
        }
    }
    Ok(if v6 { Encap::Ip6(t) } else { Encap::Ip(t) })
}

/// `key`, `csum`, `seq`: flag words, each allowed once.
fn tunnel_flag(word: &str) -> Option<u16> {
    match word {
        "key" => Some(TUNNEL_KEY),
        "csum" => Some(TUNNEL_CSUM),
        "seq" => Some(TUNNEL_SEQ),
        _ => None,
    }
}

/// `get_u64`: strtoull over the whole word; `-N` wraps, overflow fails.
fn u64_value(word: &str) -> Option<u64> {
    let v = parse_unsigned(word, 0, u64::MAX)?;
    let negative = word.trim_start().starts_with('-');
    (v != u64::MAX || negative).then_some(v)
}

/// Segment-routing modes by name.
fn seg6_mode(word: &str) -> Option<i32> {
    Some(match word {
        "inline" => 0,
        "encap" => 1,
        "l2encap" => 2,
        "encap.red" => 3,
        "l2encap.red" => 4,
        _ => return None,
    })
}

/// `mode M segs A,B,... [hmac KEYID]`, each at most once, `mode` before `segs`.
fn seg6(words: &mut Words) -> Result<Encap> {
    let mut mode: Option<i32> = None;
    let mut segs: Option<&str> = None;
    let mut hmac: Option<u32> = None;
    while let Some(word) = words.peek() {
        match word {
            "mode" => {
                words.next_word();
                let value = words.value()?;
                if mode.is_some() {
                    return Err(duplicate("mode", value));
                }
                mode = Some(
                    seg6_mode(value)
                        .ok_or_else(|| invalid(value, "\"mode\" value is invalid\n"))?,
                );
            }
            "segs" => {
                words.next_word();
                let value = words.value()?;
                if segs.is_some() {
                    return Err(duplicate("segs", value));
                }
                if mode.is_none() {
                    return Err(invalid(value, "\"segs\" provided before \"mode\"\n"));
                }
                segs = Some(value);
            }
            "hmac" => {
                words.next_word();
                let value = words.value()?;
                if hmac.is_some() {
                    return Err(duplicate("hmac", value));
                }
                // An unreadable key id leaves it 0, as in iproute2.
                hmac = Some(parse_unsigned(value, 0, u32::MAX as u64).unwrap_or(0) as u32);
            }
            _ => break,
        }
    }
    let mode = mode.unwrap_or(-1);
    // Inline mode reserves a slot for the final destination.
    let segments = segment_slots(segs.unwrap_or(""), mode == 0)?;
    Ok(Encap::Seg6 {
        mode,
        segments,
        hmac: hmac.unwrap_or(0),
    })
}
