//! `-batch FILE|-`: one command per line, as iproute2 runs them. A failed command
//! prints `Command failed FILE:LINE` and stops the batch (or, with `-force`, the
//! batch goes on and still exits 1). Syntax errors end the process at once, exactly
//! where iproute2's own parser exits.
//!
//! Speed: the whole batch is one conversation with the kernel: one socket and one
//! interface-name cache (see `session`) serve every line. Runs of changes that can
//! be taken back are pipelined (many messages per `sendmsg`, no ACK asked,
//! failures still reported by the kernel, an acknowledged barrier at the end of
//! each window), and the kernel state still ends exactly as iproute2 leaves it:
//! - without `-force`, only additions are pipelined (`route add`, and `rule add`
//!   with a preference): they create something no other route or rule shares
//!   (exclusively), so when a line fails the additions after it in the same
//!   window, which iproute2 would never have sent, are deleted again;
//! - with `-force`, every line is attempted in order anyway, so every route and
//!   rule change is pipelined and every failure is reported against its own line.
//!
//! Every other line is run in its turn, one request and one answer.
//!
//! A reader thread cuts lines and parses the pipelined ones ahead of the sender,
//! so parsing overlaps the kernel's work (the machine has two cores); it hands
//! everything else over unparsed and goes on, so lines run one after another
//! without waiting for each other. It parses ahead only while every line handed
//! over before has run (names files are first read, and their warnings printed,
//! in iproute2's order), and it stops at a line that reads stdin itself.

use super::Context;
use super::batch_lines::{Plan, Turn, adds_rules, pipelinable, prints_through_session, turn};
use crate::cli::batch::{CommandLines, split_words};
use crate::cli::route_modify::{self as modify_grammar, Devices};
use crate::error::{Error, Result};
use crate::model::route_request::RouteOp;
use crate::netlink::Netlink;
use crate::netlink::batch::Batch;
use crate::netlink::change::Change;
use crate::netlink::link_watch::LinkCache;
use crate::netlink::route_request::vrf_table;
use crate::netlink::rules::RuleOp;
use crate::netlink::socket::kernel_error;
use std::cell::RefCell;
use std::io::{BufReader, Read};
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
/// Lines that could go ahead, in a row, after which the reader waits for the
/// lines handed over before to run, so it can send the rest of the run ahead
/// (fewer in a row, as in a mix of additions and other changes, simply run in
/// their turn: waiting would cost more than it saves).
const RUN_TO_PIPELINE: usize = 8;

type Input = BufReader<Box<dyn Read + Send>>;

/// How a pipelined change is taken back when a line before it fails.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Undo {
    /// Not an addition: never sent ahead without `-force`.
    None,
    Route,
    Rule,
}

/// What the reader thread makes of one line.
enum Item {
    /// A change ready to send ahead of the answers.
    Change {
        line: usize,
        change: Change,
        undo: Undo,
    },
    /// Any other command: parsed and run by the sender, in order.
    Other { line: usize, words: Vec<String> },
    /// A line the grammar refused (fatal or not, as iproute2 treats it).
    Refused { line: usize, error: Error },
    /// A line that could not even be cut into words: ends the batch.
    Unreadable(Error),
    /// The input ended inside a continued line.
    MissingContinuation,
    /// The reader is about to wait for input: send what is queued.
    Idle,
}

fn open_input(name: &str) -> Result<Input> {
    if name == "-" {
        // Small reads from stdin: a `restore` line reads the rest of it itself.
        return Ok(BufReader::new(Box::new(std::io::stdin())));
    }
    let source: Box<dyn Read + Send> = {
        match std::fs::File::open(crate::lossless::path(name)) {
            Ok(f) => Box::new(f),
            Err(e) => {
                return Err(Error::failed(
                    format!(
                        "Cannot open file \"{name}\" for reading: {}\n",
                        crate::netlink::socket::strerror_of(&e)
                    ),
                    1,
                ));
            }
        }
    };
    Ok(BufReader::with_capacity(256 * 1024, source))
}

