//! What the lines of one batch share: one netlink socket for requests, dumps and
//! lookups, and one interface-name cache. A standalone command has no session and
//! opens its own socket, as before.

use super::Context;
use crate::error::Result;
use crate::netlink::link_watch::LinkCache;
use crate::netlink::{LinkNames, Netlink};
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex};

/// The batch's socket (lent to one handler at a time) and link names.
#[derive(Default)]
pub struct Session {
    socket: Mutex<Option<Netlink>>,
    links: Mutex<LinkCache>,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// Forgets the cached link names (after a command that may change links).
    pub fn links_changed(&self) {
        self.links.lock().expect("not poisoned").invalidate();
    }
}

/// A socket lent to a handler: the session's, given back when dropped, or a
/// socket of its own outside a batch.
pub struct Conn<'a> {
    nl: Option<Netlink>,
    home: Option<&'a Mutex<Option<Netlink>>>,
}

impl Deref for Conn<'_> {
    type Target = Netlink;
    fn deref(&self) -> &Netlink {
        self.nl.as_ref().expect("held until dropped")
    }
}

impl DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut Netlink {
        self.nl.as_mut().expect("held until dropped")
    }
}

impl Drop for Conn<'_> {
    fn drop(&mut self) {
        if let (Some(home), Some(nl)) = (self.home, self.nl.take()) {
            *home.lock().expect("not poisoned") = Some(nl);
        }
    }
}

impl Context {
    /// A socket for one command: the batch's own when there is one (a nested use
    /// while it is lent out gets a fresh socket).
    pub fn conn(&self) -> Result<Conn<'_>> {
        let Some(session) = &self.session else {
            return Ok(Conn {
                nl: Some(self.netlink()?),
                home: None,
            });
        };
        let lent = session.socket.lock().expect("not poisoned").take();
        let nl = match lent {
            Some(nl) => nl,
            None => self.netlink()?,
        };
        Ok(Conn {
            nl: Some(nl),
            home: Some(&session.socket),
        })
    }

    /// The interface names: the batch's cache (dumped again only after a link
    /// change), or a fresh dump outside a batch.
    pub fn links(&self, nl: &mut Netlink) -> Result<Arc<LinkNames>> {
        match &self.session {
            Some(session) => session.links.lock().expect("not poisoned").current(nl),
            None => Ok(Arc::new(LinkNames::load(nl)?)),
        }
    }
}
