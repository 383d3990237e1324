//! Names files and their drop-ins, per namespace (`/etc/netns/NS/iproute2`), through
//! both `-n NS` and `ip netns exec NS`.

mod common;

use common::{Ns, Via, assert_same_argv, assert_same_argv_via};

fn with_sandbox_names() -> Ns {
    let ns = common::standard();
    ns.names_file("rt_protos.d/sandbox.conf", "200 sandbox\n");
    ns.names_file("rt_tables.d/lab.conf", "# lab tables\n100 lab\n0xc8 isp2\n");
    ns.names_file("rt_protos.d/ignored.txt", "77 not-a-conf-file\n");
    ns.names_file("rt_realms", "3 campus\n2 east\n5 west\n7 seven\n");
    ns.names_file("rt_dsfield", "0x10 lowdelay\n");
    ns.names_file(
        "rt_scopes",
        "0 global\n200 building\n253 link\n254 host\n255 nowhere\n",
    );
    ns.names_file("group", "0 default\n");
    ns
}

const CASES: &[&[&str]] = &[
    &["route", "show", "table", "all"],
    &["-d", "route", "show", "table", "all"],
    &["-j", "route", "show", "table", "all"],
    &["-N", "route", "show", "table", "all"],
    &["route", "show", "proto", "sandbox"],
    &["route", "show", "table", "lab"],
    &["route", "show", "table", "isp2"],
    &["route", "show", "scope", "building"],
    &["route", "show", "realm", "campus"],
    &["route", "show", "realms", "east/west"],
    &["route", "show", "tos", "lowdelay"],
    &["route", "show", "proto", "not-a-conf-file"],
    &["rule"],
    &["-j", "rule"],
    &["rule", "list", "table", "lab"],
    &["-N", "rule"],
];

#[test]
fn drop_ins_and_names_files_via_netns_option() {
    let ns = with_sandbox_names();
    ns.ip("route add 10.50.0.0/16 dev va proto 200 table 100");
    let out = assert_same_argv(&ns, &["route", "show", "table", "all"]);
    assert!(out.contains("proto sandbox"), "drop-in not applied:\n{out}");
    assert!(
        out.contains("table lab"),
        "table drop-in not applied:\n{out}"
    );
    for args in CASES {
        assert_same_argv(&ns, args);
    }
}

#[test]
fn drop_ins_and_names_files_via_netns_exec() {
    let ns = with_sandbox_names();
    ns.ip("route add 10.50.0.0/16 dev va proto 200 table 100");
    for args in CASES {
        assert_same_argv_via(&ns, args, Via::NetnsExec);
    }
}

#[test]
fn corrupted_names_file_warns_like_iproute2() {
    let ns = common::standard();
    ns.names_file(
        "rt_protos",
        "3 boot\n77 good\nthis is not a number\n78 after\n",
    );
    ns.names_file("rt_tables", "254 main\n100 hundred\nbogus\n");
    for args in [
        &["route", "show", "table", "all"][..],
        &["rule"][..],
        &["route", "show", "proto", "after"][..],
    ] {
        assert_same_argv_via(&ns, args, Via::NetnsExec);
    }
}

#[test]
fn drop_ins_for_other_tables_are_not_read() {
    let ns = common::standard();
    ns.names_file("rt_scopes.d/x.conf", "200 building\n");
    ns.names_file("rt_realms.d/x.conf", "3 campus\n");
    ns.names_file("rt_dsfield.d/x.conf", "0x10 lowdelay\n");
    for args in [
        &["route", "show", "table", "all"][..],
        &["route", "show", "scope", "building"][..],
        &["route", "show", "realm", "campus"][..],
    ] {
        assert_same_argv_via(&ns, args, Via::NetnsExec);
    }
}

#[test]
fn renamed_builtin_names_apply_once_files_are_read() {
    // iproute2 keeps built-in names until it first reads the files; the order of the
    // routes decides which name each line gets.
    let ns = common::minimal();
    ns.names_file("rt_protos.d/rename.conf", "2 kern\n3 boot2\n");
    ns.names_file("rt_scopes", "253 lnk\n");
    ns.ip("route add 10.60.0.0/16 dev va proto 2");
    ns.ip("route add 10.61.0.0/16 dev va proto 250");
    ns.ip("route add 10.62.0.0/16 dev va proto 2");
    for args in [
        &["route"][..],
        &["-d", "route"][..],
        &["route", "show", "proto", "kern"][..],
        &["route", "show", "scope", "lnk"][..],
        &["-d", "rule"][..],
    ] {
        assert_same_argv_via(&ns, args, Via::NetnsExec);
    }
}

#[test]
fn empty_config_uses_builtin_names() {
    let ns = common::standard();
    let dir = ns.etc_iproute2();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            std::fs::remove_dir_all(path).unwrap();
        } else {
            std::fs::remove_file(path).unwrap();
        }
    }
    for args in [
        &["-d", "route", "show", "table", "all"][..],
        &["-d", "rule"][..],
        &["route", "show", "proto", "openr"][..],
        &["route", "show", "proto", "bgp"][..],
        &["route", "show", "table", "all", "realm", "unknown"][..],
    ] {
        assert_same_argv_via(&ns, args, Via::NetnsExec);
    }
}

#[test]
fn resolve_option_names_host_addresses() {
    // `-r` looks host addresses up like iproute2 (gethostbyaddr). The minimal
    // topology has no default route, so a DNS query cannot leave the namespace:
    // only /etc/hosts answers (127.0.0.1 is localhost).
    let ns = common::minimal();
    for args in [
        &["-r", "route", "show", "table", "local"][..],
        &["-r", "-j", "route", "show", "table", "all"][..],
        &["-resolve", "-6", "route", "show", "table", "all"][..],
        &["-r", "rule"][..],
    ] {
        assert_same_argv(&ns, args);
    }
}
