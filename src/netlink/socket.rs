//! A synchronous rtnetlink socket. Synchronous on purpose: every command is one
//! request/stream conversation, and a blocking loop over `recv` keeps memory flat and
//! avoids an async runtime's start-up cost (see docs/design.md).

use super::consts::*;
use crate::error::{Error, Result};
use netlink_sys::{Socket, protocols::NETLINK_ROUTE};
use std::os::fd::AsRawFd;

/// iproute2's receive buffer: 1 MiB, so a burst of dump replies is not dropped.
pub(super) const RCVBUF: usize = 1024 * 1024;
/// Smallest receive buffer we hand to the kernel; grown when a datagram is larger.
const MIN_RECV: usize = 32 * 1024;

/// One netlink message of a reply: its type, flags and payload (after the header).
pub struct Message<'a> {
    pub kind: u16,
    pub flags: u16,
    /// The whole `struct nlmsghdr` as the kernel sent it (save streams keep it).
    pub header: &'a [u8],
    pub payload: &'a [u8],
}

/// An open rtnetlink socket with strict dump checking and extended ACKs enabled.
pub struct Netlink {
    socket: Socket,
    seq: u32,
    buf: Vec<u8>,
}

fn os_error(context: &str, err: std::io::Error) -> Error {
    Error::failed(format!("{context}: {}\n", strerror_of(&err)), 2)
}

/// The C library's text for an I/O error, without Rust's " (os error N)" suffix.
pub fn strerror_of(err: &std::io::Error) -> String {
    match err.raw_os_error() {
        Some(code) => strerror(code),
        None => err.to_string(),
    }
}

/// strerror(3) for an errno value.
pub fn strerror(code: i32) -> String {
    // SAFETY: strerror returns a pointer to a static, NUL-terminated string; we copy
    // it before any other libc call can overwrite it (the program is single-threaded).
    unsafe {
        let ptr = libc::strerror(code);
        std::ffi::CStr::from_ptr(ptr).to_string_lossy().into_owned()
    }
}

