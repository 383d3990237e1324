//! The differential harness: throw-away network namespaces, the same argv run through
//! the real `ip` and through `ipr`, and byte-for-byte comparison of stdout, stderr and
//! exit status (`compare`). Needs root; a namespace that cannot be created fails the
//! test (it is never skipped).

#![allow(dead_code, unused_imports)]

mod compare;
pub mod rng;
mod scratch;
pub mod stream;
pub mod sync;

pub use compare::{
    Comparison, assert_exit, assert_same, assert_same_for, assert_same_kernel_state,
    assert_unchanged, mask_expiry, normalise,
};
pub use scratch::Scratch;

pub mod bytes;

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub const IP: &str = "/usr/sbin/ip";

pub fn ipr_bin() -> &'static str {
    env!("CARGO_BIN_EXE_ipr")
}

/// A network namespace that exists for one test and is deleted when dropped, with
/// its `/etc/netns/NAME` directory (per-namespace names files).
pub struct Ns {
    pub name: String,
}

impl Ns {
    pub fn new() -> Ns {
        let ns = Ns::pristine();
        ns.ip("link set lo up");
        // No duplicate address detection: IPv6 addresses (link-local ones too) are
        // usable at once, so routes do not appear later in the middle of a test.
        let status = Command::new(IP)
            .args(["netns", "exec", &ns.name, "sysctl", "-qw"])
            .args([
                "net.ipv6.conf.all.accept_dad=0",
                "net.ipv6.conf.default.accept_dad=0",
            ])
            .status()
            .expect("sysctl");
        assert!(status.success(), "cannot turn off DAD in {}", ns.name);
        ns
    }

