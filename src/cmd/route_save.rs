//! `ip route save` / `restore` / `showdump`: iproute2's binary route stream, a
//! 4-byte magic followed by the RTM_NEWROUTE messages of a dump exactly as the
//! kernel sent them (header included), so streams move freely between ip and ipr.

use super::route_select::{dump_request, resolve_filter};
use super::{Context, write_error};
use crate::cli::route as grammar;
use crate::error::{Error, Result};
use crate::model::Family;
use crate::model::route_filter::FilterState;
use crate::netlink::consts::*;
use crate::netlink::{LinkNames, decode, socket::strerror_of};
use crate::render::route::{Hidden, RouteContext, render};
use crate::render::{Printer, TextStyle};
use std::fs::File;
use std::io::{BufReader, BufWriter, IsTerminal, Read, Seek, SeekFrom, Write};
use std::mem::ManuallyDrop;
use std::os::fd::FromRawFd;

/// The first four bytes of a `route save` stream (native byte order).
const ROUTE_DUMP_MAGIC: u32 = 0x4531_1224;
const NLMSG_HDRLEN: usize = 16;
/// iproute2 reads each saved message into a 16 KiB buffer.
const MAX_MESSAGE: usize = 16384;
const NLM_F_CREATE: u16 = 0x400;

/// `route save SELECTORS`: refuses a terminal, writes the magic (before the
/// selectors are even read, as iproute2 does), then every selected route.
pub fn save(cx: &Context, args: &[String]) -> Result<i32> {
    let stdout = std::io::stdout();
    if stdout.is_terminal() {
        return Err(Error::failed("Not sending a binary stream to stdout\n", 1));
    }
    let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    out.write_all(&ROUTE_DUMP_MAGIC.to_ne_bytes())
        .and_then(|_| out.flush())
        .map_err(|_| Error::failed("Can't write magic to dump file\n", 1))?;
    let request = grammar::parse_list(args, cx.opts.family, &cx.names)?;
    let mut nl = cx.netlink()?;
    let links = LinkNames::load(&mut nl)?;
    let filter = resolve_filter(&request, &links)?;
    let mut state = FilterState::default();
    let dumped = nl.dump(RTM_GETROUTE, &dump_request(&filter), &mut |msg| {
        let route = decode::route(msg.payload)?;
        if !filter.accepts(&route, &mut state) {
            return Ok(());
        }
        write_message(&mut out, msg.kind, msg.flags, msg.payload).map_err(write_error)
    });
    out.flush().map_err(write_error)?;
    dumped.map_err(|e| Error::failed(format!("{}Dump terminated\n", e.text()), 2))?;
    Ok(0)
}

/// One message as the kernel sent it. Sequence number and port id are not kept
/// (they identify iproute2's socket, not the route; restore ignores them).
fn write_message(
    out: &mut dyn Write,
    kind: u16,
    flags: u16,
    payload: &[u8],
) -> std::io::Result<()> {
    let len = NLMSG_HDRLEN + payload.len();
    out.write_all(&(len as u32).to_ne_bytes())?;
    out.write_all(&kind.to_ne_bytes())?;
    out.write_all(&flags.to_ne_bytes())?;
    out.write_all(&[0u8; 8])?;
    out.write_all(payload)?;
    out.write_all(&[0u8; 3][..(4 - len % 4) % 4])
}

/// Standard input as a file, left open when dropped.
fn stdin_file() -> ManuallyDrop<File> {
    // SAFETY: fd 0 stays open for the life of the process; ManuallyDrop keeps
    // this File from closing it.
    ManuallyDrop::new(unsafe { File::from_raw_fd(0) })
}

