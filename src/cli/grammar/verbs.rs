//! ipr's own route verbs, `explain` and `sync`: the `sync` keyword table and the
//! help texts of both (`ipr route explain help`, `ipr route sync help`). These
//! texts are ipr's alone, so they list every keyword with its meaning.

use super::{Grammar, Keyword as K, exact as e, route};

const SYNC_PROTO: K = K::new(
    "proto",
    "PROTO",
    "77",
    "the protocol whose routes or rules the file declares (required)",
)
.spelled(&[e("proto"), e("protocol")])
.unlisted();

const SYNC_DRY_RUN: K = K::flag(
    "dry-run",
    "print the changes a sync would make, in order, and make none",
)
.unlisted();

const SYNC_FORCE: K = K::flag("force", "sync a reserved protocol, or an empty list").unlisted();

/// `route sync` (`cmd::route_sync`, parsed by `cmd::sync_common::parse_args`
/// through this table): the file's lines use `route::MODIFY`.
pub const SYNC: Grammar = Grammar {
    name: "route sync",
    keywords: &[
        SYNC_PROTO,
        K::new(
            "table",
            "TABLE",
            "100",
            "only this table (default: main and every table the file names)",
        )
        .unlisted(),
        SYNC_DRY_RUN,
        SYNC_FORCE,
    ],
};

/// `rule sync` (`cmd::rule_sync`): `route sync` without `table`; the file's
/// lines use `rule::ADD`.
pub const RULE_SYNC: Grammar = Grammar {
    name: "rule sync",
    keywords: &[SYNC_PROTO, SYNC_DRY_RUN, SYNC_FORCE],
};

/// The usage line of a sync verb, from its table: `proto` is required, every
/// other keyword optional, then the file. `ipr route sync help`, the manual
/// pages and the parser's usage error all print this one line.
pub fn sync_usage(grammar: &Grammar) -> String {
    let (object, family) = if grammar.name == RULE_SYNC.name {
        ("rule", "[ -6 ] ")
    } else {
        ("route", "")
    };
    let mut line = format!("Usage: ipr {family}{object} sync");
    for k in grammar.keywords {
        let item = format!("{} {}", k.word, k.value);
        let item = item.trim_end();
        if k.word == "proto" {
            line.push_str(&format!(" {item}"));
        } else {
            line.push_str(&format!(" [ {item} ]"));
        }
    }
    line.push_str(" FILE|-\n");
    line
}

/// `keyword VALUE` then its meaning, one keyword a line.
fn keyword_lines(grammar: &Grammar) -> String {
    let width = grammar
        .keywords
        .iter()
        .map(|k| k.word.len() + k.value.len() + 1)
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    for k in grammar.keywords {
        let head = format!("{} {}", k.word, k.value);
        text.push_str(&format!("    {head:<width$}  {}\n", k.meaning));
    }
    text
}

/// `ipr route explain help`.
pub fn explain_help() -> String {
    let mut text = String::from(
        "Usage: ipr route explain ADDRESS [ FLOW ]\n\
         \n\
         Walks the policy rules and routing tables the way the kernel does for a\n\
         packet to ADDRESS, says for each rule whether it matched (or which\n\
         selector did not), which table answered with which route, then asks the\n\
         kernel the same question as `route get` and says whether both agree.\n\
         Exit status 0 when they agree, 1 when they do not. -j prints JSON.\n\
         \n\
         FLOW is any of the `route get` keywords:\n",
    );
    text.push_str(&keyword_lines(&route::GET));
    text
}

/// What both sync verbs share, after their own first paragraph.
const SYNC_RULES: &str = "\
Everything is read and checked before anything changes: a wrong line is
reported as FILE:LINE with the message the add command would print, and
nothing changes. The changes then go out as one transaction, all or nothing:
additions (and replacements) first, then deletions; when the kernel refuses
any of them, every change already made is taken back, newest first, and the
exit status is 2.

Only one sync of a protocol (and table) runs at a time in a network
namespace: each holds a lock under /run/ipr/ and a second one waits for it
(IPR_SYNC_WAIT seconds, default 30). dry-run takes the lock shared.

A sync deletes every route or rule of its protocol that the file does not
list, so the protocols others use (unspec redirect kernel boot static ra)
and a file that lists nothing are refused, exit status 1, unless force is
given. Prints one line with the counts.
";

/// A sync verb's help: its usage, what it does, the rules both syncs share,
/// then each keyword with its meaning.
fn sync_help_of(grammar: &Grammar, what: &str) -> String {
    let mut text = sync_usage(grammar);
    text.push('\n');
    text.push_str(what);
    text.push('\n');
    text.push_str(SYNC_RULES);
    text.push('\n');
    text.push_str(&keyword_lines(grammar));
    text
}

/// `ipr route sync help`.
pub fn sync_help() -> String {
    sync_help_of(
        &SYNC,
        "Makes the kernel's routes of protocol PROTO exactly the routes listed in\n\
         FILE (- reads standard input): adds what is missing, replaces what\n\
         differs, deletes what is no longer listed, and leaves every other\n\
         protocol's routes alone. Each line of FILE is a `route add` command\n\
         without the verb (or FILE is the JSON of `ip -j route show`).\n",
    )
}

/// `ipr rule sync help`.
pub fn rule_sync_help() -> String {
    sync_help_of(
        &RULE_SYNC,
        "Makes the kernel's rules of protocol PROTO (IPv4, or IPv6 with -6)\n\
         exactly the rules listed in FILE (- reads standard input): adds what is\n\
         missing, deletes what is no longer listed, and leaves every other\n\
         protocol's rules alone. Each line of FILE is a `rule add` command\n\
         without the verb (or FILE is the JSON of `ip -j rule show`).\n",
    )
}
