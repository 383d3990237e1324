//! `ipr route add|change|replace|prepend|append|test|delete` against iproute2 6.1:
//! each command runs through the real `ip` in one fresh namespace and through
//! `ipr` in a second, identical one. stdout, stderr and exit status must be equal,
//! and so must the kernel state left behind: the text and JSON listings of every
//! table, and the raw route messages of `ip route save` (so values the listing
//! rounds, like `rtt`, are compared exactly).

mod common;

use common::{Comparison, IP, Ns, Via, assert_same_argv_in, ipr_bin, normalise, run_tool};

/// Routes the `seeded` cases start from (added with the real `ip`).
const SEED: &str = "\
route add 10.10.0.0/16 via 10.1.0.2 proto 77 metric 5
route add 10.21.0.0/16 via 10.1.0.2 metric 10
route add 10.21.0.0/16 via 10.1.0.3 metric 20
route add blackhole 10.30.0.0/16 table 100
route add local 10.40.0.1 dev va table 100
route add broadcast 10.41.0.255 dev va
route add 10.34.0.0/16 via 10.1.0.2 table 4000000000 proto 201
route add 2001:db8:5::/48 via 2001:db8:1::2 pref high
route add 2001:db8:7::/48 nexthop via 2001:db8:1::2 dev va weight 2 nexthop via 2001:db8:1::3 dev va
route add 10.12.0.0/16 nexthop via 10.1.0.2 weight 3 nexthop via 10.2.0.2 dev vc weight 1
route add 10.50.0.0/16 dev va tos 0x10
";

/// Interfaces and addresses only.
fn fresh() -> Ns {
    common::minimal()
}

/// Interfaces, addresses and the `SEED` routes.
fn seeded() -> Ns {
    let ns = fresh();
    ns.batch(SEED);
    ns
}

/// The same command through `ip` in `a` and `ipr` in `b`: equal output and status.
#[track_caller]
fn same_command(a: &Ns, b: &Ns, args: &[&str]) -> String {
    assert_same_argv_in(a, b, args, Via::NetnsOption)
}

/// Like `same_command` for a listing, ignoring the order of lines.
#[track_caller]
fn same_listing(a: &Ns, b: &Ns, args: &[&str]) {
    let ip = run_tool(a, IP, args, Via::NetnsOption);
    let ipr = run_tool(b, ipr_bin(), args, Via::NetnsOption);
    Comparison::new(&ip, &ipr)
        .what(format!("{args:?}"))
        .stdout_as(|out| sorted(normalise(out)).join("\n").into_bytes())
        .check();
}

fn ip_output(ns: &Ns, args: &[&str]) -> Vec<u8> {
    let out = run_tool(ns, IP, args, Via::NetnsOption);
    assert!(out.status.success(), "ip {args:?} failed");
    out.stdout
}

/// Lines (or JSON objects) in a stable order: the kernel lists IPv6 routes of
/// interfaces that came up together in either order.
fn sorted(text: String) -> Vec<String> {
    let mut parts: Vec<String> = if text.starts_with('[') {
        text.split("},{").map(str::to_string).collect()
    } else {
        text.lines().map(str::to_string).collect()
    };
    parts.retain(|p| !is_link_local_host(p));
    parts.sort();
    parts
}

/// The local route of an IPv6 link-local address: the kernel adds it when
/// duplicate address detection ends, so two namespaces built a moment apart may
/// differ by it for a second or two. Left out of every comparison.
fn is_link_local_host(route: &str) -> bool {
    route.starts_with("local fe80::") || route.contains("\"type\":\"local\",\"dst\":\"fe80::")
}

/// The route messages of `ip route save`: header sequence and port zeroed, cache
/// info and expiry (time-dependent) dropped, attributes and messages sorted.
fn saved_routes(ns: &Ns, family: &str) -> Vec<String> {
    let raw = ip_output(ns, &[family, "route", "save", "table", "all"]);
    let mut data = raw.get(4..).unwrap_or(&[]);
    let mut routes = Vec::new();
    while data.len() >= 16 {
        let len = u32::from_ne_bytes(data[0..4].try_into().unwrap()) as usize;
        let kind = u16::from_ne_bytes([data[4], data[5]]);
        let body = &data[16..len];
        data = &data[((len + 3) & !3).min(data.len())..];
        let mut attrs = Vec::new();
        let mut rest = &body[12..];
        while rest.len() >= 4 {
            let alen = u16::from_ne_bytes([rest[0], rest[1]]) as usize;
            let akind = u16::from_ne_bytes([rest[2], rest[3]]) & 0x3fff;
            if alen < 4 {
                break;
            }
            if akind != 12 && akind != 23 {
                attrs.push(format!("{:?}", &rest[..alen.min(rest.len())]));
            }
            rest = &rest[((alen + 3) & !3).min(rest.len())..];
        }
        attrs.sort();
        let link_local = body[7] == 2
            && attrs
                .iter()
                .any(|a| a.starts_with("[20, 0, 1, 0, 254, 128,"));
        if link_local {
            continue;
        }
        routes.push(format!("{kind} {:?} {}", &body[..12], attrs.join(" ")));
    }
    routes.sort();
    routes
}

/// Everything the kernel holds for routes, as the real `ip` reports it.
fn kernel_state(ns: &Ns) -> Vec<Vec<String>> {
    let text = |args: &[&str]| sorted(normalise(&ip_output(ns, args)));
    vec![
        text(&["-d", "route", "show", "table", "all"]),
        text(&["-d", "-6", "route", "show", "table", "all"]),
        text(&["-d", "-j", "route", "show", "table", "all"]),
        text(&["-d", "-j", "-6", "route", "show", "table", "all"]),
        saved_routes(ns, "-4"),
        saved_routes(ns, "-6"),
    ]
}

#[track_caller]
fn assert_same_state(a: &Ns, b: &Ns, context: &str) {
    let (ip_state, ipr_state) = (kernel_state(a), kernel_state(b));
    let text = |view: &Vec<String>| view.iter().map(|l| format!("{l}\n")).collect::<String>();
    for (ip_view, ipr_view) in ip_state.iter().zip(&ipr_state) {
        common::assert_same_kernel_state(context, text(ip_view), text(ipr_view));
    }
}

/// Runs one command through both tools in two identical namespaces and compares
/// output, status and the kernel state afterwards.
#[track_caller]
fn check(topology: fn() -> Ns, args: &[&str]) {
    let (a, b) = (topology(), topology());
    same_command(&a, &b, args);
    assert_same_state(&a, &b, &format!("{args:?}"));
}

/// One `#[test]` per command line.
macro_rules! modify_cases {
    ($topology:ident; $($name:ident: [$($arg:expr),* $(,)?]),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check($topology, &[$($arg),*]);
            }
        )*
    };
}

/// Lines that end in the usage text. Its wording is ipr's own (README), so only
/// the exit status, stdout and the kernel state are compared.
macro_rules! usage_cases {
    ($($name:ident: [$($arg:expr),* $(,)?]),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let args = [$($arg),*];
                let (a, b) = (seeded(), seeded());
                let ip = run_tool(&a, IP, &args, Via::NetnsOption);
                let ipr = run_tool(&b, ipr_bin(), &args, Via::NetnsOption);
                Comparison::new(&ip, &ipr).what(format!("{args:?}")).without_stderr().check();
                assert_eq!(ipr.status.code(), Some(255));
                assert!(!ipr.stderr.is_empty());
                assert_same_state(&a, &b, &format!("{args:?}"));
            }
        )*
    };
}

