//! `ipr route explain` against the kernel: many generated policy-routing setups
//! (seeded random rules and tables, IPv4 and IPv6), each asked several lookups;
//! every explanation must reach the kernel's own `route get` answer
//! (`"agrees": true`) and its JSON must parse. A few hand-written setups check the
//! trace itself.

mod common;

use common::rng::Rng;
use common::{Ns, Via, ipr_bin, run_tool};
use std::process::Command;

/// Runs `ipr -j -n NS route explain ARGS`; returns the parsed-enough JSON text.
fn explain_json(ns: &Ns, family: &str, args: &[&str]) -> (String, i32) {
    let mut argv = vec![family, "-j", "route", "explain"];
    argv.extend_from_slice(args);
    let out = run_tool(ns, ipr_bin(), &argv, Via::NetnsOption);
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// Checks each JSON document (one per line of `jsons`) is well formed, with
/// python's parser (which the test machine has; one process for all of them), and
/// returns each one's `agrees` (None: null, the walk cannot know).
fn parse_agrees(jsons: &[&str]) -> Vec<Option<bool>> {
    let mut child = Command::new("python3")
        .args([
            "-c",
            "import json,sys\n\
             for line in sys.stdin:\n\
             \x20   d=json.loads(line); assert isinstance(d['steps'], list)\n\
             \x20   assert 'kernel' in d and 'result' in d\n\
             \x20   print({True: 'true', False: 'false', None: 'null'}[d['agrees']])",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 is needed to validate JSON");
    use std::io::Write;
    let input: String = jsons
        .iter()
        .map(|j| format!("{}\n", j.trim_end()))
        .collect();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "invalid JSON: {}\n{input}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verdicts: Vec<Option<bool>> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| match l {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        })
        .collect();
    assert_eq!(verdicts.len(), jsons.len(), "one verdict per document");
    verdicts
}

/// Explains every query of `queries`; each must not disagree with the kernel,
/// and must exit 2 exactly when the kernel refused the lookup.
fn assert_all_agree(ns: &Ns, family: &str, queries: &[Vec<String>], setup: &str) {
    let runs: Vec<(String, i32)> = queries
        .iter()
        .map(|q| {
            let args: Vec<&str> = q.iter().map(String::as_str).collect();
            explain_json(ns, family, &args)
        })
        .collect();
    let jsons: Vec<&str> = runs.iter().map(|(j, _)| j.as_str()).collect();
    let verdicts = parse_agrees(&jsons);
    for ((q, (json, code)), agrees) in queries.iter().zip(&runs).zip(verdicts) {
        let args: Vec<&str> = q.iter().map(String::as_str).collect();
        if agrees == Some(false) {
            let text = run_tool(
                ns,
                ipr_bin(),
                &[&[family, "route", "explain"][..], &args].concat(),
                Via::NetnsOption,
            );
            panic!(
                "explain disagrees with the kernel for {args:?}\nsetup:\n{setup}\n{}",
                String::from_utf8_lossy(&text.stdout)
            );
        }
        // 2: both say the lookup fails.
        let refused = json.contains("\"kernel\":{\"error\"");
        assert_eq!(
            *code,
            if refused { 2 } else { 0 },
            "exit status for {args:?}"
        );
    }
}

fn assert_agrees(ns: &Ns, family: &str, args: &[&str], setup: &str) {
    let query: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    assert_all_agree(ns, family, &[query], setup);
}

const TABLES: &[&str] = &["100", "101", "102", "103", "main"];

const V4_PREFIXES: &[&str] = &[
    "10.50.0.0/16",
    "10.50.1.0/24",
    "10.50.1.5/32",
    "10.51.0.0/16",
    "10.51.2.0/24",
    "10.52.0.0/16",
    "0.0.0.0/0",
    "10.0.0.0/8",
];
const V4_HOSTS: &[&str] = &[
    "10.50.1.5",
    "10.50.1.9",
    "10.50.7.1",
    "10.51.2.3",
    "10.51.9.9",
    "10.52.0.1",
    "10.99.0.1",
    "8.8.8.8",
    "10.1.0.1",
    "10.1.0.7",
];
const V4_NEXTHOPS: &[&str] = &[
    "via 10.1.0.2 dev va",
    "via 10.1.0.3 dev va",
    "via 10.2.0.2 dev vc",
    "dev vb",
];

const V6_PREFIXES: &[&str] = &[
    "2001:db8:50::/48",
    "2001:db8:50:1::/64",
    "2001:db8:50:1::5/128",
    "2001:db8:51::/48",
    "2001:db8:51:2::/64",
    "::/0",
    "2001:db8::/32",
];
const V6_HOSTS: &[&str] = &[
    "2001:db8:50:1::5",
    "2001:db8:50:1::9",
    "2001:db8:50:7::1",
    "2001:db8:51:2::3",
    "2001:db8:51:9::9",
    "2001:db8:99::1",
    "2001:db8:1::1",
];
const V6_NEXTHOPS: &[&str] = &[
    "via 2001:db8:1::2 dev va",
    "via 2001:db8:1::3 dev va",
    "via 2001:db8:2::2 dev vc",
    "dev vb",
];

struct Family {
    opt: &'static str,
    prefixes: &'static [&'static str],
    nexthops: &'static [&'static str],
    sources: &'static [&'static str],
    rule_sources: &'static [&'static str],
    ipv4: bool,
}

