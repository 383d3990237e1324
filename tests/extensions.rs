//! ipr's own additions: the `-table` view, shell completions and the man page.
//! They must work, and plain output must stay byte-identical to `ip`.

mod common;

use common::{Via, ipr_bin, run_tool};
use std::process::Command;

#[test]
fn table_view_lists_routes_and_rules() {
    let ns = common::standard();
    let out = run_tool(
        &ns,
        ipr_bin(),
        &["-table", "route", "show", "table", "all"],
        Via::NetnsOption,
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "destination",
        "gateway",
        "10.10.0.0/16",
        "10.1.0.2",
        "77",
        "linkdown",
        "onlink",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    let out = run_tool(&ns, ipr_bin(), &["--table", "rule"], Via::NetnsOption);
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "priority",
        "selector",
        "fwmark 0x1/0xff",
        "prohibit",
        "goto 400",
        "suppress_prefixlength 8",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn table_option_does_not_shadow_iproute2_prefixes() {
    // `-t` is still iproute2's -timestamp and `-ta` is still unknown, as in ip.
    let ns = common::minimal();
    common::assert_same_argv(&ns, &["-t", "route"]);
    common::assert_same_argv(&ns, &["-ta", "route"]);
    common::assert_same_argv(&ns, &["-tables", "route"]);
}

#[test]
fn completions_and_man_page_are_generated() {
    for shell in ["bash", "zsh", "fish"] {
        let out = Command::new(ipr_bin())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}");
        // Thin scripts: the candidates come from ipr itself.
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("ipr __complete"), "{shell}: {text}");
    }
    let out = Command::new(ipr_bin())
        .args(["__complete", "1", "ipr", ""])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("route\n") && text.contains("rule\n"),
        "{text}"
    );
    let out = Command::new(ipr_bin()).arg("manpage").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(".TH ipr") && text.contains("route"));
    let out = Command::new(ipr_bin())
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(255));
}