pub fn run(cx: &Context, name: &str) -> Result<i32> {
    let input = open_input(name)?;
    let (items_tx, items_rx) = mpsc::sync_channel::<Vec<Item>>(CHUNKS_AHEAD);
    let (done_tx, done_rx) = mpsc::channel::<()>();
    std::thread::scope(|scope| {
        scope.spawn(move || Reader::new(cx, done_rx).run(input, items_tx));
        let mut sender = Sender {
            cx,
            name,
            pipeline: None,
            status: 0,
        };
        let outcome = sender.consume(items_rx, done_tx);
        // Whatever ends the batch, the lines' output goes out before the
        // process's last message.
        let flushed = flush_stdout(cx);
        let status = outcome.map(|()| sender.status)?;
        flushed.map(|()| status)
    })
}

/// Writes the output the batch's lines have left in the session's buffer.
fn flush_stdout(cx: &Context) -> Result<()> {
    match &cx.session {
        Some(session) => session.flush_stdout().map_err(super::write_error),
        None => Ok(()),
    }
}

/// Device lookups for the reader: its own socket and link cache (checked for
/// link changes only when a line names a device).
struct ReaderDevices {
    links: RefCell<LinkCache>,
    nl: RefCell<Netlink>,
}

impl Devices for ReaderDevices {
    fn index(&self, name: &str) -> Option<u32> {
        let links = self.links.borrow_mut().current(&mut self.nl.borrow_mut());
        links.ok()?.index(name)
    }

    fn vrf_table(&self, name: &str) -> Option<crate::model::kernel::TableId> {
        vrf_table(&mut self.nl.borrow_mut(), name)
    }
}

/// A parsed change and how to take it back.
type Parsed = std::result::Result<(Change, Undo), Refusal>;

/// Why a line cannot be sent ahead.
enum Refusal {
    /// The line is wrong: reported against it.
    Line(Error),
    /// The reader cannot work (no socket): reported, and the batch ends.
    Batch(Error),
}

/// The reader thread's state.
struct Reader<'a> {
    cx: &'a Context,
    devices: Option<ReaderDevices>,
    rule_prefs: super::batch_rules::RulePrefs,
    /// Lines handed over unparsed that have not run yet, and the sender's
    /// notices that one has.
    pending: usize,
    done: mpsc::Receiver<()>,
}

impl<'a> Reader<'a> {
    fn new(cx: &'a Context, done: mpsc::Receiver<()>) -> Self {
        Reader {
            cx,
            devices: None,
            rule_prefs: Default::default(),
            pending: 0,
            done,
        }
    }

    /// Cuts lines, parses what may go ahead, hands items over in chunks.
    fn run(mut self, input: Input, items: mpsc::SyncSender<Vec<Item>>) {
        let mut lines = CommandLines::new(input);
        let mut chunk = Vec::with_capacity(CHUNK);
        let mut in_a_row = 0;
        loop {
            if lines.get_ref().buffer().is_empty() {
                // The next read may wait (a pipe): let the sender catch up first.
                chunk.push(Item::Idle);
                if items.send(std::mem::take(&mut chunk)).is_err() {
                    return;
                }
            }
            let Some(text) = lines.next_line() else {
                break;
            };
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
            while self.done.try_recv().is_ok() {
                self.pending -= 1;
            }
            // Parse ahead only once every line handed over before has run.
            let plan = pipelinable(self.cx, &words);
            in_a_row = if plan.is_some() { in_a_row + 1 } else { 0 };
            let catch_up = plan.is_some() && self.pending > 0 && in_a_row >= RUN_TO_PIPELINE;
            if catch_up
                && (items.send(std::mem::take(&mut chunk)).is_err() || !self.wait_for_sender())
            {
                return;
            }
            let plan = plan.filter(|_| self.pending == 0);
            let Some(plan) = plan else {
                if adds_rules(&words) {
                    self.rule_prefs.forget();
                }
                let wait = turn(&words) == Turn::Wait;
                chunk.push(Item::Other { line, words });
                self.pending += 1;
                if (wait || chunk.len() >= CHUNK) && items.send(std::mem::take(&mut chunk)).is_err()
                {
                    return;
                }
                if wait && !self.wait_for_sender() {
                    return;
                }
                continue;
            };
            let (item, stop) = self.parse(line, plan, &words);
            chunk.push(item);
            if stop {
                break;
            }
            if chunk.len() >= CHUNK && items.send(std::mem::take(&mut chunk)).is_err() {
                return;
            }
        }
        if lines.missing_continuation {
            chunk.push(Item::MissingContinuation);
        }
        let _ = items.send(chunk);
    }

