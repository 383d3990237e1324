//! Faults and concurrent change: a closed stdout, dumps racing with route changes,
//! hostile argument values. Nothing may panic, hang, or print a half record.

mod common;

use common::{IP, Ns, Via, ipr_bin, run_tool};
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
        common::assert_same(&ns, args);
    }
}
