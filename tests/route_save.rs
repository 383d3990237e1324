//! `ipr route save | restore | showdump` against iproute2: the same binary stream
//! (up to the sequence number and port id of the dumping socket), restores that
//! leave the same routes, cross-tool round trips both ways, and every error.

mod common;

use common::{Comparison, IP, Ns, Scratch, Via, assert_same_for, ipr_bin};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Extra routes saved and restored (no linkdown next hops: the kernel refuses to
/// re-create those, for ip and ipr alike).
const SAVE_ROUTES: &str = "\
route add default via 10.1.0.254
route add 10.9.0.0/16 via 10.1.0.2 proto 77 metric 5
route add 10.10.0.0/16 via 10.1.0.2 mtu 1400 advmss 1200
route add 10.11.0.0/16 nexthop via 10.1.0.2 weight 2 nexthop via 10.2.0.2
route add 10.12.0.0/16 dev va src 10.1.0.1 proto 78
route add blackhole 10.30.0.0/16
route add unreachable 10.31.0.0/16 table 100
route add 10.32.0.0/16 via 10.1.0.3 table 100 proto 77
route add 2001:db8:5::/48 via 2001:db8:1::2 pref high
route add 2001:db8:6::/48 via 2001:db8:1::2 proto 77 metric 77
route add unreachable 2001:db8:8::/48
";

/// Interfaces and addresses only, both veth pairs up so no next hop is linkdown.
fn base() -> Ns {
    let ns = common::minimal();
    ns.ip("link set vd up");
    ns
}

fn full() -> Ns {
    let ns = base();
    ns.batch(SAVE_ROUTES);
    ns
}

/// `TOOL -n NS ARGS` with stdin from `input` (or nothing).
fn run(tool: &str, ns: &Ns, args: &[&str], input: Option<&Path>) -> Output {
    match input {
        Some(path) => common::run_with_stdin_file(ns, tool, args, path),
        None => common::run_tool(ns, tool, args, Via::NetnsOption),
    }
}

/// The routes of `ns`, as a set.
fn state(ns: &Ns) -> BTreeSet<String> {
    common::route_lines(ns).into_iter().collect()
}

/// A set of routes as text, one line each.
fn lines(routes: &BTreeSet<String>) -> String {
    routes.iter().map(|l| format!("{l}\n")).collect()
}

/// `save ARGS` through both tools: same stream, same stderr and status.
fn assert_same_save(args: &[&str]) {
    let ns = full();
    let mut argv = vec!["route", "save"];
    argv.extend_from_slice(args);
    let ip = run(IP, &ns, &argv, None);
    let ipr = run(ipr_bin(), &ns, &argv, None);
    assert_same_stream(&argv, &ip, &ipr);
}

/// The same stream (up to the dumping socket's sequence numbers and port id),
/// stderr and status.
#[track_caller]
fn assert_same_stream(argv: &[&str], ip: &Output, ipr: &Output) {
    Comparison::new(ip, ipr)
        .what(format!("{argv:?}"))
        .stdout_as(common::stream::stream_text)
        .check();
}

#[test]
fn save_main() {
    assert_same_save(&[]);
}

#[test]
fn save_table_all() {
    assert_same_save(&["table", "all"]);
}

#[test]
fn save_proto() {
    assert_same_save(&["proto", "77", "table", "all"]);
}

#[test]
fn save_table_100() {
    assert_same_save(&["table", "100"]);
}

#[test]
fn save_dev() {
    assert_same_save(&["dev", "va"]);
}

#[test]
fn save_prefix() {
    assert_same_save(&["root", "10.8.0.0/13"]);
}

#[test]
fn save_bad_selector_keeps_magic() {
    assert_same_save(&["foo"]);
}

#[test]
fn save_missing_table() {
    assert_same_save(&["table", "999"]);
}

#[test]
fn save_no_device() {
    assert_same_save(&["dev", "nosuch"]);
}

#[test]
fn save_ipv6() {
    let ns = full();
    let argv = ["-6", "route", "save"];
    let ip = run(IP, &ns, &argv, None);
    let ipr = run(ipr_bin(), &ns, &argv, None);
    assert_same_stream(&argv, &ip, &ipr);
}

/// A stream saved by `ip`, shown by both tools in several modes.
#[test]
fn showdump_modes() {
    let ns = full();
    let saved = run(IP, &ns, &["route", "save", "table", "all"], None);
    let file = Scratch::write(&saved.stdout);
    for mode in [
        &["route", "showdump"][..],
        &["-4", "route", "showdump"],
        &["-6", "route", "showdump"],
        &["-d", "route", "showdump"],
        &["-j", "route", "showdump"],
        &["-o", "route", "showdump"],
        &["-N", "-d", "route", "showdump"],
        &["-c=always", "route", "showdump"],
        &["-c=always", "-j", "route", "showdump"],
    ] {
        let ip = run(IP, &ns, mode, Some(file.path()));
        let ipr = run(ipr_bin(), &ns, mode, Some(file.path()));
        assert_same_for(format!("{mode:?}"), &ip, &ipr);
    }
}

/// Saves with `saver` from a full namespace, restores with each tool into a bare
/// one, and compares what each tool printed and the routes each left.
fn round_trip(saver: &str, args: &[&str]) {
    let source = full();
    let mut argv = args.to_vec();
    argv.extend(["route", "save", "table", "all"]);
    let saved = run(saver, &source, &argv, None);
    assert!(saved.status.success());
    let file = Scratch::write(&saved.stdout);
    let (ns_ip, ns_ipr) = (base(), base());
    let ip = run(IP, &ns_ip, &["route", "restore"], Some(file.path()));
    let ipr = run(ipr_bin(), &ns_ipr, &["route", "restore"], Some(file.path()));
    Comparison::new(&ip, &ipr)
        .what("route restore")
        .without_stdout()
        .check();
    common::assert_same_kernel_state(
        "route restore",
        lines(&state(&ns_ip)),
        lines(&state(&ns_ipr)),
    );
    // And the restore really brought every route back (IPv6 local routes also
    // come back a second time with metric 1024: the kernel's doing, for ip too).
    let missing: Vec<_> = state(&source)
        .difference(&state(&ns_ipr))
        .cloned()
        .collect();
    assert!(missing.is_empty(), "not restored: {missing:?}");
}

#[test]
fn ip_save_ipr_restore() {
    round_trip(IP, &[]);
}

#[test]
fn ipr_save_ip_restore() {
    round_trip(ipr_bin(), &[]);
}

/// Restoring over routes that exist: "File exists" for each, exit 0.
#[test]
fn restore_existing_routes() {
    let (ns_ip, ns_ipr) = (full(), full());
    let saved = run(IP, &ns_ip, &["route", "save"], None);
    let file = Scratch::write(&saved.stdout);
    let ip = run(IP, &ns_ip, &["route", "restore"], Some(file.path()));
    let ipr = run(ipr_bin(), &ns_ipr, &["route", "restore"], Some(file.path()));
    Comparison::new(&ip, &ipr)
        .what("route restore over existing routes")
        .without_stdout()
        .check();
    common::assert_same_kernel_state(
        "route restore over existing routes",
        lines(&state(&ns_ip)),
        lines(&state(&ns_ipr)),
    );
}

/// A stream whose restore the kernel refuses part-way (a linkdown next hop).
#[test]
fn restore_refused_route() {
    let source = common::minimal();
    source.ip("route add 10.11.0.0/16 nexthop via 10.1.0.2 nexthop via 10.2.0.2 dev vc");
    let saved = run(IP, &source, &["route", "save"], None);
    let file = Scratch::write(&saved.stdout);
    let (ns_ip, ns_ipr) = (common::minimal(), common::minimal());
    let ip = run(IP, &ns_ip, &["route", "restore"], Some(file.path()));
    let ipr = run(ipr_bin(), &ns_ipr, &["route", "restore"], Some(file.path()));
    Comparison::new(&ip, &ipr)
        .what("refused restore")
        .without_stdout()
        .check();
    assert_eq!(ip.status.code(), Some(2));
}

/// Bad input for restore and showdump: same message, same status.
#[test]
fn bad_streams() {
    let good = run(IP, &full(), &["route", "save"], None).stdout;
    let mut malformed = good[..4].to_vec();
    malformed.extend_from_slice(&8u32.to_ne_bytes());
    malformed.extend_from_slice(&[0u8; 12]);
    let mut huge = good[..4].to_vec();
    huge.extend_from_slice(&0x9000u32.to_ne_bytes());
    huge.extend_from_slice(&[0u8; 12]);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("short magic", b"ab".to_vec()),
        ("wrong magic", b"abcd".to_vec()),
        ("magic only", good[..4].to_vec()),
        ("half header", good[..10].to_vec()),
        ("half message", good[..30].to_vec()),
        ("cut after first", good[..good.len() - 4].to_vec()),
        ("short length", malformed),
        ("huge length", huge),
    ];
    for (what, bytes) in cases {
        let file = Scratch::write(&bytes);
        for verb in ["showdump", "restore"] {
            // A restore changes its namespace: each tool gets a fresh one.
            let (ns_ip, ns_ipr) = (base(), base());
            let ip = run(IP, &ns_ip, &["route", verb], Some(file.path()));
            let ipr = run(ipr_bin(), &ns_ipr, &["route", verb], Some(file.path()));
            assert_same_for(format!("{verb} of {what}"), &ip, &ipr);
        }
    }
}