/// iproute2's `route_dump_check_magic`: no terminal, and the magic first.
fn check_magic(input: &mut File) -> Result<()> {
    if std::io::stdin().is_terminal() {
        return Err(Error::failed(
            "Can't restore route dump from a terminal\n",
            1,
        ));
    }
    let mut magic = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        match input.read(&mut magic[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    let value = u32::from_ne_bytes(magic);
    if value != ROUTE_DUMP_MAGIC {
        let elems = if got == 4 { 1 } else { 0 };
        return Err(Error::failed(
            format!("Magic mismatch ({elems} elems, {value:x} magic)\n"),
            1,
        ));
    }
    Ok(())
}

/// One saved message: header fields and payload.
struct Saved {
    kind: u16,
    flags: u16,
    payload: Vec<u8>,
}

/// Reads the next message as iproute2's `rtnl_from_file` does: None at a clean
/// end, its exact complaints (and exit status 2) for a truncated or malformed one.
fn next_message(input: &mut dyn Read, position: u64) -> Result<Option<Saved>> {
    let truncated = || Error::failed("rtnl-from_file: truncated message\n", 2);
    let mut header = [0u8; NLMSG_HDRLEN];
    let got = read_full(input, &mut header)?;
    if got == 0 {
        return Ok(None);
    }
    if got != NLMSG_HDRLEN {
        return Err(truncated());
    }
    let len = u32::from_ne_bytes(header[0..4].try_into().unwrap()) as usize;
    if !(NLMSG_HDRLEN..=MAX_MESSAGE).contains(&len) {
        return Err(Error::failed(
            format!(
                "!!!malformed message: len={} @{}\n",
                len as i32,
                position + NLMSG_HDRLEN as u64
            ),
            2,
        ));
    }
    let body = (len - NLMSG_HDRLEN + 3) & !3;
    let mut payload = vec![0u8; body];
    if read_full(input, &mut payload)? != body {
        return Err(truncated());
    }
    payload.truncate(len - NLMSG_HDRLEN);
    Ok(Some(Saved {
        kind: u16::from_ne_bytes([header[4], header[5]]),
        flags: u16::from_ne_bytes([header[6], header[7]]),
        payload,
    }))
}

fn read_full(input: &mut dyn Read, buf: &mut [u8]) -> Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match input.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(Error::failed(
                    format!("rtnl_from_file: fread: {}\n", strerror_of(&e)),
                    2,
                ));
            }
        }
    }
    Ok(got)
}

/// Calls `each` for every message of the stream after the magic.
fn read_stream(
    input: &mut dyn Read,
    start: u64,
    each: &mut dyn FnMut(&Saved) -> Result<()>,
) -> Result<()> {
    let mut position = start;
    while let Some(msg) = next_message(input, position)? {
        position += ((NLMSG_HDRLEN + msg.payload.len() + 3) & !3) as u64;
        each(&msg)?;
    }
    Ok(())
}

/// The value of route attribute `kind` in a raw RTM_NEWROUTE payload.
fn route_attr(payload: &[u8], kind: u16) -> Option<&[u8]> {
    let mut rest = payload.get(12..)?;
    while rest.len() >= 4 {
        let len = u16::from_ne_bytes([rest[0], rest[1]]) as usize;
        let k = u16::from_ne_bytes([rest[2], rest[3]]) & 0x3fff;
        if len < 4 || len > rest.len() {
            return None;
        }
        if k == kind {
            return Some(&rest[4..len]);
        }
        rest = &rest[((len + 3) & !3).min(rest.len())..];
    }
    None
}

/// Which of iproute2's three restore passes a route belongs to: 0, routes to
/// local addresses; 1, routes to local networks; 2, routes through a gateway.
fn restore_pass(payload: &[u8]) -> Option<u8> {
    let gateway = route_attr(payload, RTA_GATEWAY).is_some();
    let prefsrc = route_attr(payload, RTA_PREFSRC);
    let dst = route_attr(payload, RTA_DST);
    match (gateway, prefsrc) {
        (true, _) => Some(2),
        (false, None) => Some(0),
        (false, Some(src)) if Some(src) == dst => Some(0),
        (false, Some(_)) => Some(1),
    }
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
        read_stream(&mut reader, start, &mut |msg| {
            if restore_pass(&msg.payload) != Some(pass) {
                return Ok(());
            }
            match nl.request(msg.kind, msg.flags | NLM_F_CREATE, &msg.payload) {
                Ok(()) => Ok(()),
                Err(e) if is_exists(&e) => {
                    eprint!("{}", e.text());
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
    check_magic(&mut input)?;
    let mut nl = cx.netlink()?;
    let links = LinkNames::load(&mut nl)?;
    let rcx = RouteContext {
        names: &cx.names,
        links: &links,
        details: cx.opts.details,
        stats: cx.opts.stats,
        hidden: Hidden::default(),
    };
    let style = TextStyle {
        oneline: cx.opts.oneline,
        ..TextStyle::default()
    };
    let mut p = Printer::new(
        BufWriter::with_capacity(64 * 1024, std::io::stdout()),
        None,
        style,
    );
    let family = cx.opts.family;
    let mut reader = BufReader::with_capacity(64 * 1024, &*input);
    let shown = read_stream(&mut reader, 4, &mut |msg| {
        if msg.kind != RTM_NEWROUTE && msg.kind != RTM_DELROUTE {
            eprintln!(
                "Not a route: {:08x} {:08x} {:08x}",
                NLMSG_HDRLEN + msg.payload.len(),
                msg.kind,
                msg.flags
            );
            return Ok(());
        }
        let route = decode::route(&msg.payload)?;
        // iproute2's never-reset filter: cached routes and other families are skipped.
        if route.is_cloned() || (family != Family::Unspec && route.family != family.af()) {
            return Ok(());
        }
        render(&mut p, &route, &rcx).map_err(write_error)
    });
    p.flush().map_err(write_error)?;
    shown?;
    Ok(0)
}
