//! `ipr route get` against `ip route get`, byte for byte: every selector of
//! iproute2 6.1, every output mode, policy routing, reject answers and errors.
//! Each case gets a fresh namespace: lookups leave state behind (cached routes,
//! the `notify` flag), so two cases must never share one.

mod common;

use common::Ns;
use std::process::Command;

/// Routes and rules for lookups. The standard topology's `prohibit` rule would
/// answer most lookups, so `get` has its own: a default route, a multipath route
/// with a linkdown leg, reject routes, and source/mark/uid/ipproto/tos rules that
/// send lookups to tables 100 and 200.
const GET_ROUTES: &str = "\
route add default via 10.1.0.254
route add 10.12.0.0/16 nexthop via 10.1.0.2 weight 3 nexthop via 10.2.0.2 dev vc weight 1
route add blackhole 10.30.0.0/16
route add unreachable 10.31.0.0/16
route add prohibit 10.32.0.0/16
route add throw 10.33.0.0/16
route add 10.40.0.0/16 via 10.1.0.2 mtu 1400 proto 77 metric 5
route add 10.41.0.0/16 via 10.1.0.2 realms 2/5
route add default via 10.1.0.99 table 100
route add 8.8.8.0/24 dev vb table 200
addr add 203.0.113.2/32 dev vb
rule add from 203.0.113.0/24 table 100 pref 100
rule add fwmark 7 table 200 pref 200
rule add uidrange 1000-2000 table 200 pref 210
rule add ipproto udp dport 53 table 200 pref 220
rule add tos 0x10 table 200 pref 230
route add default via 2001:db8:1::ff
route add 2001:db8:88::/64 nexthop via 2001:db8:1::2 dev va nexthop via 2001:db8:1::3 dev va
route add unreachable 2001:db8:89::/64
route add prohibit 2001:db8:8a::/64
route add blackhole 2001:db8:8b::/64
route add default via 2001:db8:1::99 table 100
";

const GET_RULES6: &str = "rule add from 2001:db8:9::/64 table 100 pref 100\n";

fn topology() -> Ns {
    let ns = common::minimal();
    ns.batch(GET_ROUTES);
    ns.batch_with(&["-6"], GET_RULES6);
    // Forwarding on, so lookups for packets arriving on an interface (`iif`)
    // are answered with a route rather than "No route to host".
    let status = Command::new(common::IP)
        .args(["netns", "exec", &ns.name, "sysctl", "-qw"])
        .arg("net.ipv4.ip_forward=1")
        .status()
        .unwrap();
    assert!(status.success());
    ns
}