impl Netlink {
    /// Opens and binds the socket (in the current network namespace); `strict`
    /// turns on strict dump checking, so the kernel applies dump filters itself.
    pub fn open(strict: bool) -> Result<Netlink> {
        let fail = |e| os_error("Cannot open netlink socket", e);
        let mut socket = Socket::new(NETLINK_ROUTE).map_err(fail)?;
        // Larger receive buffer, extended ACK texts and strict dump checks, as iproute2.
        let _ = socket.set_rx_buf_sz(RCVBUF);
        let _ = socket.set_ext_ack(true);
        if strict {
            let _ = socket.set_netlink_get_strict_chk(true);
        }
        socket.bind_auto().map_err(fail)?;
        Ok(Netlink {
            socket,
            seq: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as u32)
                .unwrap_or(1),
            buf: vec![0; MIN_RECV],
        })
    }

    /// Sends one request with the given header flags; returns its sequence number.
    pub fn send(&mut self, kind: u16, flags: u16, payload: &[u8]) -> Result<u32> {
        self.seq = self.seq.wrapping_add(1);
        let len = NLMSG_HDRLEN + payload.len();
        let mut msg = Vec::with_capacity(len);
        msg.extend_from_slice(&(len as u32).to_ne_bytes());
        msg.extend_from_slice(&kind.to_ne_bytes());
        msg.extend_from_slice(&flags.to_ne_bytes());
        msg.extend_from_slice(&self.seq.to_ne_bytes());
        msg.extend_from_slice(&0u32.to_ne_bytes());
        msg.extend_from_slice(payload);
        self.socket
            .send(&msg, 0)
            .map_err(|e| os_error("Cannot send dump request", e))?;
        Ok(self.seq)
    }

    /// Receives one datagram into the internal buffer, growing it when the kernel
    /// has a bigger one queued. Returns its length.
    fn recv_datagram(&mut self) -> Result<usize> {
        loop {
            let fd = self.socket.as_raw_fd();
            // SAFETY: the buffer pointer and length describe our own live Vec.
            let peeked = unsafe {
                libc::recv(
                    fd,
                    self.buf.as_mut_ptr().cast(),
                    self.buf.len(),
                    libc::MSG_PEEK | libc::MSG_TRUNC,
                )
            };
            if peeked < 0 {
                let err = std::io::Error::last_os_error();
                if err.kind() == std::io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(os_error("netlink receive error", err));
            }
            let peeked = peeked as usize;
            if peeked > self.buf.len() {
                self.buf.resize(peeked, 0);
            }
            // SAFETY: as above.
            let got = unsafe { libc::recv(fd, self.buf.as_mut_ptr().cast(), self.buf.len(), 0) };
            if got < 0 {
                let err = std::io::Error::last_os_error();
                if err.kind() == std::io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(os_error("netlink receive error", err));
            }
            return Ok(got as usize);
        }
    }

    /// Receives the answer to a single request in one call: the buffer holds far
    /// more than an ACK, an error echoing a request, or one route (no request of
    /// ours comes near its size), so no peek first as for dumps.
    fn recv_answer(&mut self) -> Result<usize> {
        loop {
            // SAFETY: the buffer pointer and length describe our own live Vec.
            let got = unsafe {
                libc::recv(
                    self.socket.as_raw_fd(),
                    self.buf.as_mut_ptr().cast(),
                    self.buf.len(),
                    libc::MSG_TRUNC,
                )
            };
            if got < 0 {
                let err = std::io::Error::last_os_error();
                if err.kind() == std::io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(os_error("netlink receive error", err));
            }
            if got as usize > self.buf.len() {
                return Err(Error::new("Message truncated\n", 2));
            }
            return Ok(got as usize);
        }
    }

    /// Sends one request with NLM_F_ACK added to `flags` and waits for the kernel's
    /// acknowledgement. A refusal comes back as iproute2 prints it (`Error: <extack>.`
    /// or `RTNETLINK answers: <strerror>`), exit status 2.
    pub fn request(&mut self, kind: u16, flags: u16, payload: &[u8]) -> Result<()> {
        self.request_reply(kind, flags | NLM_F_ACK, payload)
            .map(|_| ())
    }

    /// Sends one request and returns the first reply that is not an ACK (for
    /// `RTM_GETROUTE` lookups), or `None` when the kernel only acknowledged it.
    /// Kernel errors as in [`Netlink::request`].
    pub fn request_reply(
        &mut self,
        kind: u16,
        flags: u16,
        payload: &[u8],
    ) -> Result<Option<(u16, Vec<u8>)>> {
        let seq = self.send(kind, NLM_F_REQUEST | flags, payload)?;
        loop {
            let len = self.recv_answer()?;
            let mut rest = &self.buf[..len];
            while rest.len() >= NLMSG_HDRLEN {
                let msg_len = u32::from_ne_bytes(rest[0..4].try_into().unwrap()) as usize;
                if msg_len < NLMSG_HDRLEN || msg_len > rest.len() {
                    return Err(Error::new("Message truncated\n", 2));
                }
                let msg_kind = u16::from_ne_bytes([rest[4], rest[5]]);
                let msg_flags = u16::from_ne_bytes([rest[6], rest[7]]);
                let msg_seq = u32::from_ne_bytes(rest[8..12].try_into().unwrap());
                let payload = &rest[NLMSG_HDRLEN..msg_len];
                rest = &rest[align4(msg_len).min(rest.len())..];
                if msg_seq != seq {
                    continue;
                }
                if msg_kind == NLMSG_ERROR {
                    let code = read_i32(payload);
                    if code == 0 {
                        return Ok(None);
                    }
                    return Err(kernel_error(code, error_extack(payload, msg_flags)));
                }
                return Ok(Some((msg_kind, payload.to_vec())));
            }
        }
    }

    /// Sends a dump request and hands every reply message to `on_message` until the
    /// kernel's DONE. A kernel error (in DONE or an ERROR message) comes back as
    /// iproute2 prints it (`Error: <extack>.` or `RTNETLINK answers: <strerror>`),
    /// exit status 2; the caller adds its own trailer (`Dump terminated`).
    /// An interrupted dump is reported on stderr the way iproute2 reports it.
    pub fn dump(
        &mut self,
        kind: u16,
        payload: &[u8],
        on_message: &mut dyn FnMut(&Message) -> Result<()>,
    ) -> Result<()> {
        self.dump_tolerating(kind, payload, None, on_message)
    }

    /// Like [`Netlink::dump`], except that a DONE carrying the error `-quiet_errno`
    /// ends the dump like an empty one: iproute2 lists and saves the main table of
    /// a namespace that has none yet as empty instead of failing.
    pub fn dump_tolerating(
        &mut self,
        kind: u16,
        payload: &[u8],
        quiet_errno: Option<i32>,
        on_message: &mut dyn FnMut(&Message) -> Result<()>,
    ) -> Result<()> {
        let seq = self.send(kind, NLM_F_REQUEST | NLM_F_DUMP, payload)?;
        let mut interrupted = false;
        let mut walk = Walk {
            seq,
            quiet_errno,
            interrupted: &mut interrupted,
        };
        loop {
            let len = self.recv_datagram()?;
            let data = std::mem::take(&mut self.buf);
            let outcome = walk_datagram(&data[..len], &mut walk, on_message);
            self.buf = data;
            if outcome? {
                if *walk.interrupted {
                    crate::lossless::eprint("Dump was interrupted and may be inconsistent.\n");
                }
                return Ok(());
            }
        }
    }
}

/// Where a dump stands while its datagrams are walked.
struct Walk<'a> {
    seq: u32,
    /// An errno whose DONE ends the dump quietly (see `dump_tolerating`).
    quiet_errno: Option<i32>,
    interrupted: &'a mut bool,
}

