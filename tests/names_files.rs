//! Hand-edited names files with the oddities real ones accumulate, read by `ip` and
//! `ipr` from the namespace's own `/etc/netns/NS/iproute2`: one name for two ids,
//! ids beyond 8 bits, 32 bits or a signed int, lines longer than iproute2's
//! 512-byte line buffer, and malformed lines ("Database ... is corrupted at ...").
//! Every command runs through `-n NS` and through `ip netns exec NS`.

mod common;

use common::{IP, Ns, Via, assert_same_argv_in, assert_same_argv_via, ipr_bin, run_tool};

/// Runs each argv through both tools, both ways of entering the namespace.
fn assert_all_same(ns: &Ns, cases: &[&[&str]]) {
    for args in cases {
        assert_same_argv_via(ns, args, Via::NetnsOption);
        assert_same_argv_via(ns, args, Via::NetnsExec);
    }
}

/// The standard interfaces with routes in the given tables / with the given
/// protocols (`route add` lines).
fn with_routes(lines: &str) -> Ns {
    let ns = common::minimal();
    ns.batch(lines);
    ns
}

#[test]
fn one_table_name_for_two_ids() {
    // A name means the id iproute2 meets first scanning its 256 buckets (id & 255)
    // in order: `foo` is 5 (bucket 5 before 100), `bar` 300 (bucket 44 before
    // 232), whatever the file order. An id prints as its newest name.
    let ns = with_routes(
        "route add 10.60.0.0/16 dev va table 5\n\
         route add 10.61.0.0/16 dev va table 100\n\
         route add 10.62.0.0/16 dev va table 300\n\
         route add 10.63.0.0/16 dev va table 1000\n\
         rule add pref 10 table 100\n",
    );
    ns.names_file(
        "rt_tables",
        "100 foo\n5 foo\n300 bar\n1000 bar\n100 newest\n",
    );
    ns.names_file("rt_tables.d/x.conf", "7 foo\n1000 baz\n");
    assert_all_same(
        &ns,
        &[
            &["route", "show", "table", "all"],
            &["-j", "route", "show", "table", "all"],
            &["route", "show", "table", "foo"],
            &["route", "show", "table", "bar"],
            &["route", "show", "table", "baz"],
            &["route", "show", "table", "newest"],
            &["rule", "list", "table", "foo"],
            &["rule"],
            &["route", "get", "10.60.0.1", "table", "foo"],
        ],
    );
}

#[test]
fn table_ids_beyond_a_signed_int() {
    // Ids are read into a C int: 2^31 and up come out negative and are skipped,
    // 2^32+5 (decimal or hex) is 5, a decimal beyond 64 bits saturates to -1.
    let ns = with_routes(
        "route add 10.60.0.0/16 dev va table 5\n\
         route add 10.61.0.0/16 dev va table 2147483647\n\
         route add 10.62.0.0/16 dev va table 2147483648\n\
         route add 10.63.0.0/16 dev va table 4294967295\n",
    );
    ns.names_file(
        "rt_tables",
        "2147483647 top\n2147483648 big\n4294967301 wrap\n0x100000005 hexwrap\n\
         -5 neg\n0xfffffffb negx\n99999999999999999999 sat\n0x99999999999999999999 satx\n",
    );
    assert_all_same(
        &ns,
        &[
            &["route", "show", "table", "all"],
            &["route", "show", "table", "top"],
            &["route", "show", "table", "big"],
            &["route", "show", "table", "wrap"],
            &["route", "show", "table", "hexwrap"],
            &["route", "show", "table", "neg"],
            &["route", "show", "table", "negx"],
            &["route", "show", "table", "sat"],
            &["route", "show", "table", "satx"],
        ],
    );
}

