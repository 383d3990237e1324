//! Help texts against `ip`'s. Scripts probe what `ip` supports by grepping its
//! help (`ip route help 2>&1 | grep -q fibmatch`), so every keyword grep and
//! every two-keyword grep (`sport.*MASK`) must answer on ipr's help as it answers
//! on iproute2's; and each help keeps iproute2's stream and exit status.

mod common;

use common::{Comparison, IP, Ns, Via, ipr_bin, run_tool};
use std::collections::BTreeSet;
use std::process::Command;

/// Words only ipr's help has: its own verbs, on lines of their own.
const IPR_ONLY: &[&str] = &["ipr", "explain", "EXPLAIN_ARGS", "sync", "SYNC_ARGS"];

/// Every argv that prints the route or rule help.
const HELPS: &[&[&str]] = &[
    &["route", "help"],
    &["route", "get", "help"],
    &["route", "get", "1.2.3.4", "from", "help"],
    &["route", "add", "help"],
    &["route", "add", "10.0.0.0/8", "help"],
    &["route", "del", "help"],
    &["route", "change", "help"],
    &["route", "replace", "help"],
    &["route", "append", "help"],
    &["route", "prepend", "help"],
    &["route", "test", "help"],
    &["route", "show", "table", "help"],
    &["route", "add"],
    &["rule", "help"],
    &["rule", "add", "help"],
    &["rule", "del", "type", "help"],
];

struct Helps {
    ip: String,
    ipr: String,
}

fn helps(args: &[&str]) -> Helps {
    let ns = Ns::new();
    let ip = run_tool(&ns, IP, args, Via::NetnsOption);
    let ipr = run_tool(&ns, ipr_bin(), args, Via::NetnsOption);
    // The help text is ipr's own: compared below word by word, not byte by byte.
    Comparison::new(&ip, &ipr)
        .what(format!("{args:?}"))
        .without_stderr()
        .check();
    assert!(
        !ip.stderr.is_empty(),
        "{args:?}: ip prints its help on stderr"
    );
    assert!(
        !ipr.stderr.is_empty(),
        "{args:?}: ipr prints its help on stderr"
    );
    Helps {
        ip: String::from_utf8(ip.stderr).unwrap(),
        ipr: String::from_utf8(ipr.stderr).unwrap(),
    }
}

/// The words of a help, at least two long: runs of letters, digits and
/// `_.,/-` (`FWMARK[/MASK]` gives `/MASK`, `NUMBER-NUMBER`), and the runs of
/// letters, digits and `_` inside them (`MASK`, `NUMBER`): what grep patterns
/// for keywords and placeholders are made of.
fn tokens(text: &str) -> BTreeSet<&str> {
    let wide = text.split(|c: char| !(c.is_ascii_alphanumeric() || "_.,/-".contains(c)));
    let narrow = text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
    wide.chain(narrow).filter(|t| t.len() >= 2).collect()
}

/// `grep -q 'A.*B'`: some line holds A and, after it, B.
fn pair_matches(text: &str, a: &str, b: &str) -> bool {
    text.lines()
        .any(|l| l.find(a).is_some_and(|at| l[at + a.len()..].contains(b)))
}

/// `grep -q WORD` for every word of either help, and `grep -q 'A.*B'` for every
/// pair of iproute2's words, answer the same on both.
fn assert_same_probes(args: &[&str]) {
    let h = helps(args);
    let ip_words = tokens(&h.ip);
    let mut all = ip_words.clone();
    all.extend(tokens(&h.ipr));
    for word in &all {
        let on_ip = h.ip.contains(word);
        let on_ipr = h.ipr.contains(word);
        let own = IPR_ONLY.contains(word) && !on_ip;
        assert!(
            on_ip == on_ipr || own,
            "{args:?}: grep {word}: ip {on_ip}, ipr {on_ipr}"
        );
    }
    for a in &ip_words {
        for b in &ip_words {
            let on_ip = pair_matches(&h.ip, a, b);
            let on_ipr = pair_matches(&h.ipr, a, b);
            assert_eq!(on_ipr, on_ip, "{args:?}: grep '{a}.*{b}'");
        }
    }
}

#[test]
fn every_help_keeps_stream_and_status() {
    for args in HELPS {
        helps(args);
    }
}

#[test]
fn route_help_answers_probes_as_ip() {
    assert_same_probes(&["route", "help"]);
}

#[test]
fn route_get_help_answers_probes_as_ip() {
    assert_same_probes(&["route", "get", "help"]);
}

