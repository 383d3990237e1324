//! Pipelined requests: many messages per `sendmsg`, none asking for an ACK, on a
//! socket of their own. The kernel still answers every message that fails with an
//! NLMSG_ERROR; those are collected after each send, and `finish` ends the batch
//! with an acknowledged no-op as a barrier, so when it returns every failure of the
//! batch is known. Used by `route flush` to delete while a dump runs on another
//! socket (so error replies never mix with dump replies).

use super::consts::*;
use super::socket::{error_extack, strerror};
use crate::error::{Error, Result};
use netlink_sys::{Socket, protocols::NETLINK_ROUTE};
use std::os::fd::AsRawFd;

/// Bytes per `sendmsg`: ~1000 route deletions, well under the default socket send
/// buffer (the kernel refuses a message larger than it).
pub const DEFAULT_BATCH_BYTES: usize = 64 * 1024;
use super::socket::RCVBUF;
/// Receive-queue bytes one error reply may take (its buffer, not its length: the
/// kernel counts the whole allocation against the queue).
const REPLY_COST: usize = 2048;

/// Datagrams read per system call, and the room for each: an error reply
/// carries only the refused message's header (NLM_F_CAPPED) and its extended-ACK
/// text, far less than a slot.
const SLOTS: usize = 16;
const SLOT: usize = 8 * 1024;

/// A message of the batch the kernel refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The sequence number `push` gave the refused message.
    pub seq: u32,
    /// The positive errno.
    pub errno: i32,
    /// The extended-ACK text, when the kernel gave one.
    pub extack: Option<String>,
}

impl Failure {
    /// iproute2's `perror` form of the failure (`Operation not permitted`).
    pub fn strerror(&self) -> String {
        strerror(self.errno)
    }
}

/// A sender of unacknowledged requests, flushed every `limit` bytes.
pub struct Batch {
    socket: Socket,
    buf: Vec<u8>,
    limit: usize,
    /// Messages in `buf`, and how many one send may carry.
    queued: usize,
    max_queued: usize,
    seq: u32,
    recv: Vec<u8>,
    failures: Vec<Failure>,
    /// The sequence number of the acknowledged no-op `finish` waits for, and
    /// whether its ACK has arrived (it may while draining after a send).
    barrier: Option<u32>,
    barrier_acked: bool,
    overflowed: bool,
    /// ENOBUFS was seen: the receive queue overflowed and some failures were lost.
    pub lost_replies: bool,
}

fn os_error(context: &str, err: std::io::Error) -> Error {
    let text = match err.raw_os_error() {
        Some(code) => strerror(code),
        None => err.to_string(),
    };
    Error::failed(format!("{context}: {text}\n"), 2)
}

impl Batch {
    /// Opens a socket (in the current network namespace) for a batch that sends
    /// every `limit` bytes.
    pub fn open(limit: usize) -> Result<Batch> {
        Self::open_with_buffer(limit, RCVBUF)
    }

    /// `open` with a chosen receive buffer size (tests use a tiny one to make the
    /// kernel drop replies and check that the loss is detected and survived).
    pub fn open_with_buffer(limit: usize, rcvbuf: usize) -> Result<Batch> {
        let fail = |e| os_error("Cannot open netlink socket", e);
        let mut socket = Socket::new(NETLINK_ROUTE).map_err(fail)?;
        set_receive_buffer(&socket, rcvbuf);
        let _ = socket.set_ext_ack(true);
        // Error replies carry only the refused message's header: more fit the queue.
        let _ = socket.set_cap_ack(true);
        socket.bind_auto().map_err(fail)?;
        // Every message of a send may fail, and all its error replies are queued
        // before `send` returns: cap a send at what the queue can hold.
        let queue = socket.get_rx_buf_sz().unwrap_or(rcvbuf);
        Ok(Batch {
            socket,
            buf: Vec::with_capacity(limit),
            limit,
            queued: 0,
            max_queued: (queue / REPLY_COST).max(1),
            seq: 0,
            recv: vec![0; SLOTS * SLOT],
            failures: Vec::new(),
            barrier: None,
            barrier_acked: false,
            overflowed: false,
            lost_replies: false,
        })
    }

