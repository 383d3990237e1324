//! `ipr route sync proto PROTO [table TABLE] [dry-run] [force] FILE|-` (ipr only):
//! make the routes of one proto exactly the routes a file declares.
//!
//! Everything is read and checked before anything changes: every line goes through
//! the `route add` grammar (device names included), then is encoded and decoded
//! back, so the declared routes and the dumped ones compare as the same type
//! (`model::route_sync`). Reserved protos and empty lists are refused without
//! `force`, the privilege is checked once, and a lock per table keeps two syncs
//! apart (`sync_lock`). The changes then go out as one all-or-nothing transaction
//! (`netlink::transaction`): additions and replacements, then deletions, each
//! with the request that takes it back.

use super::Context;
use super::sync_common::{self as common, ErrorList, SyncArgs};
use super::sync_lock::{self, SyncLock};
use crate::cli::grammar::verbs;
use crate::cli::route_modify::{self as grammar, Devices};
use crate::error::{Error, Result};
use crate::model::Family;
use crate::model::kernel::Protocol;
use crate::model::kernel::{TableId, table};
use crate::model::route::RouteView;
use crate::model::route_request::{RouteOp, RouteRequest};
use crate::model::route_sync::input;
use crate::model::route_sync::{Change, Identity, Plan, diff, plan};
use crate::model::sync_input::{Input, Place, Source};
use crate::netlink::route_request::{encode, undo_payload, vrf_table};
use crate::netlink::routes::dump_proto_routes;
use crate::netlink::sync::{check_privilege, route_delete, route_recreate};
use crate::netlink::transaction::{self, Outcome, Request, Step};
use crate::netlink::{LinkNames, Netlink, decode};
use crate::render::Printer;
use crate::render::route::{Hidden, RouteContext, render};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::io::Write;

use libc::ESRCH;

fn usage() -> Error {
    Error::new(verbs::sync_usage(&verbs::SYNC), 255)
}

pub fn run(cx: &Context, args: &[String]) -> Result<i32> {
    let args = common::parse_args(cx, args, &verbs::SYNC, usage)?;
    common::check_reserved(cx, &args, "route")?;
    if !args.dry_run {
        check_privilege().map_err(nothing_changed)?;
    }
    let text = common::read_input("route", &args.file)?;
    let nl = RefCell::new(cx.netlink()?);
    let links = LinkNames::load(&mut nl.borrow_mut())?;
    let (declared, json) = declared_routes(cx, &args, &text, &links, &nl)?;
    let scope = Scope::new(cx, &args, &declared, json);
    common::check_empty(cx, &args, "route", declared.len(), &scope.describe(cx))?;
    let _locks = scope.lock(cx, &args)?;
    let existing = dump(&mut nl.borrow_mut(), &scope, args.proto)?;
    let views: Vec<RouteView> = declared.iter().map(|d| d.view.clone()).collect();
    let held: Vec<RouteView> = existing.iter().map(|e| e.view.clone()).collect();
    let plan = plan(&views, &held);
    let rcx = RouteContext {
        names: &cx.names,
        links: &links,
        details: 0,
        stats: 0,
        hidden: Hidden::default(),
        nexthops: None,
    };
    let shown = Shown {
        declared: &declared,
        existing: &existing,
        rcx: &rcx,
    };
    let proto_name = cx.names.proto_name(args.proto);
    let mut stdout = crate::lossless::stdout();
    if args.dry_run {
        for change in &plan.changes {
            write!(stdout, "{}", shown.with_diff(change)).map_err(super::write_error)?;
        }
        writeln!(
            stdout,
            "sync proto {proto_name} (dry-run): {} to add, {} to replace, {} to delete, {} unchanged",
            plan.added(),
            plan.replaced(),
            plan.deleted(),
            plan.unchanged
        )
        .map_err(super::write_error)?;
        return Ok(0);
    }
    let steps = steps(&plan, &declared, &existing);
    let outcome = transaction::run(&steps, &[first_delete(&plan)])?;
    if let Outcome::Refused { .. } = outcome {
        let describe = |i: usize| shown.placed(&plan.changes[i]);
        return Err(common::refused("route", outcome, &describe));
    }
    writeln!(
        stdout,
        "sync proto {proto_name}: {} added, {} replaced, {} deleted, {} unchanged",
        plan.added(),
        plan.replaced(),
        plan.deleted(),
        plan.unchanged
    )
    .map_err(super::write_error)?;
    Ok(0)
}

