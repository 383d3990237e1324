//! `ipr route sync proto PROTO [table TABLE] [dry-run] FILE|-` (ipr only): make the
//! routes of one proto exactly the routes a file declares.
//!
//! Everything is read and checked before anything changes: every line goes through
//! the `route add` grammar (device names included), then is encoded and decoded
//! back, so the declared routes and the dumped ones compare as the same type
//! (`model::route_sync`). The changes then go out pipelined on one socket
//! (`netlink::batch`), and each refusal is reported with its route.

use super::Context;
use crate::cli::route_modify::{self as grammar, Devices};
use crate::error::{Error, Result};
use crate::model::Family;
use crate::model::route::RouteView;
use crate::model::route_request::{RouteOp, RouteRequest};
use crate::model::route_sync::input::{self, SourceRoute};
use crate::model::route_sync::{Change, Identity, Plan, plan};
use crate::netlink::batch::{Batch, DEFAULT_BATCH_BYTES};
use crate::netlink::consts::*;
use crate::netlink::route_request::{encode, message, vrf_table};
use crate::netlink::socket::kernel_error;
use crate::netlink::{LinkNames, Netlink, decode};
use crate::render::Printer;
use crate::render::route::{Hidden, RouteContext, render};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::io::{Read, Write};

const RT_TABLE_MAIN: u32 = 254;
const RTM_F_CLONED: u32 = 0x200;
const ESRCH: i32 = 3;

const USAGE: &str = "Usage: ipr route sync proto PROTO [ table TABLE ] [ dry-run ] FILE|-\n";

/// The command line of `route sync`.
struct SyncArgs {
    proto: u8,
    table: Option<u32>,
    dry_run: bool,
    file: String,
}

fn usage() -> Error {
    Error::new(USAGE, 255)
}

/// `proto`, `table` and `dry-run` spelled out, in any order; the one other word
/// is the file.
fn parse_args(cx: &Context, args: &[String]) -> Result<SyncArgs> {
    let mut proto = None;
    let mut table = None;
    let mut dry_run = false;
    let mut file = None;
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        match word {
            "proto" | "protocol" => {
                let value = words.next().ok_or_else(Error::incomplete)?;
                let id = cx.names.proto_id(value).ok_or_else(|| {
                    Error::invalid_arg(value, "\"protocol\" value is invalid", true)
                })?;
                proto = Some(id);
            }
            "table" => {
                let value = words.next().ok_or_else(Error::incomplete)?;
                let id = cx
                    .names
                    .table_id(value)
                    .filter(|&id| id != 0)
                    .ok_or_else(|| Error::invalid_arg(value, "\"table\" value is invalid", true))?;
                table = Some(id);
            }
            "dry-run" => dry_run = true,
            "help" => return Err(usage()),
            other if file.is_none() => file = Some(other.to_string()),
            _ => return Err(usage()),
        }
    }
    match (proto, file) {
        (Some(proto), Some(file)) => Ok(SyncArgs {
            proto,
            table,
            dry_run,
            file,
        }),
        _ => Err(usage()),
    }
}

