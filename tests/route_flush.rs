//! `ipr route flush` against `ip route flush`: the same command runs through `ip` in
//! one fresh namespace and through `ipr` in an identical one; stdout, stderr, exit
//! status and the routes left behind (read back with the real `ip`) must agree.

mod common;

use common::{IP, Ns, Via, assert_same_argv_in, ipr_bin, route_lines, run_tool};
use std::collections::BTreeSet;

/// Routes of several protocols, tables, types and both families.
const FLUSH_ROUTES: &str = "\
route add default via 10.1.0.254
route add 10.50.1.0/24 via 10.1.0.2 proto 77
route add 10.50.2.0/24 via 10.1.0.2 proto 77 metric 7
route add 10.50.3.0/24 dev va proto 77 scope link
route add 10.60.0.0/16 via 10.1.0.3 proto 78
route add 10.61.0.0/16 proto 77 nexthop via 10.1.0.2 nexthop via 10.1.0.3
route add blackhole 10.70.0.0/16 proto 77
route add unreachable 10.71.0.0/16
route add 10.80.0.0/16 via 10.1.0.2 table 100 proto 77
route add 10.81.0.0/16 via 10.1.0.2 table 100
route add 10.82.0.0/16 dev va table 4000000000 proto 77
route add 10.90.0.0/16 via 10.1.0.2 tos 0x10 proto 79
route add 2001:db8:50::/48 via 2001:db8:1::2 proto 77
route add 2001:db8:51::/48 via 2001:db8:1::3 proto 78
route add 2001:db8:52::/48 via 2001:db8:1::2 table 100 proto 77
";

fn topology() -> Ns {
    let ns = common::minimal();
    ns.batch(FLUSH_ROUTES);
    ns
}

/// Runs `args` through ip and ipr in two identical namespaces built by `build`.
fn assert_same_flush(build: fn() -> Ns, args: &[&str]) {
    let ns_ip = build();
    let ns_ipr = build();
    assert_same_argv_in(&ns_ip, &ns_ipr, args, Via::NetnsOption);
    assert_same_state(&ns_ip, &ns_ipr, args);
}

/// The routes left in both namespaces agree; on failure, shows only the lines
/// that differ (a table can be large).
fn assert_same_state(ns_ip: &Ns, ns_ipr: &Ns, args: &[&str]) {
    let (left_ip, left_ipr) = (route_lines(ns_ip), route_lines(ns_ipr));
    let (set_ip, set_ipr): (BTreeSet<_>, BTreeSet<_>) =
        (left_ip.iter().collect(), left_ipr.iter().collect());
    let only_ip: Vec<_> = set_ip.difference(&set_ipr).collect();
    let only_ipr: Vec<_> = set_ipr.difference(&set_ip).collect();
    assert!(
        only_ip.is_empty() && only_ipr.is_empty() && left_ip.len() == left_ipr.len(),
        "routes left differ for {args:?}: only after ip: {only_ip:?}; only after ipr: {only_ipr:?}"
    );
}

macro_rules! flush_cases {
    ($($name:ident: [$($arg:expr),* $(,)?]),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                assert_same_flush(topology, &[$($arg),*]);
            }
        )*
    };
}