fn nothing_changed(e: Error) -> Error {
    Error::failed(
        format!("{}route sync: nothing changed\n", e.text()),
        e.exit_code(),
    )
}

/// Where the deletions start (the plan lists them last).
fn first_delete(plan: &Plan) -> usize {
    plan.changes
        .iter()
        .position(|c| matches!(c, Change::Delete(_)))
        .unwrap_or(plan.changes.len())
}

/// Each change with the request that takes it back: an addition is deleted, a
/// replaced route is put back as dumped, a deleted one added again (IPv4 with
/// `append`, as another route of its identity may be left; IPv6 keeps one).
fn steps(plan: &Plan, declared: &[Declared], held: &[Held]) -> Vec<Step> {
    plan.changes
        .iter()
        .map(|change| match *change {
            Change::Add(d) => Step {
                apply: Request::route(RouteOp::Add, declared[d].payload.clone()),
                undo: Request::route(RouteOp::Delete, undo_payload(&declared[d].payload)),
                harmless: None,
            },
            Change::Replace { desired, existing } => Step {
                apply: Request::route(RouteOp::Replace, declared[desired].payload.clone()),
                undo: Request::route(RouteOp::Replace, route_recreate(&held[existing].payload)),
                harmless: None,
            },
            Change::Delete(e) => {
                let readd = if held[e].view.family == Family::Inet6 {
                    RouteOp::Add
                } else {
                    RouteOp::Append
                };
                Step {
                    apply: Request::route(RouteOp::Delete, route_delete(&held[e].payload)),
                    undo: Request::route(readd, route_recreate(&held[e].payload)),
                    harmless: Some(ESRCH),
                }
            }
        })
        .collect()
}

/// How changes are shown: `+`/`~` with the declared route, `-` with the held one.
struct Shown<'a> {
    declared: &'a [Declared],
    existing: &'a [Held],
    rcx: &'a RouteContext<'a>,
}

impl Shown<'_> {
    fn line(&self, change: &Change) -> String {
        match *change {
            Change::Add(d) => format!("+ {}", declared_text(&self.declared[d].view, self.rcx)),
            Change::Replace { desired, .. } => {
                format!(
                    "~ {}",
                    declared_text(&self.declared[desired].view, self.rcx)
                )
            }
            Change::Delete(e) => format!("- {}", route_text(&self.existing[e].view, self.rcx)),
        }
    }

    /// The line, and under a `~` one line per changed attribute (`    via: A -> B`).
    fn with_diff(&self, change: &Change) -> String {
        let mut out = format!("{}\n", self.line(change));
        if let Change::Replace { desired, existing } = *change {
            let old = route_text(&self.existing[existing].view, self.rcx);
            let new = declared_text(&self.declared[desired].view, self.rcx);
            for attr in diff::changes(&old, &new) {
                out.push_str(&format!("    {attr}\n"));
            }
        }
        out
    }

    /// The line with the file position of a declared route (`FILE:LINE: + ...`).
    fn placed(&self, change: &Change) -> String {
        match *change {
            Change::Add(d) | Change::Replace { desired: d, .. } => {
                format!("{}: {}", self.declared[d].place_label, self.line(change))
            }
            Change::Delete(_) => self.line(change),
        }
    }
}

/// One route of the file: where it was, the request to send, and the route it
/// becomes (decoded from that request).
struct Declared {
    place_label: String,
    payload: Vec<u8>,
    view: RouteView,
}

