//! The tables against the parsers and the help layouts.

use super::layout::{self, Block, Piece, pieces};
use super::{ALL, Grammar, route, rule, verbs};
use crate::cli::route_modify::Devices;
use crate::model::Family;
use crate::model::route_request::RouteOp;
use crate::names::Names;
use std::collections::BTreeSet;

fn names() -> Names {
    Names::new(false, None)
}

fn words(line: &[&str]) -> Vec<String> {
    line.iter()
        .flat_map(|w| w.split(' '))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Each keyword with its example: `[spelling, example words...]`.
fn uses(grammar: &Grammar) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for k in grammar.keywords {
        for spelling in k.spellings() {
            out.push((spelling.to_string(), words(&[spelling, k.example])));
        }
    }
    out
}

/// (grammar name, word) of every `<word>` a layout names.
fn references(blocks: &[Block]) -> BTreeSet<(&'static str, &'static str)> {
    let mut out = BTreeSet::new();
    for b in blocks {
        for line in b.lines {
            for piece in pieces(line) {
                if let Piece::Keyword { word, .. } = piece {
                    let g = b.grammar.expect("a block that names keywords has a table");
                    let k = g
                        .find(word)
                        .expect("a named keyword is in its block's table");
                    assert_eq!(k.word, word, "the help names {word} by its shown spelling");
                    out.insert((g.name, k.word));
                }
            }
        }
    }
    out
}

#[test]
fn the_help_names_exactly_the_keywords_marked_for_it() {
    let mut named = references(layout::ROUTE);
    named.extend(references(layout::RULE));
    for g in [
        &route::SELECT,
        &route::MODIFY,
        &route::GET,
        &route::ENCAP,
        &rule::ADD,
    ] {
        for k in g.keywords {
            let is_named = named.contains(&(g.name, k.word));
            assert_eq!(is_named, k.in_ip_help, "{}: {}", g.name, k.word);
        }
    }
    // `rule list` selectors are written as in `rule add`; its help is add's.
    for k in rule::LIST.keywords.iter().filter(|k| k.in_ip_help) {
        assert!(
            named.contains(&(rule::ADD.name, k.word)),
            "rule list: {}",
            k.word
        );
    }
    for g in [&verbs::SYNC, &verbs::RULE_SYNC] {
        assert!(g.keywords.iter().all(|k| !k.in_ip_help), "{}", g.name);
    }
}

#[test]
fn spellings_are_unique_within_a_grammar() {
    for g in ALL {
        let mut seen = BTreeSet::new();
        for k in g.keywords {
            for s in k.spellings() {
                assert!(seen.insert(s), "{}: {s} twice", g.name);
            }
            assert_eq!(
                k.value.is_empty(),
                k.example.is_empty(),
                "{}: {}",
                g.name,
                k.word
            );
            assert!(!k.meaning.is_empty());
        }
    }
}

#[test]
fn route_list_accepts_every_keyword() {
    for (word, args) in uses(&route::SELECT) {
        let got = crate::cli::route::parse_list(&args, Family::Unspec, &names());
        assert!(got.is_ok(), "route list {word}: {:?}", got.err());
    }
}

#[test]
fn route_get_accepts_every_keyword() {
    for (word, args) in uses(&route::GET) {
        let mut line = words(&["192.0.2.1"]);
        if word != "to" {
            line.extend(args);
        } else {
            line = args;
        }
        let got = crate::cli::route_get::parse_get(&line, Family::Unspec, &names(), &mut |_| true);
        assert!(got.is_ok(), "route get {word}: {:?}", got.err());
    }
}

struct AnyDevice;

impl Devices for AnyDevice {
    fn index(&self, _: &str) -> Option<u32> {
        Some(1)
    }
    fn vrf_table(&self, _: &str) -> Option<crate::model::kernel::TableId> {
        Some(crate::model::kernel::TableId(10))
    }
}

fn route_add(line: &[String], family: Family) -> crate::error::Result<()> {
    crate::cli::route_modify::parse(RouteOp::Add, line, family, &names(), &AnyDevice).map(|_| ())
}

