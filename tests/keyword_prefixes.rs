//! Every abbreviation of every keyword, through `ip` and `ipr`: each non-empty
//! prefix of each spelling in a grammar table, followed by the keyword's sample
//! value, must give the same output, status and kernel state. Which keyword a
//! prefix names depends on the order keywords are tried in (`m` is `metric`,
//! `c` is `cwnd`, `t` is `table`, `tos` whole but `dsfield` by prefix), so this
//! pins the tables' order to iproute2's.

mod common;

use common::{IP, Ns, Via, assert_same_for, assert_same_kernel_state, ipr_bin, run_tool};
use ipr::cli::grammar::{Grammar, route, rule};
use ipr::cli::keyword::abbreviates;
use std::process::Output;

/// Each prefix of each spelling of `grammar`, with its keyword's sample value
/// (the words of both, split). Prefixes of `help` are left out: there both
/// tools print their usage, laid out differently (docs/compatibility.md).
fn prefix_lines(grammar: &Grammar) -> Vec<Vec<String>> {
    let mut lines = Vec::new();
    for k in grammar.keywords {
        for spelling in k.spellings() {
            for end in 1..=spelling.len() {
                let word = &spelling[..end];
                if abbreviates(word, "help") {
                    continue;
                }
                let mut line = vec![word.to_string()];
                line.extend(k.example.split_whitespace().map(str::to_string));
                if !lines.contains(&line) {
                    lines.push(line);
                }
            }
        }
    }
    lines
}

/// One tool's answer to `args`, and `state` (read with `ip`) afterwards; `undo`
/// then puts the namespace back as it was.
fn outcome(
    ns: &Ns,
    tool: &str,
    args: &[&str],
    state: &[&str],
    undo: &[&[&str]],
) -> (Output, Vec<u8>) {
    let out = run_tool(ns, tool, args, Via::NetnsOption);
    let after = run_tool(ns, IP, state, Via::NetnsOption);
    for args in undo {
        run_tool(ns, IP, args, Via::NetnsOption);
    }
    (out, after.stdout)
}

/// Runs `head + each prefix line + tail` through both tools: the same output,
/// status and kernel state for every line.
fn sweep(grammar: &Grammar, head: &[&str], tail: &[&str], state: &[&str], undo: &[&[&str]]) {
    let ns = common::minimal();
    let lines = prefix_lines(grammar);
    assert!(lines.len() > 40, "{}: {} lines", grammar.name, lines.len());
    for line in &lines {
        let mut args: Vec<&str> = head.to_vec();
        args.extend(line.iter().map(String::as_str));
        args.extend(tail);
        let (ip, ip_state) = outcome(&ns, IP, &args, state, undo);
        let (ipr, ipr_state) = outcome(&ns, ipr_bin(), &args, state, undo);
        let what = args.join(" ");
        assert_same_for(&what, &ip, &ipr);
        assert_same_kernel_state(&what, ip_state, ipr_state);
    }
}

#[test]
fn route_add_prefixes() {
    sweep(
        &route::MODIFY,
        &["route", "add", "10.9.0.0/24", "dev", "va"],
        &[],
        &["-d", "route", "show", "table", "all"],
        &[&["route", "flush", "table", "all", "root", "10.9.0.0/24"]],
    );
}

#[test]
fn route_show_prefixes() {
    sweep(
        &route::SELECT,
        &["route", "show", "table", "all"],
        &[],
        &["route", "show"],
        &[],
    );
}

#[test]
fn rule_add_prefixes() {
    // A rule of its own priority, deleted after each line.
    sweep(
        &rule::ADD,
        &["rule", "add"],
        &["pref", "5000"],
        &["rule", "show"],
        &[&["rule", "del", "pref", "5000"]],
    );
}
