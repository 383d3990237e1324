//! The completion engine against the grammar tables, with a fixed system.

use super::*;
use crate::cli::grammar::ALL;

struct Fake;

impl System for Fake {
    fn names(&self, kind: NameKind) -> Vec<String> {
        let names: &[&str] = match kind {
            NameKind::Proto => &["kernel", "boot", "static", "myapp"],
            NameKind::Table => &["main", "local", "default", "vpn"],
            NameKind::Scope => &["global", "link", "host"],
            NameKind::Realm => &["unknown", "east"],
            NameKind::Dsfield => &["0x10"],
            NameKind::IpProto => &["tcp", "udp"],
            NameKind::Group => &["default"],
        };
        owned(names)
    }
    fn devices(&self) -> Vec<String> {
        owned(&["lo", "veth0"])
    }
    fn namespaces(&self) -> Vec<String> {
        owned(&["blue", "red"])
    }
    fn files(&self, prefix: &str) -> Vec<String> {
        vec![format!("{prefix}routes.txt")]
    }
}

/// Candidates for the last word of `line` ("" completes a new word).
fn complete(line: &str) -> Vec<String> {
    let mut words: Vec<String> = line.split(' ').map(str::to_string).collect();
    words.insert(0, "ipr".to_string());
    let cword = words.len() - 1;
    candidates(&words, cword, &Fake)
        .into_iter()
        .map(|c| c.word)
        .collect()
}

fn has(line: &str, wanted: &[&str]) {
    let got = complete(line);
    for w in wanted {
        assert!(got.iter().any(|g| g == w), "{line:?}: no {w} in {got:?}");
    }
}

fn lacks(line: &str, unwanted: &[&str]) {
    let got = complete(line);
    for w in unwanted {
        assert!(!got.iter().any(|g| g == w), "{line:?}: {w} in {got:?}");
    }
}

#[test]
fn objects_verbs_and_options() {
    has("", &["route", "rule", "completions", "manpage"]);
    has("r", &["route", "rule"]);
    lacks("ru", &["route"]);
    has(
        "-",
        &[
            "-netns", "-json", "-details", "-table", "-4", "-6", "-batch",
        ],
    );
    has(
        "route ",
        &["show", "add", "get", "flush", "explain", "sync", "chg"],
    );
    has("-6 -d r ", &["show", "explain", "sync"]);
    has("rule ", &["list", "add", "delete", "flush", "sync"]);
    has("completions ", &["bash", "zsh", "fish"]);
    has("manpage ", &["route", "rule"]);
}

#[test]
fn keywords_follow_the_verb() {
    has(
        "route add 10.0.0.0/8 ",
        &[
            "via", "dev", "proto", "metric", "table", "nexthop", "encap", "mtu",
        ],
    );
    has("route add ", &["blackhole", "unreachable", "via"]);
    lacks("route add 10.0.0.0/8 ", &["blackhole", "unicast"]);
    has(
        "r a 10.0.0.0/8 via 192.0.2.1 ",
        &["dev", "weight", "onlink"],
    );
    has(
        "rule add ",
        &["from", "fwmark", "lookup", "table", "pref", "prohibit"],
    );
    has("rule show ", &["pref", "table", "lookup", "protocol"]);
    has(
        "route get 1.2.3.4 ",
        &["from", "iif", "oif", "mark", "fibmatch"],
    );
    has("route explain 1.2.3.4 ", &["from", "iif", "uid"]);
    has("route show ", &["table", "proto", "type", "root"]);
    lacks("route show ", &["via192"]);
    has(
        "route sync ",
        &["proto", "table", "dry-run", "force", "routes.txt", "-"],
    );
    has("rule sync ", &["proto", "dry-run", "force", "-"]);
    lacks("rule sync ", &["table"]);
    has(
        "route add 10.0.0.0/8 encap mpls 100 ",
        &["ttl", "dev", "via"],
    );
    has(
        "route add 2001:db8::/64 encap seg6 ",
        &["mode", "segs", "hmac"],
    );
}