const V4: Family = Family {
    opt: "-4",
    prefixes: V4_PREFIXES,
    nexthops: V4_NEXTHOPS,
    sources: &["10.1.0.1", "10.2.0.1", "10.3.0.1", "192.0.2.5"],
    rule_sources: &["10.1.0.0/24", "10.2.0.0/16", "192.0.2.0/24"],
    ipv4: true,
};

const V6: Family = Family {
    opt: "-6",
    prefixes: V6_PREFIXES,
    nexthops: V6_NEXTHOPS,
    sources: &["2001:db8:1::1", "2001:db8:2::1", "2001:db8:77::1"],
    rule_sources: &["2001:db8:1::/64", "2001:db8:2::/48"],
    ipv4: false,
};

/// Routes for every table: overlapping prefixes of every kind, some tos-specific.
fn random_routes(rng: &mut Rng, f: &Family) -> String {
    let mut s = String::new();
    for table in TABLES {
        let count = 2 + rng.below(5);
        for _ in 0..count {
            let prefix = rng.pick(f.prefixes);
            let kind = rng.below(10);
            let metric = rng.pick(&["0", "10", "20"]);
            let tail = format!("table {table} metric {metric}");
            let line = match kind {
                0 => format!("route replace throw {prefix} {tail}"),
                1 => format!("route replace unreachable {prefix} {tail}"),
                2 => format!("route replace prohibit {prefix} {tail}"),
                3 => format!("route replace blackhole {prefix} {tail}"),
                4 if f.ipv4 => {
                    format!(
                        "route replace {prefix} tos 0x10 {} {tail}",
                        rng.pick(f.nexthops)
                    )
                }
                _ => format!("route replace {prefix} {} {tail}", rng.pick(f.nexthops)),
            };
            s.push_str(&line);
            s.push('\n');
        }
    }
    s
}

/// Rules with random selectors and actions, unique priorities.
fn random_rules(rng: &mut Rng, f: &Family) -> String {
    let mut s = String::new();
    let count = 3 + rng.below(6);
    let mut prios: Vec<usize> = (0..count).map(|_| 10 + rng.below(300) * 10).collect();
    prios.sort_unstable();
    prios.dedup();
    for (i, &prio) in prios.iter().enumerate() {
        let mut sel = String::new();
        if rng.chance(10) {
            sel.push_str("not ");
        }
        if rng.chance(30) {
            sel.push_str(&format!("from {} ", rng.pick(f.rule_sources)));
        }
        if rng.chance(40) {
            sel.push_str(&format!(
                "to {} ",
                rng.pick(&f.prefixes[..f.prefixes.len() - 2])
            ));
        }
        if rng.chance(20) {
            sel.push_str(rng.pick(&["fwmark 1 ", "fwmark 0x10/0xf0 ", "fwmark 0x5 "]));
        }
        if f.ipv4 && rng.chance(15) {
            sel.push_str("tos 0x10 ");
        }
        if rng.chance(15) {
            sel.push_str(rng.pick(&["iif lo ", "iif va ", "oif va ", "iif nosuch "]));
        }
        if rng.chance(10) {
            sel.push_str(rng.pick(&["uidrange 0-100 ", "uidrange 1000-2000 "]));
        }
        if rng.chance(10) {
            sel.push_str(rng.pick(&["ipproto udp dport 53 ", "ipproto tcp ", "sport 1000-2000 "]));
        }
        let action = match rng.below(12) {
            0 => "unreachable".to_string(),
            1 => "prohibit".to_string(),
            2 => "blackhole".to_string(),
            3 => "nop".to_string(),
            4 => {
                // Forward to a later rule, or to a priority no rule has.
                let target = match prios.get(i + 1 + rng.below(2)) {
                    Some(&p) if rng.chance(70) => p,
                    _ => prio + 5,
                };
                format!("goto {target}")
            }
            5 => format!(
                "lookup {} suppress_prefixlength {}",
                rng.pick(TABLES),
                rng.pick(if f.ipv4 {
                    &["0", "16", "24"]
                } else {
                    &["0", "48", "64"]
                })
            ),
            6 if rng.chance(30) => format!("lookup {} suppress_ifgroup 0", rng.pick(TABLES)),
            _ => format!("lookup {}", rng.pick(TABLES)),
        };
        s.push_str(&format!("rule add {sel}{action} pref {prio}\n"));
    }
    s
}

