//! Words that are not UTF-8: command words, batch lines, batch file names,
//! namespace names, names-file entries and interface names are bytes, and `ip`
//! echoes them byte for byte in its messages, listings and JSON. Each test runs
//! the same argv through `ip` and `ipr` (in two namespaces built alike when the
//! command changes something) and compares stdout, stderr and exit status as raw
//! bytes, and the kernel state left behind.

mod common;

use common::bytes::*;

#[test]
fn unknown_device_is_quoted_byte_for_byte() {
    let ns = topology();
    let out = same_in(&ns.name, &[b"route", b"show", b"dev", b"\xff\xfe"]);
    assert_eq!(out.stderr, b"Cannot find device \"\xff\xfe\"\n");
    same_in(&ns.name, &[b"route", b"flush", b"dev", b"\xff"]);
    same_in(&ns.name, &[b"route", b"get", b"10.9.0.5", b"oif", b"\xc3"]);
    same_in(&ns.name, &[b"route", b"show", b"dev", b"\xf4\x8f\xbf\xbf"]);
    same_in(&ns.name, &[b"-6", b"route", b"show", b"dev", b"a\xffb"]);
}

#[test]
fn garbage_words_and_unknown_objects_and_options() {
    let ns = topology();
    let out = same_in(
        &ns.name,
        &[b"route", b"add", b"10.1.0.0/24", b"to", b"\xff"],
    );
    assert_eq!(
        out.stderr,
        b"Error: either \"to\" is duplicate, or \"\xff\" is a garbage.\n"
    );
    let out = same_in(&ns.name, &[b"\xff"]);
    assert!(out.stderr.starts_with(b"Object \"\xff\" is unknown"));
    same_in(&ns.name, &[b"-\xff", b"route"]);
    same_in(&ns.name, &[b"route", b"\xfe"]);
    same_in(&ns.name, &[b"rule", b"\xfe"]);
    same_in(&ns.name, &[b"route", b"show", b"\xff"]);
    same_in(&ns.name, &[b"route", b"add", b"\xff"]);
    same_in(
        &ns.name,
        &[b"route", b"add", b"10.7.0.0/16", b"via", b"10.9.\xff"],
    );
    same_in(
        &ns.name,
        &[b"route", b"add", b"10.7.0.0/16", b"table", b"\xff"],
    );
    same_in(
        &ns.name,
        &[b"route", b"add", b"10.7.0.0/16", b"proto", b"\xff"],
    );
    same_in(&ns.name, &[b"rule", b"add", b"table", b"\xff"]);
    same_in(&ns.name, &[b"rule", b"add", b"from", b"\xff"]);
    // Text that already holds the code points ipr keeps bytes in.
    same_in(
        &ns.name,
        &[
            b"route",
            b"add",
            b"10.1.0.0/24",
            b"to",
            "\u{10FFFF}".as_bytes(),
        ],
    );
}

#[test]
fn listings_print_device_names_as_bytes() {
    let ns = topology();
    for args in [
        &[&b"route"[..]][..],
        &[b"-d", b"route", b"show"],
        &[b"-o", b"route"],
        &[b"route", b"show", b"dev", b"v\xff"],
        &[b"route", b"show", b"dev", b"w\xfe\xc3"],
        &[b"-j", b"route"],
        &[b"-j", b"-p", b"route"],
        &[b"-j", b"route", b"show", b"dev", b"w\xfe\xc3"],
        &[b"-6", b"route", b"show", b"table", b"local"],
        &[b"route", b"get", b"10.9.0.5"],
        &[b"-j", b"route", b"get", b"10.8.0.9"],
        &[b"route", b"get", b"10.50.1.1", b"oif", b"v\xff"],
        &[
            b"route",
            b"get",
            b"10.1.0.9",
            b"from",
            b"10.9.0.7",
            b"iif",
            b"v\xff",
        ],
        &[b"-c", b"route"],
    ] {
        same_in(&ns.name, args);
    }
    let out = same_in(&ns.name, &[b"-j", b"route"]);
    assert!(contains(&out.stdout, b"\"dev\":\"w\xfe\xc3\""));
}

#[test]
fn route_changes_on_devices_named_in_bytes() {
    same_change(
        topology,
        &[b"route", b"add", b"10.60.0.0/16", b"dev", b"v\xff"],
        b"",
    );
    same_change(
        topology,
        &[
            b"route",
            b"add",
            b"10.61.0.0/16",
            b"via",
            b"10.9.0.2",
            b"dev",
            b"v\xff",
        ],
        b"",
    );
    same_change(
        topology,
        &[
            b"route",
            b"add",
            b"10.62.0.0/16",
            b"nexthop",
            b"via",
            b"10.9.0.2",
            b"dev",
            b"v\xff",
            b"nexthop",
            b"via",
            b"10.8.0.2",
            b"dev",
            b"w\xfe\xc3",
        ],
        b"",
    );
    same_change(
        topology,
        &[
            b"route",
            b"add",
            b"10.63.0.0/16",
            b"nexthop",
            b"dev",
            b"\xff",
        ],
        b"",
    );
    same_change(
        topology,
        &[b"route", b"del", b"10.50.0.0/16", b"dev", b"v\xff"],
        b"",
    );
    same_change(
        topology,
        &[b"route", b"del", b"10.50.0.0/16", b"dev", b"\xff"],
        b"",
    );
    same_change(topology, &[b"route", b"flush", b"dev", b"w\xfe\xc3"], b"");
    same_change(
        topology,
        &[b"route", b"replace", b"10.50.0.0/16", b"dev", b"w\xfe\xc3"],
        b"",
    );
}

