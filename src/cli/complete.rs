//! Shell completion: the candidates for one word of a command line, from the
//! same tables the parsers read (global options, objects, verbs, the keyword
//! grammars and the value sets of the help layouts). The shell scripts of
//! `ipr completions SHELL` only call `ipr __complete CWORD WORDS...` and show
//! what it prints, so completion cannot disagree with the parser.
//!
//! Pure: what it needs from the system (names files, devices, namespaces, file
//! names) comes through `System`, which `cmd::complete` implements.

use super::global::{option_name, option_names, takes_value};
use super::grammar::layout::{self, Block};
use super::grammar::{Grammar, Keyword, route, rule, verbs};
use super::keyword::{abbreviates, recognise};
use super::route::RouteVerb;
use super::rule::RuleVerb;

/// A names file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Proto,
    Table,
    Scope,
    Realm,
    Dsfield,
    /// `/etc/protocols`.
    IpProto,
    /// Device groups.
    Group,
}

/// What completion asks of the system.
pub trait System {
    /// The names of a names file (in the namespace of `-n NS` when given).
    fn names(&self, kind: NameKind) -> Vec<String>;
    /// The network devices (of that namespace).
    fn devices(&self) -> Vec<String>;
    /// The named network namespaces.
    fn namespaces(&self) -> Vec<String>;
    /// Paths that start with `prefix`, directories ending in `/`.
    fn files(&self, prefix: &str) -> Vec<String>;
}

/// ipr's own objects and iproute2's that ipr answers itself.
const OBJECTS: &[(&str, &str)] = &[
    ("route", "routing tables"),
    ("rule", "routing policy rules"),
    ("help", "the usage"),
    ("completions", "shell completion scripts (ipr only)"),
    ("manpage", "the manual pages in roff (ipr only)"),
];
const SHELLS: &[&str] = &["bash", "zsh", "fish"];
const FAMILIES: &[&str] = &["inet", "inet6", "link", "mpls", "bridge"];
const ENCAP_TYPES: &[&str] = &[
    "mpls",
    "ip",
    "ila",
    "ip6",
    "seg6",
    "bpf",
    "seg6local",
    "rpl",
    "ioam6",
    "xfrm",
];
/// The actions a rule can name by type.
const RULE_TYPES: &[&str] = &["blackhole", "unreachable", "prohibit"];

/// Where on the command line the word being completed is.
#[derive(Debug, Clone, Copy)]
enum Verb {
    Route(RouteVerb),
    RouteExplain,
    RouteSync,
    Rule(RuleVerb),
    RuleSync,
}

/// A word to offer, and what it does (empty when there is nothing to say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub word: String,
    pub help: &'static str,
}