/// A route of the proto the kernel holds, and the dumped message (sent back to
/// delete exactly that route, as `route flush` does).
struct Held {
    payload: Vec<u8>,
    view: RouteView,
}

/// Device lookups for the grammar: the link cache, and a link request per `vrf`.
struct SyncDevices<'a> {
    links: &'a LinkNames,
    nl: &'a RefCell<Netlink>,
}

impl Devices for SyncDevices<'_> {
    fn index(&self, name: &str) -> Option<u32> {
        self.links.index(name)
    }

    fn vrf_table(&self, name: &str) -> Option<crate::model::kernel::TableId> {
        vrf_table(&mut self.nl.borrow_mut(), name)
    }
}

fn table_of(req: &RouteRequest) -> TableId {
    table::effective(req.table, req.table_attr)
}

/// Every line through the `route add` grammar. Any error stops the sync before it
/// changes anything; all of them are reported, each as `FILE:LINE: message` (or
/// `FILE[INDEX]:` for JSON). Also says whether the file was JSON.
fn declared_routes(
    cx: &Context,
    args: &SyncArgs,
    text: &str,
    links: &LinkNames,
    nl: &RefCell<Netlink>,
) -> Result<(Vec<Declared>, bool)> {
    let devices = SyncDevices { links, nl };
    let mut errors = ErrorList::default();
    let input = input::read(text).unwrap_or_else(|e| {
        errors.input(e);
        Input {
            entries: Vec::new(),
            json: true,
        }
    });
    let mut declared = Vec::new();
    let mut seen: HashMap<Identity, Place> = HashMap::new();
    for source in &input.entries {
        match declared_route(cx, args, source, &devices) {
            Ok(d) => match seen.insert(Identity::of(&d.view), source.place) {
                Some(first) => errors.push(
                    source.place,
                    format!(
                        "duplicate route: {first} has the same destination, table, tos and metric\n"
                    ),
                    1,
                ),
                None => declared.push(d),
            },
            Err(e) => errors.push(source.place, e.text().to_string(), e.exit_code()),
        }
    }
    errors.finish("route", &args.file)?;
    Ok((declared, input.json))
}

/// One line: `proto PROTO` (and `table TABLE`) go first, so a line that names its
/// own overrides them and is caught below; the grammar is `route add`'s.
fn declared_route(
    cx: &Context,
    args: &SyncArgs,
    source: &Source,
    devices: &dyn Devices,
) -> Result<Declared> {
    let mut words = vec!["proto".to_string(), args.proto.to_string()];
    if let Some(table) = args.table {
        words.extend(["table".to_string(), table.to_string()]);
    }
    words.extend(source.words.iter().cloned());
    let req = grammar::parse(RouteOp::Add, &words, cx.opts.family, &cx.names, devices)?;
    if req.protocol != args.proto {
        return Err(Error::failed(
            format!(
                "route has proto {}, but this sync is for proto {}\n",
                cx.names.proto_name(req.protocol),
                cx.names.proto_name(args.proto)
            ),
            1,
        ));
    }
    if let Some(table) = args.table
        && table_of(&req) != table
    {
        return Err(Error::failed(
            format!(
                "route is in table {}, but this sync is for table {}\n",
                cx.names.table_name(table_of(&req)),
                cx.names.table_name(table)
            ),
            1,
        ));
    }
    let payload = encode(&req);
    let view = decode::route(&payload)?;
    Ok(Declared {
        place_label: source.place.label(&args.file),
        payload,
        view,
    })
}

/// Which of the proto's routes the sync owns: the given table, else main and the
/// tables the file names; both families unless `-4`/`-6`, or, for JSON (which
/// `ip -j route show` prints for one family), the families it holds.
struct Scope {
    tables: BTreeSet<TableId>,
    families: BTreeSet<u8>,
    dump_family: u8,
}

