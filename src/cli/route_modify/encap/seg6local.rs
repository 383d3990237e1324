//! `encap seg6local action ACTION [OPTIONS] [count]`: an SRv6 local behaviour.
//! Options come in any order, each at most once; the first unknown word ends the
//! header. The action is required, and the segment list of `srh` is read last.

use super::super::{Devices, Words, address, duplicate, invalid};
use super::{bpf, device, segment_slots, unread};
use crate::error::{Error, Result};
use crate::model::Family;
use crate::model::number::parse_unsigned;
use crate::model::route_request::{Encap, Seg6LocalAttr};
use crate::names::Names;

/// `SEG6_LOCAL_ACTION_*` by name, exact spelling.
const ACTIONS: &[(&str, u32)] = &[
    ("End", 1),
    ("End.X", 2),
    ("End.T", 3),
    ("End.DX2", 4),
    ("End.DX6", 5),
    ("End.DX4", 6),
    ("End.DT6", 7),
    ("End.DT4", 8),
    ("End.B6", 9),
    ("End.B6.Encaps", 10),
    ("End.BM", 11),
    ("End.S", 12),
    ("End.AS", 13),
    ("End.AM", 14),
    ("End.BPF", 15),
    ("End.DT46", 16),
];

const END_B6_ENCAPS: u32 = 10;

/// Flavor names (any case) and their bit in the operation mask.
const FLAVORS: &[(&str, u32)] = &[("psp", 1), ("usp", 2), ("usd", 3), ("next-csid", 4)];
const NEXT_CSID: u32 = 1 << 4;

/// The keywords that may appear once each, for the duplicate check.
#[derive(Default)]
struct Seen {
    action: bool,
    table: bool,
    vrftable: bool,
    nh4: bool,
    nh6: bool,
    iif: bool,
    oif: bool,
    count: bool,
    srh: bool,
    flavors: bool,
    endpoint: bool,
}

/// Marks `flag` seen; a second time is iproute2's duplicate error.
fn once(flag: &mut bool, key: &str, value: &str) -> Result<()> {
    if std::mem::replace(flag, true) {
        return Err(duplicate(key, value));
    }
    Ok(())
}

