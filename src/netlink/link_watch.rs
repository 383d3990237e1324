//! The interface names of a whole batch: dumped once, and dumped again only when
//! the kernel announces a link change. A socket subscribed to the link
//! notifications (RTNLGRP_LINK) is checked without blocking before each use; the
//! kernel queues the notification before the command that made the change
//! returns, so a link created (or renamed, or removed) between two batch lines is
//! seen by the second line, as iproute2's fresh lookups see it.

use super::{LinkNames, Netlink};
use crate::error::Result;
use netlink_sys::{Socket, protocols::NETLINK_ROUTE};
use std::os::fd::AsRawFd;
use std::sync::Arc;

/// RTNLGRP_LINK.
const GROUP_LINK: u32 = 1;

/// A link-name cache kept fresh by link notifications.
#[derive(Default)]
pub struct LinkCache {
    /// None until the first use; `Err` when no watch could be opened, in which
    /// case every use dumps the links again (correct, only slower).
    watch: Option<std::result::Result<Socket, ()>>,
    names: Option<Arc<LinkNames>>,
    scratch: Vec<u8>,
}

impl LinkCache {
    pub fn new() -> LinkCache {
        LinkCache::default()
    }

    /// The current interface names, dumped through `nl` when they may have changed.
    pub fn current(&mut self, nl: &mut Netlink) -> Result<Arc<LinkNames>> {
        if self.watch.is_none() {
            // Subscribe before the first dump, so no change can fall in between.
            self.watch = Some(open_watch().map_err(|_| ()));
            self.names = None;
        }
        if self.changed() {
            self.names = None;
        }
        match &self.names {
            Some(names) => Ok(Arc::clone(names)),
            None => {
                let names = Arc::new(LinkNames::load(nl)?);
                self.names = Some(Arc::clone(&names));
                Ok(names)
            }
        }
    }

    /// The names for printing `indexes`: the cached ones, without looking for
    /// notifications, when they know every index (an index they do not know
    /// reads the notifications, as `current` does).
    pub fn knowing(&mut self, nl: &mut Netlink, indexes: &[u32]) -> Result<Arc<LinkNames>> {
        if let Some(names) = &self.names
            && indexes.iter().all(|&i| names.knows(i))
        {
            return Ok(Arc::clone(names));
        }
        self.current(nl)
    }

    /// Forgets the names (a command that may have changed links ran).
    pub fn invalidate(&mut self) {
        self.names = None;
    }

    /// Empties the notification queue; true when anything was in it (or it
    /// overflowed, or there is no watch).
    fn changed(&mut self) -> bool {
        let Some(Ok(socket)) = &self.watch else {
            return true;
        };
        if self.scratch.is_empty() {
            self.scratch = vec![0; 16 * 1024];
        }
        let mut changed = false;
        loop {
            // SAFETY: the pointer and length describe our own live buffer.
            let got = unsafe {
                libc::recv(
                    socket.as_raw_fd(),
                    self.scratch.as_mut_ptr().cast(),
                    self.scratch.len(),
                    libc::MSG_DONTWAIT | libc::MSG_TRUNC,
                )
            };
            if got >= 0 {
                changed = true;
                continue;
            }
            let err = std::io::Error::last_os_error().raw_os_error();
            match err {
                Some(libc::EAGAIN) => return changed,
                Some(libc::EINTR) => continue,
                // ENOBUFS: notifications were dropped, so something changed.
                _ => return true,
            }
        }
    }
}

fn open_watch() -> std::io::Result<Socket> {
    let mut socket = Socket::new(NETLINK_ROUTE)?;
    socket.bind_auto()?;
    socket.add_membership(GROUP_LINK)?;
    Ok(socket)
}