cases! { topology;
    // `any`/`all` carry no address: no RTA_SRC/RTA_DST at all; `default` does.
    from_any: ["route", "get", "8.8.8.8", "from", "any"],
    // The second answer of `connected` is text, coloured unless -j; a failed
    // connect leaves iproute2's JSON list open.
    connected_color: ["-c=always", "route", "get", "8.8.8.8", "connected"],
    connected_color_json: ["-j", "-c=always", "route", "get", "8.8.8.8", "connected"],
    fibmatch_connected_json_open: ["-j", "route", "get", "8.8.8.8", "fibmatch", "connected"],
    fibmatch_connected_pretty_open: ["-j", "-p", "route", "get", "8.8.8.8", "fibmatch", "connected"],
    // `ipproto`: decimal or a /etc/protocols name cut to 8 bits.
    ipproto_hex_refused: ["route", "get", "8.8.8.8", "ipproto", "0x6"],
    ipproto_name_cut: ["route", "get", "8.8.8.8", "ipproto", "mptcp"],
    from_all: ["route", "get", "8.8.8.8", "from", "all"],
    from_default: ["route", "get", "8.8.8.8", "from", "default"],
    any_v4: ["-4", "route", "get", "any"],
    any_v6: ["-6", "route", "get", "any"],
    from_any_v6: ["route", "get", "2001:db8:88::1", "from", "any"],
    // Answers of every kind, IPv4.
    gateway: ["route", "get", "8.8.8.8"],
    to_keyword: ["route", "get", "to", "8.8.8.8"],
    on_link: ["route", "get", "10.1.0.5"],
    local: ["route", "get", "10.1.0.1"],
    loopback: ["route", "get", "127.0.0.1"],
    broadcast: ["route", "get", "10.1.0.255"],
    limited_broadcast: ["route", "get", "255.255.255.255"],
    multicast: ["route", "get", "224.0.0.1"],
    multipath_leg: ["route", "get", "10.12.1.1"],
    metrics_and_proto: ["route", "get", "10.40.0.1"],
    realms: ["route", "get", "10.41.0.1"],
    blackhole: ["route", "get", "10.30.0.1"],
    unreachable: ["route", "get", "10.31.0.1"],
    prohibit: ["route", "get", "10.32.0.1"],
    throw: ["route", "get", "10.33.0.1"],
    default_word: ["route", "get", "default"],
    all_word: ["route", "get", "all"],
    default_ipv4: ["-4", "route", "get", "default"],
    short_prefix_warns: ["route", "get", "10.1.0.0/24"],
    zero_prefix_warns: ["route", "get", "0/0"],
    last_address_wins: ["route", "get", "8.8.8.8", "10.1.0.5"],

    // Output modes.
    details: ["-d", "route", "get", "8.8.8.8"],
    details_local: ["-d", "route", "get", "10.1.0.1"],
    json: ["-j", "route", "get", "8.8.8.8"],
    json_broadcast: ["-j", "route", "get", "10.1.0.255"],
    json_pretty: ["-j", "-p", "route", "get", "10.1.0.255"],
    json_pretty_multicast: ["-j", "-p", "route", "get", "224.0.0.1"],
    json_details: ["-j", "-d", "route", "get", "10.40.0.1"],
    oneline: ["-o", "route", "get", "10.1.0.255"],
    numeric: ["-N", "-d", "route", "get", "8.8.8.8"],
    color: ["-c", "route", "get", "10.1.0.255"],

    // Selectors.
    from_local: ["route", "get", "8.8.8.8", "from", "10.1.0.1"],
    from_not_local: ["route", "get", "8.8.8.8", "from", "198.51.100.1"],
    iif: ["route", "get", "8.8.8.8", "from", "10.1.0.7", "iif", "va"],
    iif_abbreviated: ["route", "get", "8.8.8.8", "from", "10.1.0.7", "i", "va"],
    iif_without_from: ["route", "get", "8.8.8.8", "iif", "va"],
    oif: ["route", "get", "8.8.8.8", "oif", "vb"],
    dev: ["route", "get", "8.8.8.8", "dev", "vb"],
    tos: ["route", "get", "8.8.8.8", "tos", "0x10"],
    dsfield_abbreviated: ["route", "get", "8.8.8.8", "d", "0x10"],
    mark: ["route", "get", "8.8.8.8", "mark", "7"],
    mark_hex: ["route", "get", "8.8.8.8", "mark", "0x30"],
    mark_small: ["route", "get", "10.1.0.5", "mark", "3"],
    uid: ["route", "get", "8.8.8.8", "uid", "1500"],
    uid_outside_rule: ["route", "get", "8.8.8.8", "uid", "5"],
    ipproto_dport: ["route", "get", "8.8.8.8", "ipproto", "udp", "dport", "53"],
    ipproto_number: ["route", "get", "8.8.8.8", "ipproto", "17", "dport", "53"],
    ipproto_other: ["route", "get", "8.8.8.8", "ipproto", "tcp", "dport", "53"],
    sport: ["route", "get", "8.8.8.8", "ipproto", "tcp", "sport", "80"],
    notify: ["route", "get", "notify", "8.8.8.8"],
    fibmatch: ["route", "get", "fibmatch", "8.8.8.8"],
    fibmatch_abbreviated: ["route", "get", "8.8.8.8", "fi"],
    fibmatch_multipath: ["route", "get", "fibmatch", "10.12.1.1"],
    fibmatch_multipath_json: ["-j", "-p", "route", "get", "fibmatch", "10.12.1.1"],
    fibmatch_details: ["-d", "route", "get", "fibmatch", "10.12.1.1"],
    connected: ["route", "get", "connected", "8.8.8.8"],
    connected_json: ["-j", "route", "get", "connected", "10.1.0.5"],
    connected_with_from: ["route", "get", "10.12.1.1", "from", "10.1.0.1", "connected"],
    connected_fibmatch: ["route", "get", "8.8.8.8", "fibmatch", "connected"],
    as_refused: ["route", "get", "8.8.8.8", "as", "1.1.1.1"],

    // Policy routing shows through.
    policy_from: ["route", "get", "8.8.8.8", "from", "203.0.113.2"],
    policy_from_details: ["-d", "route", "get", "8.8.8.8", "from", "203.0.113.2"],
    policy_from_json: ["-j", "route", "get", "8.8.8.8", "from", "203.0.113.2"],
    policy_iif: ["route", "get", "8.8.8.8", "from", "203.0.113.5", "iif", "va"],
    policy_iif_fibmatch: ["route", "get", "8.8.8.8", "from", "203.0.113.5", "iif", "va", "fibmatch"],

    // IPv6.
    ipv6_gateway: ["route", "get", "2001:db8:77::1"],
    ipv6_on_link: ["-6", "route", "get", "2001:db8:1::5"],
    ipv6_local: ["route", "get", "2001:db8:1::1"],
    ipv6_loopback: ["-6", "route", "get", "::1"],
    ipv6_multipath: ["route", "get", "2001:db8:88::1"],
    ipv6_fibmatch_multipath: ["route", "get", "fibmatch", "2001:db8:88::1"],
    ipv6_unreachable: ["route", "get", "2001:db8:89::1"],
    ipv6_prohibit: ["route", "get", "2001:db8:8a::1"],
    ipv6_blackhole: ["route", "get", "2001:db8:8b::1"],
    ipv6_policy_from: ["route", "get", "2001:db8:77::1", "from", "2001:db8:9::1"],
    ipv6_oif: ["route", "get", "2001:db8:77::1", "oif", "vc"],
    ipv6_json: ["-j", "-6", "route", "get", "2001:db8:1::5"],
    ipv6_details: ["-d", "route", "get", "2001:db8:77::1"],
    ipv6_short_prefix: ["-6", "route", "get", "2001:db8:1::5/64"],
    ipv6_connected: ["-6", "route", "get", "connected", "2001:db8:77::1"],

    // Errors.
    no_address: ["route", "get"],
    only_selectors: ["route", "get", "tos", "0x10"],
    bad_address: ["route", "get", "foo"],
    ipv6_address_with_4: ["-4", "route", "get", "2001:db8::1"],
    ipv4_address_with_6: ["-6", "route", "get", "8.8.8.8"],
    flowlabel_is_not_6_1: ["route", "get", "2001:db8:1::5", "flowlabel", "0x1234"],
    missing_value: ["route", "get", "8.8.8.8", "from"],
    missing_to_value: ["route", "get", "8.8.8.8", "to"],
    to_to: ["route", "get", "8.8.8.8", "to", "to", "1.1.1.1"],
    bad_tos: ["route", "get", "8.8.8.8", "tos", "foo"],
    bad_mark: ["route", "get", "8.8.8.8", "mark", "foo"],
    bad_uid: ["route", "get", "8.8.8.8", "uid", "foo"],
    bad_sport: ["route", "get", "8.8.8.8", "sport", "foo"],
    bad_dport: ["route", "get", "8.8.8.8", "dport", "70000"],
    bad_ipproto: ["route", "get", "8.8.8.8", "ipproto", "foo"],
    bad_vrf: ["route", "get", "8.8.8.8", "vrf", "va"],
    no_iif_device: ["route", "get", "8.8.8.8", "iif", "nosuch"],
    no_oif_device: ["route", "get", "8.8.8.8", "oif", "nosuch"],
    warning_then_error: ["route", "get", "10.1.0.0/24", "tos", "bad"],
    source_prefix_refused: ["route", "get", "1.2.3.4", "from", "10.1.0.0/24"],
    source_zero_refused: ["route", "get", "1.2.3.4", "from", "0/0"],
    as_bad_address: ["route", "get", "8.8.8.8", "as", "1.1.1.0/24"],
}

