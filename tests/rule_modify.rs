//! `ipr rule add|del|flush|save|restore` against `ip rule`: each script runs through
//! `ip` in one fresh namespace and through `ipr` in an identical one; every command's
//! stdout, stderr and exit status must match, and so must the rules left behind.

mod common;

use common::{Comparison, IP, Ns, Via, assert_same_argv_in, assert_same_for, ipr_bin, run_tool};

/// Both tools' namespaces, built the same way.
fn pair(setup: fn(&Ns)) -> (Ns, Ns) {
    let a = common::minimal();
    let b = common::minimal();
    setup(&a);
    setup(&b);
    (a, b)
}

/// The complete rule state of a namespace, read with the real ip.
fn rule_state(ns: &Ns) -> String {
    let mut state = String::new();
    for args in [
        &["-d", "rule"][..],
        &["-d", "-6", "rule"][..],
        &["-j", "-d", "rule"][..],
    ] {
        let out = run_tool(ns, IP, args, Via::NetnsOption);
        state.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    state
}

/// Runs each command line through ip (namespace a) and ipr (namespace b), comparing
/// every result and then the rules left behind.
fn same_effect(a: &Ns, b: &Ns, script: &[&[&str]]) {
    for args in script {
        assert_same_argv_in(a, b, args, Via::NetnsOption);
    }
    assert_eq!(
        rule_state(b),
        rule_state(a),
        "rules differ after {script:?}"
    );
}

fn nothing(_: &Ns) {}

fn some_rules(ns: &Ns) {
    ns.batch(
        "rule add from 10.1.0.0/24 table 100 pref 100\n\
         rule add fwmark 0x1/0xff lookup 100 pref 200 proto 77\n\
         rule add to 10.9.0.0/16 blackhole pref 700\n\
         rule add iif va table 200 pref 800\n\
         rule add from 10.5.0.0/16 table 100 pref 900 proto 77\n",
    );
    ns.batch_with(
        &["-6"],
        "rule add from 2001:db8:1::/64 table 100 pref 100\n",
    );
}

macro_rules! scripts {
    ($($name:ident: $setup:expr => [$([$($arg:expr),* $(,)?]),* $(,)?]),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let (a, b) = pair($setup);
                same_effect(&a, &b, &[$(&[$($arg),*]),*]);
            }
        )*
    };
}