#[test]
fn route_add_help_answers_probes_as_ip() {
    assert_same_probes(&["route", "add", "help"]);
}

#[test]
fn rule_help_answers_probes_as_ip() {
    assert_same_probes(&["rule", "help"]);
}

/// Each line names the same words in the same order as iproute2's line.
#[test]
fn lines_name_the_same_words_in_order() {
    for args in [&["route", "help"][..], &["rule", "help"]] {
        let h = helps(args);
        let words = |line: &str| -> Vec<String> {
            line.split(|c: char| !(c.is_ascii_alphanumeric() || "_.,/-".contains(c)))
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect()
        };
        let ip: Vec<_> = h.ip.lines().map(words).collect();
        let ipr: Vec<_> = h
            .ipr
            .lines()
            .filter(|l| !l.trim_start().starts_with("ipr "))
            .map(words)
            .collect();
        assert_eq!(ipr, ip, "{args:?}");
    }
}

/// The feature probes of the kernel's fib_tests.sh and fib_rule_tests.sh, as
/// they are written there, run through `sh` with `ip` being each tool.
#[test]
fn kernel_selftest_probes_answer_as_ip() {
    const PROBES: &[&str] = &[
        "$IP route help 2>&1 | grep -q fibmatch",
        "$IP rule help 2>&1 | grep -q uidrange",
        "$IP route get help 2>&1 | grep -q uid",
        "$IP rule help 2>&1 | grep -q sport",
        "$IP route get help 2>&1 | grep -q sport",
        "$IP rule help 2>&1 | grep -q ipproto",
        "$IP route get help 2>&1 | grep -q ipproto",
        "$IP rule help 2>&1 | grep sport | grep -q MASK",
        "$IP rule help 2>&1 | grep -q dscp",
        "$IP route get help 2>&1 | grep -q tos",
        "$IP rule help 2>&1 | grep -q \"DSCP\\[/MASK\\]\"",
        "$IP rule help 2>&1 | grep -q flowlabel",
        "$IP route get help 2>&1 | grep -q flowlabel",
    ];
    let ns = Ns::new();
    let answer = |tool: &str, probe: &str| {
        let ip_n = format!("{tool} -n {}", ns.name);
        Command::new("sh")
            .args(["-c", probe])
            .env("IP", ip_n)
            .status()
            .unwrap()
            .code()
    };
    let mut answered = Vec::new();
    for probe in PROBES {
        let ip = answer(IP, probe);
        assert_eq!(answer(ipr_bin(), probe), ip, "{probe}");
        answered.push(ip);
    }
    // The probes the scripts need for their 6.1 tests do find their keyword.
    assert_eq!(answered[0], Some(0), "fibmatch");
    assert!(answered.contains(&Some(1)), "and 6.1 lacks the newer ones");
}

/// ipr's own verbs explain themselves, on stderr with status 255 like every help.
#[test]
fn own_verbs_have_help() {
    let ns = Ns::new();
    for (verb, must) in [("explain", "route get"), ("sync", "dry-run")] {
        let out = run_tool(&ns, ipr_bin(), &["route", verb, "help"], Via::NetnsOption);
        assert_eq!(out.status.code(), Some(255), "{verb}");
        assert!(out.stdout.is_empty(), "{verb}");
        let text = String::from_utf8(out.stderr).unwrap();
        assert!(
            text.starts_with(&format!("Usage: ipr route {verb}")),
            "{text}"
        );
        assert!(text.contains(must), "{text}");
    }
    let route = run_tool(&ns, ipr_bin(), &["route", "help"], Via::NetnsOption);
    let text = String::from_utf8(route.stderr).unwrap();
    assert!(text.contains("ipr route explain") && text.contains("ipr route sync"));
    let out = run_tool(&ns, ipr_bin(), &["rule", "sync", "help"], Via::NetnsOption);
    assert_eq!(out.status.code(), Some(255));
    let text = String::from_utf8(out.stderr).unwrap();
    assert!(
        text.starts_with("Usage: ipr [ -6 ] rule sync proto PROTO"),
        "{text}"
    );
    assert!(
        text.contains("force") && text.contains("all or nothing"),
        "{text}"
    );
    let rule = run_tool(&ns, ipr_bin(), &["rule", "help"], Via::NetnsOption);
    let text = String::from_utf8(rule.stderr).unwrap();
    assert!(text.contains("ipr rule sync"), "{text}");
}