/// Random lookups: destinations of the pools, with sources, marks, tos, uid,
/// protocol and output interface now and then.
fn random_queries(rng: &mut Rng, f: &Family, hosts: &[&str], n: usize) -> Vec<Vec<String>> {
    (0..n)
        .map(|_| {
            let mut q = vec![rng.pick(hosts).to_string()];
            let mut add = |words: &[&str]| q.extend(words.iter().map(|w| w.to_string()));
            if rng.chance(30) {
                add(&["from", rng.pick(f.sources)]);
            }
            if rng.chance(25) {
                add(&["mark", rng.pick(&["1", "0x15", "0x5"])]);
            }
            if f.ipv4 && rng.chance(20) {
                add(&["tos", "0x10"]);
            }
            if rng.chance(15) {
                add(&["uid", rng.pick(&["50", "1500", "3000"])]);
            }
            if rng.chance(15) {
                add(&["ipproto", "udp", "dport", "53"]);
            }
            if rng.chance(10) {
                add(&["sport", "1500"]);
            }
            if rng.chance(10) {
                add(&["oif", rng.pick(&["va", "vc"])]);
            }
            q
        })
        .collect()
}

fn random_setup(seed: u64) -> usize {
    let mut rng = Rng::new(seed);
    let ns = common::minimal();
    let mut checked = 0;
    for (f, hosts) in [(&V4, V4_HOSTS), (&V6, V6_HOSTS)] {
        let routes = random_routes(&mut rng, f);
        let rules = random_rules(&mut rng, f);
        ns.batch_with(&[f.opt], &routes);
        ns.batch_with(&[f.opt], &rules);
        let setup = format!("seed {seed}\n{routes}{rules}");
        let queries = random_queries(&mut rng, f, hosts, 8);
        assert_all_agree(&ns, f.opt, &queries, &setup);
        checked += queries.len();
    }
    checked
}

/// 8 setups per test keep each test under a few seconds; five tests run in
/// parallel.
fn random_batch(first: u64) {
    let mut lookups = 0;
    for seed in first..first + 8 {
        lookups += random_setup(seed);
    }
    assert_eq!(lookups, 8 * 16);
}

#[test]
fn random_setups_0() {
    random_batch(0);
}

#[test]
fn random_setups_1() {
    random_batch(8);
}

#[test]
fn random_setups_2() {
    random_batch(16);
}

#[test]
fn random_setups_3() {
    random_batch(24);
}

#[test]
fn random_setups_4() {
    random_batch(32);
}

