//! iproute2's binary save streams (`route save`, `rule save`): a 4-byte magic,
//! then dumped messages exactly as the kernel sent them, header included. Read
//! back the way iproute2's `rtnl_from_file` reads them, with its complaints; the
//! exit status of a bad stream is the caller's (route restore 2, rule restore 255).

use super::Message;
use super::consts::{NLM_F_CREATE, NLMSG_HDRLEN, RTA_DST, RTA_GATEWAY, RTA_PREFSRC};
use super::header::RTMSG_LEN;
use super::socket::strerror_of;
use super::{Netlink, attrs::attributes};
use crate::error::{Error, Result};
use std::fs::File;
use std::io::{Read, Write};
use std::mem::ManuallyDrop;
use std::os::fd::FromRawFd;

/// iproute2 reads each saved message into a 16 KiB buffer.
const MAX_MESSAGE: usize = 16384;

/// One dumped message as it travelled: the kernel's header (its sequence number
/// and port id included, as iproute2 keeps them), the payload, and padding.
pub fn write_message(out: &mut dyn Write, msg: &Message) -> Result<()> {
    let len = msg.header.len() + msg.payload.len();
    out.write_all(msg.header)
        .and_then(|_| out.write_all(msg.payload))
        .and_then(|_| out.write_all(&[0u8; 3][..(4 - len % 4) % 4]))
        .map_err(|e| Error::new(format!("ipr: write error: {e}\n"), 1))
}

/// The magic that opens a stream, in native byte order.
pub fn write_magic(out: &mut dyn Write, magic: u32) -> std::io::Result<()> {
    out.write_all(&magic.to_ne_bytes())
}

/// The magic as iproute2's `fread(&magic, 4, 1, ...)` leaves it: how many whole
/// elements were read (0 or 1) and the value, partial bytes included.
pub fn read_magic(input: &mut dyn Read) -> (usize, u32) {
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
    (usize::from(got == 4), u32::from_ne_bytes(magic))
}

/// `Magic mismatch (...)` unless the stream starts with `expected`.
pub fn check_magic(input: &mut dyn Read, expected: u32, status: i32) -> Result<()> {
    let (elems, value) = read_magic(input);
    if value != expected {
        return Err(Error::failed(
            format!("Magic mismatch ({elems} elems, {value:x} magic)\n"),
            status,
        ));
    }
    Ok(())
}

/// One saved message: header fields and payload.
pub struct Saved {
    pub kind: u16,
    pub flags: u16,
    pub payload: Vec<u8>,
}

/// Reads the next message: None at a clean end, iproute2's exact complaint for
/// a truncated or malformed one.
fn next_message(input: &mut dyn Read, position: Option<u64>, status: i32) -> Result<Option<Saved>> {
    let truncated = || Error::failed("rtnl-from_file: truncated message\n", status);
    let mut header = [0u8; NLMSG_HDRLEN];
    let got = read_full(input, &mut header, status)?;
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
                // ftell's -1, printed unsigned, when the input cannot seek.
                position.map_or(u64::MAX, |p| p + NLMSG_HDRLEN as u64)
            ),
            status,
        ));
    }
    let body = (len - NLMSG_HDRLEN + 3) & !3;
    let mut payload = vec![0u8; body];
    if read_full(input, &mut payload, status)? != body {
        return Err(truncated());
    }
    payload.truncate(len - NLMSG_HDRLEN);
    Ok(Some(Saved {
        kind: u16::from_ne_bytes([header[4], header[5]]),
        flags: u16::from_ne_bytes([header[6], header[7]]),
        payload,
    }))
}

fn read_full(input: &mut dyn Read, buf: &mut [u8], status: i32) -> Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match input.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(Error::failed(
                    format!("rtnl_from_file: fread: {}\n", strerror_of(&e)),
                    status,
                ));
            }
        }
    }
    Ok(got)
}

/// Calls `each` for every message of the stream; `start` is the offset of the
/// first one (after the magic), for the malformed-message complaint, or None
/// when the input is a pipe.
pub fn read_stream(
    input: &mut dyn Read,
    start: Option<u64>,
    status: i32,
    each: &mut dyn FnMut(&Saved) -> Result<()>,
) -> Result<()> {
    let mut position = start;
    while let Some(msg) = next_message(input, position, status)? {
        let len = ((NLMSG_HDRLEN + msg.payload.len() + 3) & !3) as u64;
        position = position.map(|p| p + len);
        each(&msg)?;
    }
    Ok(())
}

/// Standard input as a file (to seek in, or to learn it cannot), left open
/// when dropped.
pub fn stdin_file() -> ManuallyDrop<File> {
    // SAFETY: fd 0 stays open for the life of the process; ManuallyDrop keeps
    // this File from closing it.
    ManuallyDrop::new(unsafe { File::from_raw_fd(0) })
}

impl Saved {
    /// Sends the saved message back to the kernel as it was saved, asking it to
    /// create what it describes.
    pub fn replay(&self, nl: &mut Netlink) -> Result<()> {
        nl.request(self.kind, self.flags | NLM_F_CREATE, &self.payload)
    }

    /// The saved route, or None (with iproute2's complaint on stderr) when the
    /// message is no route.
    pub fn route(&self) -> Result<Option<crate::model::route::RouteView>> {
        if !super::routes::is_route_message(self.kind) {
            super::routes::not_a_route(NLMSG_HDRLEN + self.payload.len(), self.kind, self.flags);
            return Ok(None);
        }
        super::decode::route(&self.payload).map(Some)
    }

    /// The value of route attribute `kind`.
    fn route_attr(&self, kind: u16) -> Option<&[u8]> {
        attributes(self.payload.get(RTMSG_LEN..)?)
            .find(|(k, _)| *k == kind)
            .map(|(_, v)| v)
    }

    /// Which of iproute2's three restore passes a saved route belongs to: 0,
    /// routes to local addresses; 1, routes to local networks; 2, routes through
    /// a gateway.
    pub fn restore_pass(&self) -> Option<u8> {
        let gateway = self.route_attr(RTA_GATEWAY).is_some();
        let prefsrc = self.route_attr(RTA_PREFSRC);
        let dst = self.route_attr(RTA_DST);
        match (gateway, prefsrc) {
            (true, _) => Some(2),
            (false, None) => Some(0),
            (false, Some(src)) if Some(src) == dst => Some(0),
            (false, Some(_)) => Some(1),
        }
    }
}
