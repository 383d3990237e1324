//! Batch files, namespaces, names files and `route sync` files whose names or
//! contents are not UTF-8: `ip` reads them as bytes and echoes those bytes, and
//! so must ipr (see `tests/bytes.rs` for the method).

mod common;

use common::bytes::*;
use common::{IP, Ns, ipr_bin};
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;
use std::process::{Command, Output};

fn same_batch(options: &[&[u8]], script: &[u8]) -> Output {
    let path = batch_file(&format!("{:x}", script.len() * 31 + options.len()), script);
    let mut args = options.to_vec();
    args.extend([&b"-batch"[..], path.as_os_str().as_bytes()]);
    let out = same_change(topology, &args, b"");
    // From stdin too.
    let mut args = options.to_vec();
    args.extend([&b"-batch"[..], b"-"]);
    same_change(topology, &args, script);
    out
}

#[test]
fn batch_lines_and_file_names_keep_their_bytes() {
    let out = same_batch(&[], b"route show dev \xff\xfe\nroute show\n");
    assert!(contains(&out.stderr, b"Cannot find device \"\xff\xfe\"\n"));
    assert!(contains(&out.stderr, b"\xff.batch:1\n"));
    same_batch(
        &[b"-force"],
        b"route show dev \xff\xfe\nroute show dev v\xff\n",
    );
    same_batch(
        &[],
        b"route add 10.70.0.0/16 dev v\xff\nroute add 10.71.0.0/16 dev \xff\nroute add 10.72.0.0/16 dev v\xff\n",
    );
    same_batch(
        &[b"-force"],
        b"route add 10.70.0.0/16 dev v\xff\nroute add 10.71.0.0/16 dev \xfe\nroute del 10.50.0.0/16 dev \xff\nroute add 10.72.0.0/16 dev w\xfe\xc3\n",
    );
    same_batch(&[], b"route add 10.73.0.0/16 to \xff\nroute show\n");
    same_batch(&[b"-force"], b"\xff\nroute show dev v\xff\n");
    same_batch(
        &[b"-force"],
        b"rule add iif \xff table 7\nrule del iif \xfe\nrule list iif \xff\n",
    );
    same_batch(&[], b"rule add iif 'a \xff' table 7\n");
    same_batch(&[], b"route show dev \"\xff\xfe\nroute show\n");
    same_batch(&[], b"route show dev \xff\xfe \\\n");
    same_batch(
        &[b"-j"],
        b"route show dev w\xfe\xc3\nrule list oif w\xfe\xc3\n",
    );
    let ns = topology();
    let out = same_in(&ns.name, &[b"-batch", b"/nonexistent/\xff\xfe"]);
    assert!(contains(&out.stderr, b"\"/nonexistent/\xff\xfe\""));
    // A line of another object, handed to the real ip with its bytes.
    same_batch(
        &[b"-force"],
        b"link show dev \xff\nlink show dev v\xff\nroute show dev \xfe\n",
    );
}

#[test]
fn namespace_names_are_bytes() {
    let ns = topology();
    let missing = [&b"-n"[..], b"nope\xff", b"route"];
    let ip = Command::new(IP)
        .args(missing.iter().map(|a| os(a)))
        .output()
        .unwrap();
    let ipr = Command::new(ipr_bin())
        .args(missing.iter().map(|a| os(a)))
        .output()
        .unwrap();
    same_output(&ip, &ipr, "-n nope\\xff route");
    assert!(contains(&ip.stderr, b"\"nope\xff\""));
    // A namespace whose name is not UTF-8, with names files of its own.
    let mut name = ns.name.clone().into_bytes();
    name.push(0xff);
    let name = OsString::from_vec(name);
    let status = Command::new(IP)
        .arg("netns")
        .arg("add")
        .arg(&name)
        .status()
        .unwrap();
    assert!(status.success(), "cannot create a namespace named in bytes");
    let guard = ByteNs(name.clone());
    let etc = PathBuf::from("/etc/netns").join(&name).join("iproute2");
    std::fs::create_dir_all(&etc).unwrap();
    std::fs::write(etc.join("rt_protos"), b"77 pr\xff\n80 \xfe\xfd\n").unwrap();
    let ns_name = name.as_bytes();
    let both = |args: &[&[u8]]| {
        let mut full = vec![&b"-n"[..], ns_name];
        full.extend_from_slice(args);
        let ip = Command::new(IP)
            .args(full.iter().map(|a| os(a)))
            .output()
            .unwrap();
        let ipr = Command::new(ipr_bin())
            .args(full.iter().map(|a| os(a)))
            .output()
            .unwrap();
        same_output(&ip, &ipr, &format!("{:?}", args_shown(&full)));
        ip
    };
    let setup = Command::new(IP)
        .arg("-n")
        .arg(&name)
        .args(["route", "add", "unreachable", "10.5.0.0/16", "proto", "77"])
        .status()
        .unwrap();
    assert!(setup.success());
    let out = both(&[b"route"]);
    assert!(contains(&out.stdout, b"proto pr\xff "));
    both(&[b"-j", b"route"]);
    both(&[b"route", b"show", b"proto", b"pr\xff"]);
    both(&[b"route", b"show", b"proto", b"\xfe\xfd"]);
    both(&[b"route", b"show", b"proto", b"\xfe"]);
    drop(guard);
}

