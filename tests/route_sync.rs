//! `ipr route sync` (ipr only): a proto's routes converge to a file's, other
//! protos' routes stay, dry-run and bad files change nothing, and a second run
//! has nothing to do. The kernel state is read back with the real `ip`.

mod common;

use common::sync::{AS_NOBODY, hold_lock, ipr_exec, netns_inode, sync_through, syncs_at_once};
use common::{IP, Ns, ipr_bin, normalise, route_state};
use std::process::{Command, Output};

/// Interfaces, and routes of other protos in the tables the sync touches.
fn topology() -> Ns {
    let ns = common::minimal();
    ns.batch(
        "\
route add default via 10.1.0.254
route add 10.60.0.0/16 via 10.1.0.3 proto 78
route add 10.61.0.0/16 via 10.1.0.3 proto static metric 5
route add 10.62.0.0/16 via 10.1.0.3 table 100
route add 10.63.0.0/16 via 10.1.0.3 table 100 proto 78
route add 10.64.0.0/16 via 10.1.0.3 table 200 proto 77
route add 2001:db8:60::/48 via 2001:db8:1::3 proto 78
route add 2001:db8:61::/48 via 2001:db8:1::3 table 100
",
    );
    ns
}

/// `ipr -n NS ARGS`, with `stdin` on standard input.
fn ipr(ns: &Ns, args: &[&str], stdin: &str) -> Output {
    common::run_with_stdin(ns, ipr_bin(), args, stdin)
}

/// `ipr route sync ARGS -` with `file` on stdin; insists it succeeds and returns
/// stdout.
#[track_caller]
fn sync(ns: &Ns, args: &[&str], file: &str) -> String {
    sync_with(ns, &[], args, file)
}

/// `sync` with global options (`-4`, `-6`) before `route sync`.
#[track_caller]
fn sync_with(ns: &Ns, globals: &[&str], args: &[&str], file: &str) -> String {
    sync_through(
        |argv, input| ipr(ns, argv, input),
        globals,
        "route",
        args,
        file,
    )
}