modify_cases! { fresh;
    add_10_50_0_0_16_via_10_1_0_2_mtu_lock_1300_advmss: ["route", "add", "10.50.0.0/16", "via", "10.1.0.2", "mtu", "lock", "1300", "advmss", "lock", "1200", "rtt", "2s", "rttvar", "500ms", "rto_min", "300ms", "window", "10", "reordering", "3", "cwnd", "4", "initcwnd", "5", "initrwnd", "6", "ssthresh", "7", "hoplimit", "8", "features", "ecn", "quickack", "1", "congctl", "lock", "cubic", "fastopen_no_cookie", "1"],
    add_10_51_0_0_16_via_10_1_0_2_rtt_100_rttvar_1_5: ["route", "add", "10.51.0.0/16", "via", "10.1.0.2", "rtt", "100", "rttvar", "1.5", "rto_min", "2.5s"],
    add_10_54_0_0_16_via_10_1_0_2_rtt_1: ["route", "add", "10.54.0.0/16", "via", "10.1.0.2", "rtt", "1."],
    add_10_54_0_0_16_via_10_1_0_2_rtt_5: ["route", "add", "10.54.0.0/16", "via", "10.1.0.2", "rtt", ".5"],
    add_10_55_0_0_16_via_10_1_0_2_rtt_1: ["route", "add", "10.55.0.0/16", "via", "10.1.0.2", "rtt", "-1"],
    add_10_56_0_0_16_via_10_1_0_2_rtt_0x10: ["route", "add", "10.56.0.0/16", "via", "10.1.0.2", "rtt", "0x10"],
    add_10_56_0_0_16_via_10_1_0_2_rtt_4294967296: ["route", "add", "10.56.0.0/16", "via", "10.1.0.2", "rtt", "4294967296"],
    add_10_56_0_0_16_via_10_1_0_2_rtt_1e3: ["route", "add", "10.56.0.0/16", "via", "10.1.0.2", "rtt", "1e3"],
    add_10_56_0_0_16_via_10_1_0_2_rtt_1_5e3ms: ["route", "add", "10.56.0.0/16", "via", "10.1.0.2", "rtt", "1.5e3ms"],
    add_10_56_0_0_16_via_10_1_0_2_rtt_4294967_295s: ["route", "add", "10.56.0.0/16", "via", "10.1.0.2", "rtt", "4294967.295s"],
    add_10_56_0_0_16_via_10_1_0_2_rto_min_lock_5: ["route", "add", "10.56.0.0/16", "via", "10.1.0.2", "rto_min", "lock", "5"],
    add_10_60_0_0_16_10_61_0_0_16: ["route", "add", "10.60.0.0/16", "10.61.0.0/16"],
    add_foo: ["route", "add", "foo"],
    add_10_60_0_0_16_dev_nosuch: ["route", "add", "10.60.0.0/16", "dev", "nosuch"],
    add_10_60_0_0_16_via: ["route", "add", "10.60.0.0/16", "via"],
    add_10_60_0_0_16_via_foo: ["route", "add", "10.60.0.0/16", "via", "foo"],
    add_10_60_0_0_16_via_10_1_0_2_via_10_1_0_3: ["route", "add", "10.60.0.0/16", "via", "10.1.0.2", "via", "10.1.0.3"],
    add_10_60_0_0_16_nexthop_via_10_1_0_2_dev_nosuch: ["route", "add", "10.60.0.0/16", "nexthop", "via", "10.1.0.2", "dev", "nosuch"],
    add_10_60_0_0_16_nexthop: ["route", "add", "10.60.0.0/16", "nexthop"],
    add_10_60_0_0_16_nexthop_via_10_1_0_2_foo: ["route", "add", "10.60.0.0/16", "nexthop", "via", "10.1.0.2", "foo"],
    add_10_60_0_0_16_nexthop_via_10_1_0_2_weight_0: ["route", "add", "10.60.0.0/16", "nexthop", "via", "10.1.0.2", "weight", "0"],
    add_10_60_0_0_16_encap_mpls_100: ["route", "add", "10.60.0.0/16", "encap", "mpls", "100"],
    add_10_60_0_0_16_encap_foo_100_dev_va: ["route", "add", "10.60.0.0/16", "encap", "foo", "100", "dev", "va"],
    add_10_60_0_0_16_nhid_5: ["route", "add", "10.60.0.0/16", "nhid", "5"],
    add_10_60_0_0_16_vrf_foo: ["route", "add", "10.60.0.0/16", "vrf", "foo"],
    add_10_60_0_0_16_vrf_va: ["route", "add", "10.60.0.0/16", "vrf", "va"],
    add_10_60_0_0_16_via_10_9_9_9: ["route", "add", "10.60.0.0/16", "via", "10.9.9.9"],
    add_10_60_0_0_16_table_1000_dev_va: ["route", "add", "10.60.0.0/16", "table", "1000", "dev", "va"],
    add_a: ["route", "add", "a"],
    add_10_60_0_0_16_dev_va_quickack_2: ["route", "add", "10.60.0.0/16", "dev", "va", "quickack", "2"],
    add_10_60_0_0_16_dev_va_features_foo: ["route", "add", "10.60.0.0/16", "dev", "va", "features", "foo"],
    add_10_60_0_0_16_dev_va_pref_foo: ["route", "add", "10.60.0.0/16", "dev", "va", "pref", "foo"],
    add_10_60_0_0_16_dev_va_expires_foo: ["route", "add", "10.60.0.0/16", "dev", "va", "expires", "foo"],
    add_10_60_0_0_16_dev_va_expires_10: ["route", "add", "10.60.0.0/16", "dev", "va", "expires", "10"],
    add_2001_db8_60_48_dev_va_expires_10: ["route", "add", "2001:db8:60::/48", "dev", "va", "expires", "10"],
    add_10_60_0_0_16_encap_mpls_100_200_dev_va: ["route", "add", "10.60.0.0/16", "encap", "mpls", "100/200", "dev", "va"],
    add_10_61_0_0_16_encap_mpls_foo_dev_va: ["route", "add", "10.61.0.0/16", "encap", "mpls", "foo", "dev", "va"],
    add_10_62_0_0_16_encap_seg6_mode_encap_segs_2001_db8_5: ["route", "add", "10.62.0.0/16", "encap", "seg6", "mode", "encap", "segs", "2001:db8::5", "dev", "va"],
    add_10_64_0_0_16_via_default: ["route", "add", "10.64.0.0/16", "via", "default"],
    add_10_65_0_0_16_as_10_0_0_1_dev_va: ["route", "add", "10.65.0.0/16", "as", "10.0.0.1", "dev", "va"],
    add_10_66_0_0_16_dev_va_ttl_propagate_enabled: ["route", "add", "10.66.0.0/16", "dev", "va", "ttl-propagate", "enabled"],
    add_10_67_0_0_16_via_link_02_00_00_00_00_09_dev: ["route", "add", "10.67.0.0/16", "via", "link", "02:00:00:00:00:09", "dev", "va"],
    add_10_12_0_0_16_nexthop_via_10_1_0_2_weight_3_nexthop: ["route", "add", "10.12.0.0/16", "nexthop", "via", "10.1.0.2", "weight", "3", "nexthop", "via", "10.2.0.2", "dev", "vc", "weight", "1"],
    add_10_13_0_0_16_dev_va_src_10_1_0_1_realm_3_tos: ["route", "add", "10.13.0.0/16", "dev", "va", "src", "10.1.0.1", "realm", "3", "tos", "0x10"],
    add_10_14_0_0_16_dev_va_realms_2_5: ["route", "add", "10.14.0.0/16", "dev", "va", "realms", "2/5"],
    add_10_15_0_0_16_via_10_2_0_2_dev_vc_onlink: ["route", "add", "10.15.0.0/16", "via", "10.2.0.2", "dev", "vc", "onlink"],
    add_10_16_0_0_16_via_inet6_2001_db8_1_2_dev_va: ["route", "add", "10.16.0.0/16", "via", "inet6", "2001:db8:1::2", "dev", "va"],
    add_10_17_0_0_16_dev_va_scope_host: ["route", "add", "10.17.0.0/16", "dev", "va", "scope", "host"],
    add_10_18_0_0_16_dev_va_scope_200_proto_200: ["route", "add", "10.18.0.0/16", "dev", "va", "scope", "200", "proto", "200"],
    add_blackhole_10_30_0_0_16_table_100: ["route", "add", "blackhole", "10.30.0.0/16", "table", "100"],
    add_unreachable_10_31_0_0_16_table_100: ["route", "add", "unreachable", "10.31.0.0/16", "table", "100"],
    add_prohibit_10_32_0_0_16_table_100_proto_99: ["route", "add", "prohibit", "10.32.0.0/16", "table", "100", "proto", "99"],
    add_throw_10_33_0_0_16_table_100: ["route", "add", "throw", "10.33.0.0/16", "table", "100"],
    add_10_35_0_0_16_via_10_1_0_2_table_4000000000: ["route", "add", "10.35.0.0/16", "via", "10.1.0.2", "table", "4000000000"],
    add_local_10_40_0_1_dev_va_table_100: ["route", "add", "local", "10.40.0.1", "dev", "va", "table", "100"],
    add_broadcast_10_41_0_255_dev_va: ["route", "add", "broadcast", "10.41.0.255", "dev", "va"],
    add_anycast_10_42_0_0_16_dev_va: ["route", "add", "anycast", "10.42.0.0/16", "dev", "va"],
    add_multicast_224_1_0_0_16_dev_va_table_100: ["route", "add", "multicast", "224.1.0.0/16", "dev", "va", "table", "100"],
    add_nat_10_43_0_0_16_via_10_1_0_5: ["route", "add", "nat", "10.43.0.0/16", "via", "10.1.0.5"],
    add_local_10_44_0_1_dev_va: ["route", "add", "local", "10.44.0.1", "dev", "va"],
    add_2001_db8_5_48_via_2001_db8_1_2_pref_high: ["route", "add", "2001:db8:5::/48", "via", "2001:db8:1::2", "pref", "high"],
    add_2001_db8_6_48_via_2001_db8_1_2_pref_low_metric: ["route", "add", "2001:db8:6::/48", "via", "2001:db8:1::2", "pref", "low", "metric", "77", "proto", "77"],
    add_2001_db8_7_48_nexthop_via_2001_db8_1_2_dev_va: ["route", "add", "2001:db8:7::/48", "nexthop", "via", "2001:db8:1::2", "dev", "va", "weight", "2", "nexthop", "via", "2001:db8:1::3", "dev", "va"],
    add_unreachable_2001_db8_8_48: ["route", "add", "unreachable", "2001:db8:8::/48"],
    add_2001_db8_a_48_from_2001_db8_1_64_via_2001_db8_1_2: ["route", "add", "2001:db8:a::/48", "from", "2001:db8:1::/64", "via", "2001:db8:1::2"],
    add_2001_db8_b_48_dev_va_mtu_1400_hoplimit_20: ["route", "add", "2001:db8:b::/48", "dev", "va", "mtu", "1400", "hoplimit", "20"],
    add_2001_db8_d_48_via_2001_db8_1_2_expires_600: ["route", "add", "2001:db8:d::/48", "via", "2001:db8:1::2", "expires", "600"],
    add_default_via_2001_db8_1_ff: ["route", "add", "default", "via", "2001:db8:1::ff"],
    add_default_via_10_1_0_254: ["route", "add", "default", "via", "10.1.0.254"],
    v6_route_add_default_dev_va: ["-6", "route", "add", "default", "dev", "va"],
    add_default_dev_va: ["route", "add", "default", "dev", "va"],
    add_10_70_0_0_16_encap_ip_id_5_dst_10_1_0_9_dev: ["route", "add", "10.70.0.0/16", "encap", "ip", "id", "5", "dst", "10.1.0.9", "dev", "va"],
    add_10_74_0_0_16_encap_ip_id_7_dst_10_1_0_9_src: ["route", "add", "10.74.0.0/16", "encap", "ip", "id", "7", "dst", "10.1.0.9", "src", "10.1.0.1", "ttl", "9", "tos", "0x10", "key", "csum", "seq", "dev", "va"],
    add_10_72_0_0_16_encap_ip6_id_5_dst_2001_db8_9_dev: ["route", "add", "10.72.0.0/16", "encap", "ip6", "id", "5", "dst", "2001:db8::9", "dev", "va"],
    add_10_75_0_0_16_nexthop_encap_ip_id_3_dst_10_1_0_5: ["route", "add", "10.75.0.0/16", "nexthop", "encap", "ip", "id", "3", "dst", "10.1.0.5", "dev", "va", "nexthop", "dev", "va"],
    add_2001_db8_70_48_encap_seg6_mode_encap_segs_2001_db8_5: ["route", "add", "2001:db8:70::/48", "encap", "seg6", "mode", "encap", "segs", "2001:db8::5", "dev", "va"],
    add_2001_db8_71_48_encap_seg6_mode_inline_segs_2001_db8_5_2001_db8_6: ["route", "add", "2001:db8:71::/48", "encap", "seg6", "mode", "inline", "segs", "2001:db8::5,2001:db8::6", "hmac", "5", "dev", "va"],
    add_10_20_1_1_via_10_1_0_3: ["route", "add", "10.20.1.1", "via", "10.1.0.3"],
}

