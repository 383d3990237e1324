//! `ipr route explain` against the kernel for every kind of destination: unicast,
//! local, loopback, subnet and limited broadcast, multicast, `0.0.0.0`, IPv6
//! loopback, link-local and multicast; locally generated and arriving on an
//! interface (`iif`), with local, foreign and martian sources. Each seeded setup is
//! a random policy-routing configuration of the kind the command exists for: two
//! uplinks, fwmark and source rules, a prohibit rule, `suppress_prefixlength`,
//! `iif` rules, throw routes, ECMP routes (one leg on a link that is down), and
//! random forwarding / rp_filter settings. Every answer must agree with the
//! kernel's `route get`; an answer the walk cannot know (which leg the flow hash
//! picks) must say `unknowable`, and is counted apart from agreement.

mod common;

use common::rng::Rng;
use common::{Ns, Via, ipr_bin, run_tool};
use std::process::Command;

/// Two uplinks (va in main, vc — whose link is down — in table 100, vb in table
/// 101), ECMP, throw, prohibit and custom local/broadcast routes, some left out.
fn v4_routes(rng: &mut Rng) -> String {
    let mut s = String::new();
    s.push_str(if rng.chance(30) {
        "route add default nexthop via 10.1.0.254 dev va nexthop via 10.3.0.254 dev vb\n"
    } else {
        "route add default via 10.1.0.254\n"
    });
    s.push_str("route add default via 10.2.0.254 table 100\n");
    s.push_str("route add default via 10.3.0.254 table 101\n");
    let optional = [
        "route add throw 10.50.0.0/16 table 100",
        "route add throw 10.50.0.0/16 table 101",
        "route add prohibit 10.60.0.0/16 table 101",
        "route add unreachable 10.60.0.0/16",
        "route add 10.12.0.0/16 nexthop via 10.1.0.2 dev va nexthop via 10.2.0.2 dev vc",
        "route add 10.13.0.0/16 table 100 nexthop via 10.1.0.2 dev va nexthop via 10.3.0.2 dev vb",
        "route add local 10.40.0.1 dev va table 100",
        "route add broadcast 10.41.0.255 dev va table 100",
        "route add multicast 239.0.0.0/8 dev vb table 101",
        "route add 224.0.0.0/4 dev vb table 100",
        "route add blackhole 10.1.0.0/28 table 101",
    ];
    for line in optional {
        if rng.chance(45) {
            s.push_str(line);
            s.push('\n');
        }
    }
    s
}

const V4_RULES: &[&str] = &[
    "from 10.2.0.0/24 lookup 100",
    "from 10.3.0.0/24 lookup 101",
    "fwmark 0x1/0xff lookup 100",
    "fwmark 0x2 lookup main suppress_prefixlength 0",
    "fwmark 0x2 lookup 101",
    "iif vb lookup 101",
    "iif va lookup 100",
    "iif vc prohibit",
    "to 10.80.0.0/16 prohibit",
    "to 224.0.0.0/4 lookup 101",
    "to 255.255.255.255 lookup 100",
    "uidrange 0-100 lookup 101",
    "to 10.50.0.0/16 lookup 100",
    "lookup 100 suppress_prefixlength 0",
    "not iif lo lookup 101",
    "iif lo fwmark 0x3 unreachable",
    "to 10.1.0.0/24 lookup 101",
    "from 10.1.0.0/24 to 10.3.0.0/24 blackhole",
];

const V6_RULES: &[&str] = &[
    "from 2001:db8:2::/64 lookup 100",
    "fwmark 0x1/0xff lookup 100",
    "fwmark 0x2 lookup main suppress_prefixlength 0",
    "fwmark 0x2 lookup 101",
    "iif vb lookup 101",
    "iif va lookup 100",
    "iif vc prohibit",
    "to 2001:db8:80::/48 prohibit",
    "to ff00::/8 lookup 101",
    "uidrange 0-100 lookup 101",
    "lookup 100 suppress_prefixlength 0",
    "not iif lo lookup 101",
    "to ::1/128 lookup 100",
];

fn v6_routes(rng: &mut Rng) -> String {
    let mut s = String::new();
    s.push_str("route add default via 2001:db8:1::9\n");
    s.push_str("route add default via 2001:db8:2::9 table 100\n");
    s.push_str("route add default via 2001:db8:1::8 dev va table 101\n");
    let optional = [
        "route add throw 2001:db8:50::/48 table 100",
        "route add prohibit 2001:db8:60::/48 table 101",
        "route add 2001:db8:12::/48 nexthop via 2001:db8:1::2 dev va nexthop via 2001:db8:1::3 dev va",
        "route add ff00::/8 dev vb table 101",
        "route add unreachable 2001:db8:70::/48",
    ];
    for line in optional {
        if rng.chance(45) {
            s.push_str(line);
            s.push('\n');
        }
    }
    s
}