impl Scope {
    fn new(cx: &Context, args: &SyncArgs, declared: &[Declared], json: bool) -> Scope {
        let tables = match args.table {
            Some(t) => BTreeSet::from([t]),
            None => std::iter::once(table::MAIN)
                .chain(declared.iter().map(|d| d.view.table))
                .collect(),
        };
        let mut families: BTreeSet<u8> = match cx.opts.family {
            Family::Unspec if json => BTreeSet::new(),
            Family::Unspec => BTreeSet::from([Family::Inet.af(), Family::Inet6.af()]),
            f => BTreeSet::from([f.af()]),
        };
        families.extend(declared.iter().map(|d| d.view.family.af()));
        let dump_family = match families.len() {
            1 => *families.first().unwrap(),
            _ => cx.opts.family.af(),
        };
        Scope {
            tables,
            families,
            dump_family,
        }
    }

    fn owns(&self, r: &RouteView, proto: Protocol) -> bool {
        r.protocol == proto
            && !r.is_cloned()
            && self.tables.contains(&r.table)
            && self.families.contains(&r.family.af())
    }

    /// ` in table main`, ` in tables main, 100` (for messages).
    fn describe(&self, cx: &Context) -> String {
        let names: Vec<String> = self
            .tables
            .iter()
            .map(|&t| cx.names.table_name(t))
            .collect();
        let plural = if names.len() == 1 { "" } else { "s" };
        format!(" in table{plural} {}", names.join(", "))
    }

    /// One lock per table, taken in table order so two syncs never wait for each
    /// other crosswise.
    fn lock(&self, cx: &Context, args: &SyncArgs) -> Result<Vec<SyncLock>> {
        let proto = cx.names.proto_name(args.proto);
        self.tables
            .iter()
            .map(|&t| {
                let path = sync_lock::lock_path("route", args.proto, Some(t))?;
                let what = format!("route sync proto {proto} table {}", cx.names.table_name(t));
                sync_lock::acquire(&path, &what, args.dry_run)
            })
            .collect()
    }
}

/// The proto's routes in scope. The kernel filters by proto (strict checking);
/// tables are filtered here, since asking for a table that does not exist yet is
/// an error for IPv4.
fn dump(nl: &mut Netlink, scope: &Scope, proto: Protocol) -> Result<Vec<Held>> {
    let mut held = Vec::new();
    dump_proto_routes(nl, scope.dump_family, proto, &mut |view, msg| {
        if scope.owns(view, proto) {
            held.push(Held {
                payload: msg.payload.to_vec(),
                view: view.clone(),
            });
        }
        Ok(())
    })
    .map_err(|e| Error::failed(format!("{}Dump terminated\n", e.text()), 2))?;
    Ok(held)
}

/// A declared route: a next hop without a device leaves the choice to the kernel
/// (the renderer would print index 0 as `dev if0`), and the IPv6 default route
/// prints as `ip` prints it.
fn declared_text(r: &RouteView, rcx: &RouteContext) -> String {
    let text = route_text(r, rcx);
    let mut words: Vec<&str> = Vec::new();
    for word in text.split(' ') {
        if word == "if0" && words.last() == Some(&"dev") {
            words.pop();
        } else if word == "::/0" {
            // A JSON IPv6 default route, read as `::/0` (see `input::destination`).
            words.push("default");
        } else {
            words.push(word);
        }
    }
    words.join(" ")
}

/// A route as `ip route show` prints it, on one line: next hops follow the route
/// with single spaces (the line reads as `route add` words).
fn route_text(r: &RouteView, rcx: &RouteContext) -> String {
    let mut buf = Vec::new();
    {
        let style = crate::render::TextStyle {
            oneline: true,
            ..Default::default()
        };
        let mut p = Printer::new(&mut buf, None, style);
        let _ = render(&mut p, r, rcx);
    }
    let text = String::from_utf8_lossy(&buf).replace("\\\t", " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
