//! The top-level usage text, shell completions and the man page come from one clap
//! command tree (ours, not iproute2's wording); the `route` and `rule` help texts
//! come from the keyword tables of `cli::grammar`. Parsing itself does not go through clap:
//! iproute2's grammar (single-dash long options, ordered prefixes, keyword/value
//! pairs) is not clap's; `cli::global` and the selector grammars do that.

use super::grammar::{Grammar, route, rule, verbs};
use clap::{Arg, ArgAction, Command};

/// A verb's keywords, `word VALUE` joined by commas, from its grammar table.
fn keywords(grammar: &Grammar) -> String {
    let items: Vec<String> = grammar
        .keywords
        .iter()
        .map(|k| format!("{} {}", k.word, k.value).trim_end().to_string())
        .collect();
    items.join(", ")
}

fn flag(name: &'static str, short: Option<char>, help: &'static str) -> Arg {
    let arg = Arg::new(name)
        .long(name)
        .action(ArgAction::SetTrue)
        .help(help);
    match short {
        Some(c) => arg.short(c),
        None => arg,
    }
}

fn verb(name: &'static str, about: String) -> Command {
    Command::new(name).about(about)
}

/// The command tree: global options, objects and verbs.
pub fn command_tree() -> Command {
    Command::new("ip")
        .about("ipr: iproute2-compatible `ip route` and `ip rule`")
        .override_usage(
            "ipr [ OPTIONS ] route|rule [ COMMAND [ ARGS ] ]\n       ipr [ -force ] -batch FILE|-",
        )
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("ipv4")
                .short('4')
                .action(ArgAction::SetTrue)
                .help("IPv4 only"),
        )
        .arg(
            Arg::new("ipv6")
                .short('6')
                .action(ArgAction::SetTrue)
                .help("IPv6 only"),
        )
        .arg(flag(
            "details",
            Some('d'),
            "print every field: type, proto, scope, table",
        ))
        .arg(flag("json", Some('j'), "JSON output"))
        .arg(flag("pretty", Some('p'), "indented JSON"))
        .arg(flag("oneline", Some('o'), "one record per line"))
        .arg(flag("Numeric", Some('N'), "numbers instead of names"))
        .arg(flag("stats", Some('s'), "statistics"))
        .arg(flag("force", None, "go on after a failed batch line"))
        .arg(flag(
            "table",
            None,
            "an aligned table for people (ipr only)",
        ))
        .arg(
            Arg::new("color")
                .long("color")
                .short('c')
                .value_parser(["always", "auto", "never"])
                .help("colour output"),
        )
        .arg(
            Arg::new("netns")
                .long("netns")
                .short('n')
                .value_name("NAME")
                .help("run inside network namespace NAME"),
        )
        .arg(
            Arg::new("batch")
                .long("batch")
                .short('b')
                .value_name("FILE")
                .help("one command per line of FILE (- for stdin)"),
        )
        .arg(flag("Version", Some('V'), "print the version"))
        .subcommand(
            Command::new("route")
                .about("routing tables")
                .subcommand(verb(
                    "show",
                    format!("list routes (also list, lst): {}", keywords(&route::SELECT)),
                ))
                .subcommand(verb(
                    "add",
                    format!("add a route: [TYPE] PREFIX, {}", keywords(&route::MODIFY)),
                ))
                .subcommand(verb("del", "delete a route (same arguments as add)".into()))
                .subcommand(verb("change", "change a route".into()))
                .subcommand(verb("replace", "add or replace a route".into()))
                .subcommand(verb("append", "append a route".into()))
                .subcommand(verb("prepend", "prepend a route".into()))
                .subcommand(verb("test", "test a route".into()))
                .subcommand(verb(
                    "get",
                    format!(
                        "the route a packet would take: ADDRESS, {}",
                        keywords(&route::GET)
                    ),
                ))
                .subcommand(verb(
                    "flush",
                    format!("delete the selected routes: {}", keywords(&route::SELECT)),
                ))
                .subcommand(verb("save", "write routes as a binary stream".into()))
                .subcommand(verb("restore", "add routes from a saved stream".into()))
                .subcommand(verb("showdump", "print a saved stream".into()))
                .subcommand(verb(
                    "explain",
                    format!(
                        "why the kernel picks a route (ipr only): ADDRESS, {}",
                        keywords(&route::GET)
                    ),
                ))
                .subcommand(verb(
                    "sync",
                    format!(
                        "make a proto's routes those of a file (ipr only): {}, FILE",
                        keywords(&verbs::SYNC)
                    ),
                )),
        )
        .subcommand(
            Command::new("rule")
                .about("routing policy rules")
                .subcommand(verb(
                    "list",
                    format!("list rules (also show, lst): {}", keywords(&rule::LIST)),
                ))
                .subcommand(verb("add", format!("add a rule: {}", keywords(&rule::ADD))))
                .subcommand(verb(
                    "del",
                    "delete the rules matching SELECTOR ACTION".into(),
                ))
                .subcommand(verb(
                    "flush",
                    "delete every selected rule that has a priority".into(),
                ))
                .subcommand(verb("save", "write rules as a binary stream".into()))
                .subcommand(verb("restore", "add rules from a saved stream".into()))
                .subcommand(verb(
                    "sync",
                    format!(
                        "make a protocol's rules those of a file (ipr only): {}, FILE",
                        keywords(&verbs::RULE_SYNC)
                    ),
                )),
        )
        .subcommand(
            Command::new("completions")
                .about("shell completions that know the grammar, names and devices (ipr only)")
                .subcommand(Command::new("bash"))
                .subcommand(Command::new("zsh"))
                .subcommand(Command::new("fish")),
        )
        .subcommand(
            Command::new("manpage")
                .about("the manual pages ipr(8), ipr-route(8), ipr-rule(8) in roff (ipr only)")
                .subcommand(Command::new("route"))
                .subcommand(Command::new("rule")),
        )
}

/// Top-level usage, as printed on stderr by `-help` and by a missing object.
pub fn usage_text() -> String {
    let mut text = command_tree().render_long_help().to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// `ip route help`: the route grammar, from the keyword tables.
pub fn route_usage() -> String {
    super::grammar::layout::render(super::grammar::layout::ROUTE)
}

/// `ip rule help`: the rule grammar, from the keyword tables.
pub fn rule_usage() -> String {
    super::grammar::layout::render(super::grammar::layout::RULE)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_tree_is_valid() {
        super::command_tree().debug_assert();
    }
}