#[test]
fn route_add_accepts_every_keyword() {
    for (word, args) in uses(&route::MODIFY) {
        let dst = if args.iter().any(|a| a.contains(':')) {
            "2001:db8:9::/64"
        } else {
            "192.0.2.0/24"
        };
        let mut family = Family::Unspec;
        let mut line = match word.as_str() {
            "to" => vec![],
            // An MPLS route (a label as destination).
            "ttl-propagate" => {
                family = Family::Mpls;
                words(&["100"])
            }
            // Only a multipath leg has a weight.
            "weight" => words(&[dst, "nexthop via 192.0.2.1"]),
            _ => words(&[dst]),
        };
        line.extend(args);
        if word == "encap" {
            // A header is followed by more words; `dev` ends it.
            line.extend(words(&["dev lo"]));
        }
        let got = route_add(&line, family);
        assert!(got.is_ok(), "route add {word}: {line:?} {:?}", got.err());
    }
}

/// Encap headers need their type first; each keyword with a line it fits in.
#[test]
fn route_encap_accepts_every_keyword() {
    const LINES: &[(&str, &str)] = &[
        ("ttl", "mpls 100 ttl 5"),
        ("id", "ip id 7 dst 192.0.2.1"),
        ("dst", "ip dst 192.0.2.1"),
        ("src", "ip src 192.0.2.2 dst 192.0.2.1"),
        ("tos", "ip tos 0x10 dst 192.0.2.1"),
        ("hoplimit", "ip6 hoplimit 5 dst 2001:db8::1"),
        ("tc", "ip6 tc 1 dst 2001:db8::1"),
        ("key", "ip dst 192.0.2.1 key"),
        ("csum", "ip dst 192.0.2.1 csum"),
        ("seq", "ip dst 192.0.2.1 seq"),
        ("csum-mode", "ila 2001:db8:1:2 csum-mode no-action"),
        ("ident-type", "ila 2001:db8:1:2 ident-type luid"),
        ("hook-type", "ila 2001:db8:1:2 hook-type output"),
        ("mode", "seg6 mode encap segs 2001:db8::1"),
        ("segs", "seg6 mode encap segs 2001:db8::1"),
        ("hmac", "seg6 mode encap segs 2001:db8::1 hmac 1"),
        ("action", "seg6local action End"),
        ("count", "seg6local action End count"),
        ("flavors", "seg6local action End flavors psp"),
        ("srh", "seg6local action End.B6 srh segs 2001:db8::1"),
        ("nh4", "seg6local action End.DX4 nh4 192.0.2.1"),
        ("nh6", "seg6local action End.DX6 nh6 2001:db8::1"),
        ("iif", "seg6local action End iif lo"),
        ("oif", "seg6local action End oif lo"),
        ("table", "seg6local action End.T table 100"),
        ("vrftable", "seg6local action End.DT4 vrftable 100"),
        ("endpoint", "seg6local action End.BPF endpoint fd 3"),
        ("lblen", "seg6local action End flavors next-csid lblen 32"),
        ("nflen", "seg6local action End flavors next-csid nflen 16"),
        (
            "tundst",
            "ioam6 mode encap tundst 2001:db8::1 trace prealloc type 0x800000 ns 1 size 4",
        ),
        ("trace", "ioam6 trace prealloc type 0x800000 ns 1 size 4"),
        ("prealloc", "ioam6 trace prealloc type 0x800000 ns 1 size 4"),
        ("type", "ioam6 trace prealloc type 0x800000 ns 1 size 4"),
        ("ns", "ioam6 trace prealloc type 0x800000 ns 1 size 4"),
        ("size", "ioam6 trace prealloc type 0x800000 ns 1 size 4"),
        ("if_id", "xfrm if_id 1"),
        ("link_dev", "xfrm if_id 1 link_dev lo"),
        ("in", "bpf in obj prog.o"),
        ("out", "bpf out obj prog.o"),
        ("xmit", "bpf xmit obj prog.o"),
        ("headroom", "bpf headroom 16 xmit obj prog.o"),
    ];
    let listed: BTreeSet<&str> = LINES.iter().map(|(w, _)| *w).collect();
    let table: BTreeSet<&str> = route::ENCAP.keywords.iter().map(|k| k.word).collect();
    assert_eq!(listed, table);
    for (word, tail) in LINES {
        let dst = if tail.contains(':') || tail.starts_with("seg6") {
            "2001:db8:9::/64"
        } else {
            "192.0.2.0/24"
        };
        let line = words(&[dst, "encap", tail, "dev", "lo"]);
        let got = route_add(&line, Family::Unspec);
        // bpf reads its object file; only the syntax is checked here.
        let syntax_ok = got.is_ok() || word_is_bpf(tail);
        assert!(syntax_ok, "encap {word}: {line:?} {:?}", got.err());
    }
}

fn word_is_bpf(tail: &str) -> bool {
    tail.starts_with("bpf") || tail.contains("BPF")
}