scripts! {
    add_from_table: nothing => [["rule", "add", "from", "10.1.0.0/24", "table", "100", "pref", "100"]],
    add_abbreviated: nothing => [["ru", "a", "fr", "10.1.0.0/24", "lookup", "100"]],
    add_default_priority: nothing => [["rule", "add", "from", "10.1.0.0/16"], ["rule", "add", "from", "10.2.0.0/16"], ["rule", "add", "fwmark", "5"]],
    add_fwmark_mask: nothing => [["rule", "add", "fwmark", "0x1/0xff", "lookup", "100", "pref", "200"]],
    add_vpn_split: nothing => [["rule", "add", "fwmark", "0x1", "lookup", "100"], ["rule", "list", "fwmark", "1"]],
    add_every_selector: nothing => [[
        "rule", "add", "not", "to", "10.2.0.0/16", "iif", "lo", "oif", "va", "uidrange", "100-200",
        "ipproto", "tcp", "sport", "80", "dport", "1000-2000", "tos", "0x10", "prohibit", "pref", "300"
    ]],
    add_goto_nop: nothing => [["rule", "add", "pref", "400", "nop"], ["rule", "add", "goto", "400", "pref", "350"], ["rule", "add", "goto", "9999", "pref", "360"]],
    add_backward_goto: nothing => [["rule", "add", "goto", "3", "pref", "6"]],
    add_actions: nothing => [
        ["rule", "add", "blackhole", "pref", "10"], ["rule", "add", "unreachable", "pref", "11"],
        ["rule", "add", "type", "prohibit", "pref", "12"], ["rule", "add", "throw", "pref", "13"],
        ["rule", "add", "unicast", "pref", "14"], ["rule", "add", "xresolve", "pref", "15"],
        ["rule", "add", "local", "pref", "16"], ["rule", "add", "u", "pref", "17"],
    ],
    add_suppressors: nothing => [
        ["rule", "add", "suppress_prefixlength", "8", "table", "main", "pref", "20"],
        ["rule", "add", "sup_pl", "0", "pref", "21"], ["rule", "add", "suppress_ifgroup", "default", "pref", "22"],
        ["rule", "add", "sup_group", "3", "pref", "23"],
    ],
    add_realms_proto_tunid: nothing => [
        ["rule", "add", "realms", "2/3", "table", "100", "pref", "30"], ["rule", "add", "realms", "7", "pref", "31"],
        ["rule", "add", "protocol", "77", "pref", "32"], ["rule", "add", "proto", "static", "pref", "33"],
        ["rule", "add", "tun_id", "0x1234", "pref", "34"],
    ],
    add_tables: nothing => [
        ["rule", "add", "table", "300", "pref", "40"], ["rule", "add", "lookup", "4000000000", "pref", "41"],
        ["rule", "add", "table", "local", "pref", "42"], ["rule", "add", "l3mdev", "pref", "43"],
    ],
    add_nat: nothing => [["rule", "add", "nat", "1.2.3.4", "pref", "50"], ["rule", "add", "map-to", "1.2.3.5", "pref", "51"], ["rule", "add", "nat", "foo"]],
    add_prefixes: nothing => [
        ["rule", "add", "from", "all", "pref", "60"], ["rule", "add", "from", "10.1.1.1", "pref", "61"],
        ["rule", "add", "to", "10.8", "pref", "62"], ["rule", "add", "from", "default", "to", "10.0.0.0/255.0.0.0", "pref", "63"],
    ],
    add_ipv6: nothing => [
        ["-6", "rule", "add", "from", "2001:db8:1::/64", "table", "100", "pref", "100"],
        ["-6", "rule", "add", "to", "2001:db8:9::/48", "prohibit", "pref", "300"],
        ["-6", "rule", "add", "fwmark", "0x10", "table", "200"],
        ["-6", "rule", "add", "from", "2001:db8:2::/64", "sport", "1-2", "table", "200", "pref", "310"],
    ],
    add_ipv6_without_family: nothing => [["rule", "add", "to", "2001:db8::/32", "pref", "8"], ["rule", "add", "from", "10.0.0.0/8", "to", "2001:db8::/32"]],
    add_duplicate: nothing => [["rule", "add", "from", "10.0.0.0/8", "pref", "5"], ["rule", "add", "from", "10.0.0.0/8", "pref", "5"]],
    add_kernel_refusals: nothing => [
        ["rule", "add", "tos", "0x11", "pref", "13"], ["rule", "add", "uidrange", "5-3", "pref", "23"],
        ["rule", "add", "dport", "100-90", "pref", "25"], ["rule", "add", "sport", "0x10", "pref", "26"],
        ["rule", "add", "uidrange", "-5-7", "pref", "27"],
    ],
    add_lenient_values: nothing => [
        ["rule", "add", "uidrange", " 5-7", "pref", "44"], ["rule", "add", "ipproto", "TCP", "pref", "40"],
        ["rule", "add", "ipproto", "17", "pref", "41"], ["rule", "add", "priority", "0x30", "order", "49"],
    ],
    add_errors: nothing => [
        ["rule", "add"], ["rule", "del"], ["rule", "add", "from", "foo"], ["rule", "add", "pref", "foo"],
        ["rule", "add", "tos", "foo"], ["rule", "add", "fwmark", "foo"], ["rule", "add", "fwmark", "1/foo"],
        ["rule", "add", "realms", "foo"], ["rule", "add", "protocol", "foo"], ["rule", "add", "tun_id", "foo"],
        ["rule", "add", "table", "foo"], ["rule", "add", "lookup", "foo"],
        ["rule", "add", "suppress_prefixlength", "-1"], ["rule", "add", "suppress_prefixlength", "foo"],
        ["rule", "add", "suppress_ifgroup", "foo"], ["rule", "add", "iif", "a/b"],
        ["rule", "add", "oif", "12345678901234567"], ["rule", "add", "uidrange", "foo"],
        ["rule", "add", "ipproto", "foo"], ["rule", "add", "ipproto", "300"], ["rule", "add", "ipproto", "0x6"],
        ["rule", "add", "sport", "foo"], ["rule", "add", "dport", "foo"], ["rule", "add", "goto", "foo"],
        ["rule", "add", "foo"], ["rule", "add", "type", "foo"], ["rule", "add", "-6", "pref", "7"],
        ["rule", "add", "l3mdev", "table", "5"], ["rule", "add", "to", "foo"], ["rule", "add", "pref"],
        ["rule", "add", "l", "pref", "3"], ["-6", "rule", "add", "from", "10.0.0.0/8"],
    ],
    del_by_selector: some_rules => [
        ["rule", "del", "from", "10.1.0.0/24"], ["rule", "del", "table", "200"],
        ["rule", "delete", "pref", "700"], ["rule", "del", "fwmark", "0x1/0xff"], ["ru", "d", "pri", "900"],
    ],
    del_missing: some_rules => [["rule", "del", "pref", "77"], ["rule", "del", "fwmark", "5"]],
    del_ipv6: some_rules => [["-6", "rule", "del", "from", "2001:db8:1::/64"], ["-6", "rule", "del", "pref", "100"]],
    flush_all: some_rules => [["rule", "flush"]],
    flush_ipv6: some_rules => [["-6", "rule", "flush"]],
    flush_table: some_rules => [["rule", "flush", "table", "100"]],
    flush_protocol: some_rules => [["rule", "flush", "protocol", "77"]],
    flush_pref: some_rules => [["rule", "flush", "pref", "800"]],
    flush_fwmark_zero_is_everything: some_rules => [["rule", "flush", "fwmark", "0"]],
    flush_fwmark_mask_only: some_rules => [["rule", "flush", "fwmark", "0/0xff"]],
    flush_sport_zero_is_everything: some_rules => [["rule", "flush", "sport", "0"]],
    flush_errors: some_rules => [["rule", "flush", "table", "foo"], ["rule", "flush", "foo"]],
    save_arguments_refused: some_rules => [["rule", "save", "table", "main"]],
    two_isp_source_routing: nothing => [
        ["route", "add", "default", "via", "10.1.0.254", "table", "101"],
        ["route", "add", "default", "via", "10.3.0.254", "table", "102"],
        ["rule", "add", "from", "10.1.0.1", "table", "101", "pref", "1001"],
        ["rule", "add", "from", "10.3.0.1", "table", "102", "pref", "1002"],
        ["rule", "list", "pref", "1001"],
        ["route", "get", "192.0.2.9", "from", "10.1.0.1"],
        ["route", "get", "192.0.2.9", "from", "10.3.0.1"],
        ["route", "get", "192.0.2.9"],
    ],
    fwmark_vpn_split: nothing => [
        ["route", "add", "default", "via", "10.1.0.254"],
        ["route", "add", "default", "via", "10.3.0.254", "table", "100"],
        ["rule", "add", "fwmark", "0x1", "lookup", "100"],
        ["route", "get", "192.0.2.9", "mark", "0x1"],
        ["route", "get", "192.0.2.9", "mark", "0x2"],
        ["route", "get", "192.0.2.9"],
    ],
}

