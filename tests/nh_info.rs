//! `-d` listings of routes that use nexthop objects (`nhid`): iproute2 6.1 fetches
//! each object (RTM_GETNEXTHOP) and prints it as an `nh_info` line after the route
//! and before its `nexthop` legs. ip and ipr must agree byte for byte in every
//! output mode, for IPv4 and IPv6, for every shape of nexthop, in `route get
//! fibmatch`, `route showdump` and `-s -s route flush`, and when an id is missing.

mod common;

use common::{IP, Ns, Scratch, assert_same_for, ipr_bin, run_with_stdin_file};
use std::process::Command;

/// Nexthop objects of every shape `nh_info` prints, and routes that use them:
/// gateway, onlink, device only, other protocol, IPv6 gateway
/// for an IPv4 route, blackhole, encap, multipath groups with and without
/// weights, a resilient group, IPv6 nexthops and an IPv6 group. Table 7 holds
/// a few for flushing (the kernel refuses to delete them from their dumped form,
/// for ip and ipr alike, so a flush lists them and fails the same way).
const NEXTHOPS: &str = "\
nexthop add id 1 via 10.1.0.2 dev va
nexthop add id 2 via 10.1.0.3 dev va
nexthop add id 3 via 2001:db8:1::2 dev va
nexthop add id 4 via 2001:db8:1::3 dev va
nexthop add id 5 via 10.1.0.4 dev va onlink
nexthop add id 6 dev va
nexthop add id 8 via inet6 fe80::1 dev va
nexthop add id 10 group 1/2
nexthop add id 11 group 1,5/2,7
nexthop add id 12 group 3/4,3
nexthop add id 20 blackhole
nexthop add id 21 group 1/2 type resilient buckets 8 idle_timer 120 unbalanced_timer 30
nexthop add id 31 encap ip id 5 dst 10.9.9.9 via 10.1.0.2 dev va
nexthop add id 33 via 10.1.0.2 dev va proto 77
route add 192.168.1.0/24 nhid 1
route add 192.168.5.0/24 nhid 5
route add 192.168.6.0/24 nhid 6
route add 192.168.8.0/24 nhid 8
route add 192.168.10.0/24 nhid 10
route add 192.168.11.0/24 nhid 11
route add 172.16.20.0/24 nhid 20
route add 192.168.21.0/24 nhid 21
route add 192.168.31.0/24 nhid 31
route add 192.168.33.0/24 nhid 33 metric 7
route add 192.168.1.0/24 nhid 1 table 7
route add 192.168.10.0/24 nhid 10 table 7
route add 172.16.20.0/24 nhid 20 table 7
route add 2001:db8:1c::/64 nhid 3
route add 2001:db8:1d::/64 nhid 12
route add 2001:db8:1c::/64 nhid 3 table 7
";

fn nexthops() -> Ns {
    let ns = common::minimal();
    ns.batch(NEXTHOPS);
    // An IPv6 blackhole object needs the family option, which batch lines lack.
    ns.ip("-6 nexthop add id 22 blackhole");
    ns.ip("route add 2001:db8:1e::/64 nhid 22");
    ns
}

cases! { nexthops;
    show_details: ["-d", "route", "show"],
    show_details_oneline: ["-d", "-o", "route", "show"],
    show_details_json: ["-d", "-j", "route", "show"],
    show_details_pretty: ["-d", "-j", "-p", "route", "show"],
    show_details_color: ["-d", "-c=always", "route", "show"],
    show_details_color_oneline: ["-d", "-o", "-c=always", "route", "show"],
    show_details_numeric: ["-d", "-N", "route", "show"],
    show_details_stats: ["-d", "-s", "-s", "route", "show"],
    show_details_table_all: ["-d", "route", "show", "table", "all"],
    show_details_selector: ["-d", "route", "show", "192.168.11.0/24"],
    show_without_details: ["route", "show"],
    show_json_without_details: ["-j", "route", "show"],
    list_details_ipv6: ["-d", "-6", "route", "list"],
    show_details_ipv6_oneline: ["-d", "-6", "-o", "route", "show"],
    show_details_ipv6_json: ["-d", "-6", "-j", "route", "show"],
    show_details_ipv6_pretty: ["-d", "-6", "-j", "-p", "route", "show"],
    show_details_ipv6_color: ["-d", "-6", "-c=always", "route", "show"],
    fibmatch: ["-d", "route", "get", "fibmatch", "192.168.11.1"],
    fibmatch_resilient_json: ["-d", "-j", "route", "get", "fibmatch", "192.168.21.1"],
    fibmatch_pretty: ["-d", "-j", "-p", "route", "get", "fibmatch", "192.168.1.1"],
    fibmatch_oneline: ["-d", "-o", "route", "get", "fibmatch", "192.168.10.1"],
    fibmatch_ipv6: ["-d", "-6", "route", "get", "fibmatch", "2001:db8:1d::1"],
    fibmatch_ipv6_color: ["-c=always", "-d", "route", "get", "fibmatch", "2001:db8:1c::1"],
    // Without fibmatch the kernel's answer has no RTA_NH_ID: no nh_info.
    get_plain: ["-d", "route", "get", "192.168.1.1"],
    get_plain_ipv6: ["-d", "route", "get", "2001:db8:1c::1"],
    flush_listing: ["-s", "-s", "-d", "route", "flush", "table", "7"],
    flush_listing_oneline: ["-s", "-s", "-d", "-o", "route", "flush", "table", "7"],
    flush_listing_ipv6: ["-6", "-s", "-s", "-d", "route", "flush", "table", "7"],
    flush_without_listing: ["-d", "route", "flush", "table", "7"],
}

