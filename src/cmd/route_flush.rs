//! `ip route flush SELECTORS`: rounds of "dump, delete what the selectors match"
//! until a round finds nothing, with iproute2's `-s` messages and exit codes.
//!
//! Deletions stream out while the dump runs, in iproute2's 3584-byte chunks on a
//! second socket (`netlink::batch`), so memory stays flat and the kernel's
//! refusals are never mixed with dump replies. A refusal stops the flush at its
//! chunk: found while the dump runs it ends with "Flush terminated", in the last
//! chunk without, as in iproute2. Unlike iproute2 6.1, the 30-second limit never
//! reports "not completed" for a flush that completed: when time is up, what
//! remains is counted, and only a non-zero count is reported.

use super::route_select::{hidden_fields, resolve_filter};
use super::{Context, write_error};
use crate::cli::route as grammar;
use crate::error::{Error, Result};
use crate::lossless::Stdout;
use crate::model::Family;
use crate::model::kernel::route_type;
use crate::model::route::RouteView;
use crate::model::route_filter::{FilterState, RouteFilter};
use crate::netlink::batch::{Batch, Failure};
use crate::netlink::routes::{delete_dumped, dump_routes_strictly};
use crate::netlink::{LinkNames, Netlink};
use crate::render::route::{RouteContext, render};
use crate::render::{Printer, TextStyle};
use std::io::BufWriter;
use std::time::{Duration, Instant};

/// iproute2 sends its deletions in chunks of this many bytes (a refusal stops the
/// flush at the chunk it is in, so the chunks decide what a failed flush leaves).
const FLUSH_CHUNK: usize = 3584;
/// iproute2 gives up on a flush after this long.
const TIME_LIMIT: Duration = Duration::from_secs(30);
const ROUTE_FLUSH_PATH: &str = "/proc/sys/net/ipv4/route/flush";
use libc::{ENOENT, ESRCH};

type Out = Printer<BufWriter<Stdout>>;

pub fn flush(cx: &Context, args: &[String]) -> Result<i32> {
    if args.is_empty() {
        return Err(Error::failed("\"ip route flush\" requires arguments.\n", 1));
    }
    let request = grammar::parse_list(args, cx.opts.family, &cx.names)?;
    let mut nl = cx.netlink()?;
    let links = LinkNames::load(&mut nl)?;
    let filter = resolve_filter(&request, &links)?;
    let family = request.family;
    let stats = cx.opts.stats;
    let style = TextStyle {
        oneline: cx.opts.oneline,
        ..TextStyle::default()
    };
    // Messages and (with `-s -s`) the deleted routes are always text.
    let mut out: Out = Printer::new(
        BufWriter::with_capacity(64 * 1024, crate::lossless::stdout()),
        None,
        style,
    );

    // `flush cache`: IPv4's cache is one sysctl write; only IPv6 goes on.
    if filter.cloned && flush_cache(&mut out, family, stats)? {
        return Ok(0);
    }

    let rcx = RouteContext {
        names: &cx.names,
        links: &links,
        details: cx.opts.details,
        stats,
        hidden: hidden_fields(&filter),
        nexthops: Some(&cx.nexthops),
    };
    let mut flusher = Flusher {
        nl: &mut nl,
        batch: Batch::open(FLUSH_CHUNK)?,
        filter: &filter,
    };
    let start = Instant::now();
    let mut round = 0u32;
    loop {
        let show = (stats >= 2).then_some((&mut out, &rcx));
        let deleted = flusher.round(show).inspect_err(|_| {
            let _ = out.flush();
        })?;
        if deleted == 0 {
            if stats > 0 {
                if round == 0 && (!filter.cloned || family == Family::Inet6) {
                    say(&mut out, "Nothing to flush.\n")?;
                } else {
                    complete(&mut out, round)?;
                }
            }
            return finish_output(&mut out);
        }
        round += 1;
        if start.elapsed() > TIME_LIMIT {
            // iproute2 reports this round's deletions as "remaining" here; count
            // what is really left instead.
            let remaining = flusher.count()?;
            if remaining == 0 {
                if stats > 0 {
                    round_message(&mut out, round, deleted)?;
                    complete(&mut out, round)?;
                }
                return finish_output(&mut out);
            }
            say(
                &mut out,
                &format!(
                    "\n*** Flush not completed after {} seconds, {remaining} entries remain ***\n",
                    start.elapsed().as_secs()
                ),
            )?;
            finish_output(&mut out)?;
            return Err(Error::failed("", 1));
        }
        if stats > 0 {
            round_message(&mut out, round, deleted)?;
        }
    }
}