pub fn parse(words: &mut Words, names: &Names, devices: &dyn Devices) -> Result<Encap> {
    let mut seen = Seen::default();
    let mut attrs = Vec::new();
    let mut action = 0;
    let mut segs: Option<&str> = None;
    let mut hmac = 0;
    while let Some(word) = words.peek() {
        match word {
            "count" => {
                words.next_word();
                once(&mut seen.count, "count", "count")?;
                attrs.push(Seg6LocalAttr::Counters);
                continue;
            }
            "action" | "table" | "vrftable" | "nh4" | "nh6" | "iif" | "oif" | "srh" | "flavors"
            | "endpoint" => {
                words.next_word();
            }
            _ => break,
        }
        let value = words.value()?;
        match word {
            "action" => {
                once(&mut seen.action, word, value)?;
                action = ACTIONS
                    .iter()
                    .find(|(name, _)| *name == value)
                    .map(|&(_, n)| n)
                    .ok_or_else(|| invalid(value, "\"action\" value is invalid\n"))?;
                attrs.push(Seg6LocalAttr::Action(action));
            }
            "table" | "vrftable" => {
                let vrf = word == "vrftable";
                once(
                    if vrf {
                        &mut seen.vrftable
                    } else {
                        &mut seen.table
                    },
                    word,
                    value,
                )?;
                let what = if vrf {
                    "invalid vrf table id\n"
                } else {
                    "invalid table id\n"
                };
                let id = names.table_id(value).ok_or_else(|| invalid(value, what))?;
                attrs.push(if vrf {
                    Seg6LocalAttr::VrfTable(id.0)
                } else {
                    Seg6LocalAttr::Table(id.0)
                });
            }
            "nh4" => {
                once(&mut seen.nh4, word, value)?;
                attrs.push(Seg6LocalAttr::Nh4(address(value, Family::Inet)?.bytes));
            }
            "nh6" => {
                once(&mut seen.nh6, word, value)?;
                attrs.push(Seg6LocalAttr::Nh6(address(value, Family::Inet6)?.bytes));
            }
            "iif" => {
                once(&mut seen.iif, word, value)?;
                attrs.push(Seg6LocalAttr::Iif(device(devices, value)?));
            }
            "oif" => {
                once(&mut seen.oif, word, value)?;
                attrs.push(Seg6LocalAttr::Oif(device(devices, value)?));
            }
            "srh" => {
                once(&mut seen.srh, word, value)?;
                if value != "segs" {
                    return Err(invalid(value, "missing \"segs\" attribute for srh\n"));
                }
                segs = Some(words.value()?);
                match words.peek() {
                    // iproute2 stops here and the list is read again as a route word.
                    None => {
                        unread(words);
                        break;
                    }
                    Some("hmac") => {
                        words.next_word();
                        // An unreadable key id is 0: no HMAC.
                        hmac =
                            parse_unsigned(words.value()?, 0, u32::MAX as u64).unwrap_or(0) as u32;
                    }
                    Some(_) => {}
                }
            }
            "flavors" => {
                once(&mut seen.flavors, word, value)?;
                attrs.push(flavors(words, value)?);
            }
            _ => {
                once(&mut seen.endpoint, word, value)?;
                bpf::program(words, value)?;
            }
        }
    }
    if action == 0 {
        return Err(Error::new("Missing action type\n", 255));
    }
    if let Some(list) = segs {
        // Every action but End.B6.Encaps reserves a slot for the final destination.
        let segments = segment_slots(list, action != END_B6_ENCAPS)?;
        attrs.push(Seg6LocalAttr::Srh { segments, hmac });
    }
    Ok(Encap::Seg6Local(attrs))
}

/// `flavors F[,F...]`, then with `next-csid` an optional `lblen N` and an optional
/// `nflen N`, in that order.
fn flavors(words: &mut Words, list: &str) -> Result<Seg6LocalAttr> {
    let bad = || invalid(list, "invalid \"flavors\" attribute\n");
    let mut operations = 0u32;
    for name in list.split(',').filter(|f| !f.is_empty()) {
        let bit = FLAVORS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, b)| 1u32 << b)
            .ok_or_else(bad)?;
        if operations & bit != 0 {
            return Err(bad());
        }
        operations |= bit;
    }
    let (mut lblen, mut nflen) = (None, None);
    if operations & NEXT_CSID != 0 {
        if peek_or_crash(words) == "lblen" {
            words.next_word();
            let what = "\"locator-block length\" value is invalid\n";
            lblen = Some(byte(words.value()?, what)?);
            peek_or_crash(words);
        }
        if words.peek() == Some("nflen") {
            words.next_word();
            let what = "\"locator-node function length\" value is invalid\n";
            nflen = Some(byte(words.value()?, what)?);
        }
    }
    Ok(Seg6LocalAttr::Flavors {
        operations,
        lblen,
        nflen,
    })
}

fn byte(word: &str, what: &str) -> Result<u8> {
    parse_unsigned(word, 0, 255)
        .map(|v| v as u8)
        .ok_or_else(|| invalid(word, what))
}

/// The next word, which iproute2 6.1 reads without checking that there is one:
/// when `next-csid` (or its `lblen` value) ends the line, `ip` dies of a
/// segmentation fault. We end the same way, so scripts see the same status.
fn peek_or_crash<'a>(words: &Words<'a>) -> &'a str {
    match words.peek() {
        Some(word) => word,
        None => die_by_sigsegv(),
    }
}

fn die_by_sigsegv() -> ! {
    // SAFETY: restoring the default action and raising a signal have no memory
    // effects; the default action for SIGSEGV ends the process.
    unsafe {
        libc::signal(libc::SIGSEGV, libc::SIG_DFL);
        libc::raise(libc::SIGSEGV);
    }
    std::process::abort()
}