    /// Waits until every line handed over has run; false when the sender is gone.
    fn wait_for_sender(&mut self) -> bool {
        while self.pending > 0 {
            if self.done.recv().is_err() {
                return false;
            }
            self.pending -= 1;
        }
        true
    }

    /// Parses a line that goes ahead of the answers; true when the batch cannot
    /// go on (no socket to resolve devices or read rules with).
    fn parse(&mut self, line: usize, plan: Plan, words: &[String]) -> (Item, bool) {
        let parsed = match plan {
            Plan::Route(op) => self.route_change(op, &words[2..]),
            Plan::Rule { add } => self.rule_change(add, &words[2..]),
        };
        let item = match parsed {
            // An addition that cannot be taken back runs in its turn instead.
            Ok((_, Undo::None)) if !self.cx.opts.force => {
                if adds_rules(words) {
                    self.rule_prefs.forget();
                }
                self.pending += 1;
                Item::Other {
                    line,
                    words: words.to_vec(),
                }
            }
            Ok((change, undo)) => Item::Change { line, change, undo },
            Err(Refusal::Line(error)) => Item::Refused { line, error },
            Err(Refusal::Batch(error)) => return (Item::Refused { line, error }, true),
        };
        (item, false)
    }

    fn route_change(&mut self, op: RouteOp, args: &[String]) -> Parsed {
        let cx = self.cx;
        let devices = self.devices().map_err(Refusal::Batch)?;
        let request = modify_grammar::parse(op, args, cx.opts.family, &cx.names, devices)
            .map_err(Refusal::Line)?;
        let undo = match op {
            RouteOp::Add => Undo::Route,
            _ => Undo::None,
        };
        Ok((Change::route(&request, op), undo))
    }

    fn rule_change(&mut self, add: bool, args: &[String]) -> Parsed {
        let cx = self.cx;
        let request = crate::cli::rule_modify::parse(args, cx.opts.family, &cx.names)
            .map_err(Refusal::Line)?;
        if !add {
            return Ok((Change::rule(&request, RuleOp::Delete), Undo::None));
        }
        // Taken back only when its deletion cannot hit an older rule: it needs
        // a preference no rule holds (without one, the kernel picks it).
        let exact = match request.priority {
            Some(pref) if !cx.opts.force => {
                self.devices().map_err(Refusal::Batch)?;
                let devices = self.devices.as_mut().expect("opened above");
                let free =
                    self.rule_prefs
                        .claim(devices.nl.get_mut(), request.sent_family().af(), pref);
                free.map_err(Refusal::Batch)?
            }
            _ => false,
        };
        let undo = if exact { Undo::Rule } else { Undo::None };
        Ok((Change::rule(&request, RuleOp::Add), undo))
    }

    /// The reader's socket and link names, opened on first use.
    fn devices(&mut self) -> Result<&ReaderDevices> {
        if self.devices.is_none() {
            let mut nl = self.cx.netlink()?;
            let mut links = LinkCache::new();
            // Read now, so a socket that cannot dump ends the batch here.
            links.current(&mut nl)?;
            self.devices = Some(ReaderDevices {
                links: RefCell::new(links),
                nl: RefCell::new(nl),
            });
        }
        Ok(self.devices.as_ref().expect("opened above"))
    }
}

/// One change in flight.
struct InFlight {
    seq: u32,
    line: usize,
    /// The addition, kept to take it back if a line before it fails.
    undo: Option<Change>,
}

struct Sender<'a> {
    cx: &'a Context,
    name: &'a str,
    pipeline: Option<(Batch, Vec<InFlight>)>,
    status: i32,
}

