//! Usage texts. These are ours (not iproute2's wording); they are built from one
//! clap command tree, so the same definitions can later feed shell completions and
//! the man page. Parsing itself does not go through clap: iproute2's grammar
//! (single-dash long options, ordered prefixes, keyword/value pairs) is not clap's.

use clap::{Arg, ArgAction, Command};

/// The command tree: objects, verbs and global options, for help output.
pub fn command_tree() -> Command {
    let selectors = "SELECTOR: [ to | root | match | exact ] PREFIX, table ID|all|cache, \
                     proto P, scope S, type T, dev IF, iif IF, via ADDR, src ADDR, \
                     realm R, tos T, metric N, mark M, cloned";
    Command::new("ip")
        .about("ipr: iproute2-compatible `ip route` and `ip rule`")
        .override_usage("ip [ OPTIONS ] route|rule [ COMMAND [ ARGS ] ]\n       ip [ -force ] -batch FILE")
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(Arg::new("-4/-6").short('4').action(ArgAction::SetTrue).help("IPv4 or IPv6 only (-6)"))
        .arg(Arg::new("details").long("details").action(ArgAction::SetTrue).help("-d: print every field (type, proto, scope, table)"))
        .arg(Arg::new("json").long("json").action(ArgAction::SetTrue).help("-j: JSON output; -p makes it pretty"))
        .arg(Arg::new("oneline").long("oneline").action(ArgAction::SetTrue).help("-o: one record per line"))
        .arg(Arg::new("numeric").long("Numeric").action(ArgAction::SetTrue).help("-N: numbers instead of names"))
        .arg(Arg::new("stats").long("stats").action(ArgAction::SetTrue).help("-s: statistics"))
        .arg(Arg::new("color").long("color").help("-c[=always|auto|never]: colour output"))
        .arg(Arg::new("netns").long("netns").help("-n NAME: run inside network namespace NAME"))
        .subcommand(
            Command::new("route")
                .about("routing tables")
                .subcommand(Command::new("show").about(format!("list routes; aliases list, lst; {selectors}"))),
        )
        .subcommand(
            Command::new("rule")
                .about("routing policy rules")
                .subcommand(Command::new("list").about("list rules; alias show; selectors: pref, from, to, table, fwmark, iif, oif, tos, not, ...")),
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

fn sub_usage(object: &str) -> String {
    let mut tree = command_tree();
    let mut text = tree
        .find_subcommand_mut(object)
        .map(|c| c.render_long_help().to_string())
        .unwrap_or_default();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

pub fn route_usage() -> String {
    sub_usage("route")
}

pub fn rule_usage() -> String {
    sub_usage("rule")
}