modify_cases! { seeded;
    del_10_10_0_0_16: ["route", "del", "10.10.0.0/16"],
    delete_10_21_0_0_16: ["route", "delete", "10.21.0.0/16"],
    del_10_21_0_0_16_metric_20: ["route", "del", "10.21.0.0/16", "metric", "20"],
    del_10_21_0_0_16_via_10_1_0_3: ["route", "del", "10.21.0.0/16", "via", "10.1.0.3"],
    d_10_10_0_0_16_proto_77: ["route", "d", "10.10.0.0/16", "proto", "77"],
    del_10_10_0_0_16_proto_78: ["route", "del", "10.10.0.0/16", "proto", "78"],
    del_10_10_0_0_16_scope_link: ["route", "del", "10.10.0.0/16", "scope", "link"],
    del_10_10_0_0_16_type_unicast: ["route", "del", "10.10.0.0/16", "type", "unicast"],
    del_unicast_10_10_0_0_16: ["route", "del", "unicast", "10.10.0.0/16"],
    del_10_30_0_0_16: ["route", "del", "10.30.0.0/16"],
    del_10_30_0_0_16_table_100: ["route", "del", "10.30.0.0/16", "table", "100"],
    del_blackhole_10_30_0_0_16_table_100: ["route", "del", "blackhole", "10.30.0.0/16", "table", "100"],
    del_unreachable_10_30_0_0_16_table_100: ["route", "del", "unreachable", "10.30.0.0/16", "table", "100"],
    del_local_10_40_0_1_table_100: ["route", "del", "local", "10.40.0.1", "table", "100"],
    del_10_40_0_1_table_100: ["route", "del", "10.40.0.1", "table", "100"],
    del_broadcast_10_41_0_255_dev_va: ["route", "del", "broadcast", "10.41.0.255", "dev", "va"],
    del_10_34_0_0_16_table_4000000000: ["route", "del", "10.34.0.0/16", "table", "4000000000"],
    del_2001_db8_5_48: ["route", "del", "2001:db8:5::/48"],
    v6_route_del_2001_db8_7_48: ["-6", "route", "del", "2001:db8:7::/48"],
    del_10_12_0_0_16: ["route", "del", "10.12.0.0/16"],
    del_10_50_0_0_16: ["route", "del", "10.50.0.0/16"],
    del_10_50_0_0_16_tos_0x10: ["route", "del", "10.50.0.0/16", "tos", "0x10"],
    del_10_99_0_0_16: ["route", "del", "10.99.0.0/16"],
    del_2001_db8_99_48: ["route", "del", "2001:db8:99::/48"],
    change_10_10_0_0_16_via_10_1_0_3: ["route", "change", "10.10.0.0/16", "via", "10.1.0.3"],
    change_10_10_0_0_16_via_10_1_0_3_proto_77_metric: ["route", "change", "10.10.0.0/16", "via", "10.1.0.3", "proto", "77", "metric", "5"],
    chg_10_10_0_0_16_via_10_1_0_3_proto_77_metric_5: ["route", "chg", "10.10.0.0/16", "via", "10.1.0.3", "proto", "77", "metric", "5"],
    change_10_99_0_0_16_via_10_1_0_3: ["route", "change", "10.99.0.0/16", "via", "10.1.0.3"],
    replace_10_10_0_0_16_via_10_1_0_4_metric_5: ["route", "replace", "10.10.0.0/16", "via", "10.1.0.4", "metric", "5"],
    replace_10_99_0_0_16_via_10_1_0_4: ["route", "replace", "10.99.0.0/16", "via", "10.1.0.4"],
    prepend_10_21_0_0_16_via_10_1_0_5_metric_10: ["route", "prepend", "10.21.0.0/16", "via", "10.1.0.5", "metric", "10"],
    append_10_21_0_0_16_via_10_1_0_5_metric_10: ["route", "append", "10.21.0.0/16", "via", "10.1.0.5", "metric", "10"],
    append_10_21_0_0_16_via_10_1_0_2_metric_10: ["route", "append", "10.21.0.0/16", "via", "10.1.0.2", "metric", "10"],
    test_10_99_0_0_16_via_10_1_0_4: ["route", "test", "10.99.0.0/16", "via", "10.1.0.4"],
    test_10_10_0_0_16_via_10_1_0_2_metric_5: ["route", "test", "10.10.0.0/16", "via", "10.1.0.2", "metric", "5"],
    r_a_10_99_0_0_16_dev_va: ["r", "a", "10.99.0.0/16", "dev", "va"],
    ro_d_10_10_0_0_16: ["ro", "d", "10.10.0.0/16"],
    r_r_10_10_0_0_16_dev_va: ["r", "r", "10.10.0.0/16", "dev", "va"],
    r_p_10_99_0_0_16_dev_va: ["r", "p", "10.99.0.0/16", "dev", "va"],
    r_ap_10_99_0_0_16_dev_va: ["r", "ap", "10.99.0.0/16", "dev", "va"],
    r_t_10_99_0_0_16_dev_va: ["r", "t", "10.99.0.0/16", "dev", "va"],
    r_c_10_99_0_0_16_dev_va: ["r", "c", "10.99.0.0/16", "dev", "va"],
    add_10_10_0_0_16_via_10_1_0_2_proto_77_metric_5: ["route", "add", "10.10.0.0/16", "via", "10.1.0.2", "proto", "77", "metric", "5"],
    v6_route_replace_2001_db8_5_48_via_2001_db8_1_3: ["-6", "route", "replace", "2001:db8:5::/48", "via", "2001:db8:1::3", "pref", "low"],
    v6_route_append_2001_db8_5_48_via_2001_db8_1_3: ["-6", "route", "append", "2001:db8:5::/48", "via", "2001:db8:1::3"],
    v6_route_prepend_2001_db8_5_48_via_2001_db8_1_3: ["-6", "route", "prepend", "2001:db8:5::/48", "via", "2001:db8:1::3"],
    v6_route_change_2001_db8_7_48_via_2001_db8_1_3: ["-6", "route", "change", "2001:db8:7::/48", "via", "2001:db8:1::3"],
    add_10_99_0_0_16_nhid_5: ["route", "add", "10.99.0.0/16", "nhid", "5"],
    flush: ["route", "flush"],
    del_default: ["route", "del", "default"],
    v6_route_del_default: ["-6", "route", "del", "default"],
    del_10_10_0_0_16_dev_vc: ["route", "del", "10.10.0.0/16", "dev", "vc"],
    del_10_10_0_0_16_dev_nosuch: ["route", "del", "10.10.0.0/16", "dev", "nosuch"],
    add_10_99_0_0_16_dev_va_tos_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "tos", "foo"],
    add_10_99_0_0_16_dev_va_dsfield_0x10: ["route", "add", "10.99.0.0/16", "dev", "va", "dsfield", "0x10"],
    add_10_99_0_0_16_dev_va_d_0x10: ["route", "add", "10.99.0.0/16", "dev", "va", "d", "0x10"],
    add_10_99_0_0_16_dev_va_metric_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "metric", "foo"],
    add_10_99_0_0_16_dev_va_priority_4294967296: ["route", "add", "10.99.0.0/16", "dev", "va", "priority", "4294967296"],
    add_10_99_0_0_16_dev_va_pri_7: ["route", "add", "10.99.0.0/16", "dev", "va", "pri", "7"],
    add_10_99_0_0_16_dev_va_p_7: ["route", "add", "10.99.0.0/16", "dev", "va", "p", "7"],
    add_10_99_0_0_16_dev_va_preference_7: ["route", "add", "10.99.0.0/16", "dev", "va", "preference", "7"],
    add_10_99_0_0_16_dev_va_pre_high: ["route", "add", "10.99.0.0/16", "dev", "va", "pre", "high"],
    add_10_99_0_0_16_dev_va_scope_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "scope", "foo"],
    add_10_99_0_0_16_dev_va_scope_link: ["route", "add", "10.99.0.0/16", "dev", "va", "scope", "link"],
    add_10_99_0_0_16_dev_va_scope_global: ["route", "add", "10.99.0.0/16", "dev", "va", "scope", "global"],
    add_10_99_0_0_16_dev_va_mtu_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "mtu", "foo"],
    add_10_99_0_0_16_dev_va_mtu_lock: ["route", "add", "10.99.0.0/16", "dev", "va", "mtu", "lock"],
    add_10_99_0_0_16_dev_va_mtu_lock_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "mtu", "lock", "foo"],
    add_10_99_0_0_16_dev_va_hoplimit_256: ["route", "add", "10.99.0.0/16", "dev", "va", "hoplimit", "256"],
    add_10_99_0_0_16_dev_va_advmss_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "advmss", "foo"],
    add_10_99_0_0_16_dev_va_reordering_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "reordering", "foo"],
    add_10_99_0_0_16_dev_va_r_5: ["route", "add", "10.99.0.0/16", "dev", "va", "r", "5"],
    add_10_99_0_0_16_dev_va_rtt_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "rtt", "foo"],
    add_10_99_0_0_16_dev_va_rto_min_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "rto_min", "foo"],
    add_10_99_0_0_16_dev_va_window_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "window", "foo"],
    add_10_99_0_0_16_dev_va_w_5: ["route", "add", "10.99.0.0/16", "dev", "va", "w", "5"],
    add_10_99_0_0_16_dev_va_cwnd_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "cwnd", "foo"],
    add_10_99_0_0_16_dev_va_c_5: ["route", "add", "10.99.0.0/16", "dev", "va", "c", "5"],
    add_10_99_0_0_16_dev_va_initcwnd_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "initcwnd", "foo"],
    add_10_99_0_0_16_dev_va_i_5: ["route", "add", "10.99.0.0/16", "dev", "va", "i", "5"],
    add_10_99_0_0_16_dev_va_initrwnd_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "initrwnd", "foo"],
    add_10_99_0_0_16_dev_va_initr_5: ["route", "add", "10.99.0.0/16", "dev", "va", "initr", "5"],
    add_10_99_0_0_16_dev_va_f_ecn: ["route", "add", "10.99.0.0/16", "dev", "va", "f", "ecn"],
    add_10_99_0_0_16_dev_va_quickack_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "quickack", "foo"],
    add_10_99_0_0_16_dev_va_q_1: ["route", "add", "10.99.0.0/16", "dev", "va", "q", "1"],
    add_10_99_0_0_16_dev_va_congctl_reno: ["route", "add", "10.99.0.0/16", "dev", "va", "congctl", "reno"],
    add_10_99_0_0_16_dev_va_cong_lock_reno: ["route", "add", "10.99.0.0/16", "dev", "va", "cong", "lock", "reno"],
    add_10_99_0_0_16_dev_va_congctl_nosuchalgo: ["route", "add", "10.99.0.0/16", "dev", "va", "congctl", "nosuchalgo"],
    add_10_99_0_0_16_dev_va_rttvar_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "rttvar", "foo"],
    add_10_99_0_0_16_dev_va_rt_5ms: ["route", "add", "10.99.0.0/16", "dev", "va", "rt", "5ms"],
    add_10_99_0_0_16_dev_va_ssthresh_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "ssthresh", "foo"],
    add_10_99_0_0_16_dev_va_s_5: ["route", "add", "10.99.0.0/16", "dev", "va", "s", "5"],
    add_10_99_0_0_16_dev_va_fastopen_no_cookie_2: ["route", "add", "10.99.0.0/16", "dev", "va", "fastopen_no_cookie", "2"],
    add_10_99_0_0_16_dev_va_fastopen_no_cookie_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "fastopen_no_cookie", "foo"],
    add_10_99_0_0_16_dev_va_fa_1: ["route", "add", "10.99.0.0/16", "dev", "va", "fa", "1"],
    add_10_99_0_0_16_dev_va_realms_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "realms", "foo"],
    add_10_99_0_0_16_dev_va_realm_5: ["route", "add", "10.99.0.0/16", "dev", "va", "realm", "5"],
    add_10_99_0_0_16_dev_va_re_5: ["route", "add", "10.99.0.0/16", "dev", "va", "re", "5"],
    add_10_99_0_0_16_dev_va_nhid_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "nhid", "foo"],
    add_10_99_0_0_16_dev_va_proto_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "proto", "foo"],
    add_10_99_0_0_16_dev_va_pro_5: ["route", "add", "10.99.0.0/16", "dev", "va", "pro", "5"],
    add_10_99_0_0_16_dev_va_table_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "table", "foo"],
    add_10_99_0_0_16_dev_va_t_5: ["route", "add", "10.99.0.0/16", "dev", "va", "t", "5"],
    add_10_99_0_0_16_dev_va_table_0: ["route", "add", "10.99.0.0/16", "dev", "va", "table", "0"],
    add_10_99_0_0_16_dev_va_table_main: ["route", "add", "10.99.0.0/16", "dev", "va", "table", "main"],
    add_10_99_0_0_16_dev_va_v_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "v", "foo"],
    add_10_99_0_0_16_dev_va_pervasive: ["route", "add", "10.99.0.0/16", "dev", "va", "pervasive"],
    add_10_99_0_0_16_dev_va_pe: ["route", "add", "10.99.0.0/16", "dev", "va", "pe"],
    add_10_99_0_0_16_dev_va_onlink: ["route", "add", "10.99.0.0/16", "dev", "va", "onlink"],
    add_10_99_0_0_16_dev_va_ttl_propagate_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "ttl-propagate", "foo"],
    add_10_99_0_0_16_dev_va_src_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "src", "foo"],
    add_10_99_0_0_16_dev_va_src_10_1_0_1: ["route", "add", "10.99.0.0/16", "dev", "va", "src", "10.1.0.1"],
    add_10_99_0_0_16_dev_va_src_10_1_0_9: ["route", "add", "10.99.0.0/16", "dev", "va", "src", "10.1.0.9"],
    add_10_99_0_0_16_dev_va_from_10_1_0_0_24: ["route", "add", "10.99.0.0/16", "dev", "va", "from", "10.1.0.0/24"],
    add_10_99_0_0_16_dev_va_from_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "from", "foo"],
    add_10_99_0_0_16_dev_va_as_foo: ["route", "add", "10.99.0.0/16", "dev", "va", "as", "foo"],
    add_10_99_0_0_16_dev_va_as_to_10_1_1_1: ["route", "add", "10.99.0.0/16", "dev", "va", "as", "to", "10.1.1.1"],
    add_10_99_0_0_16_via_2001_db8_1_2: ["route", "add", "10.99.0.0/16", "via", "2001:db8:1::2"],
    add_10_99_0_0_16_via_inet_2001_db8_1_2: ["route", "add", "10.99.0.0/16", "via", "inet", "2001:db8:1::2"],
    add_10_99_0_0_16_via_inet6_foo: ["route", "add", "10.99.0.0/16", "via", "inet6", "foo"],
    add_10_99_0_0_16_via_mpls_100_dev_va: ["route", "add", "10.99.0.0/16", "via", "mpls", "100", "dev", "va"],
    add_10_99_0_0_16_via_bridge_100_dev_va: ["route", "add", "10.99.0.0/16", "via", "bridge", "100", "dev", "va"],
    v6_route_add_10_99_0_0_16_dev_va: ["-6", "route", "add", "10.99.0.0/16", "dev", "va"],
    v4_route_add_2001_db8_99_48_dev_va: ["-4", "route", "add", "2001:db8:99::/48", "dev", "va"],
    add_2001_db8_99_48_via_10_1_0_2: ["route", "add", "2001:db8:99::/48", "via", "10.1.0.2"],
    add_2001_db8_99_48_via_inet_10_1_0_2_dev_va: ["route", "add", "2001:db8:99::/48", "via", "inet", "10.1.0.2", "dev", "va"],
    add_10_99_1_2_16_dev_va: ["route", "add", "10.99.1.2/16", "dev", "va"],
    add_10_99_0_0_33_dev_va: ["route", "add", "10.99.0.0/33", "dev", "va"],
    add_to_10_99_0_0_16_dev_va: ["route", "add", "to", "10.99.0.0/16", "dev", "va"],
    add_to_unreachable_10_99_0_0_16: ["route", "add", "to", "unreachable", "10.99.0.0/16"],
    add_to: ["route", "add", "to"],
    add_unreachable: ["route", "add", "unreachable"],
    add_10_99_0_0_16_unreachable: ["route", "add", "10.99.0.0/16", "unreachable"],
    add_5_10_99_0_0_16_dev_va: ["route", "add", "+5", "10.99.0.0/16", "dev", "va"],
    add_u_10_99_0_0_16_dev_va: ["route", "add", "u", "10.99.0.0/16", "dev", "va"],
    add_b_10_99_0_0_16_dev_va: ["route", "add", "b", "10.99.0.0/16", "dev", "va"],
    add_brd_10_99_0_255_dev_va: ["route", "add", "brd", "10.99.0.255", "dev", "va"],
    add_xresolve_10_99_0_0_16_dev_va: ["route", "add", "xresolve", "10.99.0.0/16", "dev", "va"],
    add_10_99_0_0_16: ["route", "add", "10.99.0.0/16"],
    add_10_99_0_0_16_dev_lo: ["route", "add", "10.99.0.0/16", "dev", "lo"],
    add_10_99_16_dev_va: ["route", "add", "10.99/16", "dev", "va"],
    add_012_99_0_0_16_dev_va: ["route", "add", "012.99.0.0/16", "dev", "va"],
    add_10_99_0_0_255_255_0_0_dev_va: ["route", "add", "10.99.0.0/255.255.0.0", "dev", "va"],
    add_10_99_0_0_16_dev_va_metric_5_metric_6: ["route", "add", "10.99.0.0/16", "dev", "va", "metric", "5", "metric", "6"],
    add_10_99_0_0_16_dev_va_table_1000_table_5: ["route", "add", "10.99.0.0/16", "dev", "va", "table", "1000", "table", "5"],
    add_10_99_0_0_16_dev_va_dev_vb: ["route", "add", "10.99.0.0/16", "dev", "va", "dev", "vb"],
    add_10_99_0_0_16_oif_va: ["route", "add", "10.99.0.0/16", "oif", "va"],
    add_10_99_0_0_16_dev_va_nexthop_dev_vb: ["route", "add", "10.99.0.0/16", "dev", "va", "nexthop", "dev", "vb"],
    add_10_99_0_0_16_nexthop_dev_va_nexthop_dev_vb: ["route", "add", "10.99.0.0/16", "nexthop", "dev", "va", "nexthop", "dev", "vb"],
    add_10_99_0_0_16_nexthop_dev_va_weight_256_nexthop: ["route", "add", "10.99.0.0/16", "nexthop", "dev", "va", "weight", "256", "nexthop", "dev", "vb", "weight", "1"],
    add_10_99_0_0_16_nexthop_dev_va_weight_257: ["route", "add", "10.99.0.0/16", "nexthop", "dev", "va", "weight", "257"],
    add_10_99_0_0_16_nexthop_dev_va_weight_foo: ["route", "add", "10.99.0.0/16", "nexthop", "dev", "va", "weight", "foo"],
    add_10_99_0_0_16_nexthop_dev_va_onlink_via_10_9_9_9: ["route", "add", "10.99.0.0/16", "nexthop", "dev", "va", "onlink", "via", "10.9.9.9"],
    add_10_99_0_0_16_nexthop_via_10_1_0_2_realms_5_nexthop_via_10_1_0_3_realm: ["route", "add", "10.99.0.0/16", "nexthop", "via", "10.1.0.2", "realms", "5", "nexthop", "via", "10.1.0.3", "realm", "foo"],
    add_10_99_0_0_16_nexthop_via_10_1_0_2_realms_5_nexthop_via_10_1_0_3: ["route", "add", "10.99.0.0/16", "nexthop", "via", "10.1.0.2", "realms", "5", "nexthop", "via", "10.1.0.3"],
    add_10_99_0_0_16_nexthop_via_inet6_2001_db8_1_2: ["route", "add", "10.99.0.0/16", "nexthop", "via", "inet6", "2001:db8:1::2", "dev", "va", "nexthop", "via", "10.1.0.3"],
    add_10_99_0_0_16_nexthop_nexthop_via_10_1_0_3: ["route", "add", "10.99.0.0/16", "nexthop", "nexthop", "via", "10.1.0.3"],
    add_10_99_0_0_16_nexthop_via_10_1_0_3_pervasive: ["route", "add", "10.99.0.0/16", "nexthop", "via", "10.1.0.3", "pervasive"],
    add_10_99_0_0_16_nexthop_dev_nosuch_nexthop_foo: ["route", "add", "10.99.0.0/16", "nexthop", "dev", "nosuch", "nexthop", "foo"],
    add_10_99_0_0_16_nexthop_via_10_1_0_3_dev: ["route", "add", "10.99.0.0/16", "nexthop", "via", "10.1.0.3", "dev"],
    add_10_99_0_0_16_nexthop_via_foo: ["route", "add", "10.99.0.0/16", "nexthop", "via", "foo"],
    add_10_99_0_0_16_via_10_1_0_2_nexthop_via_10_1_0_3: ["route", "add", "10.99.0.0/16", "via", "10.1.0.2", "nexthop", "via", "10.1.0.3"],
    add_2001_db8_99_48_nexthop_via_2001_db8_1_2_nexthop: ["route", "add", "2001:db8:99::/48", "nexthop", "via", "2001:db8:1::2", "nexthop", "via", "2001:db8:1::3", "dev", "va"],
    add_10_99_0_0_16_dev_va_expires_4294967296: ["route", "add", "10.99.0.0/16", "dev", "va", "expires", "4294967296"],
    add_2001_db8_99_48_dev_va_pref_medium_expires_100: ["route", "add", "2001:db8:99::/48", "dev", "va", "pref", "medium", "expires", "100"],
    add_2001_db8_99_48_dev_va_pref_low: ["route", "add", "2001:db8:99::/48", "dev", "va", "pref", "low"],
    add_2001_db8_99_48_dev_va_metric_0: ["route", "add", "2001:db8:99::/48", "dev", "va", "metric", "0"],
    add_2001_db8_99_48_dev_va_from_2001_db8_32: ["route", "add", "2001:db8:99::/48", "dev", "va", "from", "2001:db8::/32"],
    add_2001_db8_99_48_dev_va_src_2001_db8_1_1: ["route", "add", "2001:db8:99::/48", "dev", "va", "src", "2001:db8:1::1"],
    add_2001_db8_99_48_dev_va_src_2001_db8_1_9: ["route", "add", "2001:db8:99::/48", "dev", "va", "src", "2001:db8:1::9"],
    add_2001_db8_99_1_dev_va: ["route", "add", "2001:db8:99::1", "dev", "va"],
    add_local_2001_db8_99_1_dev_va: ["route", "add", "local", "2001:db8:99::1", "dev", "va"],
    add_unreachable_2001_db8_99_48_metric_5: ["route", "add", "unreachable", "2001:db8:99::/48", "metric", "5"],
    add_prohibit_2001_db8_99_48: ["route", "add", "prohibit", "2001:db8:99::/48"],
    add_blackhole_2001_db8_99_48_table_100: ["route", "add", "blackhole", "2001:db8:99::/48", "table", "100"],
    add_throw_2001_db8_99_48: ["route", "add", "throw", "2001:db8:99::/48"],
    add_anycast_2001_db8_99_48_dev_va: ["route", "add", "anycast", "2001:db8:99::/48", "dev", "va"],
    add_multicast_ff10_16_dev_va: ["route", "add", "multicast", "ff10::/16", "dev", "va"],
    add_2001_db8_99_48_dev_va_mtu_1280_advmss_1000_hoplimit: ["route", "add", "2001:db8:99::/48", "dev", "va", "mtu", "1280", "advmss", "1000", "hoplimit", "5"],
    add_2001_db8_99_48_dev_va_scope_link: ["route", "add", "2001:db8:99::/48", "dev", "va", "scope", "link"],
    add_2001_db8_99_48_dev_va_tos_0x10: ["route", "add", "2001:db8:99::/48", "dev", "va", "tos", "0x10"],
    add_2001_db8_99_48_dev_va_proto_200_table_4000000000: ["route", "add", "2001:db8:99::/48", "dev", "va", "proto", "200", "table", "4000000000"],
    add_10_99_0_0_16_encap: ["route", "add", "10.99.0.0/16", "encap"],
    add_10_99_0_0_16_encap_ip: ["route", "add", "10.99.0.0/16", "encap", "ip"],
    add_10_99_0_0_16_encap_ip_id: ["route", "add", "10.99.0.0/16", "encap", "ip", "id"],
    add_10_99_0_0_16_encap_ip_id_5: ["route", "add", "10.99.0.0/16", "encap", "ip", "id", "5"],
    add_10_99_0_0_16_encap_ip_dev_va: ["route", "add", "10.99.0.0/16", "encap", "ip", "dev", "va"],
    add_10_99_0_0_16_encap_ip_id_5_id_6_dev_va: ["route", "add", "10.99.0.0/16", "encap", "ip", "id", "5", "id", "6", "dev", "va"],
    add_10_99_0_0_16_encap_ip_id_foo_dev_va: ["route", "add", "10.99.0.0/16", "encap", "ip", "id", "foo", "dev", "va"],
    add_10_99_0_0_16_encap_ip_id_1_dev_va: ["route", "add", "10.99.0.0/16", "encap", "ip", "id", "-1", "dev", "va"],
    add_10_99_0_0_16_encap_ip_id_99999999999999999999: ["route", "add", "10.99.0.0/16", "encap", "ip", "id", "99999999999999999999", "dev", "va"],
    add_10_99_0_0_16_encap_ip_dst_foo_dev_va: ["route", "add", "10.99.0.0/16", "encap", "ip", "dst", "foo", "dev", "va"],
    add_10_99_0_0_16_encap_ip_dst_10_1_0_9_dst_10_1_0_8: ["route", "add", "10.99.0.0/16", "encap", "ip", "dst", "10.1.0.9", "dst", "10.1.0.8", "dev", "va"],
    add_10_99_0_0_16_encap_ip_src_10_1_0_1_dst_2001_db8_1: ["route", "add", "10.99.0.0/16", "encap", "ip", "src", "10.1.0.1", "dst", "2001:db8::1", "dev", "va"],
    add_10_99_0_0_16_encap_ip_ttl_300_dev_va: ["route", "add", "10.99.0.0/16", "encap", "ip", "ttl", "300", "dev", "va"],
    add_10_99_0_0_16_encap_ip_tos_foo_dev_va: ["route", "add", "10.99.0.0/16", "encap", "ip", "tos", "foo", "dev", "va"],
    add_10_99_0_0_16_encap_ip_tos_0x10_tos_0x20_dev: ["route", "add", "10.99.0.0/16", "encap", "ip", "tos", "0x10", "tos", "0x20", "dev", "va"],
    add_10_99_0_0_16_encap_ip_key_key_dev_va: ["route", "add", "10.99.0.0/16", "encap", "ip", "key", "key", "dev", "va"],
    add_10_99_0_0_16_encap_ip_csum_csum_seq_dev_va: ["route", "add", "10.99.0.0/16", "encap", "ip", "csum", "csum", "seq", "dev", "va"],
    add_10_99_0_0_16_encap_ip_id_5_dst_10_1_0_9_ttl: ["route", "add", "10.99.0.0/16", "encap", "ip", "id", "5", "dst", "10.1.0.9", "ttl", "0", "dev", "va"],
    add_10_99_0_0_16_encap_ip6_id_5_dst_2001_db8_9_src: ["route", "add", "10.99.0.0/16", "encap", "ip6", "id", "5", "dst", "2001:db8::9", "src", "2001:db8::1", "hoplimit", "5", "tc", "0x10", "key", "csum", "seq", "dev", "va"],
    add_10_99_0_0_16_encap_ip6_dst_10_1_0_9_dev_va: ["route", "add", "10.99.0.0/16", "encap", "ip6", "dst", "10.1.0.9", "dev", "va"],
    add_10_99_0_0_16_encap_ip6_hoplimit_foo_dev_va: ["route", "add", "10.99.0.0/16", "encap", "ip6", "hoplimit", "foo", "dev", "va"],
    add_10_99_0_0_16_encap_ip6_tc_foo_dev_va: ["route", "add", "10.99.0.0/16", "encap", "ip6", "tc", "foo", "dev", "va"],
    add_10_99_0_0_16_encap_ip6_ttl_5_dev_va: ["route", "add", "10.99.0.0/16", "encap", "ip6", "ttl", "5", "dev", "va"],
    add_2001_db8_99_48_encap_ip6_id_5_dst_2001_db8_9: ["route", "add", "2001:db8:99::/48", "encap", "ip6", "id", "5", "dst", "2001:db8::9", "dev", "va"],
    add_2001_db8_99_48_encap_ip_id_5_dst_10_1_0_9_dev: ["route", "add", "2001:db8:99::/48", "encap", "ip", "id", "5", "dst", "10.1.0.9", "dev", "va"],
    add_2001_db8_99_48_encap_seg6_mode_encap_segs_2001_db8_5_dev: ["route", "add", "2001:db8:99::/48", "encap", "seg6", "mode", "encap", "segs", "2001:db8::5", "dev", "va"],
    add_2001_db8_99_48_encap_seg6_mode_inline_segs_2001_db8_5_2001_db8_6: ["route", "add", "2001:db8:99::/48", "encap", "seg6", "mode", "inline", "segs", "2001:db8::5,2001:db8::6", "hmac", "5", "dev", "va"],
    add_2001_db8_99_48_encap_seg6_mode_l2encap_segs: ["route", "add", "2001:db8:99::/48", "encap", "seg6", "mode", "l2encap", "segs", "2001:db8::5", "dev", "va"],
    add_2001_db8_99_48_encap_seg6_mode_encap_red_segs: ["route", "add", "2001:db8:99::/48", "encap", "seg6", "mode", "encap.red", "segs", "2001:db8::5,2001:db8::6", "dev", "va"],
    add_2001_db8_99_48_encap_seg6_mode_l2encap_red_segs: ["route", "add", "2001:db8:99::/48", "encap", "seg6", "mode", "l2encap.red", "segs", "2001:db8::5", "dev", "va"],
    add_2001_db8_99_48_encap_seg6_mode_foo_segs_2001_db8_5: ["route", "add", "2001:db8:99::/48", "encap", "seg6", "mode", "foo", "segs", "2001:db8::5", "dev", "va"],
    add_2001_db8_99_48_encap_seg6_segs_2001_db8_5_mode: ["route", "add", "2001:db8:99::/48", "encap", "seg6", "segs", "2001:db8::5", "mode", "encap", "dev", "va"],
    add_2001_db8_99_48_encap_seg6_mode_encap_mode_inline: ["route", "add", "2001:db8:99::/48", "encap", "seg6", "mode", "encap", "mode", "inline", "dev", "va"],
    add_2001_db8_99_48_encap_seg6_mode_encap_segs_2001_db8_5_segs: ["route", "add", "2001:db8:99::/48", "encap", "seg6", "mode", "encap", "segs", "2001:db8::5", "segs", "2001:db8::6", "dev", "va"],
    add_2001_db8_99_48_encap_seg6_mode_encap_segs_foo: ["route", "add", "2001:db8:99::/48", "encap", "seg6", "mode", "encap", "segs", "foo", "dev", "va"],
    add_2001_db8_99_48_encap_seg6_mode_encap_segs_2001_db8_5_2001_db8_7: ["route", "add", "2001:db8:99::/48", "encap", "seg6", "mode", "encap", "segs", "2001:db8::5,,2001:db8::7", "dev", "va"],
    add_2001_db8_99_48_encap_seg6_mode_encap_segs_2001_db8_5_hmac_foo: ["route", "add", "2001:db8:99::/48", "encap", "seg6", "mode", "encap", "segs", "2001:db8::5", "hmac", "foo", "dev", "va"],
    add_2001_db8_99_48_encap_seg6_mode_encap_segs_2001_db8_5_hmac_5: ["route", "add", "2001:db8:99::/48", "encap", "seg6", "mode", "encap", "segs", "2001:db8::5", "hmac", "5", "hmac", "6", "dev", "va"],
    add_2001_db8_99_48_encap_seg6_mode_encap_dev_va: ["route", "add", "2001:db8:99::/48", "encap", "seg6", "mode", "encap", "dev", "va"],
    add_2001_db8_99_48_encap_seg6_dev_va: ["route", "add", "2001:db8:99::/48", "encap", "seg6", "dev", "va"],
    add_2001_db8_99_48_encap_seg6_mode_inline_segs_2001_db8_5: ["route", "add", "2001:db8:99::/48", "encap", "seg6", "mode", "inline", "segs", "2001:db8::5"],
    add_10_99_0_0_16_encap_mpls_100_ttl_5_ttl_6_dev: ["route", "add", "10.99.0.0/16", "encap", "mpls", "100", "ttl", "5", "ttl", "6", "dev", "va"],
    add_10_99_0_0_16_encap_mpls_100_ttl_foo_dev_va: ["route", "add", "10.99.0.0/16", "encap", "mpls", "100", "ttl", "foo", "dev", "va"],
    add_10_99_0_0_16_encap_mpls_1048576_dev_va: ["route", "add", "10.99.0.0/16", "encap", "mpls", "1048576", "dev", "va"],
    add_10_99_0_0_16_nexthop_encap_ip_id_3_dst_10_1_0_5: ["route", "add", "10.99.0.0/16", "nexthop", "encap", "ip", "id", "3", "dst", "10.1.0.5", "dev", "va", "nexthop", "encap", "ip6", "dst", "2001:db8::1", "dev", "va"],
    add_10_99_0_0_16_nexthop_encap_seg6_mode_encap_segs: ["route", "add", "10.99.0.0/16", "nexthop", "encap", "seg6", "mode", "encap", "segs", "2001:db8::5", "dev", "va", "nexthop", "dev", "vb"],
    add_10_99_0_0_16_encap_ip_id_5_dst_10_1_0_9_encap: ["route", "add", "10.99.0.0/16", "encap", "ip", "id", "5", "dst", "10.1.0.9", "encap", "ip", "id", "6", "dev", "va"],
    mpls_route_add_100_dev_va: ["-f", "mpls", "route", "add", "100", "dev", "va"],
    mpls_route_add_foo_dev_va: ["-f", "mpls", "route", "add", "foo", "dev", "va"],
    add_10_99_0_0_16_dev_va_ttl_propagate_disabled: ["route", "add", "10.99.0.0/16", "dev", "va", "ttl-propagate", "disabled"],
}

