//! Objects ipr does not implement (`addr`, `link`, `neigh`, `netns`, `monitor`, ...)
//! are handed to iproute2's own `ip`, so that ipr installed as `ip` still does
//! everything `ip` does. A single command becomes the real `ip` (exec: its output,
//! exit status and signals are the real tool's); a batch line of such an object runs
//! in a child `ip -batch -` of its own, which keeps iproute2's batch semantics (a
//! failed line, or a syntax error that ends the process).
//!
//! Which `ip` is real: `IPR_IP` if set, else the first `ip` on `PATH` that is not
//! this executable, else `/usr/sbin/ip`, `/sbin/ip`, `/bin/ip`. "Not this
//! executable" compares the files themselves (device and inode, symlinks followed),
//! so a link named `ip` to ipr is never taken for the real one. Every ipr that hands
//! over adds its own identity to `IPR_HANDED_OVER`, and later ipr processes skip
//! those files too: two copies of ipr named `ip` cannot exec each other forever.

use super::Context;
use crate::cli::global::{self, Invocation};
use crate::cli::keyword::abbreviates;
use crate::error::{Error, Result};
use std::io::{Read, Write};
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Every object iproute2 6.1's `ip` accepts (any non-empty prefix names one; which
/// one is the real tool's business). ipr itself runs `route`, `rule` and `help`.
const IPROUTE2_OBJECTS: &[&str] = &[
    "address",
    "addrlabel",
    "maddress",
    "route",
    "rule",
    "neighbor",
    "neighbour",
    "ntable",
    "ntbl",
    "link",
    "l2tp",
    "fou",
    "ila",
    "macsec",
    "tunnel",
    "tunl",
    "tuntap",
    "tap",
    "token",
    "tcpmetrics",
    "tcp_metrics",
    "monitor",
    "xfrm",
    "mroute",
    "mrule",
    "netns",
    "netconf",
    "vrf",
    "sr",
    "nexthop",
    "mptcp",
    "ioam",
    "help",
    "stats",
];

/// Where `ip` is looked for when neither `IPR_IP` nor `PATH` gives one.
const FALLBACKS: &[&str] = &["/usr/sbin/ip", "/sbin/ip", "/bin/ip"];

/// The files (device:inode) of the ipr processes that handed over before this one.
const HANDED_OVER: &str = "IPR_HANDED_OVER";

/// True when iproute2's `ip` knows `word` as (an abbreviation of) an object.
pub fn is_iproute2_object(word: &str) -> bool {
    IPROUTE2_OBJECTS.iter().any(|o| abbreviates(word, o))
}

/// A command line that belongs to the real `ip`: becomes it, or exits with the
/// reason it cannot. Returns only when ipr runs the command itself. Called before
/// anything else (namespaces included) so the real tool starts from scratch.
pub fn hand_over_if_foreign(args: &[String]) {
    let Ok(invocation) = global::parse(args) else {
        return; // ipr reports the same error as ip would.
    };
    // `ip`, `ip help`, `ip -help`: under the name `ip`, the usage of the tool whose
    // every object works (ipr's own usage otherwise, or when there is no real ip).
    let usage = match &invocation {
        Invocation::Usage => true,
        Invocation::Run(opts, rest) if opts.batch.is_none() => {
            let word = rest.first().map(String::as_str).unwrap_or("");
            if abbreviates(word, "help") {
                true
            } else if super::runs_itself(word) || !is_iproute2_object(word) {
                return;
            } else if opts.table_view {
                exit_with(&Error::new(
                    "Error: -table applies to route and rule listings only.\n",
                    255,
                ));
            } else {
                false
            }
        }
        _ => return,
    };
    if usage && !called_as_ip() {
        return;
    }
    match find() {
        Ok(ip) => exit_with(&exec(&ip, args)),
        Err(_) if usage => {}
        Err(e) => exit_with(&e),
    }
}

/// Becomes the real `ip` with `args`; returns only the reason it could not.
fn exec(ip: &Path, args: &[String]) -> Error {
    let e = Command::new(ip)
        .arg0("ip")
        .args(args.iter().map(|a| crate::lossless::encode_os(a)))
        .env(HANDED_OVER, handed_over_value())
        .exec();
    exec_error(ip, e)
}