/// 2-6 rules of the pool at random priorities (unique), plus now and then a goto.
fn rules(rng: &mut Rng, pool: &[&str]) -> String {
    let mut s = String::new();
    let mut prios: Vec<usize> = (0..2 + rng.below(5))
        .map(|_| 10 + rng.below(90) * 10)
        .collect();
    prios.sort_unstable();
    prios.dedup();
    for (i, &prio) in prios.iter().enumerate() {
        let body = match prios.get(i + 1) {
            Some(&next) if rng.chance(10) => format!("fwmark 0x5 goto {next}"),
            _ => rng.pick(pool).to_string(),
        };
        s.push_str(&format!("rule add {body} pref {prio}\n"));
    }
    s
}

fn sysctl(ns: &Ns, settings: &[String]) {
    let status = Command::new(common::IP)
        .args(["netns", "exec", &ns.name, "sysctl", "-qw"])
        .args(settings)
        .status()
        .unwrap();
    assert!(status.success(), "sysctl {settings:?}");
}

fn random_conf(rng: &mut Rng) -> Vec<String> {
    let mut s = vec![format!("net.ipv4.ip_forward={}", rng.below(2))];
    for dev in ["va", "vb", "vc"] {
        let rpf = if rng.chance(70) { 0 } else { 1 + rng.below(2) };
        s.push(format!("net.ipv4.conf.{dev}.rp_filter={rpf}"));
        if rng.chance(10) {
            s.push(format!("net.ipv4.conf.{dev}.accept_local=1"));
        }
        if rng.chance(10) {
            s.push(format!("net.ipv4.conf.{dev}.route_localnet=1"));
        }
    }
    s
}

const V4_DESTINATIONS: &[&str] = &[
    "224.0.0.5",
    "224.0.0.1",
    "239.1.2.3",
    "255.255.255.255",
    "10.1.0.255",
    "10.3.0.255",
    "10.1.0.1",
    "10.2.0.1",
    "10.3.0.1",
    "127.0.0.1",
    "127.9.9.9",
    "10.40.0.1",
    "10.41.0.255",
    "0.0.0.0",
    "8.8.8.8",
    "10.50.1.1",
    "10.60.0.1",
    "10.80.0.1",
    "10.12.1.1",
    "10.13.1.1",
    "10.1.0.7",
    "10.1.0.3",
    "10.3.0.9",
];
const V4_SOURCES: &[&str] = &[
    "10.1.0.1",
    "10.2.0.1",
    "10.3.0.1",
    "10.1.0.7",
    "10.3.0.9",
    "10.2.0.5",
    "192.0.2.5",
    "127.0.0.1",
    "224.0.0.9",
    "0.0.0.0",
];

const V6_DESTINATIONS: &[&str] = &[
    "::1",
    "ff02::1",
    "ff02::5",
    "ff05::2",
    "fe80::1",
    "2001:db8:1::1",
    "2001:db8:2::1",
    "2001:db8:9::1",
    "2001:db8:50::1",
    "2001:db8:60::1",
    "2001:db8:80::1",
    "2001:db8:12::1",
    "2001:db8:1::7",
];
const V6_SOURCES: &[&str] = &[
    "2001:db8:1::1",
    "2001:db8:2::1",
    "2001:db8:1::7",
    "2001:db8:77::1",
];

fn query(rng: &mut Rng, dsts: &[&str], srcs: &[&str]) -> Vec<String> {
    let mut q = vec![rng.pick(dsts).to_string()];
    let mut add = |words: &[&str]| q.extend(words.iter().map(|w| w.to_string()));
    if rng.chance(55) {
        add(&["from", rng.pick(srcs)]);
    }
    if rng.chance(45) {
        add(&["iif", rng.pick(&["va", "vb", "vc", "lo", "vd"])]);
    } else if rng.chance(15) {
        add(&["oif", rng.pick(&["va", "vb", "vc", "vd"])]);
    }
    if rng.chance(30) {
        add(&["mark", rng.pick(&["1", "2", "3", "0x101"])]);
    }
    if rng.chance(10) {
        add(&["uid", rng.pick(&["50", "1500"])]);
    }
    if rng.chance(10) {
        add(&["tos", "0x10"]);
    }
    if rng.chance(8) {
        add(rng.pick_words(&[&["ipproto", "igmp"], &["ipproto", "udp", "dport", "53"]]));
    }
    q
}

#[derive(Default)]
struct Tally {
    agree: usize,
    unknowable: usize,
}

