//! `-n NAME`: enter the network namespace `/run/netns/NAME` before any socket is
//! opened. iproute2 also bind-mounts `/etc/netns/NAME/*` over `/etc`; the only files
//! of `/etc` we read are the iproute2 names files, so instead of remounting we point
//! the names tables at `/etc/netns/NAME/iproute2` when it exists.

use crate::error::{Error, Result};
use crate::netlink::socket::strerror_of;
use std::os::fd::AsRawFd;
use std::path::PathBuf;

const NETNS_RUN_DIR: &str = "/run/netns";

/// Enters the named namespace. Errors use iproute2's texts and exit status 255.
pub fn enter(name: &str) -> Result<()> {
    // Joined as text, as iproute2 does: an absolute NAME is not a path of its own.
    let path = format!("{NETNS_RUN_DIR}/{name}");
    let file = std::fs::File::open(crate::lossless::path(&path)).map_err(|e| {
        Error::new(
            format!(
                "Cannot open network namespace \"{name}\": {}\n",
                strerror_of(&e)
            ),
            255,
        )
    })?;
    // SAFETY: setns on a namespace file descriptor we own; no threads exist yet.
    let rc = unsafe { libc::setns(file.as_raw_fd(), libc::CLONE_NEWNET) };
    if rc != 0 {
        let e = std::io::Error::last_os_error();
        return Err(Error::new(
            format!(
                "setting the network namespace \"{name}\" failed: {}\n",
                strerror_of(&e)
            ),
            255,
        ));
    }
    Ok(())
}

/// The per-namespace copy of `/etc/iproute2` that `ip -n NAME` would see, if any.
pub fn etc_override(name: &str) -> Option<PathBuf> {
    let dir = crate::lossless::path(&format!("/etc/netns/{name}/iproute2"));
    dir.is_dir().then_some(dir)
}
