//! The advisory locks that keep two syncs of the same proto apart: one file per
//! network namespace, object, proto and table under `/run/ipr/`, held with
//! `flock` for the whole sync (dump, plan, changes). A second sync waits for the
//! first; after `IPR_SYNC_WAIT` seconds (default 30) it gives up with a message
//! naming the lock. A dry-run takes the lock shared: it waits for a running sync,
//! so it never shows a half-made change, but dry-runs do not wait for each other.
//!
//! The namespace is named by its inode (`/proc/self/ns/net`), so `ipr -n NS` and
//! `ip netns exec NS ipr` share one lock.

use crate::error::{Error, Result};
use crate::model::kernel::{Protocol, TableId};
use std::fs::{File, OpenOptions};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const LOCK_DIR: &str = "/run/ipr";
/// Seconds a sync waits for another one before giving up.
pub const DEFAULT_WAIT_SECS: u64 = 30;
const POLL: Duration = Duration::from_millis(20);

/// A held lock; dropping it (closing the file) releases it. A dry-run that may
/// not create the lock file holds none: no sync has made the file, so none runs.
pub struct SyncLock {
    _file: Option<File>,
}

/// The inode of the current network namespace.
fn netns_id() -> Result<u64> {
    std::fs::metadata("/proc/self/ns/net")
        .map(|m| m.ino())
        .map_err(|e| {
            Error::failed(
                format!(
                    "ipr: cannot identify the network namespace: {}\n",
                    crate::netlink::socket::strerror_of(&e)
                ),
                1,
            )
        })
}

/// `/run/ipr/OBJECT-sync-netINODE-protoP[-tableT].lock`.
pub fn lock_path(object: &str, proto: Protocol, table: Option<TableId>) -> Result<PathBuf> {
    let mut name = format!("{object}-sync-net{}-proto{proto}", netns_id()?);
    if let Some(t) = table {
        name.push_str(&format!("-table{t}"));
    }
    name.push_str(".lock");
    Ok(Path::new(LOCK_DIR).join(name))
}

/// How long to wait: `IPR_SYNC_WAIT` seconds when set to a number, else the
/// default.
fn wait_limit() -> Duration {
    let secs = std::env::var("IPR_SYNC_WAIT")
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .unwrap_or(DEFAULT_WAIT_SECS as f64);
    Duration::from_secs_f64(secs)
}

fn open(path: &Path) -> std::io::Result<File> {
    let _ = std::fs::create_dir_all(LOCK_DIR);
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o644)
        .open(path)
        // A user who may not create it may still lock an existing one.
        .or_else(|_| File::open(path))
}

/// Takes the lock at `path` (`what` names it in messages: `route sync: proto 77
/// table main`), waiting as long as `wait_limit` allows.
pub fn acquire(path: &Path, what: &str, shared: bool) -> Result<SyncLock> {
    let opened = open(path);
    if shared && opened.is_err() {
        return Ok(SyncLock { _file: None });
    }
    let file = opened.map_err(|e| {
        Error::failed(
            format!(
                "ipr: {what}: cannot open lock file {}: {}\n",
                path.display(),
                crate::netlink::socket::strerror_of(&e)
            ),
            1,
        )
    })?;
    let mode = if shared { libc::LOCK_SH } else { libc::LOCK_EX };
    let limit = wait_limit();
    let start = Instant::now();
    loop {
        // SAFETY: flock on a descriptor we own.
        if unsafe { libc::flock(file.as_raw_fd(), mode | libc::LOCK_NB) } == 0 {
            return Ok(SyncLock { _file: Some(file) });
        }
        let err = std::io::Error::last_os_error();
        if err.raw_os_error() != Some(libc::EWOULDBLOCK)
            && err.kind() != std::io::ErrorKind::Interrupted
        {
            return Err(Error::failed(
                format!(
                    "ipr: {what}: cannot lock {}: {}\n",
                    path.display(),
                    crate::netlink::socket::strerror_of(&err)
                ),
                1,
            ));
        }
        if start.elapsed() >= limit {
            return Err(Error::failed(
                format!(
                    "ipr: {what}: another sync still holds {} after {} s; nothing changed (IPR_SYNC_WAIT sets the wait)\n",
                    path.display(),
                    fmt_secs(limit)
                ),
                1,
            ));
        }
        std::thread::sleep(POLL);
    }
}

fn fmt_secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{}", s as u64)
    } else {
        format!("{s}")
    }
}
