//! `-table`: bounded memory on large tables, the terminal's width, ASCII unless
//! the terminal is UTF-8, multipath legs with weights and flags, and `-j` refused.

mod common;

use common::{Ns, Via, ipr_bin, run_tool};
use std::io::Read;
use std::process::{Command, Stdio};

/// Runs `ipr -n NS ARGS` with extra environment; stdout, stderr, status.
fn ipr(ns: &Ns, env: &[(&str, &str)], args: &[&str]) -> (String, String, Option<i32>) {
    let out = Command::new(ipr_bin())
        .args(["-n", &ns.name])
        .args(args)
        .env_remove("COLUMNS")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

#[test]
fn multipath_legs_show_weights_and_flags() {
    let ns = common::minimal();
    ns.ip("route add 10.12.0.0/16 nexthop via 10.1.0.2 weight 3 nexthop via 10.2.0.2 dev vc weight 1 onlink");
    let (text, _, status) = ipr(&ns, &[], &["-table", "route", "show", "10.12.0.0/16"]);
    assert_eq!(status, Some(0));
    let lines: Vec<&str> = text.lines().collect();
    // Each leg on its own line: gateway, device, weight, flags side by side.
    let first = lines.iter().find(|l| l.contains("10.1.0.2")).unwrap();
    let second = lines.iter().find(|l| l.contains("10.2.0.2")).unwrap();
    let cells = |l: &str| -> Vec<String> { l.split('|').map(|c| c.trim().to_string()).collect() };
    let header = cells(lines[1]);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(cells(first)[column("weight")], "3", "{text}");
    assert_eq!(cells(second)[column("weight")], "1", "{text}");
    assert_eq!(cells(second)[column("device")], "vc", "{text}");
    // vc's peer is down: the kernel adds linkdown to that leg.
    assert_eq!(cells(second)[column("flags")], "onlink,linkdown", "{text}");
    assert_eq!(cells(first)[column("destination")], "10.12.0.0/16");
}

#[test]
fn ascii_into_a_pipe_and_fits_columns() {
    let ns = common::standard();
    for width in ["60", "80", "120"] {
        let (text, _, status) = ipr(
            &ns,
            &[("COLUMNS", width), ("LANG", "C.UTF-8")],
            &["-table", "route", "show", "table", "all"],
        );
        assert_eq!(status, Some(0));
        assert!(text.is_ascii(), "not ASCII into a pipe:\n{text}");
        assert!(text.starts_with("+-"), "{text}");
        let limit: usize = width.parse().unwrap();
        for line in text.lines() {
            assert!(line.len() <= limit, "wider than {width}: {line:?}\n{text}");
        }
        // Nothing lost to the width: destinations are there (maybe wrapped).
        assert!(text.contains("| 10.10.0.0"), "{text}");
        assert!(text.contains("10.1.0.2 "), "{text}");
    }
    let (text, _, _) = ipr(&ns, &[("COLUMNS", "50")], &["-table", "rule"]);
    assert!(text.lines().all(|l| l.len() <= 50), "{text}");
    assert!(text.contains("fwmark"), "{text}");
}

/// Runs ipr under a pseudo-terminal (util-linux `script`) with `env`.
fn on_terminal(ns: &Ns, env: &str) -> String {
    let command = format!(
        "env {env} COLUMNS=100 {} -n {} -table rule",
        ipr_bin(),
        ns.name
    );
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("script (util-linux) runs a command on a pseudo-terminal");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn unicode_only_on_a_utf8_terminal() {
    let ns = common::minimal();
    let text = on_terminal(&ns, "LC_ALL= LC_CTYPE= LANG=C.UTF-8");
    assert!(text.contains('┌') && text.contains('│'), "{text}");
    let text = on_terminal(&ns, "LC_ALL=C LANG=C.UTF-8");
    assert!(text.is_ascii() && text.contains("+-"), "{text}");
}

#[test]
fn json_is_refused() {
    for args in [
        &["-table", "-j", "route"][..],
        &["-j", "-table", "rule"][..],
        &["-table", "-json", "-p", "route", "show"][..],
    ] {
        let out = Command::new(ipr_bin()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(255), "{args:?}");
        assert!(out.stdout.is_empty());
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "Error: -table and -json cannot be used together.\n"
        );
    }
}

/// Peak resident memory (KiB) and output of `ipr ARGS`, via wait4's rusage.
// The child is reaped by wait4 itself (std's wait would not give its rusage).
#[allow(clippy::zombie_processes)]
fn peak_rss(args: &[&str]) -> (i64, usize, std::collections::BTreeSet<usize>, i32) {
    let mut child = Command::new(ipr_bin())
        .args(args)
        .env_remove("COLUMNS")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut lines = 0;
        let mut widths = std::collections::BTreeSet::new();
        let mut buf = Vec::new();
        let mut chunk = vec![0u8; 1 << 16];
        loop {
            let n = stdout.read(&mut chunk).unwrap();
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
            while let Some(end) = buf.iter().position(|&b| b == b'\n') {
                widths.insert(end);
                lines += 1;
                buf.drain(..=end);
            }
        }
        (lines, widths)
    });
    let mut status = 0;
    // SAFETY: a zeroed rusage filled by wait4 for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(rc, pid);
    let (lines, widths) = reader.join().unwrap();
    (usage.ru_maxrss, lines, widths, libc::WEXITSTATUS(status))
}

#[test]
fn two_hundred_thousand_routes_in_bounded_memory() {
    const ROUTES: usize = 200_000;
    let ns = common::minimal();
    // Loaded with ipr's pipelined batch: a few seconds where `ip -batch` takes
    // far longer.
    let mut script = String::with_capacity(ROUTES * 40);
    for i in 0..ROUTES {
        let (a, b, c) = (i >> 16, (i >> 8) & 0xff, i & 0xff);
        script.push_str(&format!(
            "route add 10.{}.{b}.{c}/32 via 10.1.0.2\n",
            100 + a
        ));
    }
    script.push_str(
        "route add 10.99.0.0/16 nexthop via 10.1.0.2 weight 7 nexthop via 10.2.0.2 dev vc\n",
    );
    let loaded = common::run_with_stdin(&ns, ipr_bin(), &["-batch", "-"], script.as_bytes());
    assert!(loaded.status.success(), "loading the routes");
    drop(script);

    let (rss_kib, lines, widths, status) = peak_rss(&["-n", &ns.name, "-table", "route"]);
    assert_eq!(status, 0);
    assert!(lines > ROUTES, "{lines} lines");
    assert_eq!(
        widths.len(),
        1,
        "every line as wide as the others: {widths:?}"
    );
    assert!(
        rss_kib < 64 * 1024,
        "-table at {ROUTES} routes peaked at {} MiB",
        rss_kib / 1024
    );
    // Plain listing still the same as ip's at this size.
    let ip = run_tool(&ns, common::IP, &["route"], Via::NetnsOption);
    let ipr = run_tool(&ns, ipr_bin(), &["route"], Via::NetnsOption);
    common::assert_same(&ip, &ipr);
}
