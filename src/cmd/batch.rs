//! `-batch FILE|-`: one command per line, as iproute2 runs them. A failed command
//! prints `Command failed FILE:LINE` and stops the batch (or, with `-force`, the
//! batch goes on and still exits 1). Syntax errors end the process at once, exactly
//! where iproute2's own parser exits.
//!
//! Speed: iproute2 sends one request and waits for its answer per line. Here runs
//! of route changes are pipelined (many messages per `sendmsg`, no ACK asked,
//! failures still reported by the kernel, an acknowledged barrier at the end of
//! each window), and the kernel state still ends exactly as iproute2 leaves it:
//! - without `-force`, only `add` is pipelined; when a line fails, the additions
//!   after it in the same window, which iproute2 would never have sent, are
//!   deleted again (by `undo_payload`, which matches only the new route);
//! - with `-force`, every line is attempted in order anyway, so every route verb
//!   is pipelined and every failure is reported against its own line.
//!
//! Reading and parsing run on a second thread, ahead of the sender, so parsing
//! overlaps the kernel's work (the machine has two cores). The reader stops at
//! any other line (a listing, a rule, a delete without `-force`) until the sender
//! has drained the window and run that line, so output, errors and the order in
//! which names files are first read stay exactly iproute2's.

use super::Context;
use crate::cli::batch::{CommandLines, split_words};
use crate::cli::route::{self as route_grammar, RouteVerb};
use crate::cli::route_modify::{self as modify_grammar, Devices};
use crate::error::{Error, Result};
use crate::model::route_request::RouteOp;
use crate::netlink::batch::Batch;
use crate::netlink::route_request::{encode, message, undo_payload, vrf_table};
use crate::netlink::socket::kernel_error;
use crate::netlink::{LinkNames, Netlink};
use std::cell::RefCell;
use std::io::BufRead;
use std::sync::mpsc;

/// Bytes per `sendmsg`: ~500 route additions. Small enough that the error replies
/// of a whole send always fit the receive buffer, so no failure is ever lost.
const SEND_BYTES: usize = 32 * 1024;
/// Messages between barriers: bounds the work undone after a failure and the
/// memory kept for it.
const WINDOW: usize = 4096;
/// Lines the reader hands over at a time (and chunks it may run ahead).
const CHUNK: usize = 256;
const CHUNKS_AHEAD: usize = 8;

/// What the reader thread makes of one line.
enum Item {
    /// A route change ready to send.
    Change {
        line: usize,
        op: RouteOp,
        payload: Vec<u8>,
    },
    /// Any other command: run by the sender, in order.
    Other { line: usize, words: Vec<String> },
    /// A line the grammar refused (fatal or not, as iproute2 treats it).
    Refused { line: usize, error: Error },
    /// A line that could not even be cut into words: ends the batch.
    Unreadable(Error),
}

fn open_input(name: &str) -> Result<Box<dyn BufRead + Send>> {
    if name == "-" {
        return Ok(Box::new(std::io::BufReader::new(std::io::stdin())));
    }
    match std::fs::File::open(name) {
        Ok(f) => Ok(Box::new(std::io::BufReader::with_capacity(256 * 1024, f))),
        Err(e) => Err(Error::failed(
            format!(
                "Cannot open file \"{name}\" for reading: {}\n",
                crate::netlink::socket::strerror_of(&e)
            ),
            1,
        )),
    }
}

pub fn run(cx: &Context, name: &str) -> Result<i32> {
    let input = open_input(name)?;
    let (items_tx, items_rx) = mpsc::sync_channel::<Vec<Item>>(CHUNKS_AHEAD);
    let (resume_tx, resume_rx) = mpsc::channel::<()>();
    std::thread::scope(|scope| {
        scope.spawn(move || read_ahead(cx, input, items_tx, resume_rx));
        let mut sender = Sender {
            cx,
            name,
            pipeline: None,
            status: 0,
        };
        let outcome = sender.consume(items_rx, resume_tx);
        outcome.map(|()| sender.status)
    })
}

/// Device lookups for the reader: names read once, a socket for VRF questions.
struct ReaderDevices {
    links: LinkNames,
    nl: RefCell<Netlink>,
}

impl Devices for ReaderDevices {
    fn index(&self, name: &str) -> Option<u32> {
        self.links.index(name)
    }

    fn vrf_table(&self, name: &str) -> Option<u32> {
        vrf_table(&mut self.nl.borrow_mut(), name)
    }
}

/// The route operation of a line that may go through the pipeline.
fn pipelinable(cx: &Context, words: &[String]) -> Option<RouteOp> {
    // `-echo` prints each change as the kernel answers it: one at a time.
    if cx.opts.echo || !super::names_route_object(words.first()?) {
        return None;
    }
    let verb = route_grammar::verb(words.get(1)?).ok()?;
    let op = super::route_modify::operation(verb)?;
    // Without -force a failure must leave what iproute2 leaves, so only `add`
    // goes ahead of the answers: it creates a route no other route shares
    // (NLM_F_EXCL), which `undo_payload` can delete again without touching
    // another. `append`/`prepend` sit beside existing routes and `test` creates
    // nothing, so a deletion could hit the wrong route: they wait their turn.
    (verb == RouteVerb::Add || cx.opts.force).then_some(op)
}

