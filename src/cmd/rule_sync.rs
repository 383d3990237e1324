//! `ipr [-6] rule sync proto PROTO [dry-run] [force] FILE|-` (ipr only): make the
//! rules of one protocol (FRA_PROTOCOL) exactly the rules a file declares.
//!
//! Like `route sync`: every line goes through the `rule add` grammar
//! (`cli::rule_modify`) and is encoded and decoded back, so declared and dumped
//! rules compare as the same type; reserved protos and empty lists need
//! `force`; the privilege is checked once; a lock per namespace and proto keeps
//! two syncs apart; the changes (additions, then deletions) are one
//! all-or-nothing transaction. One family per run, as every `ip rule` command:
//! IPv4 unless `-6`.

use super::Context;
use super::sync_common::{self as common, ErrorList, SyncArgs};
use super::sync_lock;
use crate::cli::grammar::verbs;
use crate::cli::rule::rule_family;
use crate::error::{Error, Result};
use crate::model::kernel::Protocol;
use crate::model::rule::{FIB_RULE_INVERT, RuleView};
use crate::model::rule_sync::{self, Held, RuleChange, RulePlan, Wanted, rule_words};
use crate::model::sync_input::{self, Input, Place};
use crate::netlink::decode;
use crate::netlink::rule_request::encode;
use crate::netlink::rules::RuleOp;
use crate::netlink::sync::{check_privilege, rule_recreate};
use crate::netlink::transaction::{self, Outcome, Request, Step};
use crate::render::Printer;
use crate::render::rule::{RuleContext, render};
use std::collections::HashMap;
use std::io::Write;

use libc::ENOENT;

fn usage() -> Error {
    Error::new(verbs::sync_usage(&verbs::RULE_SYNC), 255)
}

/// A rule of the file: where it is, the request to send, the rule it becomes.
struct Declared {
    place_label: String,
    payload: Vec<u8>,
    view: RuleView,
}

/// A rule of the protocol the kernel holds, and its dumped message.
struct Existing {
    payload: Vec<u8>,
    view: RuleView,
}

pub fn run(cx: &Context, args: &[String]) -> Result<i32> {
    let args = common::parse_args(cx, args, &verbs::RULE_SYNC, usage)?;
    common::check_reserved(cx, &args, "rule")?;
    if !args.dry_run {
        check_privilege().map_err(|e| {
            Error::failed(
                format!("{}rule sync: nothing changed\n", e.text()),
                e.exit_code(),
            )
        })?;
    }
    let family = rule_family(cx.opts.family);
    let text = common::read_input("rule", &args.file)?;
    let declared = declared_rules(cx, &args, &text)?;
    let family_name = if family == crate::model::Family::Inet6 {
        "IPv6"
    } else {
        "IPv4"
    };
    common::check_empty(
        cx,
        &args,
        "rule",
        declared.len(),
        &format!(" ({family_name})"),
    )?;
    let path = sync_lock::lock_path("rule", args.proto, None)?;
    let what = format!("rule sync proto {}", cx.names.proto_name(args.proto));
    let _lock = sync_lock::acquire(&path, &what, args.dry_run)?;
    let existing = dump(cx, family.af(), args.proto)?;
    let rcx = RuleContext {
        names: &cx.names,
        details: 0,
    };
    let plan = plan(&declared, &existing, &rcx);
    let line = |change: &RuleChange| match *change {
        RuleChange::Add(d) => format!("+ {}", shown(&declared[d].view, &rcx)),
        RuleChange::Delete(h) => format!("- {}", shown(&existing[h].view, &rcx)),
    };
    let proto_name = cx.names.proto_name(args.proto);
    let mut stdout = crate::lossless::stdout();
    if args.dry_run {
        for change in &plan.changes {
            writeln!(stdout, "{}", line(change)).map_err(super::write_error)?;
        }
        writeln!(
            stdout,
            "sync proto {proto_name} (dry-run): {} to add, {} to delete, {} unchanged",
            plan.added(),
            plan.deleted(),
            plan.unchanged
        )
        .map_err(super::write_error)?;
        return Ok(0);
    }
    let steps = steps(&plan, &declared, &existing);
    let outcome = transaction::run(&steps, &[plan.first_delete()])?;
    if let Outcome::Refused { .. } = outcome {
        let describe = |i: usize| match plan.changes[i] {
            RuleChange::Add(d) => {
                format!("{}: {}", declared[d].place_label, line(&plan.changes[i]))
            }
            RuleChange::Delete(_) => line(&plan.changes[i]),
        };
        return Err(common::refused("rule", outcome, &describe));
    }
    writeln!(
        stdout,
        "sync proto {proto_name}: {} added, {} deleted, {} unchanged",
        plan.added(),
        plan.deleted(),
        plan.unchanged
    )
    .map_err(super::write_error)?;
    Ok(0)
}

/// The changes that turn the rules held into the rules declared, each rule
/// compared by its printed key.
fn plan(declared: &[Declared], existing: &[Existing], rcx: &RuleContext) -> RulePlan {
    let wanted: Vec<Wanted> = declared
        .iter()
        .map(|d| Wanted {
            key: key(&d.view, rcx),
            priority: d.view.priority,
        })
        .collect();
    let held: Vec<Held> = existing
        .iter()
        .map(|e| Held {
            key: key(&e.view, rcx),
            priority: e.view.priority.unwrap_or(0),
        })
        .collect();
    rule_sync::plan(&wanted, &held)
}

