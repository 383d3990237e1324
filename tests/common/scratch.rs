//! Files a test writes for the tools to read (batch scripts, saved streams),
//! removed when dropped.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A file in the temporary directory, named after the test process and a
/// counter (so tests running side by side never share one), removed when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    /// A new file holding `bytes`.
    pub fn write(bytes: impl AsRef<[u8]>) -> Scratch {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path = std::env::temp_dir().join(format!("ipr-test-{}-{n}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        Scratch(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The path as an argument of a command line.
    pub fn arg(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