/// `ipr ...` or `ip ...`: the name this process was started under.
fn called_as_ip() -> bool {
    std::env::args_os()
        .next()
        .map(PathBuf::from)
        .and_then(|p| p.file_name().map(|n| n == "ip"))
        .unwrap_or(false)
}

fn exit_with(error: &Error) -> ! {
    crate::lossless::flush_stdout();
    crate::lossless::eprint(error.text());
    std::process::exit(error.exit_code());
}

/// A command of another object, from `dispatch`: unknown to iproute2 too (its
/// message, exit 1), or one line of a batch for the real `ip`.
pub fn other_object(cx: &Context, words: &[String]) -> Result<i32> {
    let word = &words[0];
    if !is_iproute2_object(word) {
        return Err(Error::failed(
            format!("Object \"{word}\" is unknown, try \"ip help\".\n"),
            1,
        ));
    }
    let ip = find()?;
    if cx.opts.batch.is_none() {
        // Not reached from main (handed over before), but correct all the same.
        let mut all = option_words(&process_args());
        all.extend(words.iter().cloned());
        return Err(exec(&ip, &all));
    }
    run_batch_line(&ip, words)
}

fn process_args() -> Vec<String> {
    std::env::args_os()
        .skip(1)
        .map(|a| crate::lossless::decode_os(&a))
        .collect()
}

/// The global options of this process that a batch line carries to the real `ip`:
/// all of them but `-batch FILE`, `-force` and ipr's own `-table`.
fn option_words(args: &[String]) -> Vec<String> {
    let mut kept = Vec::new();
    let mut words = args.iter();
    while let Some(word) = words.next() {
        if word == "--" || !word.starts_with('-') {
            break;
        }
        let name = global::option_name(word);
        let value = name
            .filter(|n| global::takes_value(n))
            .and_then(|_| words.next());
        match name {
            Some("-batch" | "-force" | "-table") => {}
            _ => {
                kept.push(word.clone());
                kept.extend(value.cloned());
            }
        }
    }
    kept
}

/// One batch line through `ip OPTIONS -batch -`. Its stderr is passed on, with the
/// child's `Command failed -:1` left for the batch to say with the right file and
/// line; a child that ended without that line ended its process (a syntax error),
/// and so does this batch, with the same status.
fn run_batch_line(ip: &Path, words: &[String]) -> Result<i32> {
    crate::lossless::flush_stdout();
    let mut child = Command::new(ip)
        .arg0("ip")
        .args(
            option_words(&process_args())
                .iter()
                .map(|a| crate::lossless::encode_os(a)),
        )
        .args(["-batch", "-"])
        .env(HANDED_OVER, handed_over_value())
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| exec_error(ip, e))?;
    let line = batch_line(words);
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(&crate::lossless::encode(&line));
    }
    let mut stderr = Vec::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_end(&mut stderr);
    }
    let status = child
        .wait()
        .map_err(|e| Error::failed(format!("ipr: {}: {e}\n", shown_path(ip)), 1))?;
    const MARK: &[u8] = b"Command failed -:1\n";
    let line_failed = stderr.ends_with(MARK);
    if line_failed {
        stderr.truncate(stderr.len() - MARK.len());
    }
    // The child's own bytes, not text of ours.
    let _ = crate::lossless::stderr_raw().write_all(&stderr);
    if let Some(signal) = status.signal() {
        die_by(signal);
    }
    match status.code() {
        Some(0) => Ok(0),
        _ if line_failed => Err(Error::failed("", 1)),
        code => Err(Error::new("", code.unwrap_or(1))),
    }
}

/// The child was killed by `signal` (a closed pipe, an interrupt): so is ipr.
fn die_by(signal: i32) -> ! {
    crate::lossless::flush_stdout();
    // SAFETY: resetting a disposition and raising a signal on ourselves.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
    std::process::exit(128 + signal);
}

/// `words` as one batch line that iproute2 cuts back into the same words.
fn batch_line(words: &[String]) -> String {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| {
            let plain = !w.is_empty()
                && !w.starts_with(['\'', '"'])
                && !w.contains([' ', '\t', '\r', '\n']);
            if plain {
                w.clone()
            } else if w.contains('\'') {
                format!("\"{w}\"")
            } else {
                format!("'{w}'")
            }
        })
        .collect();
    format!("{}\n", quoted.join(" "))
}