/// Each change with the request that takes it back: an added rule is deleted
/// (the request names all its attributes and the protocol, so only it matches),
/// a deleted one added again as the dump showed it.
fn steps(plan: &RulePlan, declared: &[Declared], existing: &[Existing]) -> Vec<Step> {
    plan.changes
        .iter()
        .map(|change| match *change {
            RuleChange::Add(d) => Step {
                apply: Request::rule(RuleOp::Add, declared[d].payload.clone()),
                undo: Request::rule(RuleOp::Delete, declared[d].payload.clone()),
                harmless: None,
            },
            RuleChange::Delete(h) => Step {
                apply: Request::rule(RuleOp::Delete, existing[h].payload.clone()),
                undo: Request::rule(RuleOp::Add, rule_recreate(&existing[h].payload)),
                harmless: Some(ENOENT),
            },
        })
        .collect()
}

/// Every line through the `rule add` grammar, `protocol PROTO` first (a line
/// naming another protocol is an error). All errors are reported, nothing sent.
fn declared_rules(cx: &Context, args: &SyncArgs, text: &str) -> Result<Vec<Declared>> {
    let family = rule_family(cx.opts.family);
    let mut errors = ErrorList::default();
    let input = sync_input::read(text, rule_words).unwrap_or_else(|e| {
        errors.input(e);
        Input {
            entries: Vec::new(),
            json: true,
        }
    });
    let rcx = RuleContext {
        names: &cx.names,
        details: 0,
    };
    let mut declared = Vec::new();
    let mut seen: HashMap<(String, Option<u32>), Place> = HashMap::new();
    for source in &input.entries {
        if input.json && !json_rule_is_ours(cx, args.proto, &source.words) {
            continue;
        }
        let mut words = vec!["protocol".to_string(), args.proto.to_string()];
        words.extend(source.words.iter().cloned());
        let parsed = crate::cli::rule_modify::parse(&words, family, &cx.names).and_then(|req| {
            let proto = req.protocol.unwrap_or_default();
            if proto != args.proto {
                return Err(Error::failed(
                    format!(
                        "rule has proto {}, but this sync is for proto {}\n",
                        cx.names.proto_name(proto),
                        cx.names.proto_name(args.proto)
                    ),
                    1,
                ));
            }
            let payload = encode(&req, true);
            let view = decode::rule(&payload)?;
            Ok(Declared {
                place_label: source.place.label(&args.file),
                payload,
                view,
            })
        });
        match parsed {
            Ok(d) => {
                let id = (key(&d.view, &rcx), d.view.priority);
                match seen.insert(id, source.place) {
                    Some(first) => errors.push(
                        source.place,
                        format!("duplicate rule: {first} is the same rule\n"),
                        1,
                    ),
                    None => declared.push(d),
                }
            }
            Err(e) => errors.push(source.place, e.text().to_string(), e.exit_code()),
        }
    }
    errors.finish("rule", &args.file)?;
    Ok(declared)
}

/// Whether a rule read from `ip -j rule show` belongs to this sync: iproute2
/// 6.1 cannot list one protocol's rules, so the JSON holds them all. Its
/// `protocol` key must name the sync's; without `-d`, iproute2 leaves the key
/// out for `unspec` and `kernel`, so such rules are never the sync's.
fn json_rule_is_ours(cx: &Context, proto: Protocol, words: &[String]) -> bool {
    words
        .windows(2)
        .rev()
        .find(|w| w[0] == "protocol")
        .and_then(|w| cx.names.proto_id(&w[1]))
        == Some(proto)
}

/// The protocol's rules of one family, as dumped.
fn dump(cx: &Context, family: u8, proto: Protocol) -> Result<Vec<Existing>> {
    let mut nl = cx.netlink()?;
    let mut held = Vec::new();
    crate::netlink::rules::dump_rules(&mut nl, family, &mut |rule, msg| {
        if rule.protocol.unwrap_or_default() == proto && rule.family.af() == family {
            held.push(Existing {
                payload: msg.payload.to_vec(),
                view: rule.clone(),
            });
        }
        Ok(())
    })
    .map_err(|e| Error::failed(format!("{}Dump terminated\n", e.text()), 2))?;
    Ok(held)
}

/// A rule as `ip rule show` prints it after `PRIO:`, tabs as spaces.
fn text(r: &RuleView, rcx: &RuleContext) -> String {
    let mut buf = Vec::new();
    {
        let mut p = Printer::new(&mut buf, None, Default::default());
        let _ = render(&mut p, r, rcx);
    }
    let text = String::from_utf8_lossy(&buf);
    let body = text.split_once('\t').map_or(&*text, |(_, b)| b);
    body.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a rule is, but for its priority and protocol: its text with kernel
/// state (`[detached]`, `[unresolved]`) and both left out.
fn key(r: &RuleView, rcx: &RuleContext) -> String {
    let mut r = r.clone();
    r.priority = None;
    r.protocol = None;
    r.flags &= FIB_RULE_INVERT;
    text(&r, rcx)
}

/// `PRIO: RULE proto P` as `ip rule show` prints it (`RULE proto P` when the
/// file leaves the priority to the kernel).
fn shown(r: &RuleView, rcx: &RuleContext) -> String {
    let mut plain = r.clone();
    plain.flags &= FIB_RULE_INVERT;
    let body = text(&plain, rcx);
    let proto = match r.protocol.unwrap_or_default() {
        p @ (Protocol::UNSPEC | Protocol::KERNEL) => format!(" proto {}", rcx.names.proto_name(p)),
        _ => String::new(),
    };
    match r.priority {
        Some(p) => format!("{p}: {body}{proto}"),
        None => format!("{body}{proto}"),
    }
}