#[test]
fn small_table_ids_out_of_range_and_shared_names() {
    // rt_protos, rt_scopes, rt_realms, rt_dsfield hold ids 0..=255: the newest
    // name prints, a name means its lowest id, other ids are skipped once read
    // as a C int (so 4294967297 is 1, and -99999999999999999999 is 0).
    let ns = with_routes(
        "route add 10.60.0.0/16 dev va proto 1\n\
         route add 10.61.0.0/16 dev va proto 5\n\
         route add 10.62.0.0/16 dev va proto 6\n\
         route add 10.63.0.0/16 dev va proto 200 scope 200 realms 3/200 tos 0x10\n\
         route add 10.64.0.0/16 dev va proto 250 scope 100 realm 250 tos 0x20\n",
    );
    ns.names_file(
        "rt_protos",
        "200 dup\n250 dup\n257 over\n-1 minus\n4294967297 wrap1\n0x100000005 hexw5\n\
         0x-fffffffa xneg6\n-99999999999999999999 satneg\n",
    );
    ns.names_file("rt_scopes", "200 bldg\n100 bldg\n300 over\n");
    ns.names_file("rt_realms", "250 east\n3 east\n4294967496 wrapped\n");
    ns.names_file("rt_dsfield", "0x10 low\n0x20 low\n0x120 over\n");
    assert_all_same(
        &ns,
        &[
            &["route", "show"],
            &["-d", "route", "show"],
            &["-j", "route", "show"],
            &["route", "show", "proto", "dup"],
            &["route", "show", "proto", "over"],
            &["route", "show", "proto", "minus"],
            &["route", "show", "proto", "wrap1"],
            &["route", "show", "proto", "hexw5"],
            &["route", "show", "proto", "xneg6"],
            &["route", "show", "proto", "satneg"],
            &["route", "show", "scope", "bldg"],
            &["route", "show", "scope", "over"],
            &["route", "show", "realm", "east"],
            &["route", "show", "realms", "east/wrapped"],
            &["route", "show", "tos", "low"],
            &["route", "show", "tos", "over"],
        ],
    );
}

#[test]
fn group_names() {
    // `group` is kept like rt_tables (buckets), its ids must be non-negative ints.
    let ns = common::minimal();
    ns.batch(
        "rule add pref 100 suppress_ifgroup 5 table 100\n\
         rule add pref 101 suppress_ifgroup 300 table 100\n\
         rule add pref 102 suppress_ifgroup 0x7fffffff table 100\n\
         rule add pref 103 suppress_ifgroup 7 table 100\n",
    );
    ns.names_file(
        "group",
        "300 five\n5 five\n0x7fffffff max\n2147483648 toobig\n4294967303 seven\n",
    );
    assert_all_same(&ns, &[&["rule"], &["-j", "rule"], &["-N", "rule"]]);
}

/// Runs `args` through ip in one new namespace and ipr in another, both built
/// by `build`, and compares output and the rules and routes left behind.
fn assert_same_change(build: &dyn Fn() -> Ns, args: &[&str]) {
    let (ns_ip, ns_ipr) = (build(), build());
    assert_same_argv_in(&ns_ip, &ns_ipr, args, Via::NetnsOption);
    let listing = |ns: &Ns, args: &[&str]| run_tool(ns, IP, args, Via::NetnsOption).stdout;
    for what in [&["-N", "-d", "rule"][..], &["-N", "-d", "route"]] {
        common::assert_same_kernel_state(
            format!("{what:?} after {args:?}"),
            listing(&ns_ip, what),
            listing(&ns_ipr, what),
        );
    }
}

#[test]
fn shared_names_resolve_the_same_when_adding() {
    let build = || {
        let ns = common::minimal();
        ns.names_file("rt_tables", "100 foo\n5 foo\n300 bar\n1000 bar\n");
        ns.names_file("rt_protos", "250 dup\n200 dup\n");
        ns.names_file("rt_realms", "250 east\n3 east\n");
        ns.names_file("group", "300 five\n5 five\n");
        ns
    };
    for args in [
        &["rule", "add", "table", "foo", "suppress_ifgroup", "five"][..],
        &["rule", "add", "table", "bar", "realms", "east/east"][..],
        &["route", "add", "10.70.0.0/16", "dev", "va", "proto", "dup"][..],
        &["route", "add", "10.70.0.0/16", "dev", "va", "realm", "east"][..],
    ] {
        assert_same_change(&build, args);
    }
}

#[test]
fn long_lines_are_read_in_pieces() {
    // iproute2 reads 511 bytes at a time: the rest of a long comment is read as a
    // line of its own (corrupted, which ends the file), and an entry can start in
    // the middle of a long line.
    let ns = with_routes(
        "route add 10.60.0.0/16 dev va table 100 realm 200\n\
         route add 10.61.0.0/16 dev va table 101 realm 201\n\
         route add 10.62.0.0/16 dev va table 102 proto 202\n",
    );
    let x = |n| "x".repeat(n);
    ns.names_file("rt_realms", &format!("#{}\n200 afterlong\n", x(600)));
    ns.names_file(
        "rt_tables",
        &format!("#{} 101 inside\n100 hundred\n102 {}\n", x(509), x(600)),
    );
    ns.names_file("rt_protos", &format!("#{}\n202 exactly\n", x(509)));
    assert_all_same(
        &ns,
        &[
            &["route", "show", "table", "all"],
            &["route", "show", "table", "inside"],
            &["route", "show", "table", "hundred"],
            &["route", "show", "table", "all", "realm", "afterlong"],
            &["route", "show", "table", "all", "proto", "exactly"],
        ],
    );
}

