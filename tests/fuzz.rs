//! Bounded fuzzing that runs in CI (no root needed): mutated kernel messages through
//! the decoders and every renderer, random command lines through every grammar,
//! random batch text through the line splitter, random names files through their
//! parser. The property is simply "no panic"; each target runs a fixed number of
//! inputs from a fixed seed (IPR_FUZZ_ITERS and IPR_FUZZ_SEED change them).

mod common;

use common::rng::Rng;
use ipr::cli;
use ipr::model::Family;
use ipr::names::Names;
use ipr::netlink::{LinkNames, decode};
use ipr::render::json::JsonWriter;
use ipr::render::route::{Hidden, RouteContext};
use ipr::render::rule::RuleContext;
use ipr::render::{Printer, TextStyle};

fn iterations() -> usize {
    std::env::var("IPR_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000)
}

fn seed() -> u64 {
    std::env::var("IPR_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x1234_5678_9abc_def1)
}

/// The payloads (after the netlink header) of a saved `ip route|rule save` stream.
fn payloads(stream: &[u8]) -> Vec<Vec<u8>> {
    common::stream::messages(stream)
        .iter()
        .filter_map(|m| common::stream::payload(m).map(<[u8]>::to_vec))
        .collect()
}

fn route_seeds() -> Vec<Vec<u8>> {
    let mut all = payloads(include_bytes!("fuzz/routes.bin"));
    all.extend(payloads(include_bytes!("fuzz/routes6.bin")));
    all.extend(payloads(include_bytes!("fuzz/routes_encap.bin")));
    all.extend(payloads(include_bytes!("fuzz/routes6_encap.bin")));
    assert!(all.len() > 50, "route seed corpus is missing");
    all
}

fn rule_seeds() -> Vec<Vec<u8>> {
    let mut all = payloads(include_bytes!("fuzz/rules.bin"));
    all.extend(payloads(include_bytes!("fuzz/rules6.bin")));
    assert!(all.len() > 10, "rule seed corpus is missing");
    all
}

/// Flips, overwrites, truncates, extends or splices bytes of a valid message.
fn mutate(rng: &mut Rng, seed: &[u8], other: &[u8]) -> Vec<u8> {
    let mut m = seed.to_vec();
    for _ in 0..=rng.below(4) {
        match rng.below(7) {
            0 if !m.is_empty() => {
                let i = rng.below(m.len());
                m[i] ^= 1 << rng.below(8);
            }
            1 if !m.is_empty() => {
                let i = rng.below(m.len());
                m[i] = rng.next() as u8;
            }
            2 => m.truncate(rng.below(m.len() + 1)),
            3 => {
                let extra = rng.below(16);
                m.extend((0..extra).map(|_| rng.next() as u8));
            }
            4 if !other.is_empty() => {
                // Splice another message's attributes in.
                let from = rng.below(other.len());
                let at = rng.below(m.len() + 1);
                let piece: Vec<u8> = other[from..].iter().take(rng.below(64)).copied().collect();
                m.splice(at..at, piece);
            }
            5 if m.len() >= 14 => {
                // Corrupt an attribute length field.
                let i = 12 + rng.below(m.len() - 13) / 4 * 4;
                if i + 1 < m.len() {
                    m[i] = rng.next() as u8;
                    m[i + 1] = if rng.below(2) == 0 {
                        0
                    } else {
                        rng.next() as u8
                    };
                }
            }
            _ => {}
        }
    }
    m
}

fn printers() -> Vec<(Option<JsonWriter>, TextStyle)> {
    let plain = TextStyle::default();
    let fancy = TextStyle {
        color: true,
        dark: true,
        oneline: true,
    };
    vec![
        (None, plain),
        (None, fancy),
        (Some(JsonWriter::new(false)), plain),
        (Some(JsonWriter::new(true)), plain),
    ]
}

#[test]
fn mutated_route_messages_never_panic() {
    let names = Names::new(false, None);
    let links = LinkNames::from_pairs([(1, "lo".to_string()), (2, "va".to_string())]);
    let seeds = route_seeds();
    let mut rng = Rng(seed());
    let mut decoded = 0;
    for i in 0..iterations() {
        let base = &seeds[rng.below(seeds.len())];
        let other = &seeds[rng.below(seeds.len())];
        let msg = mutate(&mut rng, base, other);
        let Ok(route) = decode::route(&msg) else {
            continue;
        };
        decoded += 1;
        let (json, style) = printers().swap_remove(i % 4);
        let cx = RouteContext {
            names: &names,
            links: &links,
            details: (i % 3) as u32,
            stats: (i % 2) as u32,
            hidden: Hidden::default(),
            nexthops: Some(&AnyNexthop),
        };
        let mut p = Printer::new(Vec::new(), json, style);
        p.begin_list().unwrap();
        ipr::render::route::render(&mut p, &route, &cx).unwrap();
        p.end_list().unwrap();
    }
    assert!(
        decoded > iterations() / 4,
        "too few inputs decoded: {decoded}"
    );
}

#[test]
fn mutated_rule_messages_never_panic() {
    let names = Names::new(true, None);
    let seeds = rule_seeds();
    let mut rng = Rng(seed() ^ 0xffff);
    let mut decoded = 0;
    for i in 0..iterations() {
        let base = &seeds[rng.below(seeds.len())];
        let other = &seeds[rng.below(seeds.len())];
        let msg = mutate(&mut rng, base, other);
        let Ok(rule) = decode::rule(&msg) else {
            continue;
        };
        decoded += 1;
        let (json, style) = printers().swap_remove(i % 4);
        let cx = RuleContext {
            names: &names,
            details: (i % 2) as u32,
        };
        let mut p = Printer::new(Vec::new(), json, style);
        ipr::render::rule::render(&mut p, &rule, &cx).unwrap();
    }
    assert!(
        decoded > iterations() / 4,
        "too few inputs decoded: {decoded}"
    );
}

const WORDS: &[&str] = &[
    "route",
    "rule",
    "show",
    "list",
    "add",
    "del",
    "flush",
    "table",
    "all",
    "main",
    "local",
    "cache",
    "proto",
    "kernel",
    "77",
    "scope",
    "link",
    "host",
    "type",
    "unicast",
    "blackhole",
    "dev",
    "lo",
    "iif",
    "oif",
    "via",
    "inet6",
    "src",
    "from",
    "to",
    "root",
    "match",
    "exact",
    "default",
    "any",
    "10.0.0.0/8",
    "10.8",
    "2001:db8::/32",
    "::",
    "0x10",
    "tos",
    "dsfield",
    "realm",
    "realms",
    "2/3",
    "metric",
    "mark",
    "pref",
    "priority",
    "fwmark",
    "0x1/0xff",
    "not",
    "uidrange",
    "1-2",
    "ipproto",
    "tcp",
    "sport",
    "dport",
    "1000-2000",
    "tun_id",
    "goto",
    "nop",
    "lookup",
    "l3mdev",
    "suppress_prefixlength",
    "suppress_ifgroup",
    "nat",
    "1.2.3.4",
    "-1",
    "4294967296",
    "18446744073709551616",
    "",
    "/",
    "//",
    "0/0",
    "255.255.255.255/33",
    "\u{0}",
    "é",
    "-",
    "--",
    "help",
    "type",
    "protocol",
    "all",
    "unreachable",
];

fn random_words(rng: &mut Rng) -> Vec<String> {
    (0..rng.below(12))
        .map(|_| {
            if rng.below(8) == 0 {
                let len = rng.below(12);
                (0..len)
                    .map(|_| (rng.below(95) as u8 + 32) as char)
                    .collect()
            } else {
                WORDS[rng.below(WORDS.len())].to_string()
            }
        })
        .collect()
}

#[test]
fn random_command_lines_never_panic() {
    let names = Names::new(false, None);
    let mut rng = Rng(seed() ^ 0xabcd);
    for _ in 0..iterations() {
        let words = random_words(&mut rng);
        let family = [Family::Unspec, Family::Inet, Family::Inet6][rng.below(3)];
        let _ = cli::route::parse_list(&words, family, &names);
        let _ = cli::rule::parse_list(&words, family, &names);
        let _ = cli::rule_modify::parse(&words, family, &names);
        let mut global: Vec<String> = vec!["-d".into(), "-n".into()];
        global.extend(words.iter().cloned());
        let _ = cli::global::parse(&words);
        let _ = cli::global::parse(&global);
        if let Some(first) = words.first() {
            let _ = cli::route::verb(first);
            let _ = cli::rule::verb(first);
        }
    }
}

#[test]
fn random_batch_text_never_panics() {
    let mut rng = Rng(seed() ^ 0x5555);
    for _ in 0..iterations() {
        let len = rng.below(200);
        let alphabet = b"ab \t\n#\\'\"xyz0123";
        let text: Vec<u8> = (0..len)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        let mut lines = cli::batch::CommandLines::new(&text[..]);
        while let Some(line) = lines.next_line() {
            let _ = cli::batch::split_words(&line);
        }
    }
}

#[test]
fn random_names_files_never_panic() {
    let mut rng = Rng(seed() ^ 0x7777);
    for _ in 0..iterations() / 4 {
        let len = rng.below(120);
        let alphabet = b"0123456789xabcdef #\t\n-+ \xff";
        let text: Vec<u8> = (0..len)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        // The parser warns on stderr for corrupted lines; that is expected here.
        let _ = ipr::names::file::parse_entries(&text, std::path::Path::new("fuzz"));
    }
}

/// A nexthop source that answers every id with one object carrying every field
/// `nh_info` prints, so fuzzed routes with RTA_NH_ID exercise that renderer too.
struct AnyNexthop;

impl ipr::model::nexthop::NexthopSource for AnyNexthop {
    fn nexthop(&self, id: u32) -> Option<std::sync::Arc<ipr::model::nexthop::NexthopView>> {
        use ipr::model::nexthop::{GroupMember, NexthopView, ResilientGroup};
        use ipr::model::route::Address;
        Some(std::sync::Arc::new(NexthopView {
            id,
            family: 2,
            scope: ipr::model::kernel::Scope::LINK,
            protocol: ipr::model::kernel::Protocol(99),
            flags: 0x4,
            group: vec![
                GroupMember { id: 1, weight: 4 },
                GroupMember { id: 2, weight: 0 },
            ],
            group_type: Some((id % 3) as u16),
            resilient: Some(ResilientGroup::default()),
            blackhole: id.is_multiple_of(2),
            oif: Some(id),
            gateway: Some(Address::V4([10, 0, 0, 1])),
            encap: None,
            fdb: id.is_multiple_of(5),
        }))
    }
}