/// `help` prints the usage (ipr's own text) and exits 255 like iproute2.
#[test]
fn help_exits_255() {
    let ns = topology();
    for args in [
        &["route", "get", "help"][..],
        &["route", "get", "from", "help"],
    ] {
        let ip = common::run_tool(&ns, common::IP, args, common::Via::NetnsOption);
        let ipr = common::run_tool(&ns, common::ipr_bin(), args, common::Via::NetnsOption);
        assert_eq!(ip.status.code(), Some(255));
        assert_eq!(ipr.status.code(), Some(255));
        assert!(ip.stdout.is_empty() && ipr.stdout.is_empty());
    }
}

#[test]
fn stats() {
    // `-s` shows the cached route's use. `age` is printed only when at least a
    // clock tick has passed since the route's last use, so whether it appears
    // is a matter of timing: it is taken out of both answers before comparing.
    let ns = topology();
    let args = ["-s", "route", "get", "8.8.8.8"];
    common::run_tool(&ns, common::IP, &args, common::Via::NetnsOption);
    let ip = common::run_tool(&ns, common::IP, &args, common::Via::NetnsOption);
    let ipr = common::run_tool(&ns, common::ipr_bin(), &args, common::Via::NetnsOption);
    common::Comparison::new(&ip, &ipr)
        .what(format!("{args:?}"))
        .stdout_as(without_age)
        .check();
    assert!(String::from_utf8_lossy(&without_age(&ip.stdout)).contains("cache users"));
}

/// A `route get -s` answer without its `age N sec` (present or not by timing).
fn without_age(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes).into_owned();
    match text.split_once(" age ") {
        Some((head, tail)) => {
            let rest = tail.trim_start_matches(char::is_numeric);
            format!("{head}{}", rest.strip_prefix("sec").unwrap_or(rest)).into_bytes()
        }
        None => text.into_bytes(),
    }
}