/// Words with what they do.
type Offer = Vec<(String, &'static str)>;

fn plain(words: Vec<String>) -> Offer {
    words.into_iter().map(|w| (w, "")).collect()
}

/// The candidates for `words[cword]` (`words[0]` is the program), those that
/// start with the word typed so far, each once, in a useful order.
pub fn candidates(words: &[String], cword: usize, sys: &dyn System) -> Vec<Candidate> {
    let (words, cword) = &rejoin(words, cword);
    let (words, cword) = (words.as_slice(), *cword);
    let current = words.get(cword).map(String::as_str).unwrap_or("");
    let before: Vec<&str> = words
        .iter()
        .take(cword)
        .skip(1)
        .map(String::as_str)
        .collect();
    let mut out: Vec<Candidate> = Vec::new();
    for (word, help) in all_candidates(&before, current, sys) {
        if word.starts_with(current) && !out.iter().any(|c| c.word == word) {
            out.push(Candidate { word, help });
        }
    }
    out
}

/// bash splits words at `=` (COMP_WORDBREAKS), so `-color=always` arrives as
/// `-color`, `=`, `always`: join such an option back when it lies wholly before
/// the word being completed.
fn rejoin(words: &[String], cword: usize) -> (Vec<String>, usize) {
    let mut out: Vec<String> = Vec::new();
    let mut cword_out = cword;
    let mut i = 0;
    while i < words.len() {
        let after_option = out
            .last()
            .is_some_and(|l| l.starts_with('-') && !l.contains('='));
        if words[i] == "=" && after_option && i + 1 < cword {
            let last = out.last_mut().expect("checked above");
            last.push('=');
            last.push_str(&words[i + 1]);
            cword_out -= 2;
            i += 2;
            continue;
        }
        out.push(words[i].clone());
        i += 1;
    }
    (out, cword_out)
}

fn owned(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

fn all_candidates(before: &[&str], current: &str, sys: &dyn System) -> Offer {
    // Global options, and the value of the last one.
    let mut i = 0;
    while let Some(word) = before.get(i).filter(|w| w.starts_with('-')) {
        let name = option_name(word).unwrap_or("");
        if takes_value(name) {
            if i + 1 == before.len() {
                return plain(option_value(name, current, sys));
            }
            i += 1;
        }
        i += 1;
    }
    let Some(object) = before.get(i) else {
        if current.starts_with('-') {
            return plain(option_names().map(str::to_string).collect());
        }
        return OBJECTS
            .iter()
            .map(|&(w, help)| (w.to_string(), help))
            .collect();
    };
    let rest = &before[i + 1..];
    match *object {
        "completions" => {
            return if rest.is_empty() {
                plain(owned(SHELLS))
            } else {
                vec![]
            };
        }
        "manpage" => {
            return if rest.is_empty() {
                plain(owned(&["route", "rule"]))
            } else {
                vec![]
            };
        }
        _ => {}
    }
    let is_route = abbreviates(object, "route");
    let is_rule = !is_route && abbreviates(object, "rule");
    if !is_route && !is_rule {
        return vec![];
    }
    let Some((verb_word, args)) = rest.split_first() else {
        return plain(verbs_of(is_route));
    };
    let verb = match (is_route, *verb_word) {
        (true, "explain") => Verb::RouteExplain,
        (true, "sync") => Verb::RouteSync,
        (false, "sync") => Verb::RuleSync,
        (true, w) => match super::route::verb(w) {
            Ok(v) => Verb::Route(v),
            Err(_) => return vec![],
        },
        (false, w) => match super::rule::verb(w) {
            Ok(v) => Verb::Rule(v),
            Err(_) => return vec![],
        },
    };
    arguments(verb, args, current, sys)
}

/// The value of a global option.
fn option_value(name: &str, current: &str, sys: &dyn System) -> Vec<String> {
    match name {
        "-netns" => sys.namespaces(),
        "-family" => owned(FAMILIES),
        "-batch" => {
            let mut files = sys.files(current);
            files.push("-".to_string());
            files
        }
        _ => vec![],
    }
}

/// The namespace `-n NS` (`-netns NS`) names on the line, if any: completion of
/// devices and names reads that namespace.
pub fn namespace(words: &[String]) -> Option<&str> {
    let mut i = 1;
    while let Some(word) = words.get(i).filter(|w| w.starts_with('-')) {
        let name = option_name(word).unwrap_or("");
        if takes_value(name) {
            if name == "-netns" {
                return words.get(i + 1).map(String::as_str);
            }
            i += 1;
        }
        i += 1;
    }
    None
}

/// The verbs of an object, in the parser's order, then ipr's own.
fn verbs_of(route: bool) -> Vec<String> {
    let (table, own): (Vec<&str>, &[&str]) = if route {
        let words = super::route::VERBS.iter().map(|&(w, _)| w).collect();
        (words, &["chg", "explain", "sync"])
    } else {
        let words = super::rule::VERBS.iter().map(|&(w, _)| w).collect();
        (words, &["sync"])
    };
    table
        .into_iter()
        .chain(own.iter().copied())
        .map(str::to_string)
        .collect()
}

/// The grammars a verb's arguments are read with, and its positional words.
fn grammar_of(verb: Verb) -> (&'static [&'static Grammar], Positional) {
    use RouteVerb as R;
    use RuleVerb as U;
    match verb {
        Verb::Route(R::List | R::Flush | R::Save) => (&[&route::SELECT], Positional::None),
        Verb::Route(R::Get) | Verb::RouteExplain => (&[&route::GET], Positional::None),
        Verb::Route(R::Restore | R::ShowDump | R::Help) => (&[], Positional::None),
        Verb::Route(_) => (&[&route::MODIFY], Positional::RouteType),
        Verb::RouteSync => (&[&verbs::SYNC], Positional::File),
        Verb::Rule(U::Add | U::Delete) => (&[&rule::ADD], Positional::RuleType),
        Verb::Rule(U::List | U::Flush | U::Save) => (&[&rule::LIST], Positional::None),
        Verb::Rule(U::Restore | U::Help) => (&[], Positional::None),
        Verb::RuleSync => (&[&verbs::RULE_SYNC], Positional::File),
    }
}

/// What may stand where no keyword is: route or rule types, or a file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Positional {
    None,
    RouteType,
    RuleType,
    File,
}

/// The keyword whose value is still to come, and how far into it we are.
struct Pending {
    grammar: &'static Grammar,
    keyword: &'static Keyword,
}