impl Sender<'_> {
    /// Runs every item in order until the input ends or the batch must stop.
    fn consume(&mut self, items: mpsc::Receiver<Vec<Item>>, done: mpsc::Sender<()>) -> Result<()> {
        for chunk in items {
            for item in chunk {
                let keep_going = match item {
                    Item::Change { line, change, undo } => self.send(line, change, undo)?,
                    Item::Other { line, words } => {
                        let go = self.drain()? && self.other(&words, line)?;
                        let _ = done.send(());
                        go
                    }
                    Item::Refused { line, error } => self.drain()? && self.failed(error, line)?,
                    Item::Unreadable(error) => {
                        if self.drain()? {
                            return Err(error);
                        }
                        false
                    }
                    Item::MissingContinuation => {
                        if self.drain()? {
                            crate::lossless::eprint("Missing continuation line\n");
                        }
                        false
                    }
                    Item::Idle => self.flush()?,
                };
                if !keep_going {
                    return Ok(());
                }
            }
        }
        self.drain().map(|_| ())
    }

    fn other(&mut self, words: &[String], line: usize) -> Result<bool> {
        if !prints_through_session(words) {
            flush_stdout(self.cx)?;
        }
        let outcome = super::dispatch(self.cx, words);
        let object = words.first().map(String::as_str).unwrap_or("");
        if !super::names_route_object(object) && !super::names_rule_object(object) {
            // Another object may have added, renamed or removed links.
            if let Some(session) = &self.cx.session {
                session.links_changed();
            }
        }
        match outcome {
            Ok(_) => Ok(true),
            Err(e) => self.failed(e, line),
        }
    }

    fn send(&mut self, line: usize, change: Change, undo: Undo) -> Result<bool> {
        if self.pipeline.is_none() {
            self.pipeline = Some((Batch::open(SEND_BYTES)?, Vec::new()));
        }
        let (batch, in_flight) = self.pipeline.as_mut().expect("opened above");
        let seq = change.push(batch)?;
        // Kept in case a line before it fails and it must be taken back.
        let undo = (undo != Undo::None).then_some(change);
        in_flight.push(InFlight { seq, line, undo });
        if in_flight.len() >= WINDOW {
            return self.drain();
        }
        Ok(true)
    }

    /// Sends what is queued and writes pending output (the reader is waiting
    /// for input), so neither waits for lines that have not been written yet.
    fn flush(&mut self) -> Result<bool> {
        if let Some((batch, _)) = self.pipeline.as_mut() {
            batch.send_now()?;
        }
        flush_stdout(self.cx)?;
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
        // A whole window may fail (-force): look failures up by sequence number.
        let by_seq: std::collections::HashMap<u32, &crate::netlink::batch::Failure> =
            failures.iter().map(|f| (f.seq, f)).collect();
        let failed = |op: &InFlight| by_seq.get(&op.seq).copied();
        // The window's messages go out in one write (they are the same bytes
        // iproute2 writes one by one).
        let mut messages = String::new();
        for (i, op) in sent.iter().enumerate() {
            let Some(failure) = failed(op) else {
                continue;
            };
            let error = kernel_error(-failure.errno, failure.extack.clone());
            messages.push_str(error.text());
            messages.push_str(&format!("Command failed {}:{}\n", self.name, op.line));
            self.status = 1;
            if !self.cx.opts.force {
                crate::lossless::eprint(&messages);
                // iproute2 would have stopped here: take back what came after,
                // newest first.
                for later in sent[i + 1..].iter().rev() {
                    if let (Some(added), None) = (&later.undo, failed(later))
                        && let Some(deletion) = added.undo()
                    {
                        deletion.push(batch)?;
                    }
                }
                batch.finish()?;
                return Ok(false);
            }
        }
        crate::lossless::eprint(&messages);
        Ok(true)
    }

    /// A failed line: fatal errors end the process, others are reported.
    fn failed(&mut self, e: Error, line: usize) -> Result<bool> {
        if e.is_fatal() {
            return Err(e);
        }
        crate::lossless::eprint(e.text());
        crate::lossless::eprint(&format!("Command failed {}:{line}\n", self.name));
        self.status = 1;
        Ok(self.cx.opts.force)
    }
}