usage_cases! {
    add: ["route", "add"],
    add_help: ["route", "add", "help"],
    add_h: ["route", "add", "h"],
    add_dev_nosuch: ["route", "add", "dev", "nosuch"],
    del: ["route", "del"],
    add_nexthop_via_10_1_0_3: ["route", "add", "nexthop", "via", "10.1.0.3"],
}

/// The proto-tagging script workflow: a private protocol registered in an
/// `rt_protos.d` drop-in, routes tagged with it and with a bare number, listed by
/// name, changed and deleted, while routes of other protocols stay untouched.
#[test]
fn script_workflow_with_private_proto() {
    let (a, b) = (seeded(), seeded());
    for ns in [&a, &b] {
        ns.names_file("rt_protos.d/sandbox.conf", "200 sandbox\n");
    }
    let steps: &[&[&str]] = &[
        &[
            "route",
            "add",
            "10.80.0.0/16",
            "via",
            "10.1.0.2",
            "proto",
            "sandbox",
        ],
        &[
            "route",
            "add",
            "10.81.0.0/16",
            "dev",
            "va",
            "proto",
            "sandbox",
            "metric",
            "7",
        ],
        &[
            "route",
            "add",
            "10.82.0.0/16",
            "via",
            "10.1.0.3",
            "proto",
            "201",
        ],
        &[
            "route",
            "add",
            "2001:db8:80::/48",
            "via",
            "2001:db8:1::2",
            "proto",
            "sandbox",
        ],
        &[
            "route",
            "add",
            "10.83.0.0/16",
            "dev",
            "va",
            "proto",
            "sandbox",
            "table",
            "100",
        ],
        &["route", "show", "proto", "sandbox"],
        &["-6", "route", "show", "proto", "sandbox"],
        &["route", "show", "table", "all", "proto", "sandbox"],
        &["-d", "route", "show", "proto", "201"],
        &[
            "route",
            "replace",
            "10.80.0.0/16",
            "via",
            "10.1.0.3",
            "proto",
            "sandbox",
        ],
        &[
            "route",
            "change",
            "10.81.0.0/16",
            "dev",
            "va",
            "proto",
            "sandbox",
            "metric",
            "7",
            "mtu",
            "1400",
        ],
        &[
            "route",
            "append",
            "10.82.0.0/16",
            "via",
            "10.1.0.4",
            "proto",
            "201",
        ],
        &[
            "route",
            "add",
            "10.80.0.0/16",
            "via",
            "10.1.0.2",
            "proto",
            "sandbox",
        ],
        &["route", "show", "proto", "sandbox"],
        &["route", "del", "10.80.0.0/16", "proto", "sandbox"],
        &["route", "del", "10.82.0.0/16", "proto", "sandbox"],
        &[
            "route",
            "del",
            "10.82.0.0/16",
            "proto",
            "201",
            "via",
            "10.1.0.4",
        ],
        &[
            "route",
            "del",
            "10.83.0.0/16",
            "proto",
            "sandbox",
            "table",
            "100",
        ],
        &["route", "show", "proto", "sandbox"],
        &["route", "show", "proto", "201"],
        &["route", "show", "table", "all"],
    ];
    let untouched = |ns: &Ns| {
        let text = String::from_utf8(ip_output(ns, &["route", "show", "table", "all"])).unwrap();
        text.lines()
            // (IPv6 link-local routes appear whenever duplicate address detection
            // ends, so they are no evidence about the command.)
            .filter(|l| {
                !l.contains("proto 200")
                    && !l.contains("proto sandbox")
                    && !l.contains("proto 201")
                    && !l.contains("fe80::")
            })
            // Appears whenever duplicate address detection ends, maybe mid-test.
            .filter(|l| !is_link_local_host(l))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    // The listings below compare the two namespaces line by line: wait until both
    // have the local routes of their IPv6 link-local addresses.
    for ns in [&a, &b] {
        link_local_settled(ns);
    }
    let before = untouched(&b);
    assert!(before.iter().any(|l| l.contains("proto 77")));
    for step in steps {
        if step.contains(&"show") {
            // Listings of two namespaces: IPv6 routes of interfaces that came up
            // together may come in either order.
            same_listing(&a, &b, step);
        } else {
            same_command(&a, &b, step);
        }
        assert_same_state(&a, &b, &format!("{step:?}"));
        assert_eq!(untouched(&b), before, "other protos changed by {step:?}");
    }
    // Both tools agree on the listing in the same namespace, too.
    common::assert_same_argv(&b, &["route", "show", "proto", "sandbox"]);
    let out = common::assert_same_argv(&b, &["route", "show", "proto", "201"]);
    assert!(out.contains("10.82.0.0/16"), "{out}");
}

/// Waits (up to 10 s) for duplicate address detection to finish on `va` and `vb`,
/// when the kernel adds the local routes of their link-local addresses.
fn link_local_settled(ns: &Ns) {
    for _ in 0..100 {
        let out =
            String::from_utf8(ip_output(ns, &["-6", "route", "show", "table", "local"])).unwrap();
        if out.contains("local fe80::ff:fe00:1 ") && out.contains("local fe80::ff:fe00:2 ") {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// A route that uses a nexthop object (`nhid`): the object is created first.
#[test]
fn nhid_with_nexthop_object() {
    let setup = |ns: &Ns| ns.ip("nexthop add id 5 via 10.1.0.2 dev va");
    for args in [
        &["route", "add", "10.90.0.0/16", "nhid", "5"][..],
        &["route", "add", "10.90.0.0/16", "nhid", "5", "scope", "link"][..],
        &["route", "add", "10.90.0.0/16", "nhid", "6"][..],
        &[
            "route",
            "add",
            "10.90.0.0/16",
            "nhid",
            "5",
            "via",
            "10.1.0.3",
        ][..],
    ] {
        let (a, b) = (fresh(), fresh());
        setup(&a);
        setup(&b);
        same_command(&a, &b, args);
        assert_same_state(&a, &b, &format!("{args:?}"));
    }
}

/// Per-namespace names files: tables and realms by name in modify commands.
#[test]
fn names_from_drop_ins() {
    let (a, b) = (fresh(), fresh());
    for ns in [&a, &b] {
        ns.names_file("rt_tables.d/lab.conf", "300 lab\n");
    }
    for args in [
        &["route", "add", "10.91.0.0/16", "dev", "va", "table", "lab"][..],
        &[
            "route",
            "add",
            "10.92.0.0/16",
            "dev",
            "va",
            "table",
            "lab",
            "realms",
            "cosmos",
        ][..],
        &["route", "del", "10.91.0.0/16", "table", "lab"][..],
        &[
            "route",
            "add",
            "10.93.0.0/16",
            "dev",
            "va",
            "table",
            "nolab",
        ][..],
    ] {
        same_command(&a, &b, args);
        assert_same_state(&a, &b, &format!("{args:?}"));
    }
}

/// `ip netns exec NS ipr ...` behaves like `-n NS`.
#[test]
fn netns_exec() {
    let (a, b) = (fresh(), fresh());
    let args = [
        "route",
        "add",
        "10.94.0.0/16",
        "via",
        "10.1.0.2",
        "metric",
        "3",
    ];
    assert_same_argv_in(&a, &b, &args, Via::NetnsExec);
    assert_same_state(&a, &b, "netns exec");
}

// Every encap type iproute2 6.1 knows: what this kernel accepts (seg6local on
// IPv6 routes), what it refuses (`lwt encapsulation type not supported` for ila,
// rpl, ioam6, xfrm and mpls), and iproute2's own errors, including the cases
// where `ip` reads a header's last value again as a route word, and the ones
// where it dies of a segmentation fault (`flavors next-csid` ending the line).
modify_cases! { fresh;
    encap_s6l_end: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "dev", "va"],
    encap_s6l_end_no_dev: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End"],
    encap_s6l_bad_action: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "Foo", "dev", "va"],
    encap_s6l_lower_action: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "end", "dev", "va"],
    encap_s6l_missing_action: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "dev", "va"],
    encap_s6l_dup_action: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "action", "End", "dev", "va"],
    encap_s6l_action_at_end: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action"],
    encap_s6l_x_no_nh: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.X", "dev", "va"],
    encap_s6l_x_nh6: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.X", "nh6", "2001:db8:1::2", "dev", "va"],
    encap_s6l_nh6_first: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "nh6", "2001:db8:1::2", "action", "End.X", "dev", "va"],
    encap_s6l_dup_nh6: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.X", "nh6", "2001:db8:1::2", "nh6", "2001:db8:1::3", "dev", "va"],
    encap_s6l_bad_nh6: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.X", "nh6", "foo", "dev", "va"],
    encap_s6l_x_nh4: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.X", "nh4", "10.1.0.2", "dev", "va"],
    encap_s6l_dx4: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.DX4", "nh4", "10.1.0.2", "dev", "va"],
    encap_s6l_bad_nh4: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.DX4", "nh4", "2001:db8::1", "dev", "va"],
    encap_s6l_dx6: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.DX6", "nh6", "2001:db8:1::2", "dev", "va"],
    encap_s6l_t_table: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.T", "table", "100", "dev", "va"],
    encap_s6l_t_table_main: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.T", "table", "main", "dev", "va"],
    encap_s6l_t_table_big: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.T", "table", "4000000000", "dev", "va"],
    encap_s6l_t_bad_table: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.T", "table", "foo", "dev", "va"],
    encap_s6l_t_dup_table: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.T", "table", "100", "table", "200", "dev", "va"],
    encap_s6l_t_table_at_end: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.T", "table"],
    encap_s6l_dt6: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.DT6", "table", "100", "dev", "va"],
    encap_s6l_dt4_vrftable: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.DT4", "vrftable", "100", "dev", "va"],
    encap_s6l_dt46_vrftable: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.DT46", "vrftable", "100", "dev", "va"],
    encap_s6l_bad_vrftable: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.DT6", "vrftable", "foo", "dev", "va"],
    encap_s6l_dup_vrftable: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.DT6", "vrftable", "1", "vrftable", "2", "dev", "va"],
    encap_s6l_b6: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.B6", "srh", "segs", "2001:db8::7,2001:db8::8", "dev", "va"],
    encap_s6l_b6_encaps: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.B6.Encaps", "srh", "segs", "2001:db8::7,2001:db8::8", "dev", "va"],
    encap_s6l_b6_encaps_hmac: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.B6.Encaps", "srh", "segs", "2001:db8::7,2001:db8::8", "hmac", "7", "dev", "va"],
    encap_s6l_b6_hmac_hex: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.B6", "srh", "segs", "2001:db8::7", "hmac", "0x10", "dev", "va"],
    encap_s6l_b6_hmac_foo: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.B6", "srh", "segs", "2001:db8::7", "hmac", "foo", "dev", "va"],
    encap_s6l_b6_empty_seg: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.B6", "srh", "segs", "2001:db8::7,,2001:db8::8", "dev", "va"],
    encap_s6l_srh_no_segs: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.B6", "srh", "foo", "2001:db8::7", "dev", "va"],
    encap_s6l_dup_srh: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.B6", "srh", "segs", "2001:db8::7", "srh", "segs", "2001:db8::8", "dev", "va"],
    encap_s6l_dup_hmac: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.B6", "srh", "segs", "2001:db8::7", "hmac", "5", "hmac", "6", "dev", "va"],
    encap_s6l_segs_at_end: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.B6", "srh", "segs", "2001:db8::7"],
    encap_s6l_segs_at_end_no_dst: ["-6", "route", "add", "dev", "va", "encap", "seg6local", "action", "End.B6", "srh", "segs", "2001:db8::7"],
    encap_s6l_hmac_at_end: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.B6", "srh", "segs", "2001:db8::7", "hmac", "5"],
    encap_s6l_hmac_missing: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.B6", "srh", "segs", "2001:db8::7", "hmac"],
    encap_s6l_srh_at_end: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.B6", "srh"],
    encap_s6l_bad_seg: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.B6", "srh", "segs", "foo", "dev", "va"],
    encap_s6l_hmac_after_dev: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.B6", "srh", "segs", "2001:db8::7", "dev", "va", "hmac", "5"],
    encap_s6l_count: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "count", "dev", "va"],
    encap_s6l_dup_count: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "count", "count", "dev", "va"],
    encap_s6l_count_then_action: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "count", "action", "End.X", "dev", "va"],
    encap_s6l_dx2_oif: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.DX2", "oif", "va", "dev", "va"],
    encap_s6l_oif_nosuch: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.DX2", "oif", "nosuch", "dev", "va"],
    encap_s6l_dup_oif: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.DX2", "oif", "va", "oif", "va", "dev", "va"],
    encap_s6l_iif: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "iif", "va", "dev", "va"],
    encap_s6l_iif_nosuch: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "iif", "nosuch", "dev", "va"],
    encap_s6l_v4_route: ["route", "add", "10.60.0.0/16", "encap", "seg6local", "action", "End", "dev", "va"],
    encap_s6l_nexthop_v4: ["route", "add", "10.60.0.0/16", "nexthop", "encap", "seg6local", "action", "End", "dev", "va", "nexthop", "dev", "va"],
    encap_s6l_nexthop_v6: ["-6", "route", "add", "2001:db8:72::/48", "nexthop", "encap", "seg6local", "action", "End", "dev", "va", "nexthop", "dev", "va"],
    encap_s6l_nexthop_segs_at_end: ["-6", "route", "add", "2001:db8:72::/48", "nexthop", "encap", "seg6local", "action", "End.B6", "srh", "segs", "2001:db8::5"],
    encap_s6l_flavors_psp: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "psp", "dev", "va"],
    encap_s6l_flavors_upper: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "PSP", "dev", "va"],
    encap_s6l_flavors_psp_usp: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "psp,usp", "dev", "va"],
    encap_s6l_flavors_usd: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "usd", "dev", "va"],
    encap_s6l_flavors_csid: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "next-csid", "dev", "va"],
    encap_s6l_flavors_csid_lens: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "next-csid", "lblen", "16", "nflen", "16", "dev", "va"],
    encap_s6l_flavors_csid_lblen: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "next-csid", "lblen", "0x18", "dev", "va"],
    encap_s6l_flavors_csid_nflen: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "next-csid", "nflen", "8", "dev", "va"],
    encap_s6l_flavors_nflen_lblen: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "next-csid", "nflen", "8", "lblen", "16", "dev", "va"],
    encap_s6l_flavors_dup_lblen: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "next-csid", "lblen", "16", "lblen", "16", "dev", "va"],
    encap_s6l_flavors_bad_lblen: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "next-csid", "lblen", "300", "dev", "va"],
    encap_s6l_flavors_lblen_dev: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "next-csid", "lblen", "dev", "va"],
    encap_s6l_flavors_bad_nflen: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "next-csid", "nflen", "256", "dev", "va"],
    encap_s6l_flavors_kernel_lens: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "next-csid", "lblen", "7", "dev", "va"],
    encap_s6l_flavors_psp_lblen: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "psp", "lblen", "16", "dev", "va"],
    encap_s6l_flavors_psp_csid: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "psp,next-csid", "lblen", "16", "dev", "va"],
    encap_s6l_flavors_foo: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "psp,foo", "dev", "va"],
    encap_s6l_flavors_twice: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "psp,psp", "dev", "va"],
    encap_s6l_flavors_comma: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", ",", "dev", "va"],
    encap_s6l_flavors_lead_comma: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", ",psp", "dev", "va"],
    encap_s6l_dup_flavors: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "psp", "flavors", "usp", "dev", "va"],
    encap_s6l_flavors_at_end: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors"],
    encap_s6l_flavors_psp_at_end: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "psp"],
    encap_s6l_flavors_csid_at_end: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "next-csid"],
    encap_s6l_flavors_lblen_at_end: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "next-csid", "lblen", "16"],
    encap_s6l_flavors_lblen_missing: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "next-csid", "lblen"],
    encap_s6l_flavors_nflen_at_end: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "flavors", "next-csid", "lblen", "16", "nflen", "16"],
    encap_s6l_flavors_x: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.X", "nh6", "2001:db8:1::2", "flavors", "psp", "dev", "va"],
    encap_s6l_lblen_alone: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End", "lblen", "16", "dev", "va"],
    encap_s6l_bpf_no_endpoint: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.BPF", "dev", "va"],
    encap_s6l_bpf_mode: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.BPF", "endpoint", "/nonexist", "dev", "va"],
    encap_s6l_bpf_empty_mode: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.BPF", "endpoint", "", "/x", "dev", "va"],
    encap_s6l_bpf_bc: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.BPF", "endpoint", "bc", "/x", "dev", "va"],
    encap_s6l_bpf_missing: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.BPF", "endpoint", "obj", "/nonexist", "sec", "foo", "dev", "va"],
    encap_s6l_bpf_o: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.BPF", "endpoint", "o", "/nonexist", "dev", "va"],
    encap_s6l_bpf_not_elf: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.BPF", "endpoint", "obj", "/etc/passwd", "dev", "va"],
    encap_s6l_bpf_dir: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.BPF", "endpoint", "object", "/tmp", "dev", "va"],
    encap_s6l_bpf_devnull: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.BPF", "endpoint", "obj", "/dev/null", "dev", "va"],
    encap_s6l_bpf_not_bpf: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.BPF", "endpoint", "obj", "/usr/sbin/ip", "dev", "va"],
    encap_s6l_bpf_pinned: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.BPF", "endpoint", "pinned", "/sys/fs/bpf/x", "dev", "va"],
    encap_s6l_bpf_fd: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.BPF", "endpoint", "fd", "3", "dev", "va"],
    encap_s6l_bpf_pinned_file: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.BPF", "endpoint", "object-pinned", "/etc/passwd", "dev", "va"],
    encap_s6l_bpf_sec_missing: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.BPF", "endpoint", "obj", "/x", "sec"],
    encap_s6l_bpf_file_missing: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.BPF", "endpoint", "obj"],
    encap_s6l_bpf_endpoint_missing: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.BPF", "endpoint"],
    encap_s6l_bpf_verbose: ["-6", "route", "add", "2001:db8:72::/48", "encap", "seg6local", "action", "End.BPF", "endpoint", "obj", "/x", "section", "s", "verbose", "dev", "va"],
    encap_bpf_headroom: ["route", "add", "10.60.0.0/16", "encap", "bpf", "headroom", "10", "dev", "va"],
    encap_bpf_headroom_twice: ["route", "add", "10.60.0.0/16", "encap", "bpf", "headroom", "10", "headroom", "20", "dev", "va"],
    encap_bpf_headroom_zero: ["route", "add", "10.60.0.0/16", "encap", "bpf", "headroom", "0", "dev", "va"],
    encap_bpf_headroom_neg: ["route", "add", "10.60.0.0/16", "encap", "bpf", "headroom", "-1", "dev", "va"],
    encap_bpf_headroom_foo: ["route", "add", "10.60.0.0/16", "encap", "bpf", "headroom", "foo", "dev", "va"],
    encap_bpf_headroom_at_end: ["route", "add", "10.60.0.0/16", "encap", "bpf", "headroom", "10"],
    encap_bpf_headroom_garbage: ["route", "add", "10.60.0.0/16", "encap", "bpf", "headroom", "10", "foo", "dev", "va"],
    encap_bpf_nothing: ["route", "add", "10.60.0.0/16", "encap", "bpf", "dev", "va"],
    encap_bpf_in_missing: ["route", "add", "10.60.0.0/16", "encap", "bpf", "in", "obj", "/nonexist", "dev", "va"],
    encap_bpf_out_not_elf: ["route", "add", "10.60.0.0/16", "encap", "bpf", "out", "obj", "/etc/passwd", "dev", "va"],
    encap_bpf_xmit_pinned: ["route", "add", "10.60.0.0/16", "encap", "bpf", "xmit", "pinned", "/x", "dev", "va"],
    encap_bpf_xmit_mode: ["route", "add", "10.60.0.0/16", "encap", "bpf", "xmit", "foo", "/x", "dev", "va"],
    encap_bpf_in_dev: ["route", "add", "10.60.0.0/16", "encap", "bpf", "in", "dev", "va"],
    encap_bpf_in_obj_end: ["route", "add", "10.60.0.0/16", "encap", "bpf", "in", "obj"],
    encap_bpf_help_end: ["route", "add", "10.60.0.0/16", "encap", "bpf", "help"],
    encap_bpf_v6: ["-6", "route", "add", "2001:db8:72::/48", "encap", "bpf", "headroom", "10", "dev", "va"],
    encap_ila: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ila", "2001:db8:1:2", "dev", "va"],
    encap_ila_v4: ["route", "add", "10.60.0.0/16", "encap", "ila", "2001:db8:1:2", "dev", "va"],
    encap_ila_short: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ila", "1:2", "dev", "va"],
    encap_ila_blank: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ila", " 0x1:2:3:4", "dev", "va"],
    encap_ila_neg_zero: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ila", "-0:1:2:3", "dev", "va"],
    encap_ila_five: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ila", "1:2:3:4:5", "dev", "va"],
    encap_ila_trailing: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ila", "1:2:3:", "dev", "va"],
    encap_ila_big: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ila", "1ffff:0:0:0", "dev", "va"],
    encap_ila_double_colon: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ila", "1::3:4", "dev", "va"],
    encap_ila_foo: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ila", "foo", "dev", "va"],
    encap_ila_options: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ila", "1:2:3:4", "csum-mode", "neutral-map-auto", "ident-type", "use-format", "hook-type", "input", "dev", "va"],
    encap_ila_options_twice: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ila", "1:2:3:4", "csum-mode", "adj-transport", "csum-mode", "no-action", "dev", "va"],
    encap_ila_bad_csum: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ila", "1:2:3:4", "csum-mode", "foo", "dev", "va"],
    encap_ila_bad_ident: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ila", "1:2:3:4", "ident-type", "iid", "dev", "va"],
    encap_ila_bad_hook: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ila", "1:2:3:4", "hook-type", "0", "dev", "va"],
    encap_ila_csum_missing: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ila", "1:2:3:4", "csum-mode"],
    encap_rpl: ["-6", "route", "add", "2001:db8:72::/48", "encap", "rpl", "segs", "2001:db8::1,2001:db8::2", "dev", "va"],
    encap_rpl_at_end: ["-6", "route", "add", "2001:db8:72::/48", "encap", "rpl", "segs", "2001:db8::1"],
    encap_rpl_bad: ["-6", "route", "add", "2001:db8:72::/48", "encap", "rpl", "segs", "10.0.0.1", "dev", "va"],
    encap_rpl_dup: ["-6", "route", "add", "2001:db8:72::/48", "encap", "rpl", "segs", "2001:db8::1", "segs", "2001:db8::2", "dev", "va"],
    encap_rpl_none: ["-6", "route", "add", "2001:db8:72::/48", "encap", "rpl", "dev", "va"],
    encap_rpl_comma: ["-6", "route", "add", "2001:db8:72::/48", "encap", "rpl", "segs", ",", "dev", "va"],
    encap_ioam6: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "prealloc", "type", "0x800000", "ns", "1", "size", "12", "dev", "va"],
    encap_ioam6_v4: ["route", "add", "10.60.0.0/16", "encap", "ioam6", "trace", "prealloc", "type", "1", "ns", "1", "size", "4", "dev", "va"],
    encap_ioam6_order: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "prealloc", "size", "12", "ns", "1", "type", "0x800000", "dev", "va"],
    encap_ioam6_inline: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "mode", "inline", "trace", "prealloc", "type", "1", "ns", "1", "size", "4", "dev", "va"],
    encap_ioam6_encap_no_dst: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "mode", "encap", "trace", "prealloc", "type", "1", "ns", "1", "size", "4", "dev", "va"],
    encap_ioam6_auto_dst: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "mode", "auto", "tundst", "2001:db8::1", "trace", "prealloc", "type", "1", "ns", "1", "size", "4", "dev", "va"],
    encap_ioam6_bad_mode: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "mode", "INLINE", "trace", "prealloc", "type", "1", "ns", "1", "size", "4", "dev", "va"],
    encap_ioam6_two_modes: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "mode", "inline", "mode", "encap", "trace", "prealloc", "type", "1", "ns", "1", "size", "4", "dev", "va"],
    encap_ioam6_inline_dst: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "tundst", "foo", "trace", "prealloc", "type", "1", "ns", "1", "size", "4", "dev", "va"],
    encap_ioam6_bad_dst: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "mode", "encap", "tundst", "10.0.0.1", "trace", "prealloc", "type", "1", "ns", "1", "size", "4", "dev", "va"],
    encap_ioam6_tundst_end: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "mode", "encap", "tundst"],
    encap_ioam6_no_trace: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "dev", "va"],
    encap_ioam6_no_prealloc: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "foo", "dev", "va"],
    encap_ioam6_no_type: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "prealloc", "foo", "dev", "va"],
    encap_ioam6_no_ns: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "prealloc", "type", "1", "foo", "1", "dev", "va"],
    encap_ioam6_no_size: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "prealloc", "type", "1", "ns", "1", "dev", "va"],
    encap_ioam6_type_zero: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "prealloc", "type", "0", "ns", "1", "size", "4", "dev", "va"],
    encap_ioam6_type_neg: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "prealloc", "type", "-1", "ns", "1", "size", "4", "dev", "va"],
    encap_ioam6_type_big: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "prealloc", "type", "4294967296", "ns", "1", "size", "4", "dev", "va"],
    encap_ioam6_ns_big: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "prealloc", "type", "1", "ns", "65536", "size", "4", "dev", "va"],
    encap_ioam6_size_zero: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "prealloc", "type", "1", "ns", "1", "size", "0", "dev", "va"],
    encap_ioam6_size_odd: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "prealloc", "type", "1", "ns", "1", "size", "6", "dev", "va"],
    encap_ioam6_size_big: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "prealloc", "type", "1", "ns", "1", "size", "248", "dev", "va"],
    encap_ioam6_size_huge: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "prealloc", "type", "1", "ns", "1", "size", "65536", "dev", "va"],
    encap_ioam6_size_250: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "prealloc", "type", "1", "ns", "1", "size", "250", "dev", "va"],
    encap_ioam6_dup_type: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "prealloc", "type", "1", "type", "2", "ns", "1", "size", "4", "dev", "va"],
    encap_ioam6_dup_size: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "prealloc", "type", "1", "ns", "1", "size", "4", "size", "6", "dev", "va"],
    encap_ioam6_size_at_end: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "prealloc", "type", "1", "ns", "1", "size", "4"],
    encap_ioam6_mode_after: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "trace", "prealloc", "type", "1", "ns", "1", "size", "4", "mode", "inline", "dev", "va"],
    encap_ioam6_prealloc_end: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "mode", "inline", "trace", "prealloc"],
    encap_ioam6_trace_end: ["-6", "route", "add", "2001:db8:72::/48", "encap", "ioam6", "mode", "inline", "trace"],
    encap_ioam6_nexthop_end: ["-6", "route", "add", "2001:db8:72::/48", "nexthop", "encap", "ioam6", "trace", "prealloc", "type", "1", "ns", "1", "size", "4"],
    encap_xfrm: ["route", "add", "10.60.0.0/16", "encap", "xfrm", "if_id", "5", "dev", "va"],
    encap_xfrm_link: ["route", "add", "10.60.0.0/16", "encap", "xfrm", "if_id", "5", "link_dev", "va", "dev", "va"],
    encap_xfrm_link_first: ["route", "add", "10.60.0.0/16", "encap", "xfrm", "link_dev", "va", "if_id", "5", "dev", "va"],
    encap_xfrm_link_nosuch: ["route", "add", "10.60.0.0/16", "encap", "xfrm", "if_id", "5", "link_dev", "nosuch", "dev", "va"],
    encap_xfrm_bad_id: ["route", "add", "10.60.0.0/16", "encap", "xfrm", "if_id", "foo", "dev", "va"],
    encap_xfrm_zero_id: ["route", "add", "10.60.0.0/16", "encap", "xfrm", "if_id", "0", "dev", "va"],
    encap_xfrm_big_id: ["route", "add", "10.60.0.0/16", "encap", "xfrm", "if_id", "4294967296", "dev", "va"],
    encap_xfrm_dup_id: ["route", "add", "10.60.0.0/16", "encap", "xfrm", "if_id", "5", "if_id", "6", "dev", "va"],
    encap_xfrm_dup_link: ["route", "add", "10.60.0.0/16", "encap", "xfrm", "if_id", "5", "link_dev", "va", "link_dev", "va", "dev", "va"],
    encap_xfrm_no_id: ["route", "add", "10.60.0.0/16", "encap", "xfrm", "link_dev", "va", "dev", "va"],
    encap_xfrm_link_missing: ["route", "add", "10.60.0.0/16", "encap", "xfrm", "if_id", "5", "link_dev"],
    encap_xfrm_at_end: ["route", "add", "10.60.0.0/16", "encap", "xfrm", "if_id", "5"],
    encap_xfrm_garbage: ["route", "add", "10.60.0.0/16", "encap", "xfrm", "if_id", "5", "foo"],
    encap_xfrm_v6: ["-6", "route", "add", "2001:db8:72::/48", "encap", "xfrm", "if_id", "5", "dev", "va"],
    encap_mpls_ttl: ["route", "add", "10.60.0.0/16", "encap", "mpls", "100", "ttl", "5", "dev", "va"],
    encap_mpls_v6: ["-6", "route", "add", "2001:db8:72::/48", "encap", "mpls", "100/200", "dev", "va"],
    encap_mpls_nexthop: ["route", "add", "10.60.0.0/16", "nexthop", "encap", "mpls", "100", "dev", "va"],
    encap_mpls_ttl_big: ["route", "add", "10.60.0.0/16", "encap", "mpls", "100", "ttl", "256", "dev", "va"],
    encap_mpls_ttl_missing: ["route", "add", "10.60.0.0/16", "encap", "mpls", "100", "ttl"],
    encap_mpls_slash: ["route", "add", "10.60.0.0/16", "encap", "mpls", "100/", "dev", "va"],
    encap_mpls_hex: ["route", "add", "10.60.0.0/16", "encap", "mpls", "0x10", "dev", "va"],
    encap_mpls_upper: ["route", "add", "10.60.0.0/16", "encap", "MPLS", "100", "dev", "va"],
    encap_mpls_prefix: ["route", "add", "10.60.0.0/16", "encap", "mp", "100", "dev", "va"],
}

