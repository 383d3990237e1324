//! Words that are not UTF-8: command words, batch lines, batch file names,
//! namespace names, names-file entries and interface names are bytes, and `ip`
//! echoes them byte for byte in its messages, listings and JSON. Each test runs
//! the same argv through `ip` and `ipr` (in two namespaces built alike when the
//! command changes something) and compares stdout, stderr and exit status as raw
//! bytes, and the kernel state left behind.

mod common;

use common::{IP, Ns, ipr_bin};
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn os(bytes: &[u8]) -> &OsStr {
    OsStr::from_bytes(bytes)
}

/// Runs `tool -n NS ARGS`, `stdin` on its standard input.
fn run(ns: &str, tool: &str, args: &[&[u8]], stdin: &[u8]) -> Output {
    let mut child = Command::new(tool)
        .arg("-n")
        .arg(ns)
        .args(args.iter().map(|a| os(a)))
        .env_remove("COLORFGBG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    // A command that stops early closes its stdin: a broken pipe is fine.
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

fn shown(bytes: &[u8]) -> String {
    bytes.escape_ascii().to_string()
}

fn same_output(ip: &Output, ipr: &Output, what: &str) {
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
fn same_in(ns: &str, args: &[&[u8]]) -> Output {
    let ip = run(ns, IP, args, b"");
    let ipr = run(ns, ipr_bin(), args, b"");
    same_output(&ip, &ipr, &format!("{:?}", args_shown(args)));
    ip
}

fn args_shown(args: &[&[u8]]) -> Vec<String> {
    args.iter().map(|a| shown(a)).collect()
}

/// Two veth pairs whose names are not UTF-8 (`v\xff`/`w\xfe\xc3`) next to a
/// plain one, with fixed MACs and addresses.
const TOPOLOGY: &[u8] = b"\
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

fn setup(ns: &Ns, script: &[u8]) {
    let out = run(&ns.name, IP, &[b"-batch", b"-"], script);
    assert!(out.status.success(), "setup failed: {}", shown(&out.stderr));
}

fn topology() -> Ns {
    let ns = Ns::new();
    setup(&ns, TOPOLOGY);
    ns
}

/// Routes and rules of `ns` as the real `ip` lists them, lines sorted, IPv6
/// link-local routes left out (they come when duplicate address detection ends).
fn state(ns: &str) -> Vec<u8> {
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
fn same_change(build: fn() -> Ns, args: &[&[u8]], stdin: &[u8]) -> Output {
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

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn unknown_device_is_quoted_byte_for_byte() {
    let ns = topology();
    let out = same_in(&ns.name, &[b"route", b"show", b"dev", b"\xff\xfe"]);
    assert_eq!(out.stderr, b"Cannot find device \"\xff\xfe\"\n");
    same_in(&ns.name, &[b"route", b"flush", b"dev", b"\xff"]);
    same_in(&ns.name, &[b"route", b"get", b"10.9.0.5", b"oif", b"\xc3"]);
    same_in(&ns.name, &[b"route", b"show", b"dev", b"\xf4\x8f\xbf\xbf"]);
    same_in(&ns.name, &[b"-6", b"route", b"show", b"dev", b"a\xffb"]);
}

#[test]
fn garbage_words_and_unknown_objects_and_options() {
    let ns = topology();
    let out = same_in(
        &ns.name,
        &[b"route", b"add", b"10.1.0.0/24", b"to", b"\xff"],
    );
    assert_eq!(
        out.stderr,
        b"Error: either \"to\" is duplicate, or \"\xff\" is a garbage.\n"
    );
    let out = same_in(&ns.name, &[b"\xff"]);
    assert!(out.stderr.starts_with(b"Object \"\xff\" is unknown"));
    same_in(&ns.name, &[b"-\xff", b"route"]);
    same_in(&ns.name, &[b"route", b"\xfe"]);
    same_in(&ns.name, &[b"rule", b"\xfe"]);
    same_in(&ns.name, &[b"route", b"show", b"\xff"]);
    same_in(&ns.name, &[b"route", b"add", b"\xff"]);
    same_in(
        &ns.name,
        &[b"route", b"add", b"10.7.0.0/16", b"via", b"10.9.\xff"],
    );
    same_in(
        &ns.name,
        &[b"route", b"add", b"10.7.0.0/16", b"table", b"\xff"],
    );
    same_in(
        &ns.name,
        &[b"route", b"add", b"10.7.0.0/16", b"proto", b"\xff"],
    );
    same_in(&ns.name, &[b"rule", b"add", b"table", b"\xff"]);
    same_in(&ns.name, &[b"rule", b"add", b"from", b"\xff"]);
    // Text that already holds the code points ipr keeps bytes in.
    same_in(
        &ns.name,
        &[
            b"route",
            b"add",
            b"10.1.0.0/24",
            b"to",
            "\u{10FFFF}".as_bytes(),
        ],
    );
}

#[test]
fn listings_print_device_names_as_bytes() {
    let ns = topology();
    for args in [
        &[&b"route"[..]][..],
        &[b"-d", b"route", b"show"],
        &[b"-o", b"route"],
        &[b"route", b"show", b"dev", b"v\xff"],
        &[b"route", b"show", b"dev", b"w\xfe\xc3"],
        &[b"-j", b"route"],
        &[b"-j", b"-p", b"route"],
        &[b"-j", b"route", b"show", b"dev", b"w\xfe\xc3"],
        &[b"-6", b"route", b"show", b"table", b"local"],
        &[b"route", b"get", b"10.9.0.5"],
        &[b"-j", b"route", b"get", b"10.8.0.9"],
        &[b"route", b"get", b"10.50.1.1", b"oif", b"v\xff"],
        &[
            b"route",
            b"get",
            b"10.1.0.9",
            b"from",
            b"10.9.0.7",
            b"iif",
            b"v\xff",
        ],
        &[b"-c", b"route"],
    ] {
        same_in(&ns.name, args);
    }
    let out = same_in(&ns.name, &[b"-j", b"route"]);
    assert!(contains(&out.stdout, b"\"dev\":\"w\xfe\xc3\""));
}

#[test]
fn route_changes_on_devices_named_in_bytes() {
    same_change(
        topology,
        &[b"route", b"add", b"10.60.0.0/16", b"dev", b"v\xff"],
        b"",
    );
    same_change(
        topology,
        &[
            b"route",
            b"add",
            b"10.61.0.0/16",
            b"via",
            b"10.9.0.2",
            b"dev",
            b"v\xff",
        ],
        b"",
    );
    same_change(
        topology,
        &[
            b"route",
            b"add",
            b"10.62.0.0/16",
            b"nexthop",
            b"via",
            b"10.9.0.2",
            b"dev",
            b"v\xff",
            b"nexthop",
            b"via",
            b"10.8.0.2",
            b"dev",
            b"w\xfe\xc3",
        ],
        b"",
    );
    same_change(
        topology,
        &[
            b"route",
            b"add",
            b"10.63.0.0/16",
            b"nexthop",
            b"dev",
            b"\xff",
        ],
        b"",
    );
    same_change(
        topology,
        &[b"route", b"del", b"10.50.0.0/16", b"dev", b"v\xff"],
        b"",
    );
    same_change(
        topology,
        &[b"route", b"del", b"10.50.0.0/16", b"dev", b"\xff"],
        b"",
    );
    same_change(topology, &[b"route", b"flush", b"dev", b"w\xfe\xc3"], b"");
    same_change(
        topology,
        &[b"route", b"replace", b"10.50.0.0/16", b"dev", b"w\xfe\xc3"],
        b"",
    );
}

#[test]
fn rules_carry_interface_names_as_bytes() {
    let ns = topology();
    for args in [
        &[&b"rule"[..]][..],
        &[b"-j", b"rule"],
        &[b"-j", b"-p", b"rule"],
        &[b"rule", b"list", b"iif", b"\xff\xfe"],
        &[b"rule", b"list", b"oif", b"w\xfe\xc3"],
        &[b"rule", b"list", b"iif", b"\xff"],
    ] {
        same_in(&ns.name, args);
    }
    let change = |args: &[&[u8]]| same_change(topology, args, b"");
    change(&[
        b"rule", b"add", b"iif", b"\xff", b"table", b"5", b"pref", b"10",
    ]);
    change(&[b"rule", b"add", b"oif", b"v\xff", b"table", b"5"]);
    change(&[b"rule", b"del", b"iif", b"\xff\xfe"]);
    change(&[b"rule", b"del", b"iif", b"\xff"]);
    change(&[b"rule", b"flush", b"oif", b"w\xfe\xc3"]);
    // C's isspace, not Unicode's: a no-break space or NEL is part of a name,
    // a vertical tab is not; the length is counted in bytes.
    change(&[b"rule", b"add", b"iif", b"\xc2\xa0", b"table", b"5"]);
    change(&[b"rule", b"add", b"iif", b"a\xc2\x85", b"table", b"5"]);
    change(&[b"rule", b"add", b"iif", b"a\x0bb", b"table", b"5"]);
    change(&[b"rule", b"add", b"oif", &[0xff; 15], b"table", b"5"]);
    change(&[
        b"rule",
        b"add",
        b"suppress_prefixlength",
        b"\xc2\xa07",
        b"table",
        b"8",
    ]);
    change(&[
        b"rule",
        b"add",
        b"suppress_prefixlength",
        b"\x0b7",
        b"table",
        b"8",
    ]);
    change(&[b"rule", b"add", b"oif", &[0xff; 16], b"table", b"5"]);
    change(&[
        b"rule",
        b"add",
        b"iif",
        "ééééééé\u{e9}".as_bytes(),
        b"table",
        b"5",
    ]);
}

/// A batch file named and filled with bytes that are not UTF-8.
fn batch_file(tag: &str, script: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ipr-bytes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut name = OsString::from(tag).into_vec();
    name.extend_from_slice(b"\xff.batch");
    let path = dir.join(OsString::from_vec(name));
    std::fs::write(&path, script).unwrap();
    path
}

fn same_batch(options: &[&[u8]], script: &[u8]) -> Output {
    let path = batch_file(&format!("{:x}", script.len() * 31 + options.len()), script);
    let mut args = options.to_vec();
    args.extend([&b"-batch"[..], path.as_os_str().as_bytes()]);
    let out = same_change(topology, &args, b"");
    // From stdin too.
    let mut args = options.to_vec();
    args.extend([&b"-batch"[..], b"-"]);
    same_change(topology, &args, script);
    out
}

#[test]
fn batch_lines_and_file_names_keep_their_bytes() {
    let out = same_batch(&[], b"route show dev \xff\xfe\nroute show\n");
    assert!(contains(&out.stderr, b"Cannot find device \"\xff\xfe\"\n"));
    assert!(contains(&out.stderr, b"\xff.batch:1\n"));
    same_batch(
        &[b"-force"],
        b"route show dev \xff\xfe\nroute show dev v\xff\n",
    );
    same_batch(
        &[],
        b"route add 10.70.0.0/16 dev v\xff\nroute add 10.71.0.0/16 dev \xff\nroute add 10.72.0.0/16 dev v\xff\n",
    );
    same_batch(
        &[b"-force"],
        b"route add 10.70.0.0/16 dev v\xff\nroute add 10.71.0.0/16 dev \xfe\nroute del 10.50.0.0/16 dev \xff\nroute add 10.72.0.0/16 dev w\xfe\xc3\n",
    );
    same_batch(&[], b"route add 10.73.0.0/16 to \xff\nroute show\n");
    same_batch(&[b"-force"], b"\xff\nroute show dev v\xff\n");
    same_batch(
        &[b"-force"],
        b"rule add iif \xff table 7\nrule del iif \xfe\nrule list iif \xff\n",
    );
    same_batch(&[], b"rule add iif 'a \xff' table 7\n");
    same_batch(&[], b"route show dev \"\xff\xfe\nroute show\n");
    same_batch(&[], b"route show dev \xff\xfe \\\n");
    same_batch(
        &[b"-j"],
        b"route show dev w\xfe\xc3\nrule list oif w\xfe\xc3\n",
    );
    let ns = topology();
    let out = same_in(&ns.name, &[b"-batch", b"/nonexistent/\xff\xfe"]);
    assert!(contains(&out.stderr, b"\"/nonexistent/\xff\xfe\""));
    // A line of another object, handed to the real ip with its bytes.
    same_batch(
        &[b"-force"],
        b"link show dev \xff\nlink show dev v\xff\nroute show dev \xfe\n",
    );
}

#[test]
fn namespace_names_are_bytes() {
    let ns = topology();
    let missing = [&b"-n"[..], b"nope\xff", b"route"];
    let ip = Command::new(IP)
        .args(missing.iter().map(|a| os(a)))
        .output()
        .unwrap();
    let ipr = Command::new(ipr_bin())
        .args(missing.iter().map(|a| os(a)))
        .output()
        .unwrap();
    same_output(&ip, &ipr, "-n nope\\xff route");
    assert!(contains(&ip.stderr, b"\"nope\xff\""));
    // A namespace whose name is not UTF-8, with names files of its own.
    let mut name = ns.name.clone().into_bytes();
    name.push(0xff);
    let name = OsString::from_vec(name);
    let status = Command::new(IP)
        .arg("netns")
        .arg("add")
        .arg(&name)
        .status()
        .unwrap();
    assert!(status.success(), "cannot create a namespace named in bytes");
    let guard = ByteNs(name.clone());
    let etc = PathBuf::from("/etc/netns").join(&name).join("iproute2");
    std::fs::create_dir_all(&etc).unwrap();
    std::fs::write(etc.join("rt_protos"), b"77 pr\xff\n80 \xfe\xfd\n").unwrap();
    let ns_name = name.as_bytes();
    let both = |args: &[&[u8]]| {
        let mut full = vec![&b"-n"[..], ns_name];
        full.extend_from_slice(args);
        let ip = Command::new(IP)
            .args(full.iter().map(|a| os(a)))
            .output()
            .unwrap();
        let ipr = Command::new(ipr_bin())
            .args(full.iter().map(|a| os(a)))
            .output()
            .unwrap();
        same_output(&ip, &ipr, &format!("{:?}", args_shown(&full)));
        ip
    };
    let setup = Command::new(IP)
        .arg("-n")
        .arg(&name)
        .args(["route", "add", "unreachable", "10.5.0.0/16", "proto", "77"])
        .status()
        .unwrap();
    assert!(setup.success());
    let out = both(&[b"route"]);
    assert!(contains(&out.stdout, b"proto pr\xff "));
    both(&[b"-j", b"route"]);
    both(&[b"route", b"show", b"proto", b"pr\xff"]);
    both(&[b"route", b"show", b"proto", b"\xfe\xfd"]);
    both(&[b"route", b"show", b"proto", b"\xfe"]);
    drop(guard);
}

/// A namespace whose name is given as bytes, deleted when dropped.
struct ByteNs(OsString);

impl Drop for ByteNs {
    fn drop(&mut self) {
        let _ = Command::new(IP)
            .arg("netns")
            .arg("del")
            .arg(&self.0)
            .output();
        let _ = std::fs::remove_dir_all(PathBuf::from("/etc/netns").join(&self.0));
    }
}

/// Builds the topology with names files whose entries, corrupted lines and
/// drop-in file names are not UTF-8.
fn with_names() -> Ns {
    let ns = topology();
    let etc = ns.etc_iproute2();
    std::fs::write(
        etc.join("rt_protos"),
        b"77 pr\xff\n78 \xf4\x8f\xbf\xbf\n79 plain\n",
    )
    .unwrap();
    std::fs::write(etc.join("rt_tables"), b"100 t\xe9\n200 \xc3\n").unwrap();
    std::fs::write(etc.join("rt_realms"), b"5 r\xff\n\xff\xfe oops\n6 never\n").unwrap();
    let drop_ins = etc.join("rt_protos.d");
    std::fs::create_dir_all(&drop_ins).unwrap();
    std::fs::write(
        drop_ins.join(OsStr::from_bytes(b"\xff.conf")),
        b"90 dr\xfe\n\xfe bad\n",
    )
    .unwrap();
    setup(
        &ns,
        b"route add 10.40.0.0/16 dev v\xff proto 77 table 100\nroute add 10.41.0.0/16 dev v\xff proto 78 realm 5\nroute add 10.42.0.0/16 dev v\xff proto 90 table 200\n",
    );
    ns
}

#[test]
fn names_files_with_bytes_that_are_not_utf8() {
    let ns = with_names();
    for args in [
        &[&b"route"[..], b"show", b"table", b"all"][..],
        &[b"-j", b"route", b"show", b"table", b"all"],
        &[b"route", b"show", b"table", b"t\xe9"],
        &[b"route", b"show", b"table", b"\xc3"],
        &[b"route", b"show", b"table", b"all", b"proto", b"pr\xff"],
        &[
            b"route",
            b"show",
            b"table",
            b"all",
            b"proto",
            b"\xf4\x8f\xbf\xbf",
        ],
        &[b"route", b"show", b"table", b"all", b"proto", b"dr\xfe"],
        &[b"route", b"show", b"table", b"all", b"realm", b"r\xff"],
        &[b"rule"],
    ] {
        same_in(&ns.name, args);
    }
    let out = same_in(&ns.name, &[b"route", b"show", b"table", b"all"]);
    assert!(contains(&out.stderr, b"corrupted at \xff\xfe oops\n"));
    assert!(contains(
        &out.stderr,
        b"rt_protos.d/\xff.conf is corrupted at \xfe bad\n"
    ));
    same_change(
        with_names,
        &[
            b"route",
            b"add",
            b"10.43.0.0/16",
            b"dev",
            b"w\xfe\xc3",
            b"proto",
            b"pr\xff",
            b"table",
            b"\xc3",
        ],
        b"",
    );
    same_change(
        with_names,
        &[
            b"rule", b"add", b"iif", b"\xff", b"table", b"t\xe9", b"pref", b"5",
        ],
        b"",
    );
}

#[test]
fn other_objects_get_the_bytes_typed() {
    let ns = topology();
    same_in(&ns.name, &[b"link", b"show", b"dev", b"v\xff"]);
    same_in(&ns.name, &[b"-br", b"addr", b"show", b"dev", b"w\xfe\xc3"]);
    same_in(&ns.name, &[b"link", b"show", b"dev", b"\xff\xfe"]);
}

/// `route sync` (ipr's own) reads its file as bytes: devices named in bytes are
/// found, and its plan prints them as they are.
#[test]
fn route_sync_files_keep_their_bytes() {
    let ns = topology();
    let file = batch_file(
        "sync",
        b"10.77.0.0/16 dev v\xff\n10.78.0.0/16 via 10.8.0.2 dev w\xfe\xc3\n",
    );
    let args = [
        &b"route"[..],
        b"sync",
        b"proto",
        b"77",
        file.as_os_str().as_bytes(),
    ];
    let out = run(&ns.name, ipr_bin(), &args, b"");
    assert_eq!(shown(&out.stderr), "");
    assert!(out.status.success());
    let listed = run(&ns.name, IP, &[b"route", b"show", b"proto", b"77"], b"");
    assert_eq!(
        shown(&listed.stdout),
        shown(b"10.77.0.0/16 dev v\xff scope link \n10.78.0.0/16 via 10.8.0.2 dev w\xfe\xc3 \n")
    );
    let plan = run(
        &ns.name,
        ipr_bin(),
        &[
            b"route", b"sync", b"proto", b"77", b"dry-run", b"force", b"-",
        ],
        b"10.77.0.0/16 dev w\xfe\xc3\n",
    );
    assert!(
        contains(&plan.stdout, b"dev w\xfe\xc3"),
        "{}",
        shown(&plan.stdout)
    );
    assert!(
        contains(&plan.stdout, b"dev: v\xff -> w\xfe\xc3\n"),
        "{}",
        shown(&plan.stdout)
    );
}

/// A value in bytes after each keyword that takes one: every refusal quotes it
/// as typed (all of these fail, so one namespace serves both tools).
#[test]
fn refused_values_are_quoted_as_typed() {
    let ns = topology();
    let cases: &[&[&[u8]]] = &[
        &[b"route", b"get", b"10.9.0.5", b"iif", b"\xff"],
        &[b"route", b"get", b"1.2.3.4", b"vrf", b"\xff"],
        &[b"route", b"add", b"1.2.3.0/24", b"via", b"\xff"],
        &[b"route", b"add", b"\xff", b"dev", b"v\xff"],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"congctl",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"realm",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"tos",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"scope",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"metric",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"mtu",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"rtt",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"features",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"vrf",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"encap",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"encap",
            b"mpls",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"encap",
            b"seg6",
            b"mode",
            b"encap",
            b"segs",
            b"\xff",
            b"dev",
            b"v\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"encap",
            b"seg6local",
            b"action",
            b"End.DX2",
            b"oif",
            b"\xff",
            b"dev",
            b"v\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"nexthop",
            b"via",
            b"10.9.0.2",
            b"dev",
            b"v\xff",
            b"weight",
            b"\xff",
        ],
        &[
            b"-6",
            b"route",
            b"add",
            b"2001:db8::/64",
            b"dev",
            b"v\xff",
            b"pref",
            b"\xff",
        ],
        &[b"route", b"show", b"table", b"\xff"],
        &[b"route", b"show", b"vrf", b"\xff"],
        &[b"route", b"flush", b"table", b"\xff"],
        &[b"-f", b"\xff", b"route"],
        &[b"-color=\xff", b"route"],
        &[b"rule", b"add", b"nat", b"\xff"],
        &[b"rule", b"add", b"fwmark", b"\xff"],
        &[b"rule", b"add", b"uidrange", b"\xff"],
        &[b"rule", b"add", b"ipproto", b"\xff"],
        &[b"rule", b"add", b"sport", b"\xff"],
        &[b"rule", b"add", b"dsfield", b"\xff"],
        &[b"rule", b"add", b"tun_id", b"\xff"],
        &[b"rule", b"add", b"goto", b"\xff"],
        &[b"rule", b"add", b"l3mdev", b"\xff"],
        &[b"rule", b"add", b"realms", b"\xff/5"],
        &[b"rule", b"list", b"\xff"],
    ];
    for args in cases {
        let out = same_in(&ns.name, args);
        assert!(!out.status.success(), "{:?} succeeded", args_shown(args));
    }
}
