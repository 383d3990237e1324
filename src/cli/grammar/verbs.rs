//! ipr's own route verbs, `explain` and `sync`: the `sync` keyword table and the
//! help texts of both (`ipr route explain help`, `ipr route sync help`). These
//! texts are ipr's alone, so they list every keyword with its meaning.

use super::{Grammar, Keyword as K, exact as e, route};

/// `route sync` (`cmd::route_sync`): the file's lines use `route::MODIFY`.
pub const SYNC: Grammar = Grammar {
    name: "route sync",
    keywords: &[
        K::new(
            "proto",
            "PROTO",
            "77",
            "the protocol whose routes the file declares",
        )
        .spelled(&[e("proto"), e("protocol")])
        .unlisted(),
        K::new(
            "table",
            "TABLE",
            "100",
            "only this table's routes of that protocol",
        )
        .unlisted(),
        K::flag("dry-run", "print the changes, make none").unlisted(),
    ],
};

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

/// `ipr route sync help`.
pub fn sync_help() -> String {
    let mut text = String::from(
        "Usage: ipr route sync proto PROTO [ table TABLE ] [ dry-run ] FILE|-\n\
         \n\
         Makes the kernel's routes of protocol PROTO exactly the routes listed in\n\
         FILE (- reads standard input): adds what is missing, replaces what\n\
         differs, deletes what is no longer listed, and leaves every other\n\
         protocol's routes alone. Each line of FILE is a `route add` command\n\
         without the verb (or FILE is the JSON of `ip -j route show`). Nothing\n\
         changes when any line is wrong. Prints one line with the counts.\n\
         \n",
    );
    text.push_str(&keyword_lines(&SYNC));
    text
}