modify_cases! { fresh;
    encap_xfrm_swallows_rest: ["route", "add", "10.60.0.0/16", "encap", "xfrm", "if_id", "5", "foo", "dev", "nosuch"],
    encap_xfrm_dup_later: ["route", "add", "10.60.0.0/16", "encap", "xfrm", "if_id", "5", "foo", "if_id", "6"],
    encap_xfrm_nexthop: ["route", "add", "10.60.0.0/16", "nexthop", "encap", "xfrm", "if_id", "5", "dev", "va", "nexthop", "dev", "va"],
}

usage_cases! {
    encap_xfrm_swallows_dst: ["route", "add", "encap", "xfrm", "if_id", "5", "dev", "va", "10.60.0.0/16"],
}

// `any`/`all` carry no address bytes in iproute2 (`default` does, once the family
// is known): the attribute goes out empty and the kernel refuses it.
modify_cases! { fresh;
    any_as_gateway: ["route", "add", "10.70.0.0/16", "via", "any", "dev", "va"],
    all_as_gateway: ["route", "add", "10.70.0.0/16", "via", "all"],
    any_as_gateway_with_family: ["route", "add", "10.70.0.0/16", "via", "inet", "any", "dev", "va"],
    any_as_via_inet6: ["route", "add", "10.70.0.0/16", "via", "inet6", "any", "dev", "va"],
    default_as_via_inet6: ["route", "add", "10.70.0.0/16", "via", "inet6", "default", "dev", "va"],
    any_as_source: ["route", "add", "10.70.0.0/16", "dev", "va", "src", "any"],
    default_as_source: ["route", "add", "10.70.0.0/16", "dev", "va", "src", "default"],
    default_gateway_before_prefix: ["route", "add", "via", "default", "10.70.0.0/16", "dev", "va"],
    default_source_before_prefix: ["route", "add", "src", "default", "10.70.0.0/16", "dev", "va"],
    any_nexthop_gateway: ["route", "add", "10.70.0.0/16", "nexthop", "via", "any", "dev", "va"],
    any_as_gateway_v6: ["-6", "route", "add", "2001:db8:70::/48", "via", "any", "dev", "va"],
    any_as_source_v6: ["-6", "route", "add", "2001:db8:70::/48", "dev", "va", "src", "any"],
    any_source_in_delete: ["route", "del", "10.1.0.0/24", "src", "any"],
}