/// A namespace whose name is given as bytes, deleted when dropped.
struct ByteNs(OsString);

impl Drop for ByteNs {
    fn drop(&mut self) {
        let _ = Command::new(IP)
            .arg("netns")
            .arg("del")
            .arg(&self.0)
            .output();
        let _ = std::fs::remove_dir_all(PathBuf::from("/etc/netns").join(&self.0));
    }
}

/// Builds the topology with names files whose entries, corrupted lines and
/// drop-in file names are not UTF-8.
fn with_names() -> Ns {
    let ns = topology();
    let etc = ns.etc_iproute2();
    std::fs::write(
        etc.join("rt_protos"),
        b"77 pr\xff\n78 \xf4\x8f\xbf\xbf\n79 plain\n",
    )
    .unwrap();
    std::fs::write(etc.join("rt_tables"), b"100 t\xe9\n200 \xc3\n").unwrap();
    std::fs::write(etc.join("rt_realms"), b"5 r\xff\n\xff\xfe oops\n6 never\n").unwrap();
    let drop_ins = etc.join("rt_protos.d");
    std::fs::create_dir_all(&drop_ins).unwrap();
    std::fs::write(
        drop_ins.join(OsStr::from_bytes(b"\xff.conf")),
        b"90 dr\xfe\n\xfe bad\n",
    )
    .unwrap();
    setup(
        &ns,
        b"route add 10.40.0.0/16 dev v\xff proto 77 table 100\nroute add 10.41.0.0/16 dev v\xff proto 78 realm 5\nroute add 10.42.0.0/16 dev v\xff proto 90 table 200\n",
    );
    ns
}

#[test]
fn names_files_with_bytes_that_are_not_utf8() {
    let ns = with_names();
    for args in [
        &[&b"route"[..], b"show", b"table", b"all"][..],
        &[b"-j", b"route", b"show", b"table", b"all"],
        &[b"route", b"show", b"table", b"t\xe9"],
        &[b"route", b"show", b"table", b"\xc3"],
        &[b"route", b"show", b"table", b"all", b"proto", b"pr\xff"],
        &[
            b"route",
            b"show",
            b"table",
            b"all",
            b"proto",
            b"\xf4\x8f\xbf\xbf",
        ],
        &[b"route", b"show", b"table", b"all", b"proto", b"dr\xfe"],
        &[b"route", b"show", b"table", b"all", b"realm", b"r\xff"],
        &[b"rule"],
    ] {
        same_in(&ns.name, args);
    }
    let out = same_in(&ns.name, &[b"route", b"show", b"table", b"all"]);
    assert!(contains(&out.stderr, b"corrupted at \xff\xfe oops\n"));
    assert!(contains(
        &out.stderr,
        b"rt_protos.d/\xff.conf is corrupted at \xfe bad\n"
    ));
    same_change(
        with_names,
        &[
            b"route",
            b"add",
            b"10.43.0.0/16",
            b"dev",
            b"w\xfe\xc3",
            b"proto",
            b"pr\xff",
            b"table",
            b"\xc3",
        ],
        b"",
    );
    same_change(
        with_names,
        &[
            b"rule", b"add", b"iif", b"\xff", b"table", b"t\xe9", b"pref", b"5",
        ],
        b"",
    );
}

#[test]
fn other_objects_get_the_bytes_typed() {
    let ns = topology();
    same_in(&ns.name, &[b"link", b"show", b"dev", b"v\xff"]);
    same_in(&ns.name, &[b"-br", b"addr", b"show", b"dev", b"w\xfe\xc3"]);
    same_in(&ns.name, &[b"link", b"show", b"dev", b"\xff\xfe"]);
}

/// `route sync` (ipr's own) reads its file as bytes: devices named in bytes are
/// found, and its plan prints them as they are.
#[test]
fn route_sync_files_keep_their_bytes() {
    let ns = topology();
    let file = batch_file(
        "sync",
        b"10.77.0.0/16 dev v\xff\n10.78.0.0/16 via 10.8.0.2 dev w\xfe\xc3\n",
    );
    let args = [
        &b"route"[..],
        b"sync",
        b"proto",
        b"77",
        file.as_os_str().as_bytes(),
    ];
    let out = run(&ns.name, ipr_bin(), &args, b"");
    assert_eq!(shown(&out.stderr), "");
    assert!(out.status.success());
    let listed = run(&ns.name, IP, &[b"route", b"show", b"proto", b"77"], b"");
    assert_eq!(
        shown(&listed.stdout),
        shown(b"10.77.0.0/16 dev v\xff scope link \n10.78.0.0/16 via 10.8.0.2 dev w\xfe\xc3 \n")
    );
    let plan = run(
        &ns.name,
        ipr_bin(),
        &[
            b"route", b"sync", b"proto", b"77", b"dry-run", b"force", b"-",
        ],
        b"10.77.0.0/16 dev w\xfe\xc3\n",
    );
    assert!(
        contains(&plan.stdout, b"dev w\xfe\xc3"),
        "{}",
        shown(&plan.stdout)
    );
    assert!(
        contains(&plan.stdout, b"dev: v\xff -> w\xfe\xc3\n"),
        "{}",
        shown(&plan.stdout)
    );
}
