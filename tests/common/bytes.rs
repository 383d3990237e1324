//! Helpers for the tests of words that are not UTF-8 (`tests/bytes.rs`,
//! `tests/bytes_files.rs`): argv, stdin and output as raw bytes, never text.

use super::{IP, Ns, ipr_bin};
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub fn os(bytes: &[u8]) -> &OsStr {
    OsStr::from_bytes(bytes)
}

/// Runs `tool -n NS ARGS`, `stdin` on its standard input.
pub fn run(ns: &str, tool: &str, args: &[&[u8]], stdin: &[u8]) -> Output {
    super::run_in_with_stdin(
        ns.as_ref(),
        tool,
        args.iter().map(|a| os(a)),
        stdin.to_vec(),
    )
}

pub fn shown(bytes: &[u8]) -> String {
    bytes.escape_ascii().to_string()
}

pub fn same_output(ip: &Output, ipr: &Output, what: &str) {
    assert_eq!(
        shown(&ipr.stdout),
        shown(&ip.stdout),
        "stdout differs for {what}"
    );
    assert_eq!(
        shown(&ipr.stderr),
        shown(&ip.stderr),
        "stderr differs for {what}"
    );
    assert_eq!(
        ipr.status.code(),
        ip.status.code(),
        "status differs for {what}"
    );
}

/// Both tools in one namespace (for commands that change nothing). Returns ip's
/// output.
pub fn same_in(ns: &str, args: &[&[u8]]) -> Output {
    let ip = run(ns, IP, args, b"");
    let ipr = run(ns, ipr_bin(), args, b"");
    same_output(&ip, &ipr, &format!("{:?}", args_shown(args)));
    ip
}

pub fn args_shown(args: &[&[u8]]) -> Vec<String> {
    args.iter().map(|a| shown(a)).collect()
}

/// Two veth pairs whose names are not UTF-8 (`v\xff`/`w\xfe\xc3`) next to a
/// plain one, with fixed MACs and addresses.
pub const TOPOLOGY: &[u8] = b"\
link add v\xff address 02:00:00:00:00:01 type veth peer name w\xfe\xc3 address 02:00:00:00:00:02
link add va address 02:00:00:00:00:03 type veth peer name vb address 02:00:00:00:00:04
link set v\xff up
link set w\xfe\xc3 up
link set va up
addr add 10.9.0.1/24 dev v\xff
addr add 10.8.0.1/24 dev w\xfe\xc3
addr add 10.1.0.1/24 dev va
route add 10.50.0.0/16 dev v\xff
route add 10.51.0.0/16 via 10.8.0.2 dev w\xfe\xc3
rule add iif v\xff table 100 pref 100
rule add oif w\xfe\xc3 table 100 pref 101
rule add iif \xff\xfe table 100 pref 102
";

pub fn setup(ns: &Ns, script: &[u8]) {
    let out = run(&ns.name, IP, &[b"-batch", b"-"], script);
    assert!(out.status.success(), "setup failed: {}", shown(&out.stderr));
}

pub fn topology() -> Ns {
    let ns = Ns::new();
    setup(&ns, TOPOLOGY);
    ns
}

/// Routes and rules of `ns` as the real `ip` lists them, lines sorted, IPv6
/// link-local routes left out (they come when duplicate address detection ends).
pub fn state(ns: &str) -> Vec<u8> {
    let mut all = Vec::new();
    for args in [
        &[&b"-d"[..], b"route", b"show", b"table", b"all"][..],
        &[b"-d", b"-6", b"route", b"show", b"table", b"all"],
        &[b"-d", b"rule"],
        &[b"-d", b"-6", b"rule"],
    ] {
        let out = run(ns, IP, args, b"");
        let mut lines: Vec<&[u8]> = out
            .stdout
            .split(|&b| b == b'\n')
            .filter(|l| !l.windows(6).any(|w| w == b"fe80::"))
            .collect();
        lines.sort_unstable();
        all.extend(lines.join(&b'\n'));
        all.extend_from_slice(b"\n--\n");
    }
    all
}

/// A change through both tools, each in its own namespace built by `build`:
/// same output, same routes and rules afterwards.
pub fn same_change(build: fn() -> Ns, args: &[&[u8]], stdin: &[u8]) -> Output {
    let (a, b) = (build(), build());
    let ip = run(&a.name, IP, args, stdin);
    let ipr = run(&b.name, ipr_bin(), args, stdin);
    let what = format!("{:?}", args_shown(args));
    same_output(&ip, &ipr, &what);
    assert_eq!(
        shown(&state(&b.name)),
        shown(&state(&a.name)),
        "kernel state differs after {what}"
    );
    ip
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A batch file named and filled with bytes that are not UTF-8.
pub fn batch_file(tag: &str, script: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ipr-bytes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut name = OsString::from(tag).into_vec();
    name.extend_from_slice(b"\xff.batch");
    let path = dir.join(OsString::from_vec(name));
    std::fs::write(&path, script).unwrap();
    path
}
