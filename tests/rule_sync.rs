//! `ipr rule sync` (ipr only): the rules of one protocol converge to a file's,
//! rules of other protocols stay, reserved protocols and empty lists need
//! `force`, a refused change takes back the whole sync, two syncs never
//! interleave. Kernel state is read back with the real `ip`, and compared with
//! what `ip rule add` makes of the same lines.

mod common;

use common::sync::{AS_NOBODY, hold_lock, ipr_exec, netns_inode, sync_through, syncs_at_once};
use common::{IP, Ns};
use std::process::{Command, Output};

/// `ipr ARGS` in the namespace through `ip netns exec`, `stdin` on standard input.
fn ipr(ns: &Ns, args: &[&str], stdin: &str) -> Output {
    ipr_exec(ns, &[], &[], args, stdin)
}

/// `ipr [GLOBALS] rule sync ARGS -`, insisting it succeeds; its stdout.
#[track_caller]
fn sync(ns: &Ns, globals: &[&str], args: &[&str], file: &str) -> String {
    sync_through(
        |argv, input| ipr(ns, argv, input),
        globals,
        "rule",
        args,
        file,
    )
}

/// `ip -d [FAMILY] rule show` in `ns`.
fn rules(ns: &Ns, family: &str) -> String {
    let out = Command::new(IP)
        .args(["-n", &ns.name, family, "-d", "rule", "show"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn state(ns: &Ns) -> String {
    rules(ns, "-4") + &rules(ns, "-6")
}

/// Rules of other protocols, and some of proto 77 to change.
fn topology() -> Ns {
    let ns = common::minimal();
    ns.batch(
        "\
rule add fwmark 0x9 lookup 100 pref 40
rule add from 10.9.0.0/16 lookup 100 pref 70 proto 78
rule add fwmark 0x1 lookup 100 pref 50 proto 77
rule add from 10.0.0.0/8 lookup 100 pref 60 proto 77
rule add to 10.8.0.0/16 blackhole pref 65 proto 77
",
    );
    ns.batch_with(
        &["-6"],
        "\
rule add from 2001:db8:1::/64 lookup 100 pref 100 proto 77
rule add fwmark 0x3 lookup 200 pref 110 proto 78
",
    );
    ns
}

const FILE: &str = "\
# policy routing of proto 77
fwmark 0x1 lookup 100 pref 50
from 10.0.0.0/8 lookup 200 pref 60
not to 10.5.0.0/16 iif va uidrange 100-200 ipproto tcp dport 1000-2000 prohibit pref 90
fwmark 0x2/0xff oif vc suppress_prefixlength 8 realms 2/3 table main pref 95
from 10.7.0.0/16 goto 120 pref 100
pref 120 nop
iif nosuch lookup 5 pref 130
";

#[test]
fn converges_like_ip_rule_add_and_leaves_other_protocols_alone() {
    let ns = topology();
    let out = sync(&ns, &[], &["proto", "77"], FILE);
    assert_eq!(out, "sync proto 77: 6 added, 2 deleted, 1 unchanged\n");
    // The same lines through `ip rule add ... proto 77` in a fresh namespace
    // with the same other rules give the same rule list.
    let reference = topology();
    reference.batch("rule del pref 60\nrule del pref 65\n");
    let lines: String = FILE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.contains("pref 50"))
        .map(|l| format!("rule add {l} proto 77\n"))
        .collect();
    reference.batch(&lines);
    common::assert_same_kernel_state("", state(&reference), state(&ns));
    // Converged: nothing to do.
    let out = sync(&ns, &[], &["proto", "77"], FILE);
    assert_eq!(out, "sync proto 77: 0 added, 0 deleted, 7 unchanged\n");
    // A rule the file leaves the priority of matches whatever priority it has.
    let out = sync(
        &ns,
        &[],
        &["proto", "77"],
        "fwmark 0x1 lookup 100\nfrom 10.0.0.0/8 lookup 200 pref 60\n",
    );
    assert_eq!(out, "sync proto 77: 0 added, 5 deleted, 2 unchanged\n");
    assert!(rules(&ns, "-6").contains("from 2001:db8:1::/64 lookup 100 proto 77"));
}

#[test]
fn dry_run_prints_the_plan_and_changes_nothing() {
    let ns = topology();
    let before = state(&ns);
    let out = sync(
        &ns,
        &[],
        &["proto", "77", "dry-run"],
        "fwmark 0x1 lookup 100 pref 50\nfrom 10.0.0.0/8 lookup 200 pref 60\nfwmark 0x4 lookup 7\n",
    );
    assert_eq!(
        out,
        "\
+ 60: from 10.0.0.0/8 lookup 200 proto 77
+ from all fwmark 0x4 lookup 7 proto 77
- 60: from 10.0.0.0/8 lookup 100 proto 77
- 65: from all to 10.8.0.0/16 blackhole proto 77
sync proto 77 (dry-run): 2 to add, 2 to delete, 1 unchanged
"
    );
    common::assert_unchanged(&before, state(&ns));
}

#[test]
fn ipv6_with_dash_6_and_json_from_ip() {
    let source = topology();
    source.batch_with(
        &["-6"],
        "\
rule add to 2001:db8:9::/48 prohibit pref 300 proto 77
rule add from 2001:db8:2::/64 to 2001:db8:3::/64 sport 1-2 table 200 pref 310 proto 77
",
    );
    source.batch("rule add tos 0x10 fwmark 0x5/0xf iif lo lookup 300 pref 80 proto 77\n");
    let json = |family: &str| {
        let out = Command::new(IP)
            .args([
                "-n",
                &source.name,
                family,
                "-j",
                "-p",
                "rule",
                "show",
                "proto",
                "77",
            ])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let target = topology();
    let v4 = rules(&target, "-4");
    let out = sync(&target, &["-6"], &["proto", "77"], &json("-6"));
    assert_eq!(out, "sync proto 77: 2 added, 0 deleted, 1 unchanged\n");
    assert_eq!(rules(&target, "-4"), v4);
    let out = sync(&target, &[], &["proto", "77"], &json("-4"));
    assert_eq!(out, "sync proto 77: 1 added, 0 deleted, 3 unchanged\n");
    common::assert_same_kernel_state("", state(&source), state(&target));

    // JSON errors name the object.
    let out = ipr(
        &target,
        &["rule", "sync", "proto", "77", "-"],
        r#"[{"priority":1,"table":"100"},{"priority":2,"bogus":1}]"#,
    );
    common::assert_exit(
        &out,
        1,
        "-[1]: unknown JSON key \"bogus\"\nrule sync: nothing changed\n",
    );
}

#[test]
fn bad_files_reserved_protocols_and_empty_lists_change_nothing() {
    let ns = topology();
    let before = state(&ns);
    let out = ipr(
        &ns,
        &["rule", "sync", "proto", "77", "-"],
        "fwmark 0x1 lookup 100 pref 50\nfwmark x lookup 5\nfrom 10.0.0.0/8 proto 78\nfwmark 0x1 lookup 100 pref 50\n",
    );
    assert_eq!(out.status.code(), Some(255));
    let ip_says = Command::new(IP)
        .args(["-n", &ns.name, "rule", "add", "fwmark", "x", "lookup", "5"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "-:2: {}-:3: rule has proto 78, but this sync is for proto 77\n\
             -:4: duplicate rule: line 1 is the same rule\nrule sync: nothing changed\n",
            String::from_utf8_lossy(&ip_says.stderr)
        )
    );
    for proto in ["unspec", "kernel", "boot", "static", "ra", "0", "2"] {
        let out = ipr(
            &ns,
            &["rule", "sync", "proto", proto, "-"],
            "fwmark 1 lookup 5\n",
        );
        assert_eq!(out.status.code(), Some(1), "{proto}");
        assert!(
            String::from_utf8_lossy(&out.stderr).ends_with(
                "is reserved: its rules belong to the kernel or to other tools, and a sync would \
                 delete every one the file does not list; add \"force\" to sync it anyway\n"
            ),
            "{proto}"
        );
    }
    let out = ipr(&ns, &["rule", "sync", "proto", "77", "-"], "# none\n");
    common::assert_exit(
        &out,
        1,
        "ipr: rule sync: \"-\" lists no rules: this would delete every rule of proto 77 (IPv4); \
         use \"ipr rule flush proto 77\" for that, or add \"force\"\n",
    );
    for args in [
        &["rule", "sync"][..],
        &["rule", "sync", "proto", "77"],
        &["rule", "sync", "proto", "77", "table", "5", "-"],
    ] {
        let out = ipr(&ns, args, "");
        assert_eq!(out.status.code(), Some(255), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "Usage: ipr [ -6 ] rule sync proto PROTO [ dry-run ] [ force ] FILE|-\n"
        );
    }
    common::assert_unchanged(&before, state(&ns));

    // `force`: an empty list empties the protocol (IPv4 only), and a reserved
    // protocol can be synced.
    let out = sync(&ns, &[], &["proto", "77", "force"], "");
    assert_eq!(out, "sync proto 77: 0 added, 3 deleted, 0 unchanged\n");
    assert!(!rules(&ns, "-4").contains("proto 77"));
    assert!(rules(&ns, "-6").contains("proto 77"));
    let out = sync(
        &ns,
        &[],
        &["proto", "unspec", "force"],
        "fwmark 0x9 lookup 100 pref 40\n",
    );
    assert_eq!(out, "sync proto unspec: 0 added, 0 deleted, 1 unchanged\n");
}

#[test]
fn a_refused_rule_takes_back_the_whole_sync() {
    let ns = topology();
    let before = state(&ns);
    // A backward goto is refused by the kernel, after two rules were added.
    let file = "\
fwmark 0x1 lookup 100 pref 50
fwmark 0x7 lookup 7 pref 51
from 10.6.0.0/16 lookup 8 pref 52
from 10.7.0.0/16 goto 20 pref 53
";
    let out = ipr(&ns, &["rule", "sync", "proto", "77", "-"], file);
    common::assert_exit(
        &out,
        2,
        "ipr: rule sync: -:4: + 53: from 10.7.0.0/16 goto 20 proto 77\n  \
         Error: Backward goto not supported.\n\
         rule sync: nothing changed (2 changes taken back)\n",
    );
    common::assert_unchanged(&before, state(&ns));
}

#[test]
fn without_privilege_it_fails_once_up_front() {
    let ns = topology();
    let before = state(&ns);
    let out = ipr_exec(
        &ns,
        &AS_NOBODY,
        &[],
        &["rule", "sync", "proto", "77", "-"],
        "fwmark 0x7 lookup 7 pref 51\nfwmark 0x8 lookup 8 pref 52\n",
    );
    common::assert_exit(
        &out,
        2,
        "RTNETLINK answers: Operation not permitted\nrule sync: nothing changed\n",
    );
    common::assert_unchanged(&before, state(&ns));
}

#[test]
fn a_second_sync_waits_or_gives_up() {
    let ns = topology();
    let ino = netns_inode(&ns);
    let path = format!("/run/ipr/rule-sync-net{ino}-proto77.lock");
    let mut holder = hold_lock(&path, "1");
    let before = state(&ns);
    let args = ["rule", "sync", "proto", "77", "-"];
    let file = "fwmark 0x1 lookup 100 pref 50\n";
    let out = ipr_exec(&ns, &[], &[("IPR_SYNC_WAIT", "0")], &args, file);
    common::assert_exit(
        &out,
        1,
        &format!(
            "ipr: rule sync proto 77: another sync still holds {path} after 0 s; \
             nothing changed (IPR_SYNC_WAIT sets the wait)\n"
        ),
    );
    common::assert_unchanged(&before, state(&ns));
    let out = ipr_exec(&ns, &[], &[], &args, file);
    assert!(out.status.success());
    holder.wait().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "sync proto 77: 0 added, 2 deleted, 1 unchanged\n"
    );
}

#[test]
fn concurrent_syncs_end_with_exactly_one_files_rules() {
    let ns = topology();
    // Each file points 40 shared priorities at its own table.
    let files: Vec<String> = (0..5)
        .map(|k| {
            (0..40)
                .map(|i| format!("fwmark {} lookup {} pref {}\n", i + 1, 1000 + k, 1000 + i))
                .collect()
        })
        .collect();
    let expected: Vec<String> = files
        .iter()
        .map(|f| {
            let ns = common::minimal();
            ns.batch(
                &f.lines()
                    .map(|l| format!("rule add {l} proto 77\n"))
                    .collect::<String>(),
            );
            rules(&ns, "-4")
                .lines()
                .filter(|l| l.contains("proto 77"))
                .map(|l| format!("{l}\n"))
                .collect()
        })
        .collect();
    syncs_at_once(|argv, file| ipr(&ns, argv, file), "rule", &files);
    let mine: String = rules(&ns, "-4")
        .lines()
        .filter(|l| l.contains("proto 77"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(
        expected.contains(&mine),
        "end state is no file's list:\n{mine}"
    );
}