/// Walks the messages of one datagram. Returns Ok(true) once DONE was seen.
fn walk_datagram(
    data: &[u8],
    walk: &mut Walk,
    on_message: &mut dyn FnMut(&Message) -> Result<()>,
) -> Result<bool> {
    let mut rest = data;
    while rest.len() >= NLMSG_HDRLEN {
        let len = u32::from_ne_bytes(rest[0..4].try_into().unwrap()) as usize;
        if len < NLMSG_HDRLEN || len > rest.len() {
            return Err(Error::new("Message truncated\n", 2));
        }
        let kind = u16::from_ne_bytes([rest[4], rest[5]]);
        let flags = u16::from_ne_bytes([rest[6], rest[7]]);
        let msg_seq = u32::from_ne_bytes(rest[8..12].try_into().unwrap());
        let header = &rest[..NLMSG_HDRLEN];
        let payload = &rest[NLMSG_HDRLEN..len];
        rest = &rest[align4(len).min(rest.len())..];
        if msg_seq != walk.seq {
            // A reply to an earlier request (or a stray notification): not ours.
            continue;
        }
        if flags & NLM_F_DUMP_INTR != 0 {
            *walk.interrupted = true;
        }
        match kind {
            NLMSG_DONE => {
                let code = read_i32(payload);
                if code < 0 && walk.quiet_errno == Some(-code) {
                    return Ok(true);
                }
                done_status(payload, flags)?;
                return Ok(true);
            }
            NLMSG_ERROR => {
                let code = read_i32(payload);
                if code == 0 {
                    continue;
                }
                return Err(kernel_error(code, error_extack(payload, flags)));
            }
            _ => on_message(&Message {
                kind,
                flags,
                header,
                payload,
            })?,
        }
    }
    Ok(false)
}

fn align4(n: usize) -> usize {
    (n + 3) & !3
}

fn read_i32(payload: &[u8]) -> i32 {
    payload
        .get(0..4)
        .map(|b| i32::from_ne_bytes(b.try_into().unwrap()))
        .unwrap_or(0)
}

/// The error a dump's DONE message carries, if any.
fn done_status(payload: &[u8], flags: u16) -> Result<()> {
    let code = read_i32(payload);
    if code >= 0 {
        return Ok(());
    }
    let extack = if flags & NLM_F_ACK_TLVS != 0 {
        extack_message(payload.get(4..).unwrap_or(&[]))
    } else {
        None
    };
    Err(kernel_error(code, extack))
}

/// The extended-ACK text of an ERROR message: its attributes follow the error code
/// and the echoed request (only the request's header when the kernel capped it).
pub fn error_extack(payload: &[u8], flags: u16) -> Option<String> {
    if flags & NLM_F_ACK_TLVS == 0 || payload.len() < 4 + NLMSG_HDRLEN {
        return None;
    }
    let echoed_len = if flags & NLM_F_CAPPED != 0 {
        NLMSG_HDRLEN
    } else {
        u32::from_ne_bytes(payload[4..8].try_into().unwrap()) as usize
    };
    extack_message(payload.get(4 + align4(echoed_len)..)?)
}

/// Finds NLMSGERR_ATTR_MSG among netlink attributes.
fn extack_message(mut attrs: &[u8]) -> Option<String> {
    while attrs.len() >= 4 {
        let len = u16::from_ne_bytes([attrs[0], attrs[1]]) as usize;
        let kind = u16::from_ne_bytes([attrs[2], attrs[3]]) & 0x3fff;
        if len < 4 || len > attrs.len() {
            return None;
        }
        if kind == NLMSGERR_ATTR_MSG {
            let text = &attrs[4..len];
            let text = text.split(|&b| b == 0).next().unwrap_or(&[]);
            return Some(crate::lossless::decode(text).into_owned());
        }
        attrs = &attrs[align4(len).min(attrs.len())..];
    }
    None
}

/// iproute2's rendering of a kernel refusal: the extended-ACK text as
/// `Error: TEXT.` (a final period added when missing), else `RTNETLINK answers:
/// <strerror>`. Exit status 2.
pub fn kernel_error(code: i32, extack: Option<String>) -> Error {
    match extack {
        Some(text) if !text.is_empty() => {
            let period = if text.ends_with('.') { "" } else { "." };
            Error::failed(format!("Error: {text}{period}\n"), 2)
        }
        _ => Error::failed(format!("RTNETLINK answers: {}\n", strerror(-code)), 2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extack_text_gets_a_period() {
        let e = kernel_error(-2, Some("ipv4: FIB table does not exist".into()));
        assert_eq!(e.text(), "Error: ipv4: FIB table does not exist.\n");
        let e = kernel_error(-17, None);
        assert_eq!(e.text(), "RTNETLINK answers: File exists\n");
    }

    #[test]
    fn finds_message_attribute() {
        let mut attrs = vec![];
        attrs.extend_from_slice(&8u16.to_ne_bytes());
        attrs.extend_from_slice(&2u16.to_ne_bytes());
        attrs.extend_from_slice(&[0, 0, 0, 0]);
        attrs.extend_from_slice(&9u16.to_ne_bytes());
        attrs.extend_from_slice(&1u16.to_ne_bytes());
        attrs.extend_from_slice(b"oops\0\0\0\0");
        assert_eq!(extack_message(&attrs).as_deref(), Some("oops"));
    }
}
