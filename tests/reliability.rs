//! Faults and concurrent change: a closed stdout, dumps racing with route changes,
//! hostile argument values. Nothing may panic, hang, or print a half record.

mod common;

use common::{Comparison, IP, Ns, Scratch, Via, assert_same_for, ipr_bin, run_tool};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn many_routes(ns: &Ns, count: usize) {
    let mut script = String::with_capacity(count * 48);
    for i in 0..count {
        script.push_str(&format!(
            "route add 172.{}.{}.{}/32 via 10.1.0.2 proto 77\n",
            16 + i / 65536,
            (i / 256) % 256,
            i % 256
        ));
    }
    ns.batch(&script);
}

#[test]
fn closed_stdout_exits_quietly() {
    let ns = common::minimal();
    many_routes(&ns, 5000);
    let mut statuses = Vec::new();
    for tool in [IP, ipr_bin()] {
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "{tool} -n {} route show | head -1; echo \"${{PIPESTATUS[0]}}\"",
                ns.name
            ))
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(
            out.stderr.is_empty(),
            "{tool}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        let (first, status) = text.split_once('\n').unwrap();
        assert!(first.starts_with("10.1.0.0/24"), "{tool}: {text}");
        statuses.push(status.to_string());
    }
    // Both end the same way (killed by SIGPIPE, as a C program is).
    assert_eq!(statuses[0], statuses[1]);
}

/// Every line of a route listing is a complete record.
fn assert_complete_lines(text: &str) {
    for line in text.lines() {
        assert!(
            line.ends_with(' ')
                || line.ends_with("medium")
                || line.ends_with("high")
                || line.ends_with("low"),
            "half-printed line: {line:?}"
        );
    }
}

#[test]
fn dump_while_routes_change() {
    let ns = common::minimal();
    many_routes(&ns, 20000);
    // A writer adds and deletes routes while we list.
    let mut writer = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "i=0; while [ $i -lt 400 ]; do ip -n {0} route add 192.168.{1}.0/24 via 10.1.0.2 2>/dev/null; \
             ip -n {0} route del 192.168.{1}.0/24 2>/dev/null; i=$((i+1)); done",
            ns.name, "$((i % 200))"
        ))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut runs = 0;
    while writer.try_wait().unwrap().is_none() && started.elapsed() < Duration::from_secs(30) {
        for args in [&["route", "show"][..], &["-j", "route", "show"][..]] {
            let out = run_tool(&ns, ipr_bin(), args, Via::NetnsOption);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.is_empty() || err == "Dump was interrupted and may be inconsistent.\n",
                "unexpected stderr: {err}"
            );
            let text = String::from_utf8_lossy(&out.stdout);
            if args[0] == "-j" {
                assert!(
                    text.starts_with('[') && text.ends_with("]\n"),
                    "broken JSON"
                );
            } else {
                assert_complete_lines(&text);
            }
            runs += 1;
        }
    }
    let _ = writer.kill();
    let _ = writer.wait();
    assert!(runs > 0);
}

#[test]
fn hostile_values_get_iproute2_errors() {
    let ns = common::minimal();
    let long = "9".repeat(100_000);
    let cases: Vec<Vec<&str>> = vec![
        vec!["route", "show", "table", &long],
        vec!["route", "show", "proto", "-1"],
        vec!["route", "show", "metric", "-0"],
        vec!["route", "show", "10.0.0.0/-1"],
        vec!["route", "show", ""],
        vec!["route", "show", "dev", ""],
        vec!["rule", "list", "pref", "99999999999999999999"],
        vec!["rule", "add", "pref", "-1", "table", "5"],
        vec!["rule", "add", "fwmark", "/", "table", "5"],
        vec!["rule", "add", "from", "/", "table", "5"],
        vec!["-n", "../etc", "route"],
        vec!["-n", "a/b", "route"],
    ];
    for args in &cases {
        common::assert_same_argv(&ns, args);
    }
}