#[test]
fn corrupted_lines_end_their_file_only() {
    // The warning goes to stderr when the file is first read (a table that is
    // never needed is never read), names the file under /etc/iproute2, and ends
    // that file only: other files and drop-ins are still read.
    let ns = with_routes(
        "route add 10.60.0.0/16 dev va table 100 proto 200 realm 200 scope 200\n\
         route add 10.61.0.0/16 dev va table 101 proto 201 realm 201 tos 0x10\n\
         rule add pref 100 suppress_ifgroup 5 table 100\n",
    );
    ns.names_file("rt_tables", "100 hundred\n7\n101 lost\n");
    ns.names_file("rt_tables.d/a.conf", "bogus\n");
    ns.names_file("rt_tables.d/b.conf", "101 kept\n");
    ns.names_file("rt_protos", "200 p200\n-\n201 lost\n");
    ns.names_file("rt_protos.d/a.conf", "201 p201\n 0x\n");
    ns.names_file("rt_realms", "200 r200\nbad line\n201 lost\n");
    ns.names_file("rt_scopes", "200 s200\n0xg\n\t5x\n");
    ns.names_file("rt_dsfield", "x10 lowdelay\n");
    ns.names_file("group", "5 five\n# fine\n\n  \n+\n");
    assert_all_same(
        &ns,
        &[
            &["route", "show", "table", "all"],
            &["-d", "route", "show", "table", "all"],
            &["route", "show", "table", "kept"],
            &["route", "show", "table", "lost"],
            &["route", "show", "table", "all", "proto", "p201"],
            &["route", "show", "table", "all", "scope", "xg"],
            &["route", "show", "table", "all", "scope", "x"],
            &["rule"],
            &["-6", "route"],
        ],
    );
}

#[test]
fn odd_bytes_and_spacing() {
    // A NUL ends what iproute2 sees of a line; CR and other white space end a
    // name; `0x` reads a hex number after optional spaces and a second `0x`,
    // and a `0x` with no digit after it is the number 0.
    let ns = with_routes(
        "route add 10.60.0.0/16 dev va proto 5\n\
         route add 10.61.0.0/16 dev va proto 6\n\
         route add 10.62.0.0/16 dev va proto 15\n\
         route add 10.63.0.0/16 dev va proto 16 realm 3\n",
    );
    ns.names_file(
        "rt_protos",
        "5 fi\0ve\n6 six\r\n\t 0x 0xf \t hexf\n0x10\x0bvt\n",
    );
    ns.names_file("rt_realms", "0x0xq odd\n3 three\n");
    assert_all_same(
        &ns,
        &[
            &["route", "show"],
            &["route", "show", "proto", "fi"],
            &["route", "show", "proto", "six"],
            &["route", "show", "proto", "hexf"],
            &["route", "show", "proto", "vt"],
            &["route", "show", "realm", "q"],
            &["route", "show", "realm", "xq"],
        ],
    );
}

#[test]
fn drop_ins_of_group_are_not_read() {
    let ns = common::minimal();
    ns.batch("rule add pref 100 suppress_ifgroup 5 table 100\n");
    ns.names_file("group.d/x.conf", "5 five\n");
    ns.names_file("rt_realms.d/x.conf", "bogus\n");
    assert_all_same(&ns, &[&["rule"], &["route", "show", "realm", "five"]]);
}

#[test]
fn realm_id_256_is_skipped_not_written_past_the_table() {
    // iproute2 6.1 accepts id 256 in rt_protos, rt_scopes, rt_realms and
    // rt_dsfield and stores it one past the end of its 256-entry array; what that
    // overwrites depends on how the binary is laid out (here, the name of scope
    // 0, which then prints as the realm name). ipr skips the id like any other
    // that does not fit. See docs/compatibility.md.
    let ns = with_routes("route add 10.60.0.0/16 dev va realm 200\n");
    ns.names_file("rt_realms", "256 over\n200 r200\n");
    let args = ["-d", "route", "show", "table", "all"];
    let ip = run_tool(&ns, IP, &args, Via::NetnsOption);
    let ipr = run_tool(&ns, ipr_bin(), &args, Via::NetnsOption);
    let (ip, ipr) = (
        String::from_utf8_lossy(&ip.stdout),
        String::from_utf8_lossy(&ipr.stdout),
    );
    assert!(ip.contains("realm r200"), "{ip}");
    assert!(ipr.contains("realm r200"), "{ipr}");
    assert!(
        ip.contains("scope over"),
        "iproute2 no longer does this:\n{ip}"
    );
    assert!(!ipr.contains("over"), "{ipr}");
    assert_eq!(ip.replace("scope over", "scope global"), ipr);
}
