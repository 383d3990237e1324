//! ipr installed as `ip`: a symlink named `ip` to ipr, first on PATH, must answer
//! every object exactly as iproute2's `ip` does, by handing the objects it does not
//! implement to the real tool (found on PATH past itself). Each case runs the same
//! argv through the symlink and through `/usr/sbin/ip`.

mod common;

use common::{IP, Ns, assert_same_for, ipr_bin, route_state};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A directory holding `ip` (a symlink to ipr, or a copy), removed when dropped.
struct Shim {
    dir: PathBuf,
}

impl Shim {
    fn new(tag: &str, copy: bool) -> Shim {
        let dir = std::env::temp_dir().join(format!("ipr-shim-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        if copy {
            std::fs::copy(ipr_bin(), dir.join("ip")).unwrap();
        } else {
            std::os::unix::fs::symlink(ipr_bin(), dir.join("ip")).unwrap();
        }
        Shim { dir }
    }

    fn ip(&self) -> PathBuf {
        self.dir.join("ip")
    }
}

impl Drop for Shim {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `PATH` with `dirs` in front of the test's own.
fn path_with(dirs: &[&Path]) -> String {
    let mut parts: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    parts.push(std::env::var("PATH").unwrap_or_else(|_| "/usr/sbin:/usr/bin".into()));
    parts.join(":")
}

/// Runs `tool ARGS` with `PATH`, `stdin` as input, and a 20 s limit (a hand-over
/// loop would otherwise hang the suite).
fn run(tool: &Path, path: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(tool)
        .args(args)
        .env("PATH", path)
        .env_remove("IPR_IP")
        .env_remove("IPR_HANDED_OVER")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let text = stdin.to_string();
    std::thread::spawn(move || {
        let _ = input.write_all(text.as_bytes());
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{} {args:?} did not end: a hand-over loop?", tool.display());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

/// `ip -n NS ARGS` through the shim and through the real ip, in one namespace.
#[track_caller]
fn same(ns: &Ns, args: &[&str]) {
    let shim = Shim::new(&ns.name, false);
    let path = path_with(&[&shim.dir]);
    let mut argv = vec!["-n", &ns.name];
    argv.extend(args);
    let ip = run(Path::new(IP), &path, &argv, "");
    let through = run(&shim.ip(), &path, &argv, "");
    assert_same_for(format!("{argv:?}"), &ip, &through);
}

#[test]
fn addr() {
    let ns = common::minimal();
    same(&ns, &["addr"]);
    same(&ns, &["a", "show", "dev", "va"]);
    same(&ns, &["-4", "-o", "address", "show"]);
}

#[test]
fn link() {
    let ns = common::minimal();
    same(&ns, &["link"]);
    same(&ns, &["-d", "link", "show", "vb"]);
    same(&ns, &["-s", "-s", "l", "show", "lo"]);
}

#[test]
fn json_addr() {
    let ns = common::minimal();
    same(&ns, &["-j", "addr"]);
    same(&ns, &["-j", "-p", "addr", "show", "dev", "vc"]);
}

#[test]
fn missing_device() {
    let ns = common::minimal();
    same(&ns, &["addr", "show", "dev", "nosuch"]);
    same(&ns, &["link", "set", "nosuch", "up"]);
    same(&ns, &["addr", "add", "10.9.9.9/24", "dev", "nosuch"]);
}

#[test]
fn other_objects_and_usage() {
    let ns = common::minimal();
    same(&ns, &["neigh"]);
    same(&ns, &["netconf", "show", "dev", "lo"]);
    same(&ns, &["addr", "frobnicate"]);
    same(&ns, &["foo"]);
    same(&ns, &["help"]);
    same(&ns, &[]); // bare `ip -n NS`: usage
    // ipr's own objects stay ipr's.
    same(&ns, &["route"]);
    same(&ns, &["-d", "rule"]);
}

/// The same batch through the shim and through the real ip, in two namespaces
/// built the same way: output, status and the routes and addresses left behind.
#[track_caller]
fn same_batch(options: &[&str], script: &str) {
    let a = common::minimal();
    let b = common::minimal();
    let shim = Shim::new(&b.name, false);
    let path = path_with(&[&shim.dir]);
    let argv = |ns: &Ns| {
        let mut v = vec!["-n".to_string(), ns.name.clone()];
        v.extend(options.iter().map(|s| s.to_string()));
        v.extend(["-batch".to_string(), "-".to_string()]);
        v
    };
    let (va, vb) = (argv(&a), argv(&b));
    let va: Vec<&str> = va.iter().map(String::as_str).collect();
    let vb: Vec<&str> = vb.iter().map(String::as_str).collect();
    let ip = run(Path::new(IP), &path, &va, script);
    let through = run(&shim.ip(), &path, &vb, script);
    assert_same_for(format!("{options:?} {script:?}"), &ip, &through);
    common::assert_same_kernel_state(
        format!("routes after {script:?}"),
        route_state(&a),
        route_state(&b),
    );
    let addrs = |ns: &Ns| {
        let out = run(Path::new(IP), &path, &["-n", &ns.name, "-o", "addr"], "");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert_eq!(addrs(&b), addrs(&a), "addresses after {script:?}");
}

const MIXED: &str = "\
route add 10.50.0.0/16 via 10.1.0.2
addr add 10.60.0.1/24 dev va
addr show dev va
route show 10.50.0.0/16
addr add 10.61.0.1/24 dev nosuch
route add 10.51.0.0/16 via 10.1.0.2
link set dev va alias uplink
link show va
addr add 10.60.0.1/24 dev va
route
";

#[test]
fn batch_mixing_route_and_addr() {
    same_batch(&[], MIXED);
}

#[test]
fn batch_with_force_and_options() {
    same_batch(&["-force"], MIXED);
    same_batch(&["-j", "-force"], MIXED);
    same_batch(&["-4", "-o"], "addr show\nroute show\n");
}

#[test]
fn batch_syntax_error_of_another_object_ends_it() {
    same_batch(
        &["-force"],
        "addr add 10.62.0.1/24 dev va\naddr add bogus dev va\nroute add 10.52.0.0/16 via 10.1.0.2\n",
    );
    same_batch(
        &[],
        "link frobnicate\nroute add 10.53.0.0/16 via 10.1.0.2\n",
    );
}

#[test]
fn quoted_words_reach_ip_intact() {
    same_batch(
        &["-force"],
        "addr add 10.63.0.1/24 dev va label 'va:x y'\naddr show dev va\n",
    );
}

#[test]
fn ipr_never_takes_itself_for_ip() {
    let shim = Shim::new("self", false);
    let path = path_with(&[&shim.dir]);
    // IPR_IP naming ipr itself: refused, no loop.
    let out = Command::new(shim.ip())
        .args(["addr"])
        .env("PATH", &path)
        .env("IPR_IP", shim.ip())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is ipr itself"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn two_copies_of_ipr_do_not_loop() {
    // Two copies (different files) named ip, both ahead of the real one: each
    // skips the other once it has handed over, and the real ip answers.
    let ns = common::minimal();
    let (one, two) = (Shim::new("copy1", true), Shim::new("copy2", true));
    let path = path_with(&[&one.dir, &two.dir]);
    let argv = ["-n", ns.name.as_str(), "-o", "link", "show", "va"];
    let ip = run(Path::new(IP), &path, &argv, "");
    let through = run(&one.ip(), &path, &argv, "");
    assert_same_for("copies", &ip, &through);
}

#[test]
fn table_view_is_for_routes_and_rules() {
    let out = Command::new(ipr_bin())
        .args(["-table", "addr"])
        .output()
        .unwrap();
    common::assert_exit(
        &out,
        255,
        "Error: -table applies to route and rule listings only.\n",
    );
}