    /// Lifts the cap on messages per send that keeps their error replies inside
    /// the receive queue (tests use it to make the queue overflow).
    pub fn set_messages_per_send(&mut self, max: usize) {
        self.max_queued = max.max(1);
    }

    /// Queues one request (NLM_F_REQUEST is added, NLM_F_ACK is not); sends the
    /// queue first when this message would overflow it. Returns the message's
    /// sequence number, which its `Failure` (if any) will carry.
    pub fn push(&mut self, kind: u16, flags: u16, payload: &[u8]) -> Result<u32> {
        let len = NLMSG_HDRLEN + payload.len();
        if !self.buf.is_empty()
            && (self.buf.len() + len > self.limit || self.queued >= self.max_queued)
        {
            self.send_queued()?;
        }
        self.queued += 1;
        self.seq = self.seq.wrapping_add(1);
        self.buf.extend_from_slice(&(len as u32).to_ne_bytes());
        self.buf.extend_from_slice(&kind.to_ne_bytes());
        self.buf
            .extend_from_slice(&(NLM_F_REQUEST | flags).to_ne_bytes());
        self.buf.extend_from_slice(&self.seq.to_ne_bytes());
        self.buf.extend_from_slice(&0u32.to_ne_bytes());
        self.buf.extend_from_slice(payload);
        self.buf.resize((self.buf.len() + 3) & !3, 0);
        Ok(self.seq)
    }

    /// Sends what is queued, ends with an acknowledged no-op and waits for its
    /// ACK; returns (and forgets) every failure reported since the last `finish`.
    pub fn finish(&mut self) -> Result<Vec<Failure>> {
        loop {
            // Empty the queue first: while it still holds replies from before an
            // overflow, the kernel drops new ones without raising ENOBUFS again,
            // and a barrier dropped silently would be waited for forever.
            while self.receive(false)? {}
            self.overflowed = false;
            self.push(NLMSG_NOOP, NLM_F_ACK, &[])?;
            self.barrier = Some(self.seq);
            self.barrier_acked = false;
            self.send_queued()?;
            while !self.barrier_acked && !self.overflowed {
                self.receive(true)?;
            }
            if self.barrier_acked {
                break;
            }
            // Replies were dropped after the barrier went out: its ACK may be
            // among them, so ask again.
        }
        self.barrier = None;
        Ok(std::mem::take(&mut self.failures))
    }

    /// The failures reported so far (the kernel answers a send before `send`
    /// returns, so these cover every message already sent), without a barrier.
    pub fn take_failures(&mut self) -> Vec<Failure> {
        std::mem::take(&mut self.failures)
    }