// -echo prints the kernel's copy of the change as `route show` would.
modify_cases! { fresh;
    echo_add: ["-echo", "route", "add", "10.70.0.0/16", "via", "10.1.0.2"],
    echo_add_json: ["-echo", "-j", "route", "add", "10.70.0.0/16", "dev", "va"],
    echo_add_pretty: ["-echo", "-j", "-p", "route", "add", "10.70.0.0/16", "dev", "va"],
    echo_add_details_color: ["-echo", "-d", "-c=always", "route", "add", "10.70.0.0/16", "dev", "va", "proto", "77"],
    echo_multipath_oneline: ["-echo", "-o", "route", "add", "10.70.0.0/16", "nexthop", "via", "10.1.0.2", "nexthop", "via", "10.1.0.3"],
    echo_delete: ["-echo", "route", "del", "10.1.0.0/24"],
    echo_delete_json: ["-echo", "-j", "route", "del", "10.1.0.0/24"],
    echo_refused: ["-echo", "route", "add", "10.1.0.0/24", "dev", "va"],
    echo_ipv6: ["-echo", "-6", "route", "add", "2001:db8:70::/48", "dev", "va"],
}

// `pref` takes low/medium/high or any byte (base 0), sent as it is.
modify_cases! { fresh;
    pref_number: ["-6", "route", "add", "2001:db8:70::/48", "dev", "va", "pref", "3"],
    pref_hex: ["-6", "route", "add", "2001:db8:70::/48", "dev", "va", "pref", "0x10"],
    pref_too_big: ["-6", "route", "add", "2001:db8:70::/48", "dev", "va", "pref", "256"],
}

