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
pub struct Session {
    socket: Mutex<Option<Netlink>>,
    links: Mutex<LinkCache>,
    out: Arc<Mutex<SharedOut>>,
}

impl Default for Session {
    fn default() -> Session {
        Session {
            socket: Mutex::default(),
            links: Mutex::default(),
            out: Arc::new(Mutex::new(SharedOut::new())),
        }
    }
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// Writes the output of the lines run so far (before a line that writes to
    /// stdout on its own, before waiting for input, and at the end).
    pub fn flush_stdout(&self) -> std::io::Result<()> {
        self.out.lock().expect("not poisoned").flush()
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

    /// The interface names for printing a record whose devices are `indexes`:
    /// in a batch, the cache as it is when it knows them all.
    pub fn links_knowing(&self, nl: &mut Netlink, indexes: &[u32]) -> Result<Arc<LinkNames>> {
        match &self.session {
            Some(session) => session
                .links
                .lock()
                .expect("not poisoned")
                .knowing(nl, indexes),
            None => Ok(Arc::new(LinkNames::load(nl)?)),
        }
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

/// Where a handler's printer writes: its own buffer on stdout, flushed when the
/// command ends, or in a batch the session's buffer. When stdout and stderr are
/// different files (and stdout is no terminal), the order of bytes between the two
/// cannot be seen, so a batch's listings are written out in large pieces instead
/// of once per line; otherwise every command's output goes out when it ends, as
/// iproute2's does.
pub struct Out {
    buf: Vec<u8>,
    shared: Option<Arc<Mutex<SharedOut>>>,
}

/// Output of finished batch lines not yet written.
#[derive(Default)]
pub struct SharedOut {
    pending: Vec<u8>,
    /// Write at the end of every command (stdout is a terminal, or the same file
    /// as stderr).
    each_command: bool,
}

/// Bytes kept before they are written.
const OUT_BYTES: usize = 64 * 1024;

impl SharedOut {
    pub fn new() -> SharedOut {
        SharedOut {
            pending: Vec::new(),
            each_command: stdout_must_follow_stderr(),
        }
    }

    /// Writes what is pending.
    pub fn flush(&mut self) -> std::io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let written = std::io::Write::write_all(&mut crate::lossless::stdout(), &self.pending);
        self.pending.clear();
        written
    }
}

impl Out {
    /// A buffer of its own on stdout.
    pub fn own() -> Out {
        Out {
            buf: Vec::with_capacity(8 * 1024),
            shared: None,
        }
    }

    /// The writer a printer on stdout uses for this context.
    pub fn for_context(cx: &Context) -> Out {
        match &cx.session {
            Some(session) => Out {
                buf: Vec::new(),
                shared: Some(Arc::clone(&session.out)),
            },
            None => Out::own(),
        }
    }
}

impl std::io::Write for Out {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        // A long listing goes out as it is made (in a batch, after what earlier
        // lines left pending), so memory stays flat.
        if self.buf.len() >= OUT_BYTES {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let Some(shared) = &self.shared else {
            let written = crate::lossless::stdout().write_all(&self.buf);
            self.buf.clear();
            return written;
        };
        let mut shared = shared.lock().expect("not poisoned");
        if shared.pending.is_empty() {
            std::mem::swap(&mut shared.pending, &mut self.buf);
        } else {
            shared.pending.extend_from_slice(&self.buf);
            self.buf.clear();
        }
        if shared.each_command || shared.pending.len() >= OUT_BYTES {
            shared.flush()?;
        }
        Ok(())
    }
}

impl Drop for Out {
    fn drop(&mut self) {
        if !self.buf.is_empty() {
            let _ = std::io::Write::flush(self);
        }
    }
}

/// Whether stdout's bytes must be written before anything else goes to stderr:
/// stdout is a terminal, or both are the same file or pipe.
fn stdout_must_follow_stderr() -> bool {
    if crate::lossless::stdout_is_terminal() {
        return true;
    }
    let id = |fd| {
        // SAFETY: fstat fills the struct we pass for a descriptor we only read.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        (unsafe { libc::fstat(fd, &mut st) } == 0).then_some((st.st_dev, st.st_ino))
    };
    match (id(1), id(2)) {
        (Some(out), Some(err)) => out == err,
        _ => true,
    }
}