pub fn run(cx: &Context, args: &[String]) -> Result<i32> {
    let args = parse_args(cx, args)?;
    let text = read_input(&args.file)?;
    let nl = RefCell::new(cx.netlink()?);
    let links = LinkNames::load(&mut nl.borrow_mut())?;
    let declared = declared_routes(cx, &args, &text, &links, &nl)?;
    let scope = Scope::new(cx, &args, &declared);
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
    let show = |change: &Change| -> String {
        match *change {
            Change::Add(d) => format!("+ {}", declared_text(&declared[d].view, &rcx)),
            Change::Replace { desired, .. } => {
                format!("~ {}", declared_text(&declared[desired].view, &rcx))
            }
            Change::Delete(e) => format!("- {}", route_text(&existing[e].view, &rcx)),
        }
    };
    let proto_name = cx.names.proto_name(args.proto);
    let mut stdout = std::io::stdout().lock();
    if args.dry_run {
        for change in &plan.changes {
            writeln!(stdout, "{}", show(change)).map_err(super::write_error)?;
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
    let (failed, lost) = apply(&plan, &declared, &existing)?;
    for (change, error) in &failed {
        eprint!("ipr: route sync: {}\n  {}", show(change), error.text());
    }
    if lost {
        eprintln!("ipr: route sync: some kernel replies were lost; check the routes");
    }
    let failed_of = |which: fn(&Change) -> bool| failed.iter().filter(|(c, _)| which(c)).count();
    let mut summary = format!(
        "sync proto {proto_name}: {} added, {} replaced, {} deleted, {} unchanged",
        plan.added() - failed_of(|c| matches!(c, Change::Add(_))),
        plan.replaced() - failed_of(|c| matches!(c, Change::Replace { .. })),
        plan.deleted() - failed_of(|c| matches!(c, Change::Delete(_))),
        plan.unchanged
    );
    if !failed.is_empty() {
        summary.push_str(&format!(", {} failed", failed.len()));
    }
    writeln!(stdout, "{summary}").map_err(super::write_error)?;
    Ok(if failed.is_empty() && !lost { 0 } else { 2 })
}

/// The whole file (or stdin for `-`).
fn read_input(file: &str) -> Result<String> {
    let mut text = String::new();
    let read = if file == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::File::open(file).and_then(|mut f| f.read_to_string(&mut text).map(|_| ()))
    };
    read.map_err(|e| {
        Error::failed(
            format!(
                "ipr: route sync: cannot read \"{file}\": {}\n",
                crate::netlink::socket::strerror_of(&e)
            ),
            1,
        )
    })?;
    Ok(text)
}

/// One route of the file: where it was, the request to send, and the route it
/// becomes (decoded from that request).
struct Declared {
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

    fn vrf_table(&self, name: &str) -> Option<u32> {
        vrf_table(&mut self.nl.borrow_mut(), name)
    }
}

fn table_of(req: &RouteRequest) -> u32 {
    req.table_attr.unwrap_or(req.table as u32)
}

/// Every line through the `route add` grammar. Any error stops the sync before it
/// changes anything; all of them are reported, each as `FILE:LINE: message`.
fn declared_routes(
    cx: &Context,
    args: &SyncArgs,
    text: &str,
    links: &LinkNames,
    nl: &RefCell<Netlink>,
) -> Result<Vec<Declared>> {
    let devices = SyncDevices { links, nl };
    let mut errors = Vec::new();
    let lines = input::read(text).unwrap_or_else(|e| {
        errors.extend(
            e.into_iter()
                .map(|e| (e.line, format!("{}\n", e.message), 1)),
        );
        Vec::new()
    });
    let mut declared = Vec::new();
    let mut seen: HashMap<Identity, usize> = HashMap::new();
    for source in &lines {
        match declared_route(cx, args, source, &devices) {
            Ok(d) => match seen.insert(Identity::of(&d.view), source.line) {
                Some(first) => errors.push((
                    source.line,
                    format!(
                        "duplicate route: line {first} has the same destination, table, tos and metric\n"
                    ),
                    1,
                )),
                None => declared.push(d),
            },
            Err(e) => errors.push((source.line, e.text().to_string(), e.exit_code())),
        }
    }
    let Some(&(_, _, code)) = errors.first() else {
        return Ok(declared);
    };
    errors.sort_by_key(|e| e.0);
    let mut report = String::new();
    for (line, message, _) in errors {
        report.push_str(&format!("{}:{line}: {message}", args.file));
    }
    report.push_str("route sync: nothing changed\n");
    Err(Error::failed(report, code))
}

/// One line: `proto PROTO` (and `table TABLE`) go first, so a line that names its
/// own overrides them and is caught below; the grammar is `route add`'s.
fn declared_route(
    cx: &Context,
    args: &SyncArgs,
    source: &SourceRoute,
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
    Ok(Declared { payload, view })
}

/// Which of the proto's routes the sync owns: the given table, else main and the
/// tables the file names; both families unless `-4`/`-6`.
struct Scope {
    tables: BTreeSet<u32>,
    families: BTreeSet<u8>,
    dump_family: u8,
}

impl Scope {
    fn new(cx: &Context, args: &SyncArgs, declared: &[Declared]) -> Scope {
        let tables = match args.table {
            Some(t) => BTreeSet::from([t]),
            None => std::iter::once(RT_TABLE_MAIN)
                .chain(declared.iter().map(|d| d.view.table))
                .collect(),
        };
        let mut families: BTreeSet<u8> = match cx.opts.family {
            Family::Unspec => BTreeSet::from([Family::Inet.af(), Family::Inet6.af()]),
            f => BTreeSet::from([f.af()]),
        };
        families.extend(declared.iter().map(|d| d.view.family));
        Scope {
            tables,
            families,
            dump_family: cx.opts.family.af(),
        }
    }

    fn owns(&self, r: &RouteView, proto: u8) -> bool {
        r.protocol == proto
            && r.flags & RTM_F_CLONED == 0
            && self.tables.contains(&r.table)
            && self.families.contains(&r.family)
    }
}

/// The proto's routes in scope. The kernel filters by proto (strict checking);
/// tables are filtered here, since asking for a table that does not exist yet is
/// an error for IPv4.
fn dump(nl: &mut Netlink, scope: &Scope, proto: u8) -> Result<Vec<Held>> {
    let mut request = vec![0u8; 12];
    request[0] = scope.dump_family;
    request[5] = proto;
    let mut held = Vec::new();
    nl.dump(RTM_GETROUTE, &request, &mut |msg| {
        if msg.kind != RTM_NEWROUTE {
            return Ok(());
        }
        let view = decode::route(msg.payload)?;
        if scope.owns(&view, proto) {
            held.push(Held {
                payload: msg.payload.to_vec(),
                view,
            });
        }
        Ok(())
    })
    .map_err(|e| Error::failed(format!("{}Dump terminated\n", e.text()), 2))?;
    Ok(held)
}

/// The changes the kernel refused (and why), and whether some of its replies were
/// lost (the receive queue overflowed).
type Outcome = (Vec<(Change, Error)>, bool);

/// Sends the plan pipelined. A route that vanished before its deletion is not a
/// failure.
fn apply(plan: &Plan, declared: &[Declared], held: &[Held]) -> Result<Outcome> {
    let mut batch = Batch::open(DEFAULT_BATCH_BYTES)?;
    let mut by_seq = HashMap::new();
    for change in &plan.changes {
        let (op, payload) = match *change {
            Change::Add(d) => (RouteOp::Add, &declared[d].payload),
            Change::Replace { desired, .. } => (RouteOp::Replace, &declared[desired].payload),
            Change::Delete(e) => (RouteOp::Delete, &held[e].payload),
        };
        let (kind, flags) = message(op);
        let seq = batch.push(kind, flags, payload)?;
        by_seq.insert(seq, *change);
    }
    let failures = batch.finish()?;
    let mut failed = Vec::new();
    for f in failures {
        let Some(&change) = by_seq.get(&f.seq) else {
            continue;
        };
        if matches!(change, Change::Delete(_)) && f.errno == ESRCH {
            continue;
        }
        failed.push((change, kernel_error(-f.errno, f.extack)));
    }
    Ok((failed, batch.lost_replies))
}

/// A declared route: a next hop without a device leaves the choice to the kernel
/// (the renderer would print index 0 as `dev if0`).
fn declared_text(r: &RouteView, rcx: &RouteContext) -> String {
    let text = route_text(r, rcx);
    let mut words: Vec<&str> = Vec::new();
    for word in text.split(' ') {
        if word == "if0" && words.last() == Some(&"dev") {
            words.pop();
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