    /// A namespace exactly as `ip netns add` leaves it: `lo` down, no routing
    /// table created yet (the kernel creates IPv4's main and local tables with
    /// their first route), default rules only.
    pub fn pristine() -> Ns {
        let name = format!(
            "iprt{}x{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let out = Command::new(IP)
            .args(["netns", "add", &name])
            .output()
            .expect("cannot run ip: install iproute2");
        assert!(
            out.status.success(),
            "cannot create network namespace {name} (tests need root): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Ns { name }
    }

    /// Runs `ip -n NS ARGS` (whitespace-split) and insists it succeeds.
    pub fn ip(&self, args: &str) {
        let mut argv = vec!["-n", &self.name];
        argv.extend(args.split_whitespace());
        let out = Command::new(IP).args(&argv).output().unwrap();
        assert!(
            out.status.success(),
            "setup failed: ip {}: {}",
            argv.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Runs many `ip` lines at once (`ip -n NS -batch -`), insisting all succeed.
    pub fn batch(&self, script: &str) {
        self.batch_with(&[], script);
    }

    /// Like `batch`, with global options (`-6` for IPv6 rules).
    pub fn batch_with(&self, options: &[&str], script: &str) {
        let mut child = Command::new(IP)
            .args(["-n", &self.name])
            .args(options)
            .args(["-batch", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(script.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "setup batch failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Waits (up to 5 s) until every IPv6 address of the namespace has its `local`
    /// route, and va and vb their link-local addresses: the kernel adds them
    /// asynchronously (after carrier comes up), so two namespaces built the same
    /// way and compared a moment later could differ by them.
    pub fn wait_for_link_local(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        let ip = |args: &[&str]| {
            let out = Command::new(IP)
                .args(["-n", &self.name, "-6"])
                .args(args)
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        loop {
            let addresses = ip(&["-o", "addr", "show"]);
            let local = ip(&["route", "show", "table", "local"]);
            let link_local = local.contains("fe80::ff:fe00:1 dev va")
                && local.contains("fe80::ff:fe00:2 dev vb");
            let routed = addresses
                .split_whitespace()
                .collect::<Vec<_>>()
                .windows(2)
                .filter(|w| w[0] == "inet6")
                .all(|w| {
                    let addr = w[1].split('/').next().unwrap_or("");
                    local.contains(&format!("local {addr} "))
                });
            if (link_local && routed) || std::time::Instant::now() > deadline {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// `/etc/netns/NS/iproute2`, created as a copy of `/etc/iproute2` on first use:
    /// what `ip netns exec NS` and `-n NS` see as `/etc/iproute2`.
    pub fn etc_iproute2(&self) -> PathBuf {
        let dir = PathBuf::from("/etc/netns")
            .join(&self.name)
            .join("iproute2");
        if !dir.exists() {
            std::fs::create_dir_all(&dir).unwrap();
            let status = Command::new("cp")
                .args(["-a", "/etc/iproute2/.", dir.to_str().unwrap()])
                .status()
                .unwrap();
            assert!(status.success());
        }
        dir
    }

    /// Writes a names file (relative to the per-namespace `/etc/iproute2`).
    pub fn names_file(&self, relative: &str, content: &str) {
        let path = self.etc_iproute2().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
}

impl Drop for Ns {
    fn drop(&mut self) {
        let _ = Command::new(IP).args(["netns", "del", &self.name]).output();
        let _ = std::fs::remove_dir_all(PathBuf::from("/etc/netns").join(&self.name));
    }
}

/// How the two tools are pointed at the namespace.
#[derive(Clone, Copy)]
pub enum Via {
    /// `TOOL -n NS ARGS`.
    NetnsOption,
    /// `ip netns exec NS TOOL ARGS`.
    NetnsExec,
}

pub fn run_tool(ns: &Ns, tool: &str, args: &[&str], via: Via) -> Output {
    let mut cmd = match via {
        Via::NetnsOption => {
            let mut c = Command::new(tool);
            c.args(["-n", &ns.name]);
            c
        }
        Via::NetnsExec => {
            let mut c = Command::new(IP);
            c.args(["netns", "exec", &ns.name, tool]);
            c
        }
    };
    // Both tools on one CPU: route lookups answer from per-CPU cached routes, so
    // what `route get` shows of the cache (the `notify` flag) depends on which
    // CPU asks.
    // SAFETY: only sched_setaffinity, async-signal-safe, between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let mut set: libc::cpu_set_t = std::mem::zeroed();
            libc::CPU_SET(0, &mut set);
            libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
            Ok(())
        });
    }
    cmd.args(args)
        .env_remove("COLORFGBG")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Runs `args` through `ip` and `ipr` in `ns` and asserts the same stdout, stderr
/// and exit status. Returns ip's stdout (expiry masked) so callers can also check
/// it is what they expect.
#[track_caller]
pub fn assert_same_argv(ns: &Ns, args: &[&str]) -> String {
    assert_same_argv_in(ns, ns, args, Via::NetnsOption)
}

/// `assert_same_argv`, entering the namespace as `via` says.
#[track_caller]
pub fn assert_same_argv_via(ns: &Ns, args: &[&str], via: Via) -> String {
    assert_same_argv_in(ns, ns, args, via)
}

/// Runs `args` through `ip` in `ns_ip` and through `ipr` in `ns_ipr` (two
/// namespaces built the same way, for commands that change them; or one twice)
/// and asserts the same stdout, stderr and exit status. Returns ip's stdout.
#[track_caller]
pub fn assert_same_argv_in(ns_ip: &Ns, ns_ipr: &Ns, args: &[&str], via: Via) -> String {
    let ip = run_tool(ns_ip, IP, args, via);
    let ipr = run_tool(ns_ipr, ipr_bin(), args, via);
    assert_same_for(format!("{args:?}"), &ip, &ipr);
    normalise(&ip.stdout)
}

/// `TOOL -n NS ARGS` with `input` on its standard input (written from a thread
/// of its own: the tool may exit, or fill its output pipe, before it reads).
pub fn run_with_stdin(ns: &Ns, tool: &str, args: &[&str], input: impl Into<Vec<u8>>) -> Output {
    run_in_with_stdin(ns.name.as_ref(), tool, args, input.into())
}

/// `run_with_stdin` for a namespace and words given as OS strings (bytes that
/// need not be UTF-8).
pub fn run_in_with_stdin<A: AsRef<std::ffi::OsStr>>(
    ns: &std::ffi::OsStr,
    tool: &str,
    args: impl IntoIterator<Item = A>,
    input: Vec<u8>,
) -> Output {
    let mut child = Command::new(tool)
        .arg("-n")
        .arg(ns)
        .args(args)
        .env_remove("COLORFGBG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // A broken pipe is fine: a tool that stops early closes its stdin.
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// `TOOL -n NS ARGS` with the file `input` as its standard input (a file, not
/// a pipe: `route restore` reads its input more than once).
pub fn run_with_stdin_file(ns: &Ns, tool: &str, args: &[&str], input: &std::path::Path) -> Output {
    Command::new(tool)
        .args(["-n", &ns.name])
        .args(args)
        .env_remove("COLORFGBG")
        .stdin(std::fs::File::open(input).unwrap())
        .output()
        .unwrap()
}

/// Every route of `ns`, both families, all tables, with details, one line each
/// and sorted (routes the kernel keeps in insertion order, like the per-device
/// `fe80::/64`, may come in either order in two namespaces).
pub fn route_lines(ns: &Ns) -> Vec<String> {
    let mut lines = Vec::new();
    for family in ["-4", "-6"] {
        let args = ["-d", family, "route", "show", "table", "all"];
        let out = run_tool(ns, IP, &args, Via::NetnsOption);
        assert!(out.status.success(), "ip {args:?} failed");
        lines.extend(normalise(&out.stdout).lines().map(str::to_string));
    }
    lines.sort();
    lines
}

/// The rules of `ns` as `ip -d rule` lists them.
pub fn rule_listing(ns: &Ns) -> String {
    let out = run_tool(ns, IP, &["-d", "rule"], Via::NetnsOption);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Two veth pairs with fixed MACs (so IPv6 link-local addresses, and output, are the
/// same in every namespace), IPv4 and IPv6 addresses, one pair half down (linkdown).
pub const BASE_TOPOLOGY: &str = "\
link add va address 02:00:00:00:00:01 type veth peer name vb address 02:00:00:00:00:02
link add vc address 02:00:00:00:00:03 type veth peer name vd address 02:00:00:00:00:04
link set va up
link set vb up
link set vc up
addr add 10.1.0.1/24 dev va
addr add 10.3.0.1/24 dev vb
addr add 10.2.0.1/24 dev vc
addr add 2001:db8:1::1/64 dev va nodad
addr add 2001:db8:2::1/64 dev vc nodad
";

/// A routing table with every kind of route `ip route` prints differently.
pub const ROUTES: &str = "\
route add default via 10.1.0.254
route add 10.10.0.0/16 via 10.1.0.2 proto 77 metric 5
route add 10.11.0.0/16 via 10.1.0.2 proto static mtu lock 1300 advmss 1200 congctl cubic window 1000 rtt 2s rttvar 500ms rto_min 300ms hoplimit 10 initcwnd 5 initrwnd 6 ssthresh 7 cwnd 8 reordering 9 features ecn quickack 1 fastopen_no_cookie 1
route add 10.12.0.0/16 nexthop via 10.1.0.2 weight 3 nexthop via 10.2.0.2 dev vc weight 1
route add 10.13.0.0/16 dev va src 10.1.0.1 realm 3 tos 0x10
route add 10.14.0.0/16 dev va realms 2/5
route add 10.15.0.0/16 via 10.2.0.2 dev vc onlink
route add 10.16.0.0/16 via inet6 2001:db8:1::2 dev va
route add 10.17.0.0/16 dev va scope host
route add 10.18.0.0/16 dev va scope 200 proto 200
route add 10.19.0.0/16 via 10.2.0.7
route add 10.20.1.1 via 10.1.0.3
route add 10.21.0.0/16 via 10.1.0.2 metric 10
route add 10.21.0.0/16 via 10.1.0.3 metric 20
route add 10.22.0.0/16 via 10.1.0.2 mtu 1400 rtt 1500ms
route add blackhole 10.30.0.0/16 table 100
route add unreachable 10.31.0.0/16 table 100
route add prohibit 10.32.0.0/16 table 100 proto 99
route add throw 10.33.0.0/16 table 100
route add 10.34.0.0/16 via 10.1.0.2 table 200 proto 201
route add 10.35.0.0/16 via 10.1.0.2 table 4000000000
route add local 10.40.0.1 dev va table 100
route add broadcast 10.41.0.255 dev va table 100
route add anycast 10.42.0.0/16 dev va table 100
route add multicast 224.1.0.0/16 dev va table 100
route add 2001:db8:5::/48 via 2001:db8:1::2 pref high
route add 2001:db8:6::/48 via 2001:db8:1::2 pref low metric 77 proto 77
route add 2001:db8:7::/48 nexthop via 2001:db8:1::2 dev va weight 2 nexthop via 2001:db8:1::3 dev va
route add unreachable 2001:db8:8::/48
route add prohibit 2001:db8:e::/48
route add blackhole 2001:db8:9::/48 table 100
route add 2001:db8:a::/48 from 2001:db8:1::/64 via 2001:db8:1::2
route add 2001:db8:b::/48 dev va mtu 1400 hoplimit 20
route add 2001:db8:c::/48 via 2001:db8:2::2
route add 2001:db8:d::/48 via 2001:db8:1::2 expires 600
route add default via 2001:db8:1::ff
route add 10.70.0.0/16 encap ip id 5 dst 10.1.0.9 dev va
route add 10.74.0.0/16 encap ip id 7 dst 10.1.0.9 src 10.1.0.1 ttl 9 tos 0x10 key csum seq dev va
route add 10.72.0.0/16 encap ip6 id 5 dst 2001:db8::9 dev va
route add 10.75.0.0/16 nexthop encap ip id 3 dst 10.1.0.5 dev va nexthop dev va
route add 2001:db8:70::/48 encap seg6 mode encap segs 2001:db8::5 dev va
route add 2001:db8:71::/48 encap seg6 mode inline segs 2001:db8::5,2001:db8::6 hmac 5 dev va
route add 2001:db8:72::/48 encap seg6local action End dev va
route add 2001:db8:73::/48 encap seg6local action End.X nh6 2001:db8:1::2 dev va
route add 2001:db8:74::/48 encap seg6local action End.DT6 table 100 dev va
route add 2001:db8:75::/48 encap seg6local action End.DX4 nh4 10.1.0.2 dev va
route add 2001:db8:76::/48 encap seg6local action End.B6 srh segs 2001:db8::7,2001:db8::8 dev va
route add 2001:db8:77::/48 encap seg6local action End.DX2 oif va dev va
route add 2001:db8:79::/48 encap seg6local action End count dev va
route add 2001:db8:7a::/48 encap seg6local action End flavors psp dev va
";

/// Policy rules covering every attribute `ip rule` prints.
pub const RULES: &str = "\
rule add from 10.1.0.0/24 table 100 pref 100
rule add fwmark 0x1/0xff lookup 100 pref 200
rule add not to 10.2.0.0/16 iif lo uidrange 100-200 ipproto tcp sport 80 dport 1000-2000 prohibit pref 300
rule add from all goto 400 pref 350
rule add pref 400 nop
rule add tos 0x10 oif va suppress_prefixlength 8 realms 2/3 table main proto 99 pref 500
rule add fwmark 7 table 200 pref 600 proto 77
rule add to 10.9.0.0/16 blackhole pref 700
rule add from 10.9.0.0/16 unreachable pref 710
rule add iif va suppress_ifgroup 0 table 100 pref 720
rule add l3mdev pref 730
rule add from 10.5.0.0/16 to 10.6.0.0/16 table 4000000000 pref 740
rule add dport 53 ipproto udp table 100 pref 750
rule add tun_id 5 table 100 pref 760
rule add realms 7 table 100 pref 770
rule add goto 32766 pref 780
rule add iif vd oif nosuch table 100 pref 790
";

/// IPv6 rules (run with `-6`).
pub const RULES6: &str = "\
rule add from 2001:db8:1::/64 table 100 pref 100
rule add fwmark 0x10 table 200 pref 200
rule add to 2001:db8:9::/48 prohibit pref 300
rule add from 2001:db8:2::/64 to 2001:db8:3::/64 sport 1-2 table 200 pref 310
";

/// The full topology: interfaces, routes and rules.
pub fn standard() -> Ns {
    let ns = Ns::new();
    ns.batch(BASE_TOPOLOGY);
    ns.wait_for_link_local();
    ns.batch(ROUTES);
    ns.batch(RULES);
    ns.batch_with(&["-6"], RULES6);
    ns
}

/// Only interfaces and addresses (kernel routes).
pub fn minimal() -> Ns {
    let ns = Ns::new();
    ns.batch(BASE_TOPOLOGY);
    ns.wait_for_link_local();
    ns
}

/// One `#[test]` per argv: `cases! { name: ["route", "show"], ... }` against the
/// standard topology.
#[macro_export]
macro_rules! cases {
    ($topology:path; $($name:ident: [$($arg:expr),* $(,)?]),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let ns = $topology();
                common::assert_same_argv(&ns, &[$($arg),*]);
            }
        )*
    };
}

/// Everything in the routing tables of `ns` (text, details, JSON), read with the
/// real `ip`, each listing's lines sorted. Two namespaces built the same way can
/// list IPv6 link-local and multicast routes in a different order (the kernel adds
/// them when carrier events arrive), so comparisons across namespaces must ignore
/// order, and leave out link-local routes (they appear when duplicate address
/// detection ends); comparisons of two tools in one namespace need neither.
pub fn route_state(ns: &Ns) -> String {
    let mut state = String::new();
    for args in [
        &["route", "show", "table", "all"][..],
        &["-6", "route", "show", "table", "all"][..],
        &["-d", "route", "show", "table", "all"][..],
    ] {
        let out = run_tool(ns, IP, args, Via::NetnsOption);
        let text = normalise(&out.stdout);
        // IPv6 link-local routes come and go with duplicate address detection,
        // independently of any command: they are left out.
        let mut lines: Vec<&str> = text.lines().filter(|l| !l.contains("fe80::")).collect();
        lines.sort_unstable();
        state.push_str(&lines.join("\n"));
        state.push_str("\n--\n");
    }
    state
}
