//! `ip rule ...`: verb dispatch, `list|show`, `add|del`, `flush`, `save|restore`.

use super::{Context, finish, write_error};
use crate::cli::rule::{self as grammar, RuleVerb};
use crate::error::{Error, Result};
use crate::netlink::rules::{Dumped, RuleOp, dump_rules, send_rule};
use crate::netlink::saved;
use crate::render::rule::{RuleContext, render};
use crate::render::table::RuleTable;
use std::io::{Seek, Write};

/// The first four bytes of a `rule save` stream.
const RULE_DUMP_MAGIC: u32 = 0x7170_6986;

pub fn run(cx: &Context, words: &[String]) -> Result<i32> {
    let Some(verb_word) = words.first() else {
        return list(cx, &[]);
    };
    let args = &words[1..];
    // ipr's own verb, matched only when spelled out (no iproute2 abbreviation).
    if verb_word == "sync" {
        if args.first().is_some_and(|w| w == "help") {
            let help = crate::cli::grammar::verbs::rule_sync_help();
            return Err(Error::new(help, 255));
        }
        return super::rule_sync::run(cx, args);
    }
    match grammar::verb(verb_word)? {
        RuleVerb::List => list(cx, args),
        RuleVerb::Add => modify(cx, args, RuleOp::Add),
        RuleVerb::Delete => modify(cx, args, RuleOp::Delete),
        RuleVerb::Flush => flush(cx, args),
        RuleVerb::Save => save(cx, args),
        RuleVerb::Restore => restore(cx),
        RuleVerb::Help => Err(Error::new(crate::cli::help::rule_usage(), 255)),
    }
}

pub fn list(cx: &Context, args: &[String]) -> Result<i32> {
    let filter = grammar::parse_list(args, cx.opts.family, &cx.names)?;
    let mut nl = cx.conn()?;
    let rcx = RuleContext {
        names: &cx.names,
        details: cx.opts.details,
    };
    let mut p = cx.printer();
    let mut table = cx.opts.table_view.then(RuleTable::new);
    if table.is_none() {
        p.begin_list().map_err(write_error)?;
    }
    let dumped = dump_rules(&mut nl, filter.family, &mut |rule, _| {
        if filter.accepts(rule) {
            match &mut table {
                Some(t) => t.add(rule, &cx.names).map_err(write_error)?,
                None => render(&mut p, rule, &rcx).map_err(write_error)?,
            }
        }
        Ok(())
    });
    if let Err(e) = dumped {
        return Err(super::dump_failed(&mut p, e, 255));
    }
    match table {
        Some(t) => t.finish().map_err(write_error)?,
        None => p.end_list().map_err(write_error)?,
    }
    finish(&mut p)
}

/// `rule add` / `rule del`.
fn modify(cx: &Context, args: &[String], op: RuleOp) -> Result<i32> {
    if args.is_empty() {
        let verb = if op == RuleOp::Add { "add" } else { "del" };
        return Err(Error::failed(
            format!("\"ip rule {verb}\" requires arguments.\n"),
            1,
        ));
    }
    let request = crate::cli::rule_modify::parse(args, cx.opts.family, &cx.names)?;
    let mut nl = cx.conn()?;
    // `-echo`: print the kernel's copy of the change as `rule list` would.
    let Some(rule) = send_rule(&mut nl, &request, op, cx.opts.echo)? else {
        return Ok(0);
    };
    let rcx = RuleContext {
        names: &cx.names,
        details: cx.opts.details,
    };
    super::print_echo(cx, |p| render(p, &rule, &rcx))
}

/// `rule flush [SELECTORS]`: deletes every selected rule that has a priority (the
/// priority-0 `lookup local` rule has none and stays), as iproute2 does.
fn flush(cx: &Context, args: &[String]) -> Result<i32> {
    let filter = grammar::parse_list(args, cx.opts.family, &cx.names)?;
    let mut nl = cx.netlink()?;
    let mut doomed: Vec<Dumped> = Vec::new();
    let dumped = dump_rules(&mut nl, filter.family, &mut |rule, msg| {
        let protocol_matches = filter
            .protocol
            .is_none_or(|proto| rule.protocol.unwrap_or_default() == proto);
        if filter.accepts(rule) && protocol_matches && rule.priority.is_some() {
            doomed.push(Dumped::keep(msg));
        }
        Ok(())
    });
    for rule in &doomed {
        rule.delete(&mut nl)?;
    }
    // iproute2's one dump path for list, flush and save: `Dump terminated`, 255.
    super::json_frame(cx, dumped, 255)
}

/// `rule save`: the magic, then every rule's message as the kernel sent it.
fn save(cx: &Context, args: &[String]) -> Result<i32> {
    if !args.is_empty() {
        return Err(Error::failed(
            "\"ip rule save\" does not take any arguments.\n",
            1,
        ));
    }
    if crate::lossless::stdout_is_terminal() {
        return Err(Error::failed("Not sending a binary stream to stdout\n", 1));
    }
    let family = grammar::rule_family(cx.opts.family).af();
    let mut nl = cx.netlink()?;
    // A binary stream, not text.
    let mut out = std::io::BufWriter::new(crate::lossless::stdout_raw().lock());
    saved::write_magic(&mut out, RULE_DUMP_MAGIC).map_err(write_error)?;
    let dumped = dump_rules(&mut nl, family, &mut |_, msg| {
        saved::write_message(&mut out, msg)
    });
    out.flush().map_err(write_error)?;
    drop(out);
    super::json_frame(cx, dumped, 255)
}

/// `rule restore`: replays a `rule save` stream from stdin, each message as it
/// was saved, asking the kernel to create it; rules that already exist are
/// skipped silently.
/// Every failure exits 255, as iproute2 exits with its reader's -1.
fn restore(cx: &Context) -> Result<i32> {
    let mut file = saved::stdin_file();
    let start = file.stream_position().ok().map(|p| p + 4);
    let mut input = std::io::BufReader::new(&*file);
    saved::check_magic(&mut input, RULE_DUMP_MAGIC, 255)?;
    let mut nl = cx.netlink()?;
    saved::read_stream(
        &mut input,
        start,
        255,
        &mut |msg| match msg.replay(&mut nl) {
            Ok(()) => Ok(()),
            Err(e) if e.text().contains("File exists") => Ok(()),
            Err(e) => Err(Error::failed(e.text(), 255)),
        },
    )?;
    Ok(0)
}
