//! `ipr route show|list|lst` against `ip route show`, byte for byte, in every output
//! mode and with every selector.

mod common;

cases! { common::standard;
    // Families the kernel has no route dump for: it answers with every family,
    // ip keeps none.
    family_link: ["-0", "route"],
    family_mpls_all: ["-M", "route", "show", "table", "all"],
    family_bridge_json: ["-B", "-j", "route"],
    family_link_save: ["-f", "link", "route", "save"],
    via_link_is_no_prefix: ["route", "show", "via", "link", "02:00:00:00:00:01"],
    // `vrf default` is iproute2's name for the main table.
    vrf_default: ["route", "show", "vrf", "default"],
    vrf_default_then_table: ["route", "show", "vrf", "default", "table", "100"],
    // `via`/`src` with `any`/`all`/`default` of no family select everything.
    via_any: ["route", "show", "via", "any"],
    via_all: ["route", "show", "via", "all"],
    via_default: ["route", "show", "via", "default"],
    src_any: ["route", "show", "src", "any"],
    via_any_v4: ["-4", "route", "show", "via", "any"],
    src_default_v6: ["-6", "route", "show", "src", "default"],
    // Output modes.
    plain: ["route"],
    plain_show: ["route", "show"],
    abbreviated_r: ["r"],
    abbreviated_ro_li: ["ro", "li"],
    abbreviated_r_s: ["r", "s"],
    lst: ["route", "lst"],
    ipv6: ["-6", "route"],
    ipv4_explicit: ["-4", "route"],
    family_option: ["-family", "inet6", "route"],
    last_family_wins: ["-4", "-6", "route"],
    table_all: ["route", "show", "table", "all"],
    table_all_ipv6: ["-6", "route", "show", "table", "all"],
    details: ["-d", "route", "show", "table", "all"],
    details_long: ["-details", "route"],
    details_double_dash: ["--details", "route"],
    details_twice: ["-d", "-d", "-6", "route"],
    oneline: ["-o", "route", "show", "table", "all"],
    oneline_ipv6: ["-oneline", "-6", "route"],
    numeric: ["-N", "route", "show", "table", "all"],
    numeric_details: ["-N", "-d", "-6", "route", "show", "table", "all"],
    stats: ["-s", "route", "show", "table", "all"],
    json: ["-j", "route", "show", "table", "all"],
    json_ipv6: ["-j", "-6", "route"],
    json_details: ["-j", "-d", "route", "show", "table", "all"],
    json_pretty: ["-j", "-p", "route", "show", "table", "all"],
    json_pretty_ipv6: ["-json", "-pretty", "-6", "route"],
    json_numeric: ["-j", "-N", "route", "show", "table", "100"],
    color: ["-c", "route", "show", "table", "all"],
    color_always: ["-color=always", "-6", "route"],
    color_never: ["-c=never", "route"],
    color_auto_pipe: ["-c=auto", "route"],
    color_details: ["-c", "-d", "route", "show", "table", "all"],
    color_json_ignored: ["-c", "-j", "route"],

    // Tables.
    table_100: ["route", "show", "table", "100"],
    table_100_ipv6: ["-6", "route", "show", "table", "100"],
    table_local: ["route", "show", "table", "local"],
    table_local_ipv6: ["-6", "route", "show", "table", "local"],
    table_main_name: ["route", "show", "table", "main"],
    table_big: ["route", "show", "table", "4000000000"],
    table_abbrev: ["route", "show", "t", "200"],
    table_hex: ["route", "show", "table", "0xc8"],
    table_zero_is_all: ["route", "show", "table", "0"],
    table_missing: ["route", "show", "table", "999"],
    table_missing_json: ["-j", "route", "show", "table", "999"],
    table_missing_ipv6: ["-6", "route", "show", "table", "999"],
    table_cache: ["route", "show", "table", "cache"],
    table_cache_ipv6: ["-6", "route", "show", "table", "cache"],
    cloned: ["route", "show", "cloned"],
    cached_ipv6: ["-6", "route", "list", "cached"],

    // Selectors.
    proto_number: ["route", "show", "proto", "77"],
    proto_number_ipv6: ["-6", "route", "show", "proto", "77"],
    proto_name: ["route", "show", "proto", "kernel"],
    proto_hex: ["route", "show", "protocol", "0x4d"],
    proto_all: ["route", "show", "proto", "all"],
    proto_static_details: ["-d", "route", "show", "proto", "static"],
    proto_named_file: ["route", "show", "table", "all", "proto", "openr"],
    scope_link: ["route", "show", "scope", "link"],
    scope_host_all_tables: ["route", "show", "table", "all", "scope", "host"],
    scope_site_number: ["route", "show", "scope", "200"],
    scope_all: ["route", "show", "scope", "all"],
    type_unreachable: ["route", "show", "table", "all", "type", "unreachable"],
    type_prefix_b: ["route", "show", "table", "all", "type", "b"],
    type_blackhole_ipv6: ["-6", "route", "show", "table", "all", "type", "blackhole"],
    type_local: ["route", "show", "table", "100", "type", "local"],
    type_multicast: ["route", "show", "table", "all", "type", "m"],
    type_throw: ["route", "show", "table", "100", "type", "throw"],
    type_number: ["route", "show", "table", "100", "type", "6"],
    dev: ["route", "show", "dev", "va"],
    dev_ipv6: ["-6", "route", "show", "dev", "vc"],
    oif: ["route", "show", "oif", "vc"],
    iif_none: ["route", "show", "iif", "va"],
    via: ["route", "show", "via", "10.1.0.2"],
    via_prefix: ["route", "show", "via", "10.1.0.0/24"],
    via_inet6: ["route", "show", "via", "inet6", "2001:db8:1::2"],
    via_ipv6: ["-6", "route", "show", "via", "2001:db8:1::2"],
    src: ["route", "show", "table", "all", "src", "10.1.0.1"],
    src_prefix: ["route", "show", "src", "10.0.0.0/8"],
    metric: ["route", "show", "metric", "10"],
    metric_preference: ["-6", "route", "show", "preference", "77"],
    metric_priority: ["route", "show", "priority", "5"],
    realm: ["route", "show", "realm", "3"],
    realms_pair: ["route", "show", "realms", "2/5"],
    realms_from_only: ["route", "show", "realms", "2/"],
    tos: ["route", "show", "tos", "0x10"],
    tos_hex_without_prefix: ["route", "show", "tos", "10"],
    dsfield: ["route", "show", "dsfield", "0x10"],
    mark: ["route", "show", "mark", "0"],
    root: ["route", "show", "root", "10.0.0.0/8"],
    root_ipv6: ["-6", "route", "show", "root", "2001:db8::/32"],
    match_addr: ["route", "show", "match", "10.12.1.1"],
    match_ipv6: ["-6", "route", "show", "match", "2001:db8:5::1"],
    exact: ["route", "show", "exact", "10.12.0.0/16"],
    bare_prefix: ["route", "show", "10.21.0.0/16"],
    bare_host: ["route", "show", "10.20.1.1"],
    to_keyword: ["route", "show", "to", "10.10.0.0/16"],
    to_root: ["route", "show", "to", "root", "10.10.0.0/15"],
    lenient_ipv4: ["route", "show", "012.10.0.0/0x10"],
    short_ipv4: ["route", "show", "10.10/16"],
    netmask_length: ["route", "show", "10.12.0.0/255.255.0.0"],
    default_route: ["route", "show", "default"],
    default_all_tables: ["route", "show", "table", "all", "default"],
    all_keyword: ["route", "show", "all"],
    any_keyword: ["route", "show", "any"],
    exact_all: ["route", "show", "exact", "all"],
    all_with_family: ["-4", "route", "show", "all"],
    any_ipv6: ["-6", "route", "show", "any"],
    from_default_ipv6: ["-6", "route", "show", "from", "default"],
    from_all_ipv6: ["-6", "route", "show", "from", "all"],
    from_default: ["route", "show", "from", "default"],
    from_exact_ipv6: ["-6", "route", "show", "from", "2001:db8:1::/64"],
    from_root_ipv6: ["-6", "route", "show", "from", "root", "2001:db8::/32"],
    from_match_ipv6: ["-6", "route", "show", "from", "match", "2001:db8:1::5"],
    ipv6_prefix_without_family: ["route", "show", "2001:db8:5::/48"],
    ipv6_prefix_all_tables: ["route", "show", "table", "all", "2001:db8:5::/48"],
    combined: ["route", "show", "table", "all", "proto", "77", "dev", "va"],
    repeated_table_last_wins: ["route", "show", "table", "100", "table", "main"],
    json_filtered: ["-j", "-p", "route", "show", "table", "100", "type", "local"],
    oneline_multipath: ["-o", "-6", "route", "show", "2001:db8:7::/48"],
    encap_ip: ["route", "show", "root", "10.64.0.0/10"],
    encap_ip_json: ["-j", "-p", "route", "show", "root", "10.64.0.0/10"],
    encap_ip_color: ["-c", "route", "show", "root", "10.64.0.0/10"],
    encap_seg6: ["-6", "route", "show", "root", "2001:db8:70::/44"],
    encap_seg6_stats: ["-s", "-6", "route", "show", "root", "2001:db8:70::/44"],
    encap_seg6_json: ["-j", "-6", "route", "show", "root", "2001:db8:70::/44"],
    encap_seg6_json_stats: ["-s", "-j", "-p", "-6", "route", "show", "root", "2001:db8:70::/44"],
    encap_seg6_color: ["-c", "-6", "route", "show", "root", "2001:db8:70::/44"],
}