/// Lines of `ip [-6] -d route show table all`, sorted: those of proto `proto`
/// (`mine`) or of every other proto.
fn routes(ns: &Ns, proto: &str, mine: bool) -> Vec<String> {
    let tag = format!(" proto {proto} ");
    let mut lines = Vec::new();
    for family in ["-4", "-6"] {
        let out = Command::new(IP)
            .args(["-n", &ns.name, family, "route", "show", "table", "all"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = normalise(&out.stdout).replace("\n\tnexthop", " nexthop");
        lines.extend(
            text.lines()
                .filter(|l| l.contains(&tag) == mine)
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")),
        );
    }
    lines.sort();
    lines
}

fn others(ns: &Ns) -> Vec<String> {
    let mut lines = routes(ns, "77", false);
    // Table 200 is outside every sync below, so its proto 77 route counts as
    // someone else's.
    lines.extend(
        routes(ns, "77", true)
            .into_iter()
            .filter(|l| l.contains("table 200")),
    );
    lines
}

fn sorted(expected: &str) -> Vec<String> {
    let mut lines: Vec<String> = expected.lines().map(str::to_string).collect();
    lines.sort();
    lines
}

const FIRST: &str = "\
# routes of proto 77
10.50.0.0/16 via 10.1.0.2 metric 5
10.51.0.0/16 via 10.1.0.2 dev va mtu lock 1300 advmss 1200

10.52.0.0/16 nexthop via 10.1.0.2 weight 3 nexthop via 10.2.0.2 dev vc weight 1
blackhole 10.53.0.0/16 table 100   # unreachable is not blackhole
10.54.0.0/16 dev va scope link src 10.1.0.1 tos 0x10
10.55.0.0/16 via 10.1.0.2 metric 10
10.55.0.0/16 via 10.1.0.3 metric 20
2001:db8:50::/48 via 2001:db8:1::2
2001:db8:51::/48 via 2001:db8:1::2 metric 7 pref high
2001:db8:52::/48 from 2001:db8:1::/64 via 2001:db8:1::2
2001:db8:52::/48 from 2001:db8:2::/64 via 2001:db8:2::2
2001:db8:53::/48 nexthop via 2001:db8:1::2 dev va weight 2 nexthop via 2001:db8:2::2 dev vc
unreachable 2001:db8:54::/48 table 100
";

const FIRST_STATE: &str = "\
10.50.0.0/16 via 10.1.0.2 dev va proto 77 metric 5
10.51.0.0/16 via 10.1.0.2 dev va proto 77 mtu lock 1300 advmss 1200
10.52.0.0/16 proto 77 nexthop via 10.1.0.2 dev va weight 3 nexthop via 10.2.0.2 dev vc weight 1 linkdown
10.54.0.0/16 tos 0x10 dev va proto 77 scope link src 10.1.0.1
10.55.0.0/16 via 10.1.0.2 dev va proto 77 metric 10
10.55.0.0/16 via 10.1.0.3 dev va proto 77 metric 20
10.64.0.0/16 via 10.1.0.3 dev va table 200 proto 77
2001:db8:50::/48 via 2001:db8:1::2 dev va proto 77 metric 1024 pref medium
2001:db8:51::/48 via 2001:db8:1::2 dev va proto 77 metric 7 pref high
2001:db8:52::/48 from 2001:db8:1::/64 via 2001:db8:1::2 dev va proto 77 metric 1024 pref medium
2001:db8:52::/48 from 2001:db8:2::/64 via 2001:db8:2::2 dev vc proto 77 metric 1024 linkdown pref medium
2001:db8:53::/48 proto 77 metric 1024 pref medium nexthop via 2001:db8:1::2 dev va weight 2 nexthop via 2001:db8:2::2 dev vc weight 1 linkdown
blackhole 10.53.0.0/16 table 100 proto 77
unreachable 2001:db8:54::/48 dev lo table 100 proto 77 metric 1024 pref medium";

/// The next version: one kept, several changed (gateway, metrics, type, weight,
/// preference), one added, the rest gone.
const SECOND: &str = "\
10.50.0.0/16 via 10.1.0.3 metric 5
10.51.0.0/16 via 10.1.0.2 dev va mtu 1400
10.52.0.0/16 nexthop via 10.1.0.2 weight 1 nexthop via 10.2.0.2 dev vc weight 1
unreachable 10.53.0.0/16 table 100
10.55.0.0/16 via 10.1.0.2 metric 10
10.56.0.0/16 via 10.2.0.2
2001:db8:51::/48 via 2001:db8:1::2 metric 7 pref low
";

const SECOND_STATE: &str = "\
10.50.0.0/16 via 10.1.0.3 dev va proto 77 metric 5
10.51.0.0/16 via 10.1.0.2 dev va proto 77 mtu 1400
10.52.0.0/16 proto 77 nexthop via 10.1.0.2 dev va weight 1 nexthop via 10.2.0.2 dev vc weight 1 linkdown
10.55.0.0/16 via 10.1.0.2 dev va proto 77 metric 10
10.56.0.0/16 via 10.2.0.2 dev vc proto 77 linkdown
10.64.0.0/16 via 10.1.0.3 dev va table 200 proto 77
2001:db8:51::/48 via 2001:db8:1::2 dev va proto 77 metric 7 pref low
unreachable 10.53.0.0/16 table 100 proto 77";

#[test]
fn converges_to_the_file_and_leaves_other_protos_alone() {
    let ns = topology();
    ns.batch(
        "\
route add 10.50.0.0/16 via 10.1.0.3 proto 77 metric 5
route add 10.59.0.0/16 via 10.1.0.3 proto 77
route add 10.58.0.0/16 via 10.1.0.3 proto 77 table 100
route add 2001:db8:59::/48 via 2001:db8:1::3 proto 77
",
    );
    let foreign = others(&ns);

    let out = sync(&ns, &["proto", "77"], FIRST);
    assert_eq!(
        out,
        "sync proto 77: 12 added, 1 replaced, 3 deleted, 0 unchanged\n"
    );
    assert_eq!(routes(&ns, "77", true), sorted(FIRST_STATE));
    assert_eq!(others(&ns), foreign);

    // Idempotent: nothing left to do.
    let out = sync(&ns, &["proto", "77"], FIRST);
    assert_eq!(
        out,
        "sync proto 77: 0 added, 0 replaced, 0 deleted, 13 unchanged\n"
    );

    let out = sync(&ns, &["proto", "77"], SECOND);
    assert_eq!(
        out,
        "sync proto 77: 1 added, 5 replaced, 7 deleted, 1 unchanged\n"
    );
    assert_eq!(routes(&ns, "77", true), sorted(SECOND_STATE));
    assert_eq!(others(&ns), foreign);
    let out = sync(&ns, &["proto", "77"], SECOND);
    assert!(out.starts_with("sync proto 77: 0 added, 0 replaced, 0 deleted"));

    // An empty file is refused: it would delete every route of the proto.
    let before = route_state(&ns);
    let out = ipr(&ns, &["route", "sync", "proto", "77", "-"], "# nothing\n");
    common::assert_exit(
        &out,
        1,
        "ipr: route sync: \"-\" lists no routes: this would delete every route of proto 77 in table main; \
         use \"ipr route flush proto 77\" for that, or add \"force\"\n",
    );
    common::assert_unchanged(&before, route_state(&ns));

    // With `force` it empties main (and only main) of the proto.
    let out = sync(&ns, &["proto", "77", "force"], "# nothing\n");
    assert_eq!(
        out,
        "sync proto 77: 0 added, 0 replaced, 6 deleted, 0 unchanged\n"
    );
    assert_eq!(
        routes(&ns, "77", true),
        sorted(
            "10.64.0.0/16 via 10.1.0.3 dev va table 200 proto 77\n\
             unreachable 10.53.0.0/16 table 100 proto 77"
        )
    );
    assert_eq!(others(&ns), foreign);
}

#[test]
fn a_named_proto_and_one_table() {
    let ns = topology();
    ns.names_file("rt_protos.d/sync.conf", "77 sandbox\n");
    ns.ip("route add 10.57.0.0/16 via 10.1.0.3 proto 77");
    let foreign = routes(&ns, "sandbox", false);
    let file = "10.70.0.0/16 via 10.1.0.2\nblackhole 10.71.0.0/16\n";
    let out = sync(&ns, &["proto", "sandbox", "table", "100"], file);
    assert_eq!(
        out,
        "sync proto sandbox: 2 added, 0 replaced, 0 deleted, 0 unchanged\n"
    );
    let mine = routes(&ns, "sandbox", true);
    assert_eq!(
        mine,
        sorted(
            "10.57.0.0/16 via 10.1.0.3 dev va proto sandbox\n\
             10.64.0.0/16 via 10.1.0.3 dev va table 200 proto sandbox\n\
             10.70.0.0/16 via 10.1.0.2 dev va table 100 proto sandbox\n\
             blackhole 10.71.0.0/16 table 100 proto sandbox"
        )
    );
    assert_eq!(routes(&ns, "sandbox", false), foreign);

    // A line in another table than the sync's is an error.
    let out = ipr(
        &ns,
        &["route", "sync", "proto", "77", "table", "100", "-"],
        "10.72.0.0/16 via 10.1.0.2 table 200\n",
    );
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "-:1: route is in table 200, but this sync is for table 100\nroute sync: nothing changed\n"
    );
}

#[test]
fn dry_run_prints_the_plan_and_changes_nothing() {
    let ns = topology();
    ns.batch(
        "\
route add 10.50.0.0/16 via 10.1.0.3 proto 77 metric 5
route add 10.51.0.0/16 via 10.1.0.2 proto 77
route add 10.59.0.0/16 via 10.1.0.3 proto 77
",
    );
    let before = route_state(&ns);
    let file = "\
10.50.0.0/16 via 10.1.0.2 metric 5
10.51.0.0/16 via 10.1.0.2
10.52.0.0/16 nexthop via 10.1.0.2 weight 3 nexthop via 10.2.0.2 dev vc
2001:db8:50::/48 via 2001:db8:1::2
";
    let out = sync(&ns, &["proto", "77", "dry-run"], file);
    assert_eq!(
        out,
        "\
~ 10.50.0.0/16 via 10.1.0.2 proto 77 metric 5
    via: 10.1.0.3 -> 10.1.0.2
+ 10.52.0.0/16 proto 77 nexthop via 10.1.0.2 weight 3 nexthop via 10.2.0.2 dev vc weight 1
+ 2001:db8:50::/48 via 2001:db8:1::2 proto 77
- 10.59.0.0/16 via 10.1.0.3 dev va proto 77
sync proto 77 (dry-run): 2 to add, 1 to replace, 1 to delete, 1 unchanged
"
    );
    common::assert_unchanged(&before, route_state(&ns));
}

#[test]
fn a_bad_file_changes_nothing_and_says_where() {
    let ns = topology();
    ns.ip("route add 10.59.0.0/16 via 10.1.0.3 proto 77");
    let before = route_state(&ns);
    // Lines `route add` refuses before sending anything: each must be reported
    // with exactly the message `ip route add` prints for it.
    let bad = [
        (2, "10.1.0.0/16 via 10.1.0.2 dev nosuch"),
        (3, "10.2.0.0/16 metric x"),
        (4, "10.3.0.0/16 via bogus"),
        (6, "10.4.0.0/16 mtu"),
        (7, "10.5.0.0/16 nexthop via 10.1.0.2 dev nosuch"),
        (8, "10.6.0.0/16 via 10.1.0.2 to 10.7.0.0/16"),
    ];
    let file = "\
10.50.0.0/16 via 10.1.0.2
10.1.0.0/16 via 10.1.0.2 dev nosuch
10.2.0.0/16 metric x
10.3.0.0/16 via bogus
# fine so far
10.4.0.0/16 mtu
10.5.0.0/16 nexthop via 10.1.0.2 dev nosuch
10.6.0.0/16 via 10.1.0.2 to 10.7.0.0/16
10.8.0.0/16 via 10.1.0.2 proto static
10.50.0.0/16 via 10.1.0.3
";
    let path = common::Scratch::write(file);
    let path_text = path.arg();
    let out = ipr(&ns, &["route", "sync", "proto", "77", path_text], "");
    assert!(!out.status.success());

    let mut expected = String::new();
    for (line, words) in bad {
        let ip = Command::new(IP)
            .args(["-n", &ns.name, "route", "add"])
            .args(words.split_whitespace())
            .output()
            .unwrap();
        assert!(!ip.status.success(), "ip accepted {words}");
        expected.push_str(&format!(
            "{path_text}:{line}: {}",
            String::from_utf8_lossy(&ip.stderr)
        ));
    }
    expected.push_str(&format!(
        "{path_text}:9: route has proto static, but this sync is for proto 77\n\
         {path_text}:10: duplicate route: line 1 has the same destination, table, tos and metric\n\
         route sync: nothing changed\n"
    ));
    assert_eq!(String::from_utf8_lossy(&out.stderr), expected);
    assert_eq!(out.stdout, b"");
    common::assert_unchanged(&before, route_state(&ns));

    // A file that cannot be read is an error too.
    let out = ipr(&ns, &["route", "sync", "proto", "77", "/nonexistent/x"], "");
    common::assert_exit(
        &out,
        1,
        "ipr: route sync: cannot read \"/nonexistent/x\": No such file or directory\n",
    );
    common::assert_unchanged(&before, route_state(&ns));
}

#[test]
fn json_from_ip_reproduces_the_routes() {
    // The routes of proto 77 in one namespace, as `ip -j` prints them...
    let source = topology();
    source.batch(
        "\
route add 10.50.0.0/16 via 10.1.0.2 proto 77 metric 5
route add 10.51.0.0/16 via 10.1.0.2 proto 77 mtu 1300 advmss 1200 rtt 2s congctl cubic
route add 10.52.0.0/16 proto 77 nexthop via 10.1.0.2 weight 3 nexthop via 10.2.0.2 dev vc
route add 10.54.0.0/16 dev va src 10.1.0.1 realms 2/5 proto 77
route add 10.55.0.0/16 via 10.2.0.2 dev vc onlink proto 77
route add 10.56.0.0/16 via inet6 2001:db8:1::2 dev va proto 77
route add blackhole 10.53.0.0/16 table 100 proto 77
route add 2001:db8:50::/48 via 2001:db8:1::2 proto 77 pref high
route add 2001:db8:52::/48 from 2001:db8:1::/64 via 2001:db8:1::2 proto 77
route add 2001:db8:53::/48 proto 77 nexthop via 2001:db8:1::2 dev va weight 2 nexthop via 2001:db8:2::2 dev vc
route add unreachable 2001:db8:54::/48 proto 77
",
    );
    let json = |family: &str| {
        let out = Command::new(IP)
            .args(["-n", &source.name, family, "-j", "-p", "route", "show"])
            .args(["table", "all", "proto", "77"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    // ...synced into another that holds other routes of proto 77.
    let target = topology();
    target.batch(
        "\
route add 10.50.0.0/16 via 10.1.0.3 proto 77 metric 5
route add 10.59.0.0/16 via 10.1.0.3 proto 77
route add 2001:db8:59::/48 via 2001:db8:1::3 proto 77
",
    );
    let foreign = others(&target);
    // The source's table 200 route is not in the target's scope: leave it out.
    let v4: String = json("-4").replace(
        r#"{
        "dst": "10.64.0.0/16",
        "gateway": "10.1.0.3",
        "dev": "va",
        "table": "200",
        "flags": [ ]
    },"#,
        "",
    );
    assert!(!v4.contains("10.64.0.0"), "{v4}");
    let out = sync_with(&target, &["-4"], &["proto", "77"], &v4);
    assert_eq!(
        out,
        "sync proto 77: 6 added, 1 replaced, 1 deleted, 0 unchanged\n"
    );
    let out = sync_with(&target, &["-6"], &["proto", "77"], &json("-6"));
    assert_eq!(
        out,
        "sync proto 77: 4 added, 0 replaced, 1 deleted, 0 unchanged\n"
    );
    assert_eq!(routes(&target, "77", true), routes(&source, "77", true));
    assert_eq!(others(&target), foreign);
    // And again: converged.
    let out = sync_with(&target, &["-6"], &["proto", "77"], &json("-6"));
    assert_eq!(
        out,
        "sync proto 77: 0 added, 0 replaced, 0 deleted, 4 unchanged\n"
    );
}

#[test]
fn usage_errors() {
    let ns = Ns::new();
    for args in [
        &["route", "sync"][..],
        &["route", "sync", "proto", "77"],
        &["route", "sync", "-"],
        &["route", "sync", "proto", "77", "a", "b"],
    ] {
        let out = ipr(&ns, args, "");
        assert_eq!(out.status.code(), Some(255), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "Usage: ipr route sync proto PROTO [ table TABLE ] [ dry-run ] [ force ] FILE|-\n"
        );
    }
    let out = ipr(&ns, &["route", "sync", "proto", "nosuch", "-"], "");
    common::assert_exit(
        &out,
        255,
        "Error: argument \"nosuch\" is wrong: \"protocol\" value is invalid\n\n",
    );
}

#[test]
fn reserved_protos_need_force() {
    let ns = topology();
    let before = route_state(&ns);
    for proto in [
        "unspec", "redirect", "kernel", "boot", "static", "ra", "0", "1", "2", "3", "4", "9",
    ] {
        let out = ipr(
            &ns,
            &["route", "sync", "proto", proto, "-"],
            "10.80.0.0/16 via 10.1.0.2\n",
        );
        assert_eq!(out.status.code(), Some(1), "proto {proto}");
        let name = match proto {
            "0" => "unspec",
            "1" => "redirect",
            "2" => "kernel",
            "3" => "boot",
            "4" => "static",
            "9" => "ra",
            p => p,
        };
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!(
                "ipr: route sync: proto {name} is reserved: its routes belong to the kernel or to other tools, \
                 and a sync would delete every one the file does not list; add \"force\" to sync it anyway\n"
            )
        );
        assert_eq!(out.stdout, b"");
    }
    common::assert_unchanged(&before, route_state(&ns));

    // With `force`, `proto boot` owns what plain `ip route add` made in main.
    let kernel_routes = routes(&ns, "kernel", true);
    let out = sync(
        &ns,
        &["proto", "boot", "force"],
        "10.80.0.0/16 via 10.1.0.2\n",
    );
    assert_eq!(
        out,
        "sync proto boot: 1 added, 0 replaced, 1 deleted, 0 unchanged\n"
    );
    let boot: Vec<String> = routes(&ns, "77", false)
        .into_iter()
        .filter(|l| !l.contains(" proto ") && !l.contains("table "))
        .collect();
    assert_eq!(boot, vec!["10.80.0.0/16 via 10.1.0.2 dev va".to_string()]);
    assert_eq!(routes(&ns, "kernel", true), kernel_routes);
}

#[test]
fn a_refused_change_takes_back_the_whole_sync() {
    let ns = topology();
    ns.batch(
        "\
route add 10.50.0.0/16 via 10.1.0.3 proto 77 mtu lock 1300 advmss 1200
route add 10.55.0.0/16 via 10.1.0.3 proto 77
route append 10.55.0.0/16 via 10.1.0.4 proto 77
route add 10.59.0.0/16 via 10.1.0.3 proto 77
route add 2001:db8:50::/48 via 2001:db8:1::3 proto 77 pref high
route add 2001:db8:59::/48 proto 77 nexthop via 2001:db8:1::3 dev va nexthop via 2001:db8:1::4 dev va
",
    );
    let before = route_state(&ns);
    // Line 5 holds the identity of a proto static route: the kernel refuses it
    // after four changes were made; the deletions were never sent.
    let file = "\
10.50.0.0/16 via 10.1.0.2
2001:db8:50::/48 via 2001:db8:1::2
10.55.0.0/16 via 10.1.0.2
10.70.0.0/16 via 10.1.0.2
10.61.0.0/16 via 10.1.0.2 metric 5
10.71.0.0/16 via 10.1.0.2
";
    let out = ipr(&ns, &["route", "sync", "proto", "77", "-"], file);
    common::assert_exit(
        &out,
        2,
        "ipr: route sync: -:5: + 10.61.0.0/16 via 10.1.0.2 proto 77 metric 5\n  \
         RTNETLINK answers: File exists\n\
         route sync: nothing changed (5 changes taken back)\n",
    );
    assert_eq!(out.stdout, b"");
    common::assert_unchanged(&before, route_state(&ns));

    // A refused replace (an unreachable gateway) is taken back the same way.
    let file = "10.70.0.0/16 via 10.1.0.2\n10.50.0.0/16 via 10.9.9.9\n";
    let out = ipr(&ns, &["route", "sync", "proto", "77", "-"], file);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("ipr: route sync: -:2: ~ 10.50.0.0/16 via 10.9.9.9 proto 77\n  Error: Nexthop has invalid gateway.\n"),
        "{err}"
    );
    assert!(
        err.ends_with("route sync: nothing changed (1 change taken back)\n"),
        "{err}"
    );
    common::assert_unchanged(&before, route_state(&ns));
}

#[test]
fn dry_run_shows_the_plan_a_real_run_applies() {
    let ns = topology();
    ns.batch(
        "\
route add 10.50.0.0/16 via 10.1.0.3 proto 77 mtu lock 1300 advmss 1200
route add 10.55.0.0/16 via 10.1.0.3 proto 77
route append 10.55.0.0/16 via 10.1.0.4 proto 77
route add 10.59.0.0/16 via 10.1.0.3 proto 77
route add blackhole 10.53.0.0/16 proto 77
route add 2001:db8:51::/48 via 2001:db8:1::2 proto 77 metric 7 pref high
",
    );
    let file = "\
10.50.0.0/16 via 10.1.0.2 dev va mtu 1400
10.55.0.0/16 via 10.1.0.4
10.70.0.0/16 via 10.1.0.2
unreachable 10.53.0.0/16
2001:db8:51::/48 via 2001:db8:1::2 metric 7
";
    let plan = sync(&ns, &["proto", "77", "dry-run"], file);
    assert_eq!(
        plan,
        "\
~ 10.50.0.0/16 via 10.1.0.2 dev va proto 77 mtu 1400
    via: 10.1.0.3 -> 10.1.0.2
    mtu: lock 1300 -> 1400
    advmss: 1200 -> none
+ 10.70.0.0/16 via 10.1.0.2 proto 77
~ unreachable 10.53.0.0/16 proto 77
    type: blackhole -> unreachable
~ 2001:db8:51::/48 via 2001:db8:1::2 proto 77 metric 7
    pref: high -> none
- 10.55.0.0/16 via 10.1.0.3 dev va proto 77
- 10.59.0.0/16 via 10.1.0.3 dev va proto 77
sync proto 77 (dry-run): 1 to add, 3 to replace, 2 to delete, 1 unchanged
"
    );
    let before = routes(&ns, "77", true);
    let out = sync(&ns, &["proto", "77"], file);
    assert_eq!(
        out,
        "sync proto 77: 1 added, 3 replaced, 2 deleted, 1 unchanged\n"
    );
    // Exactly the `-` routes went and the `+` one came.
    let after = routes(&ns, "77", true);
    let gone: Vec<&String> = before.iter().filter(|l| !after.contains(l)).collect();
    assert!(gone.contains(&&"10.55.0.0/16 via 10.1.0.3 dev va proto 77".to_string()));
    assert!(gone.contains(&&"10.59.0.0/16 via 10.1.0.3 dev va proto 77".to_string()));
    assert!(after.contains(&"10.70.0.0/16 via 10.1.0.2 dev va proto 77".to_string()));
    assert!(after.contains(&"10.55.0.0/16 via 10.1.0.4 dev va proto 77".to_string()));
    let again = sync(&ns, &["proto", "77", "dry-run"], file);
    assert_eq!(
        again,
        "sync proto 77 (dry-run): 0 to add, 0 to replace, 0 to delete, 5 unchanged\n"
    );
}

#[test]
fn json_touches_only_its_families_and_names_objects() {
    let ns = topology();
    ns.batch(
        "\
route add 10.59.0.0/16 via 10.1.0.3 proto 77
route add 2001:db8:59::/48 via 2001:db8:1::3 proto 77
",
    );
    let v6 =
        "2001:db8:59::/48 via 2001:db8:1::3 dev va proto 77 metric 1024 pref medium".to_string();
    let json =
        r#"[{"dst":"10.50.0.0/16","gateway":"10.1.0.2","dev":"va","protocol":"77","flags":[]}]"#;
    let out = sync(&ns, &["proto", "77"], json);
    assert_eq!(
        out,
        "sync proto 77: 1 added, 0 replaced, 1 deleted, 0 unchanged\n"
    );
    let mine = routes(&ns, "77", true);
    assert!(mine.contains(&v6), "{mine:?}");
    assert!(!mine.iter().any(|l| l.starts_with("10.59.")));
    // `-6` says otherwise: the IPv6 routes are in scope, and the file has none.
    let out = sync_with(&ns, &["-6"], &["proto", "77", "force"], "[]");
    assert_eq!(
        out,
        "sync proto 77: 0 added, 0 replaced, 1 deleted, 0 unchanged\n"
    );
    assert!(!routes(&ns, "77", true).contains(&v6));

    // Errors name the object by its index in the array (`ip -j` prints one line).
    let before = route_state(&ns);
    let bad = r#"[{"dst":"10.51.0.0/16","gateway":"10.1.0.2"},{"dst":"10.52.0.0/16","bogus":1},{"dst":"10.53.0.0/16","x":2}]"#;
    let out = ipr(&ns, &["route", "sync", "proto", "77", "-"], bad);
    common::assert_exit(
        &out,
        1,
        "-[1]: unknown JSON key \"bogus\"\n-[2]: unknown JSON key \"x\"\nroute sync: nothing changed\n",
    );
    let bad =
        r#"[{"dst":"10.51.0.0/16","gateway":"10.1.0.2"},{"dst":"10.52.0.0/16","dev":"nosuch"}]"#;
    let out = ipr(&ns, &["route", "sync", "proto", "77", "-"], bad);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "-[1]: Cannot find device \"nosuch\"\nroute sync: nothing changed\n"
    );
    let out = ipr(
        &ns,
        &["route", "sync", "proto", "77", "-"],
        r#"[{"dst":"x"},{"dst":}]"#,
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "-[1]: invalid JSON: unexpected character\nroute sync: nothing changed\n"
    );
    common::assert_unchanged(&before, route_state(&ns));
}