#[track_caller]
fn assert_same_with_input(ns: &Ns, args: &[&str], input: &Scratch) {
    let ip = run_with_stdin_file(ns, IP, args, input.path());
    let ipr = run_with_stdin_file(ns, ipr_bin(), args, input.path());
    assert_same_for(format!("{args:?}"), &ip, &ipr);
}

/// The routes of the nexthop topology as `ip route save` writes them.
fn saved_routes() -> Scratch {
    let ns = nexthops();
    let out = Command::new(IP)
        .args(["-n", &ns.name, "route", "save", "table", "all"])
        .output()
        .unwrap();
    assert!(out.status.success());
    Scratch::write(&out.stdout)
}

/// `showdump -d` in the namespace that still holds the objects: nh_info as in
/// `route show`.
#[test]
fn showdump_with_objects() {
    let ns = nexthops();
    let out = Command::new(IP)
        .args(["-n", &ns.name, "route", "save", "table", "all"])
        .output()
        .unwrap();
    let file = Scratch::write(&out.stdout);
    for args in [
        &["-d", "route", "showdump"][..],
        &["-d", "-o", "route", "showdump"],
        &["-d", "-6", "route", "showdump"],
        &["-d", "-j", "route", "showdump"],
    ] {
        assert_same_with_input(&ns, args, &file);
    }
}

/// `showdump -d` of an old dump where no id exists any more: one
/// `RTNETLINK answers: No such file or directory` per route (failures are not
/// cached), no nh_info, status unchanged; and where only some ids exist (id 1
/// is now a blackhole), those print the namespace's object.
#[test]
fn showdump_missing_ids() {
    let file = saved_routes();
    let ns = common::minimal();
    assert_same_with_input(&ns, &["-d", "route", "showdump"], &file);
    assert_same_with_input(&ns, &["-d", "-6", "route", "showdump"], &file);
    ns.ip("nexthop add id 1 blackhole");
    assert_same_with_input(&ns, &["-d", "route", "showdump"], &file);
    assert_same_with_input(&ns, &["-d", "-o", "route", "showdump"], &file);
    // Without -d no object is asked for, so nothing is missed.
    assert_same_with_input(&ns, &["route", "showdump"], &file);
}

/// A batch asks for each object once for the whole run; the output is the same
/// as separate runs would give.
#[test]
fn batch_repeats() {
    let ns = nexthops();
    let script = Scratch::write(
        b"route show 192.168.10.0/24\nroute show table all\n-6 route show\nroute get fibmatch 192.168.11.1\n",
    );
    common::assert_same_argv(&ns, &["-d", "-batch", script.arg()]);
    common::assert_same_argv(&ns, &["-d", "-j", "-batch", script.arg()]);
}

/// The printed lines are what iproute2 6.1 prints (a guard against both tools
/// changing together, e.g. a different iproute2 on the machine).
#[test]
fn known_lines() {
    let ns = nexthops();
    let out = common::assert_same_argv(&ns, &["-d", "route", "show"]);
    for line in [
        "\tnh_info id 1 via 10.1.0.2 dev va scope link proto unspec \n",
        "\tnh_info id 5 via 10.1.0.4 dev va scope link proto unspec onlink \n",
        "\tnh_info id 6 dev va scope host proto unspec \n",
        "\tnh_info id 8 via fe80::1 dev va scope link proto unspec \n",
        "\tnh_info id 10 group 1/2 scope global proto unspec \n\tnexthop via 10.1.0.2 dev va weight 1 \n",
        "\tnh_info id 11 group 1,5/2,7 scope global proto unspec \n",
        "\tnh_info id 20 scope global blackhole proto unspec \n",
        "\tnh_info id 21 group 1/2 type resilient buckets 8 idle_timer 120 unbalanced_timer 30 unbalanced_time 0 scope global proto unspec \n",
        "\tnh_info id 33 via 10.1.0.2 dev va scope link proto 77 \n",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
    let out = common::assert_same_argv(&ns, &["-d", "-6", "route", "show", "2001:db8:1c::/64"]);
    assert!(
        out.ends_with(
            "metric 1024 pref medium\n\tnh_info id 3 via 2001:db8:1::2 dev va scope link proto unspec \n"
        ),
        "{out}"
    );
    let out = common::assert_same_argv(&ns, &["-d", "-o", "route", "show", "192.168.10.0/24"]);
    assert!(
        out.ends_with(" \n\tnh_info id 10 group 1/2 scope global proto unspec \\\tnexthop via 10.1.0.2 dev va weight 1 \\\tnexthop via 10.1.0.3 dev va weight 1 \n"),
        "{out}"
    );
    let out = common::assert_same_argv(&ns, &["-d", "-j", "route", "show", "192.168.11.0/24"]);
    assert!(
        out.contains(r#""flags":[],"nh_info":{"id":11,"group":[{"id":1,"weight":5},{"id":2,"weight":7}],"scope":"global","protocol":"unspec","flags":[]},"nexthops":["#),
        "{out}"
    );
}
