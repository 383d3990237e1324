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

const NLMSG_HDRLEN: usize = 16;
/// NLMSG_NOOP: a control message the kernel only acknowledges.
const NLMSG_NOOP: u16 = 1;
/// Bytes per `sendmsg`: ~1000 route deletions, well under the default socket send
/// buffer (the kernel refuses a message larger than it).
pub const DEFAULT_BATCH_BYTES: usize = 64 * 1024;
const RCVBUF: usize = 1024 * 1024;

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
        let fail = |e| os_error("Cannot open netlink socket", e);
        let mut socket = Socket::new(NETLINK_ROUTE).map_err(fail)?;
        let _ = socket.set_rx_buf_sz(RCVBUF);
        let _ = socket.set_ext_ack(true);
        // Error replies carry only the refused message's header: more fit the queue.
        let _ = socket.set_cap_ack(true);
        socket.bind_auto().map_err(fail)?;
        Ok(Batch {
            socket,
            buf: Vec::with_capacity(limit),
            limit,
            seq: 0,
            recv: vec![0; 64 * 1024],
            failures: Vec::new(),
            barrier: None,
            barrier_acked: false,
            overflowed: false,
            lost_replies: false,
        })
    }

    /// Queues one request (NLM_F_REQUEST is added, NLM_F_ACK is not); sends the
    /// queue first when this message would overflow it. Returns the message's
    /// sequence number, which its `Failure` (if any) will carry.
    pub fn push(&mut self, kind: u16, flags: u16, payload: &[u8]) -> Result<u32> {
        let len = NLMSG_HDRLEN + payload.len();
        if !self.buf.is_empty() && self.buf.len() + len > self.limit {
            self.send_queued()?;
        }
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
        self.send_barrier()?;
        while !self.barrier_acked {
            if !self.receive(true)? && self.overflowed {
                // The queue overflowed: the barrier's ACK may be among the
                // replies lost, so ask again.
                self.send_barrier()?;
            }
        }
        self.barrier = None;
        Ok(std::mem::take(&mut self.failures))
    }

    fn send_barrier(&mut self) -> Result<()> {
        self.overflowed = false;
        self.push(NLMSG_NOOP, NLM_F_ACK, &[])?;
        self.barrier = Some(self.seq);
        self.barrier_acked = false;
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
        // Collect the failures already queued, so the receive queue never fills.
        while self.receive(false)? {}
        Ok(())
    }

    /// Reads one datagram (waiting for it when `block`), recording failures and the
    /// barrier's ACK. Returns false when nothing was there to read.
    fn receive(&mut self, block: bool) -> Result<bool> {
        let flags = if block { 0 } else { libc::MSG_DONTWAIT };
        // SAFETY: the pointer and length describe our own live buffer.
        let got = unsafe {
            libc::recv(
                self.socket.as_raw_fd(),
                self.recv.as_mut_ptr().cast(),
                self.recv.len(),
                flags,
            )
        };
        if got < 0 {
            let err = std::io::Error::last_os_error();
            return match err.raw_os_error() {
                Some(libc::EAGAIN) if !block => Ok(false),
                Some(libc::EINTR) => Ok(false),
                Some(libc::ENOBUFS) => {
                    self.lost_replies = true;
                    self.overflowed = true;
                    Ok(false)
                }
                _ => Err(os_error("netlink receive error", err)),
            };
        }
        let mut rest = &self.recv[..got as usize];
        while rest.len() >= NLMSG_HDRLEN {
            let len = u32::from_ne_bytes(rest[0..4].try_into().unwrap()) as usize;
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
                self.failures.push(Failure {
                    seq,
                    errno: -code,
                    extack: error_extack(payload, msg_flags),
                });
            }
        }
        Ok(true)
    }
}