#[test]
fn without_privilege_it_fails_once_up_front() {
    let ns = topology();
    let before = route_state(&ns);
    let file = "10.70.0.0/16 via 10.1.0.2\n10.71.0.0/16 via 10.1.0.2\n10.72.0.0/16 via 10.1.0.2\n";
    let out = ipr_exec(
        &ns,
        &AS_NOBODY,
        &[],
        &["route", "sync", "proto", "77", "-"],
        file,
    );
    common::assert_exit(
        &out,
        2,
        "RTNETLINK answers: Operation not permitted\nroute sync: nothing changed\n",
    );
    assert_eq!(out.stdout, b"");
    common::assert_unchanged(&before, route_state(&ns));
    // A dry-run changes nothing, so it needs no privilege.
    let args = ["route", "sync", "proto", "77", "dry-run", "-"];
    let out = ipr_exec(&ns, &AS_NOBODY, &[], &args, file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).ends_with(
            "sync proto 77 (dry-run): 3 to add, 0 to replace, 0 to delete, 0 unchanged\n"
        )
    );
}

/// The lock file of `route sync proto 77` for main in `ns`.
fn lock_file(ns: &Ns) -> String {
    let ino = netns_inode(ns);
    format!("/run/ipr/route-sync-net{ino}-proto77-table254.lock")
}

