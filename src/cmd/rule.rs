//! `ip rule ...`: verb dispatch, `list|show`, `add|del`, `flush`, `save|restore`.

use super::{Context, finish, saved_stream, write_error};
use crate::cli::rule::{self as grammar, RuleVerb};
use crate::error::{Error, Result};
use crate::netlink::consts::*;
use crate::netlink::{Message, Netlink, decode, rule_request};
use crate::render::rule::{RuleContext, render};
use crate::render::table::RuleTable;
use std::io::{IsTerminal, Seek, Write};

/// The first four bytes of a `rule save` stream.
const RULE_DUMP_MAGIC: u32 = 0x7170_6986;
const FRA_PRIORITY: u16 = 6;
const FRA_PROTOCOL: u16 = 21;

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
        RuleVerb::Add => modify(cx, args, true),
        RuleVerb::Delete => modify(cx, args, false),
        RuleVerb::Flush => flush(cx, args),
        RuleVerb::Save => save(cx, args),
        RuleVerb::Restore => restore(cx),
        RuleVerb::Help => Err(Error::new(crate::cli::help::rule_usage(), 255)),
    }
}

/// Dumps the rules of the filter's family, handing each raw payload and its
/// decoded form to `each`.
pub(super) fn dump_rules(
    nl: &mut Netlink,
    family: u8,
    each: &mut dyn FnMut(&Message, &crate::model::rule::RuleView) -> Result<()>,
) -> Result<()> {
    // struct fib_rule_hdr: only the family; the kernel refuses other dump filters.
    let mut req = [0u8; 12];
    req[0] = family;
    nl.dump(RTM_GETRULE, &req, &mut |msg| {
        if msg.kind != RTM_NEWRULE {
            return Ok(());
        }
        let rule = decode::rule(msg.payload)?;
        each(msg, &rule)
    })
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
    let dumped = dump_rules(&mut nl, filter.family, &mut |_, rule| {
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
fn modify(cx: &Context, args: &[String], add: bool) -> Result<i32> {
    if args.is_empty() {
        let verb = if add { "add" } else { "del" };
        return Err(Error::failed(
            format!("\"ip rule {verb}\" requires arguments.\n"),
            1,
        ));
    }
    let request = crate::cli::rule_modify::parse(args, cx.opts.family, &cx.names)?;
    let payload = rule_request::encode(&request, add);
    let mut nl = cx.conn()?;
    let (kind, flags) = if add {
        (RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL)
    } else {
        (RTM_DELRULE, 0)
    };
    if !cx.opts.echo {
        nl.request(kind, flags, &payload)?;
        return Ok(0);
    }
    // `-echo`: print the kernel's copy of the change as `rule list` would.
    let reply = nl.request_reply(kind, flags | NLM_F_ACK | NLM_F_ECHO, &payload)?;
    let Some((kind, payload)) = reply else {
        return Ok(0);
    };
    let mut rule = decode::rule(&payload)?;
    rule.deleted = kind == RTM_DELRULE;
    let rcx = RuleContext {
        names: &cx.names,
        details: cx.opts.details,
    };
    super::print_echo(cx, |p| render(p, &rule, &rcx))
}

/// The value of attribute `kind` in a raw rule payload.
fn rule_attr(payload: &[u8], kind: u16) -> Option<&[u8]> {
    crate::netlink::attrs::attributes(payload.get(12..)?)
        .find(|(k, _)| *k == kind)
        .map(|(_, v)| v)
}

/// `rule flush [SELECTORS]`: deletes every selected rule that has a priority (the
/// priority-0 `lookup local` rule has none and stays), as iproute2 does.
fn flush(cx: &Context, args: &[String]) -> Result<i32> {
    let filter = grammar::parse_list(args, cx.opts.family, &cx.names)?;
    let mut nl = cx.netlink()?;
    let mut doomed: Vec<Vec<u8>> = Vec::new();
    let dumped = dump_rules(&mut nl, filter.family, &mut |msg, rule| {
        if !filter.accepts(rule) {
            return Ok(());
        }
        if let Some(proto) = filter.protocol {
            let actual = rule_attr(msg.payload, FRA_PROTOCOL)
                .map(|v| v[0])
                .unwrap_or(0);
            if actual != proto {
                return Ok(());
            }
        }
        if rule_attr(msg.payload, FRA_PRIORITY).is_some() {
            doomed.push(msg.payload.to_vec());
        }
        Ok(())
    });
    for payload in &doomed {
        nl.request(RTM_DELRULE, 0, payload)?;
    }
    // iproute2's one dump path for list, flush and save: `Dump terminated`, 255.
    super::json_frame(cx, dumped, 255)
}

/// `rule save`: the magic, then every rule's RTM_NEWRULE message as the kernel
/// sent it.
fn save(cx: &Context, args: &[String]) -> Result<i32> {
    if !args.is_empty() {
        return Err(Error::failed(
            "\"ip rule save\" does not take any arguments.\n",
            1,
        ));
    }
    if std::io::stdout().is_terminal() {
        return Err(Error::failed("Not sending a binary stream to stdout\n", 1));
    }
    let family = grammar::rule_family(cx.opts.family).af();
    let mut nl = cx.netlink()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    out.write_all(&RULE_DUMP_MAGIC.to_ne_bytes())
        .map_err(write_error)?;
    let dumped = dump_rules(&mut nl, family, &mut |msg, _| {
        saved_stream::write_message(&mut out, msg)
    });
    out.flush().map_err(write_error)?;
    drop(out);
    super::json_frame(cx, dumped, 255)
}

/// `rule restore`: replays a `rule save` stream from stdin, each message as it
/// was saved (plus NLM_F_CREATE); rules that already exist are skipped silently.
/// Every failure exits 255, as iproute2 exits with its reader's -1.
fn restore(cx: &Context) -> Result<i32> {
    let mut file = saved_stream::stdin_file();
    let start = file.stream_position().ok().map(|p| p + 4);
    let mut input = std::io::BufReader::new(&*file);
    saved_stream::check_magic(&mut input, RULE_DUMP_MAGIC, 255)?;
    let mut nl = cx.netlink()?;
    saved_stream::read_stream(&mut input, start, 255, &mut |msg| match nl.request(
        msg.kind,
        msg.flags | NLM_F_CREATE,
        &msg.payload,
    ) {
        Ok(()) => Ok(()),
        Err(e) if e.text().contains("File exists") => Ok(()),
        Err(e) => Err(Error::failed(e.text(), 255)),
    })?;
    Ok(0)
}