fn text(ns: &Ns, args: &[&str]) -> String {
    let out = run_tool(ns, ipr_bin(), args, Via::NetnsOption);
    // 0: the walk and the kernel agree on a route; 2: on a failure.
    assert!(
        matches!(out.status.code(), Some(0 | 2)),
        "{args:?}: {out:?}"
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The two-ISP / VPN shapes the guide describes, with the trace itself checked.
#[test]
fn trace_of_a_hand_written_setup() {
    let ns = common::minimal();
    ns.batch(
        "\
route add default via 10.1.0.254
route add default via 10.2.0.254 table 100
route add throw 10.50.0.0/16 table 100
route add 10.60.0.0/16 via 10.1.0.9 table 200
rule add from 10.2.0.0/24 lookup 100 pref 100
rule add fwmark 0x1/0xff lookup main suppress_prefixlength 0 pref 200
rule add fwmark 0x1/0xff lookup 200 pref 210
rule add to 10.70.0.0/16 goto 400 pref 300
rule add to 10.70.0.0/16 prohibit pref 310
rule add pref 400 nop
rule add to 10.80.0.0/16 unreachable pref 500
",
    );
    let t = text(&ns, &["route", "explain", "8.8.8.8", "from", "10.2.0.1"]);
    assert!(
        t.contains("table 100: default via 10.2.0.254 dev vc"),
        "{t}"
    );
    assert!(t.contains("Agreement:   yes"), "{t}");

    let t = text(&ns, &["route", "explain", "10.50.0.1", "from", "10.2.0.1"]);
    assert!(t.contains("throw, back to the rules"), "{t}");
    assert!(t.contains("default via 10.1.0.254 dev va"), "{t}");

    let t = text(&ns, &["route", "explain", "10.60.0.1", "mark", "0x101"]);
    assert!(t.contains("rejected by suppress_prefixlength 0"), "{t}");
    assert!(t.contains("table 200"), "{t}");

    let t = text(&ns, &["route", "explain", "10.60.0.1", "mark", "2"]);
    assert!(t.contains("no match: fwmark"), "{t}");

    let t = text(&ns, &["route", "explain", "10.70.0.1"]);
    assert!(
        t.contains("goto: jump to the rule with priority 400"),
        "{t}"
    );
    assert!(!t.contains("rule 310"), "{t}");

    let t = text(&ns, &["route", "explain", "10.80.0.1"]);
    assert!(
        t.contains("Walk result: Network is unreachable (rule 500)"),
        "{t}"
    );
    assert!(
        t.contains("RTNETLINK answers: Network is unreachable"),
        "{t}"
    );
}

#[test]
fn ipv6_and_family_from_the_address() {
    let ns = common::minimal();
    ns.batch_with(
        &["-6"],
        "\
route add 2001:db8:60::/48 via 2001:db8:1::9 table 100
route add prohibit 2001:db8:61::/48 table 100
rule add from 2001:db8:2::/64 lookup 100 pref 100
rule add to 2001:db8:61::/48 lookup 100 pref 110
",
    );
    let t = text(&ns, &["route", "explain", "2001:db8:60::1"]);
    assert!(t.contains("Lookup (IPv6"), "{t}");
    assert!(t.contains("IPv6 needs one"), "{t}");
    let t = text(
        &ns,
        &[
            "route",
            "explain",
            "2001:db8:60::1",
            "from",
            "2001:db8:2::1",
        ],
    );
    assert!(
        t.contains("2001:db8:60::/48 via 2001:db8:1::9 dev va"),
        "{t}"
    );
    let t = text(&ns, &["route", "explain", "2001:db8:61::1"]);
    assert!(
        t.contains("Walk result: Permission denied (rule 110)"),
        "{t}"
    );
    assert!(t.contains("Agreement:   yes"), "{t}");
}

#[test]
fn arriving_packets_and_errors() {
    let ns = common::minimal();
    ns.batch(
        "\
route add default via 10.1.0.254
rule add iif vc lookup 100 pref 100
route add default via 10.2.0.254 table 100
",
    );
    // Forwarding off: the kernel refuses to forward what the walk routes.
    for on in ["0", "1"] {
        let status = Command::new(common::IP)
            .args(["netns", "exec", &ns.name, "sysctl", "-qw"])
            .arg(format!("net.ipv4.ip_forward={on}"))
            .status()
            .unwrap();
        assert!(status.success());
        for (iif, from) in [("va", "10.1.0.5"), ("vc", "10.2.0.5")] {
            assert_agrees(&ns, "-4", &["8.8.8.8", "from", from, "iif", iif], "iif");
        }
    }
    let t = text(
        &ns,
        &[
            "route", "explain", "8.8.8.8", "from", "10.2.0.5", "iif", "vc",
        ],
    );
    assert!(t.contains("arriving on an interface"), "{t}");
    assert!(t.contains("table 100: default via 10.2.0.254"), "{t}");

    let out = run_tool(&ns, ipr_bin(), &["route", "explain"], Via::NetnsOption);
    assert_eq!(out.status.code(), Some(1));
    let out = run_tool(
        &ns,
        ipr_bin(),
        &["route", "explain", "8.8.8.8", "oif", "nosuch"],
        Via::NetnsOption,
    );
    assert_ne!(out.status.code(), Some(0));
}