// `via link ADDR`: iproute2's link-layer address reader (a dotted word is an IPv4
// address; a bad group is named on a line of its own).
modify_cases! { fresh;
    via_link_dotted: ["route", "add", "10.70.0.0/16", "dev", "va", "via", "link", "192.168.7.1"],
    via_link_bad_group: ["route", "add", "10.70.0.0/16", "dev", "va", "via", "link", "00:zz"],
    via_link_ipv6_word: ["route", "add", "10.70.0.0/16", "dev", "va", "via", "link", "2001:db8::5"],
    via_link_junk_after_hex: ["route", "add", "10.70.0.0/16", "dev", "va", "via", "link", "1g:2"],
}

// `via default` names no family: a later IPv6 prefix is still an IPv6 route.
modify_cases! { fresh;
    via_default_then_ipv6_prefix: ["route", "add", "via", "default", "2001:db8:70::/48", "dev", "va"],
    via_default_then_ipv6_garbage: ["route", "prepend", "via", "default", "fe80::ff:fe00:2", "de", "va"],
}

// `nhid 0` counts as no nexthop object when iproute2 picks the default scope.
modify_cases! { fresh;
    nhid_zero_scope_link: ["route", "add", "10.70.0.0/16", "nhid", "0", "dev", "va"],
}

// `vrf default` is the main table.
modify_cases! { fresh;
    vrf_default_is_main: ["route", "add", "10.70.0.0/16", "dev", "va", "vrf", "default"],
}