/// One explanation: it must agree with the kernel (or say it cannot know), exit
/// with the documented status, indent multipath legs, never mark a dead or
/// linkdown leg, and show no uid -1.
fn check(ns: &Ns, family: &str, q: &[String], setup: &str, tally: &mut Tally) {
    let args: Vec<&str> = [family, "route", "explain"]
        .into_iter()
        .chain(q.iter().map(String::as_str))
        .collect();
    let out = run_tool(ns, ipr_bin(), &args, Via::NetnsOption);
    let text = String::from_utf8_lossy(&out.stdout);
    let fail = |why: &str| -> ! {
        panic!(
            "{why} for {args:?}\nsetup:\n{setup}\n{text}{}",
            String::from_utf8_lossy(&out.stderr)
        )
    };
    let agreement = text
        .lines()
        .find_map(|l| l.strip_prefix("Agreement:   "))
        .unwrap_or_else(|| fail("no agreement line"));
    let refused =
        text.contains("Kernel says: RTNETLINK answers:") || text.contains("Kernel says: Error:");
    let status = out.status.code();
    if agreement.starts_with("yes") {
        tally.agree += 1;
        if status != Some(if refused { 2 } else { 0 }) {
            fail("wrong exit status");
        }
    } else if agreement.starts_with("unknowable") {
        tally.unknowable += 1;
        if status != Some(if refused { 2 } else { 0 }) {
            fail("wrong exit status");
        }
    } else {
        fail("explain disagrees with the kernel");
    }
    for line in text.lines() {
        if line.starts_with('\t') || line.starts_with("nexthop") {
            fail("a nexthop line at column 0");
        }
        let leg = line.trim_start().starts_with("nexthop");
        if leg
            && line.contains("<- selected")
            && (line.contains("linkdown") || line.contains(" dead"))
        {
            fail("a dead or linkdown leg marked selected");
        }
        if line.starts_with("Lookup") && line.contains("4294967295") {
            fail("uid -1 shown");
        }
    }
}

fn random_setup(seed: u64, tally: &mut Tally) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5DEE_CE66_D1CE_4E5B | 1);
    let ns = common::minimal();
    let conf = random_conf(&mut rng);
    sysctl(&ns, &conf);
    let plans = [
        (
            "-4",
            v4_routes(&mut rng),
            V4_RULES,
            V4_DESTINATIONS,
            V4_SOURCES,
        ),
        (
            "-6",
            v6_routes(&mut rng),
            V6_RULES,
            V6_DESTINATIONS,
            V6_SOURCES,
        ),
    ];
    for (family, routes, pool, dsts, srcs) in plans {
        let rules = rules(&mut rng, pool);
        ns.batch_with(&[family], &routes);
        ns.batch_with(&[family], &rules);
        let setup = format!("seed {seed}\n{}\n{routes}{rules}", conf.join(" "));
        for _ in 0..14 {
            let q = query(&mut rng, dsts, srcs);
            check(&ns, family, &q, &setup, tally);
        }
    }
}

/// Setups per test: four tests run in parallel.
const SETUPS: u64 = 40;

fn batch(first: u64) {
    let mut tally = Tally::default();
    for seed in first..first + SETUPS {
        random_setup(seed, &mut tally);
    }
    let total = tally.agree + tally.unknowable;
    assert_eq!(total as u64, SETUPS * 28);
    eprintln!(
        "seeds {first}..{}: {} lookups, {} agree, {} unknowable (a hash or round-robin choice)",
        first + SETUPS,
        total,
        tally.agree,
        tally.unknowable
    );
}

#[test]
fn destination_classes_0() {
    batch(1000);
}

#[test]
fn destination_classes_1() {
    batch(2000);
}

#[test]
fn destination_classes_2() {
    batch(3000);
}

#[test]
fn destination_classes_3() {
    batch(4000);
}

/// The cases the kernel answers before or outside the rules, by hand.
#[test]
fn special_destinations_by_hand() {
    let ns = common::minimal();
    ns.batch(
        "\
route add default via 10.1.0.254
route add default via 10.2.0.254 table 100
route add 10.12.0.0/16 nexthop via 10.1.0.2 dev va nexthop via 10.2.0.2 dev vc
rule add fwmark 1 lookup 100 pref 100
",
    );
    let explain = |args: &[&str]| {
        let argv: Vec<&str> = ["route", "explain"].iter().chain(args).copied().collect();
        let out = run_tool(&ns, ipr_bin(), &argv, Via::NetnsOption);
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            out.status.code(),
        )
    };
    let (t, code) = explain(&["224.0.0.5", "mark", "1"]);
    assert!(t.contains("After the rules: 224.0.0.5 is multicast"), "{t}");
    assert!(t.contains("Agreement:   yes"), "{t}");
    assert_eq!(code, Some(0));
    let (t, _) = explain(&["255.255.255.255", "from", "10.2.0.1"]);
    assert!(
        t.contains("Before the rules: 255.255.255.255 is limited broadcast"),
        "{t}"
    );
    assert!(!t.contains("\nrule "), "{t}");
    let (t, code) = explain(&["127.0.0.1", "from", "10.1.0.7", "iif", "va"]);
    assert!(
        t.contains("Before the rules: a loopback destination"),
        "{t}"
    );
    assert!(
        t.contains("Agreement:   yes (both fail: Invalid argument)"),
        "{t}"
    );
    assert_eq!(code, Some(2));
    let (t, code) = explain(&["8.8.8.8", "from", "192.0.2.1"]);
    assert!(t.contains("is not a local address"), "{t}");
    assert_eq!(code, Some(2));
    let (t, _) = explain(&["10.12.1.1"]);
    assert!(
        t.contains("\n            nexthop via 10.1.0.2 dev va weight 1"),
        "{t}"
    );
    assert!(t.contains("Agreement:   unknowable"), "{t}");
    let (t, _) = explain(&["8.8.8.8", "from", "10.1.0.7", "iif", "va"]);
    assert!(!t.contains("4294967295"), "{t}");
}