#[test]
fn netns_exec_and_option_agree() {
    let ns = common::standard();
    for args in [
        &["route"][..],
        &["-6", "-d", "route", "show", "table", "all"][..],
    ] {
        common::assert_same_argv_via(&ns, args, common::Via::NetnsExec);
    }
}

#[test]
fn empty_table_json_is_an_empty_list() {
    let ns = common::minimal();
    let out = common::assert_same_argv(
        &ns,
        &["-j", "route", "show", "table", "main", "proto", "77"],
    );
    assert_eq!(out, "[]\n");
    let out = common::assert_same_argv(&ns, &["-j", "-p", "route", "show", "proto", "77"]);
    assert_eq!(out, "[ ]\n");
}

#[test]
fn standard_topology_has_what_the_cases_rely_on() {
    // Guards against a topology that silently failed to build: the cases above would
    // then compare two empty outputs.
    let ns = common::standard();
    let out = common::assert_same_argv(&ns, &["route", "show", "table", "all"]);
    for needle in [
        "nexthop via",
        "mtu lock 1300",
        "linkdown",
        "onlink",
        "realms 2/5",
        "proto 77",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
    let out = common::assert_same_argv(&ns, &["-6", "route"]);
    for needle in ["pref high", "pref low", "expires", "from 2001:db8:1::/64"] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
}
