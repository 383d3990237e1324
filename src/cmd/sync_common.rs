//! What `route sync` and `rule sync` share: their command line, the file, the
//! refusals that protect other owners' routes and rules (reserved protos, an
//! empty list), and the report of a refused transaction.

use super::Context;
use crate::cli::grammar::Grammar;
use crate::cli::keyword::recognise;
use crate::error::{Error, Result};
use crate::model::kernel::{Protocol, TableId};
use crate::model::sync_input::{InputError, Place};
use crate::netlink::transaction::Outcome;
use std::io::Read;

/// The command line of a sync.
pub struct SyncArgs {
    pub proto: Protocol,
    pub table: Option<TableId>,
    pub dry_run: bool,
    pub force: bool,
    pub file: String,
}

/// Protos the kernel and iproute2 give routes and rules of their own: unspec
/// (what `ip rule add` gives a rule), redirect, kernel (connected routes, the
/// default rules), boot (`ip route add`'s default), static, ra (router
/// advertisements). A sync owns every route or rule of its proto, so these are
/// refused without `force`.
pub const RESERVED_PROTOS: &[Protocol] = &[
    Protocol::UNSPEC,
    Protocol(1),
    Protocol::KERNEL,
    Protocol::BOOT,
    Protocol(4),
    Protocol(9),
];

/// The keywords of `grammar` (`verbs::SYNC` or `verbs::RULE_SYNC`), spelled out,
/// in any order; the one other word is the file. Read through the table, so a
/// keyword the help, the manual page and the completion do not know cannot be
/// parsed.
pub fn parse_args(
    cx: &Context,
    args: &[String],
    grammar: &Grammar,
    usage: fn() -> Error,
) -> Result<SyncArgs> {
    let mut proto = None;
    let mut table = None;
    let mut dry_run = false;
    let mut force = false;
    let mut file = None;
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        match recognise(word, grammar) {
            Some("proto") => {
                let value = words.next().ok_or_else(Error::incomplete)?;
                let id = cx.names.proto_id(value).ok_or_else(|| {
                    Error::invalid_arg(value, "\"protocol\" value is invalid", true)
                })?;
                proto = Some(id);
            }
            Some("table") => {
                let value = words.next().ok_or_else(Error::incomplete)?;
                let id = cx
                    .names
                    .table_id(value)
                    .filter(|&id| id != crate::model::kernel::table::UNSPEC)
                    .ok_or_else(|| Error::invalid_arg(value, "\"table\" value is invalid", true))?;
                table = Some(id);
            }
            Some("dry-run") => dry_run = true,
            Some("force") => force = true,
            Some(other) => unreachable!("sync keyword {other} has no arm"),
            None if word == "help" => return Err(usage()),
            None if file.is_none() => file = Some(word.to_string()),
            None => return Err(usage()),
        }
    }
    match (proto, file) {
        (Some(proto), Some(file)) => Ok(SyncArgs {
            proto,
            table,
            dry_run,
            force,
            file,
        }),
        _ => Err(usage()),
    }
}

/// Refuses a reserved proto unless `force` was given.
pub fn check_reserved(cx: &Context, args: &SyncArgs, object: &str) -> Result<()> {
    if args.force || !RESERVED_PROTOS.contains(&args.proto) {
        return Ok(());
    }
    let what = if object == "route" { "routes" } else { "rules" };
    Err(Error::failed(
        format!(
            "ipr: {object} sync: proto {} is reserved: its {what} belong to the kernel or to other tools, and a sync would delete every one the file does not list; add \"force\" to sync it anyway\n",
            cx.names.proto_name(args.proto)
        ),
        1,
    ))
}

/// Refuses an empty list unless `force` was given: it would delete every route
/// or rule of the proto in scope, which `flush` says more plainly.
pub fn check_empty(
    cx: &Context,
    args: &SyncArgs,
    object: &str,
    count: usize,
    scope: &str,
) -> Result<()> {
    if args.force || count > 0 {
        return Ok(());
    }
    let proto = cx.names.proto_name(args.proto);
    let what = if object == "route" { "routes" } else { "rules" };
    Err(Error::failed(
        format!(
            "ipr: {object} sync: \"{}\" lists no {what}: this would delete every {object} of proto {proto}{scope}; use \"ipr {object} flush proto {proto}\" for that, or add \"force\"\n",
            args.file
        ),
        1,
    ))
}

/// The whole file (or stdin for `-`).
pub fn read_input(object: &str, file: &str) -> Result<String> {
    let mut text = Vec::new();
    let read = if file == "-" {
        std::io::stdin().read_to_end(&mut text).map(|_| ())
    } else {
        std::fs::File::open(crate::lossless::path(file))
            .and_then(|mut f| f.read_to_end(&mut text).map(|_| ()))
    };
    read.map_err(|e| {
        Error::failed(
            format!(
                "ipr: {object} sync: cannot read \"{file}\": {}\n",
                crate::netlink::socket::strerror_of(&e)
            ),
            1,
        )
    })?;
    Ok(crate::lossless::decode_vec(text))
}

/// Errors found before anything was sent, each `FILE:LINE: message` (or
/// `FILE[INDEX]:` for JSON), in file order; the exit status is the first one's.
#[derive(Default)]
pub struct ErrorList {
    errors: Vec<(Place, String, i32)>,
}

impl ErrorList {
    pub fn push(&mut self, place: Place, message: String, code: i32) {
        self.errors.push((place, message, code));
    }

    pub fn input(&mut self, errors: Vec<InputError>) {
        for e in errors {
            self.push(e.place, format!("{}\n", e.message), 1);
        }
    }

    /// Ok when empty, else the whole report.
    pub fn finish(mut self, object: &str, file: &str) -> Result<()> {
        let Some(&(_, _, code)) = self.errors.first() else {
            return Ok(());
        };
        self.errors.sort_by_key(|e| match e.0 {
            Place::Line(n) | Place::Object(n) => n,
        });
        let mut report = String::new();
        for (place, message, _) in self.errors {
            report.push_str(&format!("{}: {message}", place.label(file)));
        }
        report.push_str(&format!("{object} sync: nothing changed\n"));
        Err(Error::failed(report, code))
    }
}

/// The report of a transaction the kernel refused: each refused change
/// (`describe` names it, with its place in the file when it has one), then what
/// was taken back. Exit status 2.
pub fn refused(object: &str, outcome: Outcome, describe: &dyn Fn(usize) -> String) -> Error {
    let Outcome::Refused {
        refused,
        undone,
        undo_failed,
        lost_replies,
    } = outcome
    else {
        return Error::failed("", 0);
    };
    let mut text = String::new();
    for (i, error) in &refused {
        text.push_str(&format!(
            "ipr: {object} sync: {}\n  {}",
            describe(*i),
            error.text()
        ));
    }
    if lost_replies {
        text.push_str(&format!(
            "ipr: {object} sync: some kernel replies were lost, so every change sent was taken back\n"
        ));
    }
    for (i, error) in &undo_failed {
        text.push_str(&format!(
            "ipr: {object} sync: could not take back {}\n  {}",
            describe(*i),
            error.text()
        ));
    }
    if undo_failed.is_empty() {
        text.push_str(&format!(
            "{object} sync: nothing changed ({undone} change{} taken back)\n",
            if undone == 1 { "" } else { "s" }
        ));
    } else {
        text.push_str(&format!(
            "{object} sync: {} change{} could not be taken back; check the {object}s\n",
            undo_failed.len(),
            if undo_failed.len() == 1 { "" } else { "s" }
        ));
    }
    Error::failed(text, 2)
}