/// iproute2 reads a restore stream three times, so a pipe is refused.
#[test]
fn restore_from_pipe_is_refused() {
    let ns = base();
    let good = run(IP, &full(), &["route", "save"], None).stdout;
    let outputs: Vec<Output> = [IP, ipr_bin()]
        .into_iter()
        .map(|tool| common::run_with_stdin(&ns, tool, &["route", "restore"], good.clone()))
        .collect();
    Comparison::new(&outputs[0], &outputs[1])
        .what("restore from a pipe")
        .without_stdout()
        .check();
}

/// The binary stream is never written to, nor read from, a terminal.
#[test]
fn terminal_refused() {
    let ns = base();
    for verb in ["save", "restore", "showdump"] {
        let mut results = Vec::new();
        for tool in [IP, ipr_bin()] {
            let out = Command::new("script")
                .args([
                    "-qec",
                    &format!("{tool} -n {} route {verb}", ns.name),
                    "/dev/null",
                ])
                .stdin(Stdio::null())
                .output()
                .expect("script(1) from util-linux is needed");
            results.push(out);
        }
        // (What the tools wrote to the terminal is script(1)'s stdout.)
        assert_same_for(verb, &results[0], &results[1]);
        assert_eq!(results[0].status.code(), Some(1));
    }
}
