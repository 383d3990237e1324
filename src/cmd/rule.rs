//! `ip rule ...`: verb dispatch, `list|show`, `add|del`, `flush`, `save|restore`.

use super::{Context, finish, write_error};
use crate::cli::rule::{self as grammar, RuleVerb};
use crate::error::{Error, Result};
use crate::netlink::consts::*;
use crate::netlink::{Netlink, decode, rule_request};
use crate::render::rule::{RuleContext, render};
use crate::render::table::RuleTable;
use std::io::{IsTerminal, Read, Write};

/// The first four bytes of a `rule save` stream.
const RULE_DUMP_MAGIC: u32 = 0x7170_6986;
const FRA_PRIORITY: u16 = 6;
const FRA_PROTOCOL: u16 = 21;

pub fn run(cx: &Context, words: &[String]) -> Result<i32> {
    let Some(verb_word) = words.first() else {
        return list(cx, &[]);
    };
    let args = &words[1..];
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
fn dump_rules(
    nl: &mut Netlink,
    family: u8,
    each: &mut dyn FnMut(&[u8], &crate::model::rule::RuleView) -> Result<()>,
) -> Result<()> {
    // struct fib_rule_hdr: only the family; the kernel refuses other dump filters.
    let mut req = [0u8; 12];
    req[0] = family;
    nl.dump(RTM_GETRULE, &req, &mut |msg| {
        if msg.kind != RTM_NEWRULE {
            return Ok(());
        }
        let rule = decode::rule(msg.payload)?;
        each(msg.payload, &rule)
    })
}

pub fn list(cx: &Context, args: &[String]) -> Result<i32> {
    let filter = grammar::parse_list(args, cx.opts.family, &cx.names)?;
    let mut nl = cx.netlink()?;
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
                Some(t) => t.add(rule, &cx.names),
                None => render(&mut p, rule, &rcx).map_err(write_error)?,
            }
        }
        Ok(())
    });
    if let Err(e) = dumped {
        return Err(super::dump_failed(&mut p, e));
    }
    match table {
        Some(t) => p.raw(&t.render()).map_err(write_error)?,
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
    let mut nl = cx.netlink()?;
    if add {
        nl.request(RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, &payload)?;
    } else {
        nl.request(RTM_DELRULE, 0, &payload)?;
    }
    Ok(0)
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
    dump_rules(&mut nl, filter.family, &mut |payload, rule| {
        if !filter.accepts(rule) {
            return Ok(());
        }
        if let Some(proto) = filter.protocol {
            let actual = rule_attr(payload, FRA_PROTOCOL).map(|v| v[0]).unwrap_or(0);
            if actual != proto {
                return Ok(());
            }
        }
        if rule_attr(payload, FRA_PRIORITY).is_some() {
            doomed.push(payload.to_vec());
        }
        Ok(())
    })
    .map_err(|e| Error::failed(format!("{}Flush terminated\n", e.text()), 1))?;
    for payload in doomed {
        nl.request(RTM_DELRULE, 0, &payload)?;
    }
    Ok(0)
}

/// `rule save`: the magic, then every rule's raw RTM_NEWRULE message.
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
    dump_rules(&mut nl, family, &mut |payload, _| {
        write_message(&mut out, RTM_NEWRULE, payload).map_err(write_error)
    })?;
    out.flush().map_err(write_error)?;
    Ok(0)
}

/// One netlink message as it travels (header + payload), as `save` streams carry it.
fn write_message(out: &mut dyn Write, kind: u16, payload: &[u8]) -> std::io::Result<()> {
    let len = 16 + payload.len();
    out.write_all(&(len as u32).to_ne_bytes())?;
    out.write_all(&kind.to_ne_bytes())?;
    out.write_all(&NLM_F_MULTI.to_ne_bytes())?;
    out.write_all(&[0u8; 8])?;
    out.write_all(payload)
}

/// `rule restore`: replays a `rule save` stream from stdin as rule additions.
fn restore(cx: &Context) -> Result<i32> {
    let mut input = Vec::new();
    std::io::stdin()
        .read_to_end(&mut input)
        .map_err(|e| Error::new(format!("ipr: cannot read stdin: {e}\n"), 1))?;
    let (elems, magic) = match input.get(0..4) {
        Some(b) => (1, u32::from_ne_bytes(b.try_into().unwrap())),
        None => (0, 0),
    };
    if magic != RULE_DUMP_MAGIC {
        return Err(Error::failed(
            format!("Magic mismatch ({elems} elems, {magic:x} magic)\n"),
            255,
        ));
    }
    let mut nl = cx.netlink()?;
    let mut rest = &input[4..];
    while rest.len() >= 16 {
        let len = u32::from_ne_bytes(rest[0..4].try_into().unwrap()) as usize;
        if len < 16 || len > rest.len() {
            return Err(Error::new("rtnl-from_file: Truncated message\n", 255));
        }
        let payload = &rest[16..len];
        rest = &rest[((len + 3) & !3).min(rest.len())..];
        match nl.request(RTM_NEWRULE, NLM_F_CREATE, payload) {
            Ok(()) => {}
            Err(e) if e.text().contains("File exists") => {}
            Err(e) => return Err(e),
        }
    }
    Ok(0)
}