/// Runs `tool ... rule save` in `ns` and returns the stream.
fn save_stream(ns: &Ns, tool: &str, family: &[&str]) -> Vec<u8> {
    let out = run_tool(
        ns,
        tool,
        &[family, &["rule", "save"]].concat(),
        Via::NetnsOption,
    );
    assert!(
        out.status.success(),
        "{tool} rule save failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Feeds `stream` to `tool rule restore` in `ns`.
fn restore_stream(ns: &Ns, tool: &str, family: &[&str], stream: &[u8]) -> std::process::Output {
    common::run_with_stdin(ns, tool, &[family, &["rule", "restore"]].concat(), stream)
}

#[test]
fn save_restore_round_trips_between_tools() {
    for family in [&[][..], &["-6"][..]] {
        let source = common::minimal();
        some_rules(&source);
        let from_ip = save_stream(&source, IP, family);
        let from_ipr = save_stream(&source, ipr_bin(), family);
        // The streams carry the same rules (sequence numbers and port ids differ).
        assert_eq!(from_ip.len(), from_ipr.len(), "save streams differ in size");
        assert_eq!(from_ip[..4], from_ipr[..4], "magic differs");
        for (save_tool, stream) in [(IP, &from_ip), (ipr_bin(), &from_ipr)] {
            for restore_tool in [IP, ipr_bin()] {
                let reference = common::minimal();
                let target = common::minimal();
                let a = restore_stream(&reference, IP, family, &from_ip);
                let b = restore_stream(&target, restore_tool, family, stream);
                Comparison::new(&a, &b)
                    .what(format!("{save_tool} | {restore_tool}"))
                    .without_stdout()
                    .check();
                common::assert_same_kernel_state(
                    format!("{save_tool} | {restore_tool}"),
                    rule_state(&reference),
                    rule_state(&target),
                );
                assert!(rule_state(&target).contains("lookup 100"));
            }
        }
    }
}

#[test]
fn restore_rejects_bad_magic() {
    let (a, b) = pair(nothing);
    for stream in [&b"xxxxyyyy"[..], &b""[..]] {
        let ip = restore_stream(&a, IP, &[], stream);
        let ipr = restore_stream(&b, ipr_bin(), &[], stream);
        assert_same_for(format!("{stream:?}"), &ip, &ipr);
    }
}

/// Damaged streams get `rtnl_from_file`'s complaints and exit 255, and the
/// kernel's refusal of a saved message exits 255 too; what was restored before
/// the damage stays, as with ip.
#[test]
fn restore_reports_damaged_streams_as_ip_does() {
    let source = common::minimal();
    some_rules(&source);
    let good = save_stream(&source, IP, &[]);
    let header = |len: u32, kind: u16| {
        let mut h = len.to_ne_bytes().to_vec();
        h.extend_from_slice(&kind.to_ne_bytes());
        h.extend_from_slice(&2u16.to_ne_bytes());
        h.extend_from_slice(&[0; 8]);
        h
    };
    let magic = &good[..4];
    let first_len = u32::from_ne_bytes(good[4..8].try_into().unwrap()) as usize;
    let mut wrong_type = good[4..4 + first_len].to_vec();
    wrong_type[4..6].copy_from_slice(&99u16.to_ne_bytes());
    let streams: Vec<(&str, Vec<u8>)> = vec![
        ("cut in a body", good[..100].to_vec()),
        ("cut in a header", good[..9].to_vec()),
        ("a byte too many", [&good[..], &[0]].concat()),
        ("half a magic", good[..2].to_vec()),
        ("length 8", [magic, &header(8, 32)].concat()),
        (
            "length 20000",
            [magic, &header(20000, 32), &[0; 64]].concat(),
        ),
        ("two streams", [&good[..], &good[..]].concat()),
        (
            "body short of its padding",
            [magic, &header(18, 32), &[0; 2]].concat(),
        ),
        (
            "refused by the kernel",
            [magic, &header(18, 32), &[0; 4]].concat(),
        ),
        ("not a rule message", [magic, &wrong_type].concat()),
    ];
    for (what, stream) in streams {
        let (a, b) = pair(nothing);
        let ip = restore_stream(&a, IP, &[], &stream);
        let ipr = restore_stream(&b, ipr_bin(), &[], &stream);
        assert_same_for(what, &ip, &ipr);
        common::assert_same_kernel_state(what, rule_state(&a), rule_state(&b));
    }
}

scripts! {
    // Under -j, flush and save still open and close a JSON list; a family the
    // kernel cannot dump rules for ends with `Dump terminated` and exit 255.
    flush_json_empty_list: some_rules => [["-j", "rule", "flush", "table", "999"]],
    flush_json_pretty_empty_list: some_rules => [["-j", "-p", "rule", "flush", "pref", "100"]],
    flush_family_link: some_rules => [["-0", "rule", "flush"]],
    flush_family_link_json: some_rules => [["-0", "-j", "rule", "flush"]],
    list_family_mpls: some_rules => [["-M", "rule"]],
    save_family_link_json: some_rules => [["-0", "-j", "-p", "rule", "save"]],
}

scripts! {
    // -echo prints the kernel's copy of the change (JSON in iproute2's doubled
    // braces), `Deleted ` for a deletion.
    echo_add_and_delete: nothing => [
        ["-echo", "rule", "add", "pref", "10", "table", "10"],
        ["-echo", "-j", "rule", "add", "pref", "11", "from", "10.9.0.0/16", "table", "11"],
        ["-echo", "-j", "-p", "rule", "del", "pref", "11"],
        ["-echo", "rule", "del", "pref", "10"],
    ],
}

scripts! {
    // iproute2 adds attributes and never takes one back: an earlier big table
    // (FRA_TABLE) wins over a later small one, an earlier fwmark mask stays.
    repeated_table_keeps_the_big_one: nothing => [
        ["rule", "add", "pref", "5", "table", "1000", "table", "100"],
        ["-6", "rule", "add", "pref", "5", "table", "4294967295", "lookup", "main"],
    ],
    repeated_fwmark_keeps_the_mask: nothing => [
        ["rule", "add", "pref", "5", "fwmark", "1/3", "fwmark", "2", "table", "7"],
    ],
    // Groups are read with strtol into an int: cut to 32 bits, refused when
    // that is negative.
    suppress_ifgroup_numbers: nothing => [
        ["rule", "add", "pref", "5", "table", "5", "suppress_ifgroup", "4294967297"],
        ["rule", "add", "pref", "6", "table", "5", "suppress_ifgroup", "-0"],
        ["rule", "add", "pref", "7", "table", "5", "suppress_ifgroup", "2147483648"],
        ["rule", "add", "pref", "8", "table", "5", "suppress_ifgroup", "-4294967295"],
    ],
}
