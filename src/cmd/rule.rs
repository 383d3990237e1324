//! `ip rule ...`: verb dispatch and `rule list|show`.

use super::{Context, finish, write_error};
use crate::cli::rule::{self as grammar, RuleVerb};
use crate::error::{Error, Result};
use crate::netlink::consts::*;
use crate::netlink::decode;
use crate::render::rule::{RuleContext, render};

pub fn run(cx: &Context, words: &[String]) -> Result<i32> {
    let Some(verb_word) = words.first() else {
        return list(cx, &[]);
    };
    match grammar::verb(verb_word)? {
        RuleVerb::List => list(cx, &words[1..]),
        RuleVerb::Help => Err(Error::new(crate::cli::help::rule_usage(), 255)),
        _ => Err(Error::new(
            format!("Command \"{verb_word}\" is unknown, try \"ip rule help\".\n"),
            255,
        )),
    }
}

pub fn list(cx: &Context, args: &[String]) -> Result<i32> {
    let filter = grammar::parse_list(args, cx.opts.family, &cx.names)?;
    let mut nl = cx.netlink()?;
    let rcx = RuleContext {
        names: &cx.names,
        details: cx.opts.details,
    };
    let mut p = cx.printer();
    p.begin_list().map_err(write_error)?;
    // struct fib_rule_hdr: only the family; the kernel refuses other dump filters.
    let mut req = [0u8; 12];
    req[0] = filter.family;
    let dumped = nl.dump(RTM_GETRULE, &req, &mut |msg| {
        if msg.kind != RTM_NEWRULE {
            return Ok(());
        }
        let rule = decode::rule(msg.payload)?;
        if filter.accepts(&rule) {
            render(&mut p, &rule, &rcx).map_err(write_error)?;
        }
        Ok(())
    });
    if let Err(e) = dumped {
        return Err(super::dump_failed(&mut p, e));
    }
    p.end_list().map_err(write_error)?;
    finish(&mut p)
}
