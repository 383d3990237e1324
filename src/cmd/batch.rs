//! `-batch FILE|-`: one command per line, as iproute2 runs them. A failed command
//! prints `Command failed FILE:LINE` and stops the batch (or, with `-force`, the
//! batch goes on and still exits 1). Syntax errors end the process at once, exactly
//! where iproute2's own parser exits.
//!
//! Speed: iproute2 sends one request and waits for its answer per line. Here runs
//! of route additions are pipelined (many messages per `sendmsg`, no ACK asked,
//! failures still reported by the kernel, an acknowledged barrier at the end of
//! each window), and the kernel state still ends exactly as iproute2 leaves it:
//! - without `-force`, only additions are pipelined (`add`, `append`, `prepend`,
//!   `test`); when one fails, the additions after it in the same window, which
//!   iproute2 would never have sent, are deleted again;
//! - with `-force`, every line is attempted in order anyway, so every route verb
//!   is pipelined and every failure is reported against its own line.
//!
//! Any other line (a listing, a rule, a delete without `-force`) first drains the
//! window, so output and errors keep their order.

use super::Context;
use crate::cli::batch::{CommandLines, split_words};
use crate::cli::route::{self as route_grammar, RouteVerb};
use crate::cli::route_modify::{self as modify_grammar, Devices};
use crate::error::{Error, Result};
use crate::model::route_request::RouteOp;
use crate::netlink::batch::Batch;
use crate::netlink::route_request::{encode, message, vrf_table};
use crate::netlink::socket::kernel_error;
use crate::netlink::{LinkNames, Netlink};
use std::cell::RefCell;
use std::io::BufRead;

/// Bytes per `sendmsg`: ~500 route additions. Small enough that the error replies
/// of a whole send always fit the receive buffer, so no failure is ever lost.
const SEND_BYTES: usize = 32 * 1024;
/// Messages between barriers: bounds the work undone after a failure and the
/// memory kept for it.
const WINDOW: usize = 4096;

pub fn run(cx: &Context, name: &str) -> Result<i32> {
    let input: Box<dyn BufRead> = if name == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        match std::fs::File::open(name) {
            Ok(f) => Box::new(std::io::BufReader::with_capacity(256 * 1024, f)),
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
    let mut runner = Runner {
        cx,
        name,
        pipeline: None,
        status: 0,
    };
    let mut lines = CommandLines::new(input);
    while let Some(line) = lines.next_line() {
        let words = match split_words(&line) {
            Ok(words) => words,
            // The lines before a bad one still run first, as in iproute2.
            Err(e) if runner.drain()? => return Err(e),
            Err(_) => break,
        };
        if words.is_empty() {
            continue;
        }
        let line_number = lines.line_number();
        if !runner.line(&words, line_number)? {
            break;
        }
    }
    runner.drain()?;
    Ok(runner.status)
}

/// One addition (or, under `-force`, any route change) in flight.
struct InFlight {
    seq: u32,
    line: usize,
    /// How to take the change back if a line before it fails (additions only).
    undo: Option<Vec<u8>>,
}

/// The pipelining state: a socket of its own, the interface names read once, and
/// what has been sent since the last barrier.
struct Pipeline {
    batch: Batch,
    links: LinkNames,
    lookups: RefCell<Netlink>,
    in_flight: Vec<InFlight>,
}

impl Devices for Pipeline {
    fn index(&self, name: &str) -> Option<u32> {
        self.links.index(name)
    }

    fn vrf_table(&self, name: &str) -> Option<u32> {
        vrf_table(&mut self.lookups.borrow_mut(), name)
    }
}

struct Runner<'a> {
    cx: &'a Context,
    name: &'a str,
    pipeline: Option<Pipeline>,
    status: i32,
}

impl Runner<'_> {
    /// Runs one command line; false when the batch must stop.
    fn line(&mut self, words: &[String], line: usize) -> Result<bool> {
        if let Some(op) = self.pipelinable(words) {
            return self.pipelined(op, &words[2..], line);
        }
        if !self.drain()? {
            return Ok(false);
        }
        match super::dispatch(self.cx, words) {
            Ok(_) => Ok(true),
            Err(e) => self.failed(e, line),
        }
    }

    /// The route operation of a line that may go through the pipeline.
    fn pipelinable(&self, words: &[String]) -> Option<RouteOp> {
        if !super::names_route_object(words.first()?) {
            return None;
        }
        let verb = route_grammar::verb(words.get(1)?).ok()?;
        let op = super::route_modify::operation(verb)?;
        let additive = matches!(
            verb,
            RouteVerb::Add | RouteVerb::Append | RouteVerb::Prepend | RouteVerb::Test
        );
        (additive || self.cx.opts.force).then_some(op)
    }

    fn pipeline(&mut self) -> Result<&mut Pipeline> {
        if self.pipeline.is_none() {
            let mut nl = self.cx.netlink()?;
            let links = LinkNames::load(&mut nl)?;
            self.pipeline = Some(Pipeline {
                batch: Batch::open(SEND_BYTES)?,
                links,
                lookups: RefCell::new(nl),
                in_flight: Vec::new(),
            });
        }
        Ok(self.pipeline.as_mut().expect("just opened"))
    }

    fn pipelined(&mut self, op: RouteOp, args: &[String], line: usize) -> Result<bool> {
        let cx = self.cx;
        let pipeline = self.pipeline()?;
        let parsed = modify_grammar::parse(op, args, cx.opts.family, &cx.names, pipeline);
        let request = match parsed {
            Ok(r) => r,
            Err(e) => {
                // Report what the lines before this one did first.
                if !self.drain()? {
                    return Ok(false);
                }
                return self.failed(e, line);
            }
        };
        let payload = encode(&request);
        let (kind, flags) = message(op);
        let seq = pipeline.batch.push(kind, flags, &payload)?;
        let undo =
            matches!(op, RouteOp::Add | RouteOp::Append | RouteOp::Prepend).then_some(payload);
        pipeline.in_flight.push(InFlight { seq, line, undo });
        if pipeline.in_flight.len() >= WINDOW {
            return self.drain();
        }
        Ok(true)
    }

    /// Waits for the kernel's answers to everything in flight and reports the
    /// failures in line order. Returns false when the batch must stop.
    fn drain(&mut self) -> Result<bool> {
        let Some(pipeline) = self.pipeline.as_mut() else {
            return Ok(true);
        };
        if pipeline.in_flight.is_empty() {
            return Ok(true);
        }
        let failures = pipeline.batch.finish()?;
        let in_flight = std::mem::take(&mut pipeline.in_flight);
        let mut keep_going = true;
        for (i, op) in in_flight.iter().enumerate() {
            let Some(failure) = failures.iter().find(|f| f.seq == op.seq) else {
                continue;
            };
            let error = kernel_error(-failure.errno, failure.extack.clone());
            eprint!("{}", error.text());
            eprintln!("Command failed {}:{}", self.name, op.line);
            self.status = 1;
            if !self.cx.opts.force {
                // iproute2 would have stopped here: take back what came after.
                let later = &in_flight[i + 1..];
                for undo in later
                    .iter()
                    .filter(|o| !failures.iter().any(|f| f.seq == o.seq))
                {
                    if let Some(payload) = &undo.undo {
                        pipeline
                            .batch
                            .push(message(RouteOp::Delete).0, 0, payload)?;
                    }
                }
                pipeline.batch.finish()?;
                keep_going = false;
                break;
            }
        }
        Ok(keep_going)
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