flush_cases! {
    // Families with no route dump of their own get every family's routes from
    // the kernel: ip keeps none of them, so nothing is flushed.
    family_link_flushes_nothing: ["-0", "route", "flush", "table", "main"],
    family_mpls_flushes_nothing: ["-M", "-s", "route", "flush", "table", "all"],
    proto: ["route", "flush", "proto", "77"],
    proto_stats: ["-s", "route", "flush", "proto", "77"],
    proto_stats_twice: ["-s", "-s", "route", "flush", "proto", "77"],
    proto_stats_twice_details: ["-s", "-s", "-d", "route", "flush", "proto", "78"],
    proto_ipv6: ["-6", "-s", "route", "flush", "proto", "77"],
    proto_ipv6_listed: ["-6", "-s", "-s", "route", "flush", "proto", "77"],
    proto_table_all: ["-s", "route", "flush", "table", "all", "proto", "77"],
    proto_name: ["-s", "route", "flush", "proto", "kernel"],
    proto_none_match: ["-s", "route", "flush", "proto", "199"],
    proto_none_match_quiet: ["route", "flush", "proto", "199"],
    json_ignored: ["-j", "-s", "route", "flush", "proto", "77"],
    table_100: ["-s", "route", "flush", "table", "100"],
    table_big: ["-s", "route", "flush", "table", "4000000000"],
    table_main: ["-s", "route", "flush", "table", "main"],
    table_local: ["-s", "-s", "route", "flush", "table", "local"],
    table_all: ["-s", "route", "flush", "table", "all"],
    table_all_ipv6: ["-6", "-s", "route", "flush", "table", "all"],
    table_local_ipv6: ["-6", "-s", "route", "flush", "table", "local"],
    dev: ["-s", "route", "flush", "dev", "va"],
    dev_ipv6: ["-6", "-s", "route", "flush", "dev", "vc"],
    prefix_exact: ["-s", "route", "flush", "10.50.1.0/24"],
    prefix_root: ["-s", "route", "flush", "root", "10.50.0.0/16"],
    prefix_match: ["-s", "route", "flush", "match", "10.50.2.9"],
    via: ["-s", "route", "flush", "via", "10.1.0.2"],
    scope: ["-s", "route", "flush", "scope", "link"],
    type_blackhole: ["-s", "route", "flush", "type", "blackhole"],
    type_unicast: ["-s", "route", "flush", "type", "unicast"],
    metric: ["-s", "route", "flush", "metric", "7"],
    tos: ["-s", "route", "flush", "tos", "0x10"],
    src: ["-s", "route", "flush", "src", "10.1.0.1"],
    cache: ["route", "flush", "cache"],
    cache_stats: ["-s", "route", "flush", "cache"],
    cache_ipv4: ["-4", "-s", "route", "flush", "cache"],
    cache_ipv6: ["-6", "-s", "route", "flush", "cache"],
    cache_all_families: ["-s", "route", "flush", "table", "all", "cache"],
    cached_keyword: ["-s", "route", "flush", "cached", "proto", "5"],

    // Errors.
    no_selector: ["route", "flush"],
    no_selector_stats: ["-s", "route", "flush"],
    missing_table: ["route", "flush", "table", "999"],
    missing_table_stats: ["-s", "route", "flush", "table", "999"],
    no_device: ["route", "flush", "dev", "nosuch"],
    bad_prefix: ["route", "flush", "foo"],
    bad_proto: ["route", "flush", "proto", "foo"],
    bad_table: ["route", "flush", "table", "foo"],
    missing_value: ["route", "flush", "proto"],
}

/// Many routes (several pipelined batches, deletions while the dump runs): only
/// the selected ones go, every other route stays, in one round.
#[test]
fn many_routes_only_selected_go() {
    const N: usize = 20_000;
    fn build() -> Ns {
        let ns = common::minimal();
        let mut script = String::new();
        for i in 0..N {
            let proto = if i % 2 == 0 { 77 } else { 78 };
            script.push_str(&format!(
                "route add 11.{}.{}.0/24 via 10.1.0.2 proto {proto}\n",
                i / 256,
                i % 256
            ));
        }
        ns.batch(&script);
        ns
    }
    assert_same_flush(build, &["-s", "route", "flush", "proto", "77"]);
    let ns = build();
    let out = run_tool(
        &ns,
        ipr_bin(),
        &["-s", "route", "flush", "proto", "77"],
        Via::NetnsOption,
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "\n*** Round 1, deleting {} entries ***\n*** Flush is complete after 1 round ***\n",
            N / 2
        )
    );
    let count = |proto: &str| {
        let out = run_tool(
            &ns,
            IP,
            &["route", "show", "proto", proto],
            Via::NetnsOption,
        );
        String::from_utf8_lossy(&out.stdout).lines().count()
    };
    assert_eq!(count("77"), 0);
    assert_eq!(count("78"), N / 2);
}