#[test]
fn rule_add_accepts_every_keyword() {
    for (word, args) in uses(&rule::ADD) {
        let got = crate::cli::rule_modify::parse(&args, Family::Unspec, &names());
        assert!(got.is_ok(), "rule add {word}: {:?}", got.err());
    }
}

#[test]
fn rule_list_accepts_every_keyword() {
    for (word, args) in uses(&rule::LIST) {
        let got = crate::cli::rule::parse_list(&args, Family::Unspec, &names());
        assert!(got.is_ok(), "rule list {word}: {:?}", got.err());
    }
}

/// The keyword words a parser's source tests for (`abbreviates(word, "x")`,
/// `word == "x"`, `matches!(word, "x" | ...)`): what a parser that does not
/// read a table (the encap headers) accepts.
fn tested_words(source: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let patterns = [
        "abbreviates(word, \"",
        "abbreviates(v, \"",
        "word == \"",
        "peek() == Some(\"",
    ];
    for pattern in patterns {
        for (at, _) in source.match_indices(pattern) {
            let rest = &source[at + pattern.len()..];
            let word = &rest[..rest.find('"').unwrap_or(0)];
            out.insert(word.to_string());
        }
    }
    for (at, _) in source.match_indices("matches!(word, ") {
        let rest = &source[at..];
        let args = &rest[..rest.find(')').unwrap_or(0)];
        for part in args.split('"').skip(1).step_by(2) {
            out.insert(part.to_string());
        }
    }
    out
}

fn spellings(grammars: &[&Grammar]) -> BTreeSet<&'static str> {
    grammars
        .iter()
        .flat_map(|g| g.keywords.iter().flat_map(|k| k.spellings()))
        .collect()
}

/// Words the parsers test that are values or verbs, not keywords.
const NOT_KEYWORDS: &[&str] = &["help", "chg", "default", "any", "all", "lock"];

fn assert_in_tables(file: &str, source: &str, grammars: &[&Grammar]) {
    let known = spellings(grammars);
    for word in tested_words(source) {
        let ok = known.contains(word.as_str()) || NOT_KEYWORDS.contains(&word.as_str());
        assert!(ok, "{file} accepts {word:?}, which no grammar table names");
    }
}

#[test]
fn every_parser_keyword_is_in_a_table() {
    let route = [&route::SELECT];
    assert_in_tables("route.rs", include_str!("../route.rs"), &route);
    assert_in_tables(
        "route_get.rs",
        include_str!("../route_get.rs"),
        &[&route::GET],
    );
    let modify = [&route::MODIFY];
    assert_in_tables(
        "route_modify.rs",
        include_str!("../route_modify.rs"),
        &modify,
    );
    let metrics = include_str!("../route_modify/metrics.rs");
    assert_in_tables("metrics.rs", metrics, &modify);
    let encap = [&route::ENCAP];
    assert_in_tables("encap.rs", include_str!("../route_modify/encap.rs"), &encap);
    assert_in_tables(
        "lwt.rs",
        include_str!("../route_modify/encap/lwt.rs"),
        &encap,
    );
    assert_in_tables("rule.rs", include_str!("../rule.rs"), &[&rule::LIST]);
    assert_in_tables(
        "rule_modify.rs",
        include_str!("../rule_modify.rs"),
        &[&rule::ADD],
    );
}

/// The keywords a table-driven parser handles: the words of its match arms.
/// A parser that matches `recognise`'s answer has `Some("word") =>` arms
/// (`keyed`; then `"low" =>` is a value, not a keyword); one that matches the
/// keyword itself has `"word" =>` arms. `Some("a") | Some("b") =>` names both.
fn arms(source: &str, keyed: bool) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    for line in source.lines().map(str::trim_start) {
        let Some((pattern, _)) = line.split_once(" =>") else {
            continue;
        };
        for alt in pattern.split(" | ") {
            let word = match alt.strip_prefix("Some(") {
                Some(inner) => inner.strip_suffix(')'),
                None if !keyed => Some(alt),
                None => None,
            };
            if let Some(word) = word.and_then(|w| w.strip_prefix('"')?.strip_suffix('"')) {
                out.insert(word);
            }
        }
    }
    out
}