#[test]
fn huge_names_file_and_non_utf8_bytes() {
    // A names file of a million lines (with non-UTF-8 names) is read as iproute2
    // reads it; argv with non-UTF-8 bytes gets iproute2's error, not a panic.
    let ns = common::standard();
    let mut text = Vec::with_capacity(20_000_000);
    for i in 0..1_000_000u32 {
        text.extend_from_slice(format!("{} name{}\n", 1000 + i, i).as_bytes());
    }
    text.extend_from_slice(b"200 caf\xe9\n");
    let dir = ns.etc_iproute2();
    std::fs::write(dir.join("rt_tables"), &text).unwrap();
    // Byte for byte: the name's non-UTF-8 byte is printed as it is, by both.
    for args in [
        &["route", "show", "table", "all"][..],
        &["route", "show", "table", "name5"],
    ] {
        let ip = run_tool(&ns, IP, args, Via::NetnsExec);
        let ipr = run_tool(&ns, ipr_bin(), args, Via::NetnsExec);
        assert_same_for(format!("{args:?}"), &ip, &ipr);
    }
    use std::os::unix::ffi::OsStrExt;
    let bad = std::ffi::OsStr::from_bytes(b"t\xffble");
    for tool in [IP, ipr_bin()] {
        let out = Command::new(tool)
            .args(["-n", &ns.name, "route", "show"])
            .arg(bad)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{tool}");
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn megabyte_batch_line() {
    // One batch line of several megabytes: iproute2 stops at 100 words.
    let ns = common::minimal();
    let line = format!(
        "route add 10.9.0.0/16 via 10.1.0.2 {}\n",
        "metric 5 ".repeat(400_000)
    );
    for tool in [IP, ipr_bin()] {
        let out = common::run_with_stdin(&ns, tool, &["-batch", "-"], line.as_bytes());
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "Too many arguments to command\n",
            "{tool}"
        );
        assert_eq!(out.status.code(), Some(1), "{tool}");
    }
}

#[test]
fn flush_under_concurrent_adds_removes_exactly_its_routes() {
    // While another process adds proto 78 routes, flushing proto 77 removes every
    // proto 77 route and no proto 78 route.
    let ns = common::minimal();
    many_routes(&ns, 20000);
    let mut writer = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "for i in $(seq 0 199); do echo \"route add 192.168.$i.0/24 via 10.1.0.2 proto 78\"; done | ip -n {} -batch -",
            ns.name
        ))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = run_tool(
        &ns,
        ipr_bin(),
        &["route", "flush", "proto", "77"],
        Via::NetnsOption,
    );
    let _ = writer.wait();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let left = run_tool(&ns, IP, &["route", "show", "proto", "77"], Via::NetnsOption);
    assert!(left.stdout.is_empty(), "proto 77 routes left");
    let others = run_tool(&ns, IP, &["route", "show", "proto", "78"], Via::NetnsOption);
    assert_eq!(String::from_utf8_lossy(&others.stdout).lines().count(), 200);
}

#[test]
fn netns_is_entered_the_moment_it_is_read() {
    // iproute2 switches namespace when it reads `-n`, so a bad name fails before
    // any later option (another -n, -V, an unknown option) is looked at; a
    // missing name is C's "(null)"; NAME is appended to the run directory as
    // text, so an absolute path is not a way around it.
    let ns = common::minimal();
    let absolute = format!("/var/run/netns/{}", ns.name);
    let cases: Vec<Vec<&str>> = vec![
        vec!["-n", "ipr-no-such-ns", "-n", &ns.name, "rule"],
        vec!["-n", "ipr-no-such-ns", "-V"],
        vec!["-n", "ipr-no-such-ns", "-bogus", "rule"],
        vec!["-n", "ipr-no-such-ns"],
        vec!["-n", &ns.name, "-n"],
        vec!["-netns"],
        vec!["-n", &absolute, "rule"],
    ];
    for args in &cases {
        common::assert_same_argv_via(&ns, args, Via::NetnsExec);
    }
}

#[test]
fn batch_lines_end_at_nul_and_help_ends_the_batch() {
    // A batch line is a C string to iproute2: it ends at a NUL byte. `help` ends
    // the whole run with the usage text (ipr's own) and status 255, even with
    // -force.
    let ns = common::minimal();
    let file = Scratch::write(
        b"rule add pref 10 table 10\n\0rule show\nrule show\0junk\nhelp\nrule show\n",
    );
    let file = file.arg();
    for force in [false, true] {
        let mut args = vec!["-batch", file];
        if force {
            args.insert(0, "-force");
        }
        let ip = run_tool(&ns, IP, &args, Via::NetnsOption);
        ns.ip("rule del pref 10");
        let ipr = run_tool(&ns, ipr_bin(), &args, Via::NetnsOption);
        ns.ip("rule del pref 10");
        // The usage text on stderr is ipr's own.
        Comparison::new(&ip, &ipr)
            .what(format!("{args:?}"))
            .without_stderr()
            .check();
        assert_eq!(ipr.status.code(), Some(255));
    }
}