/// A file's identity: (device, inode), symlinks followed.
fn identity(path: &Path) -> Option<(u64, u64)> {
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

fn own_identity() -> Option<(u64, u64)> {
    identity(Path::new("/proc/self/exe"))
        .or_else(|| std::env::current_exe().ok().and_then(|p| identity(&p)))
}

/// The files to pass over: this executable and every ipr that handed over before.
fn not_real() -> Vec<(u64, u64)> {
    let mut ids: Vec<(u64, u64)> = std::env::var(HANDED_OVER)
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|id| {
            let (dev, ino) = id.split_once(':')?;
            Some((dev.parse().ok()?, ino.parse().ok()?))
        })
        .collect();
    ids.extend(own_identity());
    ids
}

fn handed_over_value() -> String {
    not_real()
        .iter()
        .map(|(dev, ino)| format!("{dev}:{ino}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn executable_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.mode() & 0o111 != 0)
}

/// The real `ip`, or why there is none.
pub fn find() -> Result<PathBuf> {
    let skip = not_real();
    let is_real = |p: &Path| identity(p).is_none_or(|id| !skip.contains(&id));
    if let Some(path) = std::env::var_os("IPR_IP").filter(|v| !v.is_empty()) {
        let path = PathBuf::from(path);
        if is_real(&path) {
            return Ok(path);
        }
        return Err(Error::failed(
            format!(
                "ipr: IPR_IP={} is ipr itself, not iproute2's ip\n",
                shown_path(&path)
            ),
            1,
        ));
    }
    let on_path = std::env::var_os("PATH").unwrap_or_default();
    let dirs = std::env::split_paths(&on_path).map(|d| {
        // An empty PATH entry is the current directory, as for the shell.
        let d = if d.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            d
        };
        d.join("ip")
    });
    dirs.chain(FALLBACKS.iter().map(PathBuf::from))
        .find(|p| executable_file(p) && is_real(p))
        .ok_or_else(|| {
            Error::failed(
                "ipr: this object is iproute2's, and no ip other than ipr itself was found \
                 (looked at IPR_IP, PATH, /usr/sbin/ip, /sbin/ip, /bin/ip); \
                 install iproute2 or set IPR_IP\n",
                1,
            )
        })
}

/// A path in a message, its bytes kept.
fn shown_path(path: &Path) -> String {
    crate::lossless::decode_os(path.as_os_str())
}

fn exec_error(ip: &Path, e: std::io::Error) -> Error {
    Error::failed(
        format!(
            "ipr: cannot run {}: {}\n",
            shown_path(ip),
            crate::netlink::socket::strerror_of(&e)
        ),
        1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn objects_of_iproute2() {
        for word in [
            "a", "addr", "l", "link", "n", "neigh", "netns", "mo", "st", "sr",
        ] {
            assert!(is_iproute2_object(word), "{word}");
        }
        for word in ["", "amt", "dcb", "foo", "links"] {
            assert!(!is_iproute2_object(word), "{word}");
        }
    }

    #[test]
    fn options_carried_to_a_batch_line() {
        let args = words(&[
            "-n", "ns1", "-force", "-j", "-b", "f", "-table", "-rc", "5", "-4", "-d",
        ]);
        assert_eq!(
            option_words(&args),
            words(&["-n", "ns1", "-j", "-rc", "5", "-4", "-d"])
        );
        // `-f` is -family (a value), not -force.
        assert_eq!(
            option_words(&words(&["-f", "inet", "-fo", "-batch", "-"])),
            words(&["-f", "inet"])
        );
    }

    #[test]
    fn batch_lines_keep_their_words() {
        let line = batch_line(&words(&["addr", "add", "x y", "", "'q", "a\"b c"]));
        assert_eq!(line, "addr add 'x y' '' \"'q\" 'a\"b c'\n");
        let back = crate::cli::batch::split_words(&line).unwrap();
        assert_eq!(back, ["addr", "add", "x y", "", "'q", "a\"b c"]);
    }
}
