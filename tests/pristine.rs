//! A namespace exactly as `ip netns add` leaves it: `lo` down and no IPv4 routing
//! table yet, so the kernel refuses a dump of any IPv4 table ("FIB table does not
//! exist"). iproute2 lists and saves the main table as empty there; every other
//! table, and `route flush`, fail. Each command runs through `ip` and `ipr` in
//! brand-new namespaces; output, exit status and the state left must agree.

mod common;

use common::{
    Comparison, IP, Ns, Scratch, Via, assert_same_argv, assert_same_argv_in, ipr_bin, normalise,
    run_tool,
};

/// Checks that `ns` is still as `ip netns add` made it, so a test cannot pass
/// against a namespace that something already changed.
fn assert_pristine(ns: &Ns) {
    let out = run_tool(ns, IP, &["-o", "link", "show", "lo"], Via::NetnsOption);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("state DOWN"), "lo is not down: {text}");
    let out = run_tool(ns, IP, &["route", "show", "table", "all"], Via::NetnsOption);
    assert!(out.stdout.is_empty(), "routes in a new namespace");
}

/// Read-only commands: both tools in one new namespace, which they leave as it was.
macro_rules! listing {
    ($($name:ident: [$($arg:expr),* $(,)?]),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let ns = Ns::pristine();
                assert_same_argv(&ns, &[$($arg),*]);
                assert_pristine(&ns);
            }
        )*
    };
}

listing! {
    show: ["route", "show"],
    show_bare: ["route"],
    list_inet: ["-4", "route", "list"],
    list_inet6: ["-6", "route", "list"],
    show_table_main: ["route", "show", "table", "main"],
    show_table_254: ["route", "show", "table", "254"],
    show_table_local_fails: ["route", "show", "table", "local"],
    show_table_default_fails: ["route", "show", "table", "default"],
    show_table_100_fails: ["route", "show", "table", "100"],
    show_table_100_inet6_fails: ["-6", "route", "show", "table", "100"],
    show_table_all: ["route", "show", "table", "all"],
    show_table_all_inet: ["-4", "route", "show", "table", "all"],
    show_table_all_inet6: ["-6", "route", "show", "table", "all"],
    show_table_cache: ["route", "show", "table", "cache"],
    show_cloned: ["route", "show", "cloned"],
    show_json: ["-j", "route", "show"],
    show_json_pretty: ["-j", "-p", "route", "show"],
    show_json_local_fails: ["-j", "route", "show", "table", "local"],
    show_details: ["-d", "route", "show"],
    show_oneline: ["-o", "route", "show"],
    show_stats: ["-s", "route", "show"],
    show_numeric: ["-N", "route", "show"],
    show_dev_lo: ["route", "show", "dev", "lo"],
    show_proto: ["route", "show", "proto", "kernel"],
    show_type_scope: ["route", "list", "table", "main", "type", "unicast", "scope", "link"],
    show_match: ["route", "show", "match", "10.1.2.3"],
    show_root: ["route", "show", "root", "10.0.0.0/8"],
    show_exact: ["route", "show", "exact", "0/0"],
    show_via_src: ["route", "show", "via", "10.0.0.1", "src", "10.0.0.2"],
    show_vrf_default: ["route", "show", "vrf", "default"],
    show_link_family: ["-0", "route", "show"],
    get: ["route", "get", "192.0.2.1"],
    get_loopback: ["route", "get", "127.0.0.1"],
    get_any: ["route", "get", "0.0.0.0"],
    get_fibmatch: ["route", "get", "192.0.2.1", "fibmatch"],
    get_json: ["-j", "route", "get", "192.0.2.1"],
    get_oif_lo: ["route", "get", "127.0.0.1", "oif", "lo"],
    get_inet6: ["-6", "route", "get", "::1"],
    rule_list: ["rule", "list"],
    rule_list_inet6: ["-6", "rule", "list"],
    rule_list_json: ["-j", "rule", "show"],
    rule_list_details: ["-d", "rule", "show", "table", "main"],
    flush_cache: ["route", "flush", "cache"],
    flush_cache_inet6: ["-6", "route", "flush", "cache"],
}

/// The routes and rules of `ns`, read with the real `ip`.
fn state(ns: &Ns) -> String {
    let mut state = String::new();
    for args in [
        &["-d", "route", "show", "table", "all"][..],
        &["-d", "-6", "route", "show", "table", "all"][..],
        &["rule", "list"][..],
        &["-6", "rule", "list"][..],
    ] {
        let out = run_tool(ns, IP, args, Via::NetnsOption);
        state.push_str(&normalise(&out.stdout));
        state.push_str("--\n");
    }
    state
}

/// Commands that may change things: each tool in a new namespace of its own.
fn assert_same_fresh(args: &[&str]) {
    let (ns_ip, ns_ipr) = (Ns::pristine(), Ns::pristine());
    assert_same_argv_in(&ns_ip, &ns_ipr, args, Via::NetnsOption);
    common::assert_same_kernel_state(format!("{args:?}"), state(&ns_ip), state(&ns_ipr));
}

macro_rules! changing {
    ($($name:ident: [$($arg:expr),* $(,)?]),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                assert_same_fresh(&[$($arg),*]);
            }
        )*
    };
}

changing! {
    flush_main_fails: ["route", "flush", "table", "main"],
    flush_all_fails: ["route", "flush", "all"],
    flush_stats_fails: ["-s", "route", "flush", "table", "main"],
    flush_stats_twice_fails: ["-s", "-s", "route", "flush", "proto", "5"],
    flush_local_fails: ["route", "flush", "table", "local"],
    flush_table_all: ["route", "flush", "table", "all"],
    flush_inet6: ["-6", "route", "flush", "table", "main"],
    flush_inet6_all: ["-6", "route", "flush", "all"],
    rule_flush: ["rule", "flush"],
    rule_flush_inet6: ["-6", "rule", "flush"],
    rule_flush_table: ["rule", "flush", "table", "main"],
    route_save: ["route", "save"],
    route_save_json: ["-j", "route", "save"],
    route_save_table_all: ["route", "save", "table", "all"],
    route_save_inet6: ["-6", "route", "save"],
    route_save_local_fails: ["route", "save", "table", "local"],
    route_save_proto: ["route", "save", "proto", "boot"],
}

#[test]
fn rule_save_matches() {
    for family in [&[][..], &["-6"][..]] {
        let args = [family, &["rule", "save"]].concat();
        let ns = Ns::pristine();
        let ip = run_tool(&ns, IP, &args, Via::NetnsOption);
        let ipr = run_tool(&ns, ipr_bin(), &args, Via::NetnsOption);
        assert!(ip.stdout.len() > 4, "ip saved no rules");
        // Each message header's sequence number and port id differ between
        // any two runs: they are masked.
        Comparison::new(&ip, &ipr)
            .what(format!("{args:?}"))
            .stdout_as(common::stream::stream_text)
            .check();
        assert_pristine(&ns);
    }
}

/// A batch runs without strict dump checking: the kernel then ignores the table
/// filter and nothing fails.
#[test]
fn batch_lists() {
    let script = "route show\nroute show table local\nroute save\nrule list\n";
    let file = Scratch::write(script);
    let ns = Ns::pristine();
    assert_same_argv(&ns, &["-batch", file.arg()]);
    assert_pristine(&ns);
}