#[test]
fn rules_carry_interface_names_as_bytes() {
    let ns = topology();
    for args in [
        &[&b"rule"[..]][..],
        &[b"-j", b"rule"],
        &[b"-j", b"-p", b"rule"],
        &[b"rule", b"list", b"iif", b"\xff\xfe"],
        &[b"rule", b"list", b"oif", b"w\xfe\xc3"],
        &[b"rule", b"list", b"iif", b"\xff"],
    ] {
        same_in(&ns.name, args);
    }
    let change = |args: &[&[u8]]| same_change(topology, args, b"");
    change(&[
        b"rule", b"add", b"iif", b"\xff", b"table", b"5", b"pref", b"10",
    ]);
    change(&[b"rule", b"add", b"oif", b"v\xff", b"table", b"5"]);
    change(&[b"rule", b"del", b"iif", b"\xff\xfe"]);
    change(&[b"rule", b"del", b"iif", b"\xff"]);
    change(&[b"rule", b"flush", b"oif", b"w\xfe\xc3"]);
    // C's isspace, not Unicode's: a no-break space or NEL is part of a name,
    // a vertical tab is not; the length is counted in bytes.
    change(&[b"rule", b"add", b"iif", b"\xc2\xa0", b"table", b"5"]);
    change(&[b"rule", b"add", b"iif", b"a\xc2\x85", b"table", b"5"]);
    change(&[b"rule", b"add", b"iif", b"a\x0bb", b"table", b"5"]);
    change(&[b"rule", b"add", b"oif", &[0xff; 15], b"table", b"5"]);
    change(&[
        b"rule",
        b"add",
        b"suppress_prefixlength",
        b"\xc2\xa07",
        b"table",
        b"8",
    ]);
    change(&[
        b"rule",
        b"add",
        b"suppress_prefixlength",
        b"\x0b7",
        b"table",
        b"8",
    ]);
    change(&[b"rule", b"add", b"oif", &[0xff; 16], b"table", b"5"]);
    change(&[
        b"rule",
        b"add",
        b"iif",
        "ééééééé\u{e9}".as_bytes(),
        b"table",
        b"5",
    ]);
}

/// A value in bytes after each keyword that takes one: every refusal quotes it
/// as typed (all of these fail, so one namespace serves both tools).
#[test]
fn refused_values_are_quoted_as_typed() {
    let ns = topology();
    let cases: &[&[&[u8]]] = &[
        &[b"route", b"get", b"10.9.0.5", b"iif", b"\xff"],
        &[b"route", b"get", b"1.2.3.4", b"vrf", b"\xff"],
        &[b"route", b"add", b"1.2.3.0/24", b"via", b"\xff"],
        &[b"route", b"add", b"\xff", b"dev", b"v\xff"],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"congctl",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"realm",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"tos",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"scope",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"metric",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"mtu",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"rtt",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"features",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"vrf",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"encap",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"dev",
            b"v\xff",
            b"encap",
            b"mpls",
            b"\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"encap",
            b"seg6",
            b"mode",
            b"encap",
            b"segs",
            b"\xff",
            b"dev",
            b"v\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"encap",
            b"seg6local",
            b"action",
            b"End.DX2",
            b"oif",
            b"\xff",
            b"dev",
            b"v\xff",
        ],
        &[
            b"route",
            b"add",
            b"1.2.3.0/24",
            b"nexthop",
            b"via",
            b"10.9.0.2",
            b"dev",
            b"v\xff",
            b"weight",
            b"\xff",
        ],
        &[
            b"-6",
            b"route",
            b"add",
            b"2001:db8::/64",
            b"dev",
            b"v\xff",
            b"pref",
            b"\xff",
        ],
        &[b"route", b"show", b"table", b"\xff"],
        &[b"route", b"show", b"vrf", b"\xff"],
        &[b"route", b"flush", b"table", b"\xff"],
        &[b"-f", b"\xff", b"route"],
        &[b"-color=\xff", b"route"],
        &[b"rule", b"add", b"nat", b"\xff"],
        &[b"rule", b"add", b"fwmark", b"\xff"],
        &[b"rule", b"add", b"uidrange", b"\xff"],
        &[b"rule", b"add", b"ipproto", b"\xff"],
        &[b"rule", b"add", b"sport", b"\xff"],
        &[b"rule", b"add", b"dsfield", b"\xff"],
        &[b"rule", b"add", b"tun_id", b"\xff"],
        &[b"rule", b"add", b"goto", b"\xff"],
        &[b"rule", b"add", b"l3mdev", b"\xff"],
        &[b"rule", b"add", b"realms", b"\xff/5"],
        &[b"rule", b"list", b"\xff"],
    ];
    for args in cases {
        let out = same_in(&ns.name, args);
        assert!(!out.status.success(), "{:?} succeeded", args_shown(args));
    }
}