#[test]
fn a_second_sync_waits_or_gives_up() {
    let ns = topology();
    let path = lock_file(&ns);
    // Another sync, as far as the lock goes, for 1.5 s.
    let mut holder = hold_lock(&path, "1.5");
    let file = "10.70.0.0/16 via 10.1.0.2\n";
    let before = route_state(&ns);
    let args = ["route", "sync", "proto", "77", "-"];
    let out = ipr_exec(&ns, &[], &[("IPR_SYNC_WAIT", "0.2")], &args, file);
    common::assert_exit(
        &out,
        1,
        &format!(
            "ipr: route sync proto 77 table main: another sync still holds {path} after 0.2 s; \
             nothing changed (IPR_SYNC_WAIT sets the wait)\n"
        ),
    );
    common::assert_unchanged(&before, route_state(&ns));
    // With the default wait it goes on once the other is done.
    let start = std::time::Instant::now();
    let out = ipr_exec(&ns, &[], &[], &args, file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(start.elapsed() >= std::time::Duration::from_millis(500));
    holder.wait().unwrap();
    assert_eq!(
        routes(&ns, "77", true)
            .into_iter()
            .filter(|l| !l.contains("table 200"))
            .collect::<Vec<_>>(),
        vec!["10.70.0.0/16 via 10.1.0.2 dev va proto 77".to_string()]
    );
}

#[test]
fn concurrent_syncs_end_with_exactly_one_files_routes() {
    let ns = topology();
    // Each file moves 150 shared prefixes to its own gateway and adds 30 of its
    // own: any interleaving would leave a mix.
    let files: Vec<String> = (0..6)
        .map(|k| {
            let mut file = String::new();
            for i in 0..150 {
                file.push_str(&format!("10.200.{i}.0/24 via 10.1.0.{}\n", 10 + k));
            }
            for i in 0..30 {
                file.push_str(&format!("10.{}.{i}.0/24 via 10.1.0.2\n", 210 + k));
            }
            file
        })
        .collect();
    let expected: Vec<Vec<String>> = files
        .iter()
        .map(|f| {
            let mut lines: Vec<String> = f
                .lines()
                .map(|l| format!("{l} dev va proto 77"))
                .chain(["10.64.0.0/16 via 10.1.0.3 dev va table 200 proto 77".to_string()])
                .collect();
            lines.sort();
            lines
        })
        .collect();
    for _round in 0..2 {
        syncs_at_once(|argv, file| ipr(&ns, argv, file), "route", &files);
        let state = routes(&ns, "77", true);
        assert!(
            expected.contains(&state),
            "end state is no file's list: {} routes",
            state.len()
        );
    }
}

#[test]
fn ipv6_json_without_dash_6_keeps_ipv6_defaults_and_ipv4_routes() {
    let source = topology();
    source.batch_with(
        &["-6"],
        "\
route add default via 2001:db8:1::ff proto 77
route add unreachable 2001:db8:8::/48 proto 77
",
    );
    let out = Command::new(IP)
        .args([
            "-n",
            &source.name,
            "-6",
            "-j",
            "route",
            "show",
            "proto",
            "77",
        ])
        .output()
        .unwrap();
    let json = String::from_utf8(out.stdout).unwrap();
    assert!(json.contains(r#""dst":"default""#), "{json}");
    let target = topology();
    target.ip("route add 10.59.0.0/16 via 10.1.0.3 proto 77");
    let plan = sync(&target, &["proto", "77", "dry-run"], &json);
    assert_eq!(
        plan,
        "\
+ unreachable 2001:db8:8::/48 dev lo proto 77 metric 1024 pref medium
+ default via 2001:db8:1::ff dev va proto 77 metric 1024 pref medium
sync proto 77 (dry-run): 2 to add, 0 to replace, 0 to delete, 0 unchanged
"
    );
    sync(&target, &["proto", "77"], &json);
    // The IPv6 routes are the source's; the IPv4 route of the proto stayed.
    let mut expected = routes(&source, "77", true);
    expected.push("10.59.0.0/16 via 10.1.0.3 dev va proto 77".to_string());
    expected.sort();
    assert_eq!(routes(&target, "77", true), expected);
}

#[test]
fn routes_of_nexthop_objects_are_kept_and_deleted_by_id() {
    let ns = topology();
    ns.batch(
        "\
nexthop add id 7 via 10.1.0.2 dev va
route add 10.90.0.0/16 nhid 7 proto 77
route add 10.91.0.0/16 nhid 7 proto 77
",
    );
    let out = sync(&ns, &["proto", "77"], "10.90.0.0/16 nhid 7\n");
    assert_eq!(
        out,
        "sync proto 77: 0 added, 0 replaced, 1 deleted, 1 unchanged\n"
    );
    let mine: Vec<String> = routes(&ns, "77", true)
        .into_iter()
        .filter(|l| !l.contains("table 200"))
        .collect();
    assert_eq!(
        mine,
        vec!["10.90.0.0/16 nhid 7 via 10.1.0.2 dev va proto 77"]
    );
}

/// The transaction on its own: a refusal among the deletions (the second phase)
/// takes back the additions of the first.
#[test]
fn a_refused_deletion_takes_back_the_additions() {
    use ipr::netlink::attrs::Payload;
    use ipr::netlink::consts::*;
    use ipr::netlink::transaction::{self, Outcome, Request, Step};
    use std::os::fd::AsRawFd;
    let ns = topology();
    let before = route_state(&ns);
    // Sockets this thread opens from now on belong to the namespace.
    let handle = std::fs::File::open(format!("/run/netns/{}", ns.name)).unwrap();
    // SAFETY: setns on a descriptor we own; it changes only this thread.
    assert_eq!(
        unsafe { libc::setns(handle.as_raw_fd(), libc::CLONE_NEWNET) },
        0
    );
    // 10.X.0.0/16 via 10.1.0.2 proto 77 in main.
    let route = |x: u8| {
        let mut p = Payload::with_header(&[2, 16, 0, 0, 254, 77, 0, 1, 0, 0, 0, 0]);
        p.attr(RTA_DST, &[10, x, 0, 0]);
        p.attr(RTA_GATEWAY, &[10, 1, 0, 2]);
        p.bytes
    };
    let add = |x| Request {
        kind: RTM_NEWROUTE,
        flags: NLM_F_CREATE | NLM_F_EXCL,
        payload: route(x),
    };
    let delete = |x| Request {
        kind: RTM_DELROUTE,
        flags: 0,
        payload: route(x),
    };
    let steps = [
        Step {
            apply: add(95),
            undo: delete(95),
            harmless: None,
        },
        Step {
            apply: add(97),
            undo: delete(97),
            harmless: None,
        },
        // Not there: refused (ESRCH is not declared harmless here).
        Step {
            apply: delete(96),
            undo: add(96),
            harmless: None,
        },
    ];
    match transaction::run(&steps, &[2]).unwrap() {
        Outcome::Refused {
            refused,
            undone,
            undo_failed,
            lost_replies,
        } => {
            assert_eq!(refused.len(), 1);
            assert_eq!(refused[0].0, 2);
            assert_eq!(refused[0].1.text(), "RTNETLINK answers: No such process\n");
            assert_eq!((undone, undo_failed.len(), lost_replies), (2, 0, false));
        }
        Outcome::Done => panic!("the deletion was not refused"),
    }
    common::assert_unchanged(&before, route_state(&ns));
    // Declared harmless, the same refusal is no failure.
    let mut steps = steps.to_vec();
    steps[2].harmless = Some(libc::ESRCH);
    assert!(matches!(
        transaction::run(&steps, &[2]).unwrap(),
        Outcome::Done
    ));
    assert!(
        routes(&ns, "77", true).contains(&"10.95.0.0/16 via 10.1.0.2 dev va proto 77".to_string())
    );
}
