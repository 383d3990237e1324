//! `ip route save` / `restore` / `showdump`: iproute2's binary route stream, a
//! 4-byte magic followed by the route messages of a dump exactly as the
//! kernel sent them (header included), so streams move freely between ip and ipr.

use super::route_select::resolve_filter;
use super::{Context, write_error};
use crate::cli::route as grammar;
use crate::error::{Error, Result};
use crate::model::Family;
use crate::model::route_filter::FilterState;
use crate::netlink::routes::dump_routes;
use crate::netlink::saved::{self, read_stream, stdin_file};
use crate::netlink::{LinkNames, socket::strerror_of};
use crate::render::route::{Hidden, RouteContext, render};
use std::fs::File;
use std::io::{BufReader, BufWriter, IsTerminal, Seek, SeekFrom, Write};

/// The first four bytes of a `route save` stream (native byte order).
const ROUTE_DUMP_MAGIC: u32 = 0x4531_1224;

/// `route save SELECTORS`: refuses a terminal, writes the magic (before the
/// selectors are even read, as iproute2 does), then every selected route.
pub fn save(cx: &Context, args: &[String]) -> Result<i32> {
    let stdout = crate::lossless::stdout_raw();
    if stdout.is_terminal() {
        return Err(Error::failed("Not sending a binary stream to stdout\n", 1));
    }
    let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    saved::write_magic(&mut out, ROUTE_DUMP_MAGIC)
        .and_then(|_| out.flush())
        .map_err(|_| Error::failed("Can't write magic to dump file\n", 1))?;
    let request = grammar::parse_list(args, cx.opts.family, &cx.names)?;
    let mut nl = cx.netlink()?;
    let links = LinkNames::load(&mut nl)?;
    let filter = resolve_filter(&request, &links)?;
    let mut state = FilterState::default();
    let dumped = dump_routes(&mut nl, &filter, &mut |route, msg| {
        if !filter.accepts(route, &mut state) {
            return Ok(());
        }
        saved::write_message(&mut out, msg)
    });
    out.flush().map_err(write_error)?;
    drop(out);
    super::json_frame(cx, dumped, 2)
}

/// iproute2's `route_dump_check_magic`: no terminal, and the magic first.
fn check_magic(input: &mut File) -> Result<()> {
    if std::io::stdin().is_terminal() {
        return Err(Error::failed(
            "Can't restore route dump from a terminal\n",
            1,
        ));
    }
    saved::check_magic(input, ROUTE_DUMP_MAGIC, 1)
}

/// `route restore`: replays a saved stream from stdin (which must be seekable,
/// as iproute2 reads it three times) as route additions; routes that already
/// exist are reported and skipped.
pub fn restore(cx: &Context) -> Result<i32> {
    let mut input = stdin_file();
    check_magic(&mut input)?;
    let start = input.stream_position().map_err(|e| {
        Error::failed(
            format!("Failed to restore: ftell: {}\n", strerror_of(&e)),
            1,
        )
    })?;
    let mut nl = cx.netlink()?;
    for pass in 0..3u8 {
        let mut reader = BufReader::with_capacity(64 * 1024, &*input);
        read_stream(&mut reader, Some(start), 2, &mut |msg| {
            if msg.restore_pass() != Some(pass) {
                return Ok(());
            }
            match msg.replay(&mut nl) {
                Ok(()) => Ok(()),
                Err(e) if is_exists(&e) => {
                    crate::lossless::eprint(e.text());
                    Ok(())
                }
                Err(e) => Err(Error::failed(e.text(), 2)),
            }
        })?;
        (&*input).seek(SeekFrom::Start(start)).map_err(|e| {
            Error::failed(
                format!("Failed to restore: fseek: {}\n", strerror_of(&e)),
                1,
            )
        })?;
    }
    Ok(0)
}

/// EEXIST, in either of the forms the kernel reports it.
fn is_exists(e: &Error) -> bool {
    e.text() == "RTNETLINK answers: File exists\n"
        || e.text().starts_with("Error: ") && e.text().contains("exists")
}

/// `route showdump`: prints a saved stream from stdin like `route show` would
/// (always as text: iproute2 opens no JSON context here).
pub fn showdump(cx: &Context) -> Result<i32> {
    let mut input = stdin_file();
    // Where the messages start, for complaints; a pipe has no position.
    let start = input.stream_position().ok().map(|p| p + 4);
    check_magic(&mut input)?;
    let mut nl = cx.netlink()?;
    let links = LinkNames::load(&mut nl)?;
    let rcx = RouteContext {
        names: &cx.names,
        links: &links,
        details: cx.opts.details,
        stats: cx.opts.stats,
        hidden: Hidden::default(),
        nexthops: Some(&cx.nexthops),
    };
    let mut p = cx.text_printer();
    let family = cx.opts.family;
    let mut reader = BufReader::with_capacity(64 * 1024, &*input);
    let shown = read_stream(&mut reader, start, 2, &mut |msg| {
        let Some(route) = msg.route()? else {
            return Ok(());
        };
        // iproute2's never-reset filter: cached routes and other families are skipped.
        if route.is_cloned() || (family != Family::Unspec && route.family != family) {
            return Ok(());
        }
        render(&mut p, &route, &rcx).map_err(write_error)
    });
    p.flush().map_err(write_error)?;
    shown?;
    Ok(0)
}
