//! Running ipr's own commands (`route sync`, `rule sync`), which have no `ip`
//! counterpart to compare with: a run with input on stdin, a run that must
//! succeed, and several runs at once.

use super::{IP, Ns, ipr_bin};
use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The wrapper that runs a sync as user and group nobody, with no other groups.
pub const AS_NOBODY: [&str; 4] = [
    "setpriv",
    "--reuid=65534",
    "--regid=65534",
    "--clear-groups",
];

/// `ip netns exec NS [WRAPPER] ipr ARGS` with `env` added, `stdin` on standard
/// input (a wrapper such as `setpriv` can run in between).
pub fn ipr_exec(
    ns: &Ns,
    wrapper: &[&str],
    env: &[(&str, &str)],
    args: &[&str],
    stdin: &str,
) -> Output {
    let mut child = Command::new(IP)
        .args(["netns", "exec", &ns.name])
        .args(wrapper)
        .arg(ipr_bin())
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The command may exit before it reads (a refused command line).
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

/// `[GLOBALS] OBJECT sync ARGS -` through `run` (argv, stdin) with `file` on
/// stdin; insists it succeeds and returns its stdout.
#[track_caller]
pub fn sync_through(
    run: impl Fn(&[&str], &str) -> Output,
    globals: &[&str],
    object: &str,
    args: &[&str],
    file: &str,
) -> String {
    let mut argv = globals.to_vec();
    argv.extend([object, "sync"]);
    argv.extend(args);
    argv.push("-");
    let out = run(&argv, file);
    assert!(
        out.status.success(),
        "sync failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `ipr OBJECT sync proto 77 -` through `run`, once per file, all at the same
/// time; insists every one succeeds.
pub fn syncs_at_once(run: impl Fn(&[&str], &str) -> Output + Sync, object: &str, files: &[String]) {
    let args = [object, "sync", "proto", "77", "-"];
    std::thread::scope(|scope| {
        let runs: Vec<_> = files
            .iter()
            .map(|file| scope.spawn(|| run(&args, file)))
            .collect();
        for handle in runs {
            let out = handle.join().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    });
}

/// The inode of `ns`'s namespace file: what a sync's lock file is named after.
pub fn netns_inode(ns: &Ns) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(format!("/run/netns/{}", ns.name))
        .unwrap()
        .ino()
}

/// Holds the lock file `path` (as another sync would) for `seconds`, from a
/// `flock` process; returns once the lock is taken.
pub fn hold_lock(path: &str, seconds: &str) -> std::process::Child {
    std::fs::create_dir_all("/run/ipr").unwrap();
    let holder = Command::new("flock")
        .args([path, "sleep", seconds])
        .spawn()
        .unwrap();
    while Command::new("flock")
        .args(["-n", path, "true"])
        .status()
        .unwrap()
        .success()
    {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    holder
}