/// The reader thread: cuts lines, parses route changes, hands items over in
/// chunks; after an `Other` item it waits until the sender has run it.
fn read_ahead(
    cx: &Context,
    input: Box<dyn BufRead + Send>,
    items: mpsc::SyncSender<Vec<Item>>,
    resume: mpsc::Receiver<()>,
) {
    let mut devices: Option<ReaderDevices> = None;
    let mut lines = CommandLines::new(input);
    let mut chunk = Vec::with_capacity(CHUNK);
    while let Some(text) = lines.next_line() {
        let line = lines.line_number();
        let words = match split_words(&text) {
            Ok(words) => words,
            Err(e) => {
                chunk.push(Item::Unreadable(e));
                break;
            }
        };
        if words.is_empty() {
            continue;
        }
        let Some(op) = pipelinable(cx, &words) else {
            chunk.push(Item::Other { line, words });
            if items.send(std::mem::take(&mut chunk)).is_err() || resume.recv().is_err() {
                return;
            }
            continue;
        };
        if devices.is_none() {
            let opened = cx.netlink().and_then(|mut nl| {
                let links = LinkNames::load(&mut nl)?;
                Ok(ReaderDevices {
                    links,
                    nl: RefCell::new(nl),
                })
            });
            match opened {
                Ok(d) => devices = Some(d),
                Err(error) => {
                    chunk.push(Item::Refused { line, error });
                    break;
                }
            }
        }
        let devices = devices.as_ref().expect("opened above");
        let parsed = modify_grammar::parse(op, &words[2..], cx.opts.family, &cx.names, devices);
        chunk.push(match parsed {
            Ok(request) => Item::Change {
                line,
                op,
                payload: encode(&request),
            },
            Err(error) => Item::Refused { line, error },
        });
        if chunk.len() >= CHUNK && items.send(std::mem::take(&mut chunk)).is_err() {
            return;
        }
    }
    let _ = items.send(chunk);
}

/// One change in flight.
struct InFlight {
    seq: u32,
    line: usize,
    /// The addition's own bytes, to take it back if a line before it fails.
    undo: Option<Vec<u8>>,
}

struct Sender<'a> {
    cx: &'a Context,
    name: &'a str,
    pipeline: Option<(Batch, Vec<InFlight>)>,
    status: i32,
}

impl Sender<'_> {
    /// Runs every item in order until the input ends or the batch must stop.
    fn consume(
        &mut self,
        items: mpsc::Receiver<Vec<Item>>,
        resume: mpsc::Sender<()>,
    ) -> Result<()> {
        for chunk in items {
            for item in chunk {
                let keep_going = match item {
                    Item::Change { line, op, payload } => self.send(line, op, payload)?,
                    Item::Other { line, words } => {
                        let go = self.drain()? && self.other(&words, line)?;
                        let _ = resume.send(());
                        go
                    }
                    Item::Refused { line, error } => self.drain()? && self.failed(error, line)?,
                    Item::Unreadable(error) => {
                        if self.drain()? {
                            return Err(error);
                        }
                        false
                    }
                };
                if !keep_going {
                    return Ok(());
                }
            }
        }
        self.drain().map(|_| ())
    }

    fn other(&mut self, words: &[String], line: usize) -> Result<bool> {
        match super::dispatch(self.cx, words) {
            Ok(_) => Ok(true),
            Err(e) => self.failed(e, line),
        }
    }

    fn send(&mut self, line: usize, op: RouteOp, payload: Vec<u8>) -> Result<bool> {
        if self.pipeline.is_none() {
            self.pipeline = Some((Batch::open(SEND_BYTES)?, Vec::new()));
        }
        let (batch, in_flight) = self.pipeline.as_mut().expect("opened above");
        let (kind, flags) = message(op);
        let seq = batch.push(kind, flags, &payload)?;
        // Kept in case a line before it fails and it must be taken back.
        let undo = (op == RouteOp::Add).then_some(payload);
        in_flight.push(InFlight { seq, line, undo });
        if in_flight.len() >= WINDOW {
            return self.drain();
        }
        Ok(true)
    }

    /// Waits for the kernel's answers to everything in flight and reports the
    /// failures in line order. Returns false when the batch must stop.
    fn drain(&mut self) -> Result<bool> {
        let Some((batch, in_flight)) = self.pipeline.as_mut() else {
            return Ok(true);
        };
        if in_flight.is_empty() {
            return Ok(true);
        }
        let failures = batch.finish()?;
        let sent = std::mem::take(in_flight);
        if batch.lost_replies {
            // Sends are capped so this cannot happen; should it anyway, some
            // lines' failures are unknown and claiming success would be a lie.
            let (first, last) = (sent[0].line, sent[sent.len() - 1].line);
            return Err(Error::new(
                format!(
                    "ipr: kernel replies lost (receive queue overflow): \
                     outcome of {}:{first}-{last} unknown\n",
                    self.name
                ),
                2,
            ));
        }
        let failed = |op: &InFlight| failures.iter().find(|f| f.seq == op.seq);
        for (i, op) in sent.iter().enumerate() {
            let Some(failure) = failed(op) else {
                continue;
            };
            let error = kernel_error(-failure.errno, failure.extack.clone());
            eprint!("{}", error.text());
            eprintln!("Command failed {}:{}", self.name, op.line);
            self.status = 1;
            if !self.cx.opts.force {
                // iproute2 would have stopped here: take back what came after.
                for later in &sent[i + 1..] {
                    if let (Some(payload), None) = (&later.undo, failed(later)) {
                        batch.push(message(RouteOp::Delete).0, 0, &undo_payload(payload))?;
                    }
                }
                batch.finish()?;
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// A failed line: fatal errors end the process, others are reported.
    fn failed(&mut self, e: Error, line: usize) -> Result<bool> {
        if e.is_fatal() {
            return Err(e);
        }
        eprint!("{}", e.text());
        eprintln!("Command failed {}:{line}", self.name);
        self.status = 1;
        Ok(self.cx.opts.force)
    }
}