#[test]
fn values_come_from_the_system() {
    has("route add 10.0.0.0/8 proto ", &["myapp", "static"]);
    lacks("route add 10.0.0.0/8 proto ", &["all"]);
    has("route show proto ", &["myapp", "all"]);
    has("route show table ", &["vpn", "all", "cache"]);
    has("rule add lookup ", &["vpn", "main"]);
    has("route add 10.0.0.0/8 dev ", &["veth0", "lo"]);
    has("route get 1.2.3.4 oif ", &["veth0"]);
    has("rule add iif ", &["veth0"]);
    has("route add 10.0.0.0/8 scope ", &["link"]);
    has("route add 10.0.0.0/8 realms ", &["east"]);
    has("route add 10.0.0.0/8 tos ", &["0x10"]);
    has("rule add ipproto ", &["tcp"]);
    has("route show type ", &["unicast", "blackhole", "nat"]);
    has("route add 10.0.0.0/8 via ", &["inet", "inet6"]);
    has("route add 10.0.0.0/8 mtu ", &["lock"]);
    has("route add 10.0.0.0/8 pref ", &["low", "medium", "high"]);
    has("route add 10.0.0.0/8 encap ", &["mpls", "seg6local", "bpf"]);
    has(
        "route add 10.0.0.0/8 ttl-propagate ",
        &["enabled", "disabled"],
    );
    has("rule add type ", &["prohibit"]);
    has("-n ", &["blue", "red"]);
    has("-netns b", &["blue"]);
    lacks("-netns b", &["red"]);
    has("-family ", &["inet6", "mpls"]);
    has("-n blue route add 10.0.0.0/8 dev v", &["veth0"]);
    lacks("-n blue route add 10.0.0.0/8 dev v", &["lo"]);
    has("route add 10.0.0.0/8 via inet ", &[]);
    has("route add 10.0.0.0/8 via 192.0.2.1 ", &["dev"]);
    has("route add 10.0.0.0/8 mtu lock 1400 ", &["dev"]);
}

#[test]
fn options_split_at_equals_are_read_whole() {
    // How bash hands over `ipr -c=always route `.
    has("-c = always route ", &["show", "add"]);
    has("-c = always -n ", &["blue"]);
}

#[test]
fn keywords_carry_their_meaning() {
    let words: Vec<String> = ["ipr", "route", "add", "10.0.0.0/8", "met"]
        .iter()
        .map(|w| w.to_string())
        .collect();
    let got = candidates(&words, 4, &Fake);
    let metric = route::MODIFY.find("metric").unwrap();
    assert_eq!(
        got,
        [Candidate {
            word: "metric".to_string(),
            help: metric.meaning
        }]
    );
}

/// Every keyword (every spelling) of every grammar is offered where its
/// verb's arguments are completed.
#[test]
fn every_parser_keyword_is_a_candidate() {
    let lines: &[(&str, &str)] = &[
        ("route list", "route show "),
        ("route modify", "route add 10.0.0.0/8 "),
        ("route get", "route get 1.2.3.4 "),
        ("route encap", "route add 10.0.0.0/8 encap ip "),
        ("rule add", "rule add "),
        ("rule list", "rule list "),
        ("route sync", "route sync "),
        ("rule sync", "rule sync "),
    ];
    for g in ALL {
        let (_, line) = lines
            .iter()
            .find(|(name, _)| *name == g.name)
            .unwrap_or_else(|| panic!("no completion line for {}", g.name));
        let line = if g.name == "route encap" {
            // An encap header's type comes first.
            "route add 10.0.0.0/8 encap ip ttl 5 "
        } else {
            line
        };
        let got = complete(line);
        for k in g.keywords {
            for s in k.spellings() {
                assert!(got.iter().any(|c| c == s), "{}: {s} not offered", g.name);
            }
        }
    }
}