fn arguments(verb: Verb, args: &[&str], current: &str, sys: &dyn System) -> Offer {
    let (base, positional) = grammar_of(verb);
    let mut in_encap = false;
    let mut pending: Option<Pending> = None;
    // A route type or prefix already given: no type is offered any more.
    let mut positional_seen = false;
    for &word in args {
        if let Some(p) = pending.take() {
            pending = still_pending(p, word, &mut in_encap);
            continue;
        }
        match find(base, in_encap, word) {
            Some((grammar, keyword)) if !keyword.value.is_empty() && keyword.word != "nexthop" => {
                pending = Some(Pending { grammar, keyword });
            }
            Some(_) => {}
            None => positional_seen = true,
        }
    }
    if let Some(p) = pending {
        return plain(value(p.grammar, p.keyword, sys));
    }
    let mut out = Vec::new();
    if positional == Positional::File {
        out.extend(plain(sys.files(current)));
        out.push(("-".to_string(), "standard input"));
    }
    let grammars: Vec<&Grammar> = if in_encap {
        vec![&route::ENCAP, &route::MODIFY]
    } else {
        base.to_vec()
    };
    for g in grammars {
        for k in g.keywords {
            out.extend(k.spellings().map(|s| (s.to_string(), k.meaning)));
        }
    }
    match positional {
        Positional::RouteType if !positional_seen => {
            out.extend(plain(value_set(layout::ROUTE, "TYPE")))
        }
        Positional::RuleType => out.extend(plain(owned(RULE_TYPES))),
        _ => {}
    }
    out
}

/// The keyword `word` names among the active grammars (encap headers first).
fn find(
    base: &[&'static Grammar],
    in_encap: bool,
    word: &str,
) -> Option<(&'static Grammar, &'static Keyword)> {
    let encap: &[&'static Grammar] = if in_encap { &[&route::ENCAP] } else { &[] };
    encap.iter().chain(base).find_map(|&g| {
        let shown = recognise(word, g)?;
        Some((g, g.find(shown)?))
    })
}

/// After `word` was read as (part of) `p`'s value: is more of it to come?
fn still_pending(p: Pending, word: &str, in_encap: &mut bool) -> Option<Pending> {
    let value = p.keyword.value;
    let optional_first = (value.starts_with("[FAMILY]") && FAMILIES.contains(&word))
        || (value.starts_with("[to]") && word == "to")
        || (word == "lock" && is_metric(p.keyword));
    if optional_first {
        return Some(p);
    }
    if p.keyword.word == "encap" {
        *in_encap = true;
    }
    None
}

/// Metrics take `lock` before their value.
fn is_metric(k: &Keyword) -> bool {
    let metrics = route::MODIFY
        .keywords
        .iter()
        .skip_while(|m| m.word != "mtu");
    metrics
        .take_while(|m| m.word != "realms")
        .any(|m| m.word == k.word)
}

/// The candidates for the value of `k`.
fn value(g: &Grammar, k: &Keyword, sys: &dyn System) -> Vec<String> {
    let selecting = std::ptr::eq(g, &route::SELECT) || std::ptr::eq(g, &rule::LIST);
    let mut out = match k.value {
        v if v.contains("TABLE") => sys.names(NameKind::Table),
        "RTPROTO" | "PROTO" => sys.names(NameKind::Proto),
        "SCOPE" => sys.names(NameKind::Scope),
        "REALM" | "[SRCREALM/]DSTREALM" => sys.names(NameKind::Realm),
        "TOS" => sys.names(NameKind::Dsfield),
        "PROTOCOL" => sys.names(NameKind::IpProto),
        "DEVGROUP" => sys.names(NameKind::Group),
        "STRING" | "DEV" | "LINK" => sys.devices(),
        "NAME" if k.word == "vrf" => sys.devices(),
        "TYPE" if std::ptr::eq(g, &rule::ADD) => owned(RULE_TYPES),
        "TYPE" => value_set(layout::ROUTE, "TYPE"),
        "ENCAPTYPE ENCAPHDR" => owned(ENCAP_TYPES),
        "[FAMILY] ADDRESS" => owned(FAMILIES),
        "[to] ADDRESS" => owned(&["to"]),
        v if v.starts_with('{') => value_set_of(v),
        v => match v {
            "PREF" | "BOOL" | "FEATURES" | "SEGMODE" | "ACTION" => value_set(layout::ROUTE, v),
            "FLAVORS" => value_set(layout::ROUTE, "FLAVOR"),
            _ => vec![],
        },
    };
    if selecting && matches!(k.word, "table" | "proto" | "protocol" | "scope") {
        out.push("all".to_string());
        if k.word == "table" && std::ptr::eq(g, &route::SELECT) {
            out.push("cache".to_string());
        }
    }
    if is_metric(k) {
        out.push("lock".to_string());
    }
    out
}

/// The words of a help's `NAME := {a|b|...}` value set (placeholders such as
/// NUMBER left out).
fn value_set(blocks: &[Block], name: &str) -> Vec<String> {
    let head = format!("{name} :=");
    blocks
        .iter()
        .find(|b| b.head == head)
        .map(|b| value_set_of(&b.lines.concat()))
        .unwrap_or_default()
}

fn value_set_of(text: &str) -> Vec<String> {
    text.split(|c: char| "{}[]|,".contains(c))
        .map(str::trim)
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
#[path = "complete_tests.rs"]
mod tests;