/// Each parser reads its keywords through its table: each arm names a keyword
/// of the table, and each keyword has its arm (`route get`'s and `rule list`'s
/// catch-all `to` aside; `route modify`'s metrics are in `metrics.rs`).
#[test]
fn table_driven_parsers_handle_exactly_their_tables() {
    for (g, handled, catch_all) in [
        (
            &route::GET,
            arms(include_str!("../route_get.rs"), true),
            Some("to"),
        ),
        (
            &rule::LIST,
            arms(include_str!("../rule.rs"), false),
            Some("to"),
        ),
        (
            &rule::ADD,
            arms(include_str!("../rule_modify.rs"), true),
            None,
        ),
        (
            &route::SELECT,
            arms(include_str!("../route.rs"), true),
            None,
        ),
        (
            &route::MODIFY,
            arms(include_str!("../route_modify.rs"), true),
            None,
        ),
    ] {
        let table: BTreeSet<&str> = g.keywords.iter().map(|k| k.word).collect();
        let mut handled = handled;
        handled.extend(catch_all);
        if g.name == route::MODIFY.name {
            handled.extend(arms(include_str!("../route_modify/metrics.rs"), false));
        }
        assert_eq!(handled, table, "{}", g.name);
    }
}

#[test]
fn the_scans_see_keywords() {
    let seen = tested_words(include_str!("../route_modify/encap.rs"));
    assert!(seen.contains("ttl") && seen.contains("dst"), "{seen:?}");
    let metrics = arms(include_str!("../route_modify/metrics.rs"), false);
    assert!(
        metrics.contains("mtu") && metrics.contains("initrwnd"),
        "{metrics:?}"
    );
    let route = arms(include_str!("../route.rs"), true);
    assert!(
        route.contains("table") && route.contains("exact"),
        "{route:?}"
    );
    assert!(
        !route.contains("local"),
        "route types are values: {route:?}"
    );
    let modify = arms(include_str!("../route_modify.rs"), true);
    assert!(
        !modify.contains("low"),
        "values are not keywords: {modify:?}"
    );
}

#[test]
fn ipr_lines_of_route_help_name_no_iproute2_keyword() {
    let help = crate::cli::help::route_usage();
    let own: Vec<&str> = help
        .lines()
        .filter(|l| l.trim_start().starts_with("ipr "))
        .collect();
    assert_eq!(own.len(), 2, "{help}");
    let rule_help = crate::cli::help::rule_usage();
    assert_eq!(
        rule_help
            .lines()
            .filter(|l| l.contains("ipr rule sync"))
            .count(),
        1
    );
    let keywords = spellings(&[&route::SELECT, &route::MODIFY, &route::GET, &route::ENCAP]);
    for line in own {
        for word in line.split_whitespace().skip(2) {
            assert!(!keywords.contains(word), "{line}");
        }
    }
}

#[test]
fn verb_helps_list_their_keywords() {
    let explain = verbs::explain_help();
    for k in route::GET.keywords {
        assert!(explain.contains(&format!("    {} ", k.word)), "{}", k.word);
    }
    for (help, grammar, object) in [
        (verbs::sync_help(), &verbs::SYNC, "route"),
        (verbs::rule_sync_help(), &verbs::RULE_SYNC, "rule"),
    ] {
        assert!(help.starts_with(&verbs::sync_usage(grammar)), "{help}");
        assert!(
            help.contains(&format!("{object} sync proto PROTO")),
            "{help}"
        );
        for k in grammar.keywords {
            assert!(help.contains(&format!("    {} ", k.word)), "{}", k.word);
        }
        for topic in ["all or nothing", "/run/ipr/", "force", "kernel boot static"] {
            assert!(help.contains(topic), "{object} sync help lacks {topic}");
        }
        assert!(help.lines().all(|l| l.len() <= 80), "{help}");
    }
}

#[test]
fn sync_usages_come_from_their_tables() {
    assert_eq!(
        verbs::sync_usage(&verbs::SYNC),
        "Usage: ipr route sync proto PROTO [ table TABLE ] [ dry-run ] [ force ] FILE|-\n"
    );
    assert_eq!(
        verbs::sync_usage(&verbs::RULE_SYNC),
        "Usage: ipr [ -6 ] rule sync proto PROTO [ dry-run ] [ force ] FILE|-\n"
    );
}

/// Every sync keyword is read through its table: the sources test no word.
#[test]
fn sync_parser_reads_its_table() {
    let source = include_str!("../../cmd/sync_common.rs");
    for word in ["\"dry-run\" =>", "\"force\" =>", "\"table\" if"] {
        assert!(!source.contains(word), "{word}");
    }
    for g in [&verbs::SYNC, &verbs::RULE_SYNC] {
        for k in g.keywords {
            assert!(
                source.contains(&format!("Some(\"{}\")", k.word)),
                "{}: {}",
                g.name,
                k.word
            );
        }
    }
}