/// The dump-and-delete machinery of one flush.
struct Flusher<'a> {
    nl: &'a mut Netlink,
    batch: Batch,
    filter: &'a RouteFilter,
}

impl Flusher<'_> {
    /// One round: dumps, deletes every selected route (printing it with `-s -s`),
    /// and waits until the kernel has handled every deletion. Returns how many
    /// deletions were sent.
    fn round(&mut self, mut show: Option<(&mut Out, &RouteContext)>) -> Result<usize> {
        let mut state = FilterState::default();
        let mut deleted = 0usize;
        let filter = self.filter;
        let batch = &mut self.batch;
        let dumped = dump_routes_strictly(self.nl, filter, &mut |route, msg| {
            if !selected(filter, route, &mut state) {
                return Ok(());
            }
            delete_dumped(batch, msg)?;
            // A full chunk went out before this message was queued; the kernel
            // has answered it already. A refusal ends the flush right here, the
            // rest of the dump unsent, as iproute2's does.
            if let Some(f) = refusal(batch.take_failures()) {
                return Err(send_failed(&f));
            }
            deleted += 1;
            if let Some((out, rcx)) = show.as_mut() {
                render(out, route, rcx).map_err(write_error)?;
            }
            Ok(())
        });
        dumped.map_err(|e| Error::failed(format!("{}Flush terminated\n", e.text()), 2))?;
        // The last chunk goes out after the dump: a refusal there is reported
        // without "Flush terminated".
        if let Some(f) = refusal(self.batch.finish()?) {
            return Err(Error::failed(send_failed(&f).text(), 2));
        }
        Ok(deleted)
    }

    /// How many routes the selectors still match.
    fn count(&mut self) -> Result<usize> {
        let mut state = FilterState::default();
        let mut count = 0usize;
        let filter = self.filter;
        dump_routes_strictly(self.nl, filter, &mut |route, _| {
            if selected(filter, route, &mut state) {
                count += 1;
            }
            Ok(())
        })
        .map_err(|e| Error::failed(format!("{}Flush terminated\n", e.text()), 2))?;
        Ok(count)
    }
}

/// The first refusal that counts: a route that vanished between dump and delete
/// (deleted by someone else meanwhile) is not a failure.
fn refusal(failures: Vec<Failure>) -> Option<Failure> {
    failures
        .into_iter()
        .find(|f| f.errno != ESRCH && f.errno != ENOENT)
}

fn send_failed(f: &Failure) -> Error {
    Error::failed(
        format!("Failed to send flush request: {}\n", f.strerror()),
        2,
    )
}

/// The selectors' test, plus iproute2's exception for flushing: the IPv6
/// `unreachable default` with metric 0xffffffff (old kernels' table sentinel) stays.
fn selected(filter: &RouteFilter, route: &RouteView, state: &mut FilterState) -> bool {
    let sentinel = route.family == Family::Inet6
        && route.dst_len == 0
        && route.kind == route_type::UNREACHABLE
        && route.metric == Some(u32::MAX);
    filter.accepts(route, state) && !sentinel
}

/// The IPv4 part of `flush cache`; true when nothing else is to be flushed.
fn flush_cache(out: &mut Out, family: Family, stats: u32) -> Result<bool> {
    if family != Family::Inet6 {
        flush_ipv4_cache()?;
        if stats > 0 {
            say(out, "*** IPv4 routing cache is flushed.\n")?;
        }
    }
    Ok(family == Family::Inet)
}

/// `flush cache` for IPv4: write -1 to the namespace's route/flush sysctl.
fn flush_ipv4_cache() -> Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(ROUTE_FLUSH_PATH)
        .map_err(|e| {
            Error::failed(
                format!(
                    "Cannot open \"{ROUTE_FLUSH_PATH}\": {}\n",
                    crate::netlink::socket::strerror_of(&e)
                ),
                1,
            )
        })?;
    file.write_all(b"-1")
        .map_err(|_| Error::failed("Cannot flush routing cache\n", 1))
}

fn say(out: &mut Out, text: &str) -> Result<()> {
    out.text(text).map_err(write_error)?;
    out.flush().map_err(write_error)
}

fn round_message(out: &mut Out, round: u32, deleted: usize) -> Result<()> {
    say(
        out,
        &format!("\n*** Round {round}, deleting {deleted} entries ***\n"),
    )
}

fn complete(out: &mut Out, round: u32) -> Result<()> {
    let plural = if round > 1 { "s" } else { "" };
    say(
        out,
        &format!("*** Flush is complete after {round} round{plural} ***\n"),
    )
}

fn finish_output(out: &mut Out) -> Result<i32> {
    out.flush().map_err(write_error)?;
    Ok(0)
}