    /// Sends what is queued now, without waiting for anything.
    pub fn send_now(&mut self) -> Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        self.send_queued()
    }

    fn send_queued(&mut self) -> Result<()> {
        let mut sent = 0;
        while sent < self.buf.len() {
            match self.socket.send(&self.buf[sent..], 0) {
                Ok(n) => sent += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(os_error("Failed to send flush request", e)),
            }
        }
        self.buf.clear();
        self.queued = 0;
        // Collect the failures already queued, so the receive queue never fills.
        while self.receive(false)? {}
        Ok(())
    }

    /// Reads the datagrams that are queued, up to `SLOTS` in one call (waiting for
    /// the first when `block`), recording failures and the barrier's ACK. Returns
    /// false when nothing was there to read (only when not blocking); an overflow
    /// is recorded and reading goes on.
    fn receive(&mut self, block: bool) -> Result<bool> {
        let flags = if block {
            libc::MSG_WAITFORONE
        } else {
            libc::MSG_DONTWAIT
        };
        // SAFETY: all-zero iovec and mmsghdr are valid (null pointers, no names).
        let mut iovs: [libc::iovec; SLOTS] = unsafe { std::mem::zeroed() };
        let mut hdrs: [libc::mmsghdr; SLOTS] = unsafe { std::mem::zeroed() };
        for (i, (iov, hdr)) in iovs.iter_mut().zip(hdrs.iter_mut()).enumerate() {
            iov.iov_base = self.recv[i * SLOT..].as_mut_ptr().cast();
            iov.iov_len = SLOT;
            hdr.msg_hdr.msg_iov = iov;
            hdr.msg_hdr.msg_iovlen = 1;
        }
        // SAFETY: every header points at its own iovec, and every iovec at its own
        // slot of our live buffer; all outlive the call.
        let got = unsafe {
            libc::recvmmsg(
                self.socket.as_raw_fd(),
                hdrs.as_mut_ptr(),
                SLOTS as libc::c_uint,
                flags,
                std::ptr::null_mut(),
            )
        };
        if got < 0 {
            let err = std::io::Error::last_os_error();
            return match err.raw_os_error() {
                Some(libc::EAGAIN) if !block => Ok(false),
                Some(libc::EINTR) => Ok(true),
                Some(libc::ENOBUFS) => {
                    self.lost_replies = true;
                    self.overflowed = true;
                    Ok(true)
                }
                _ => Err(os_error("netlink receive error", err)),
            };
        }
        let buffer = std::mem::take(&mut self.recv);
        for (i, hdr) in hdrs.iter().take(got as usize).enumerate() {
            let len = (hdr.msg_len as usize).min(SLOT);
            let truncated = hdr.msg_hdr.msg_flags & libc::MSG_TRUNC != 0;
            self.read_datagram(&buffer[i * SLOT..i * SLOT + len], truncated);
        }
        self.recv = buffer;
        Ok(true)
    }

    /// Records the failures and the barrier's ACK of one datagram. A truncated
    /// one (it cannot happen with capped replies) still gives its error code.
    fn read_datagram(&mut self, mut rest: &[u8], truncated: bool) {
        while rest.len() >= NLMSG_HDRLEN {
            let mut len = u32::from_ne_bytes(rest[0..4].try_into().unwrap()) as usize;
            if len > rest.len() && truncated {
                len = rest.len();
            }
            if len < NLMSG_HDRLEN || len > rest.len() {
                break;
            }
            let kind = u16::from_ne_bytes([rest[4], rest[5]]);
            let msg_flags = u16::from_ne_bytes([rest[6], rest[7]]);
            let seq = u32::from_ne_bytes(rest[8..12].try_into().unwrap());
            let payload = &rest[NLMSG_HDRLEN..len];
            rest = &rest[((len + 3) & !3).min(rest.len())..];
            if kind != NLMSG_ERROR || payload.len() < 4 {
                continue;
            }
            if Some(seq) == self.barrier {
                self.barrier_acked = true;
                continue;
            }
            let code = i32::from_ne_bytes(payload[0..4].try_into().unwrap());
            if code != 0 {
                let extack = (!truncated)
                    .then(|| error_extack(payload, msg_flags))
                    .flatten();
                self.failures.push(Failure {
                    seq,
                    errno: -code,
                    extack,
                });
            }
        }
    }
}

/// Asks for a receive queue of `bytes`: beyond `net.core.rmem_max` when allowed
/// (SO_RCVBUFFORCE needs CAP_NET_ADMIN, which changing routes needs anyway), else
/// as much as the ordinary option gives.
fn set_receive_buffer(socket: &Socket, bytes: usize) {
    let value = bytes.min(i32::MAX as usize) as libc::c_int;
    // SAFETY: a valid socket and a pointer to a live c_int of the length given.
    let forced = unsafe {
        libc::setsockopt(
            socket.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVBUFFORCE,
            (&value as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if forced != 0 {
        let _ = socket.set_rx_buf_sz(bytes);
    }
}
