//! Batches where order and limits matter: messages and effects in line order
//! (stdout and stderr read through one pipe), iproute2's word limit, pipelined
//! rule additions that stop at a failure, and a device created while the batch
//! runs. Each case runs through `ip` and `ipr` in two namespaces built the same
//! way; output, exit status, routes and rules must match.

mod common;

use common::{
    IP, Ns, Scratch, assert_same, assert_same_for, ipr_bin, normalise, route_state, rule_listing,
};
use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs a batch file through `tool` with stdout and stderr on one pipe, so the
/// order of listings and messages is compared too.
fn run_merged(ns: &Ns, tool: &str, options: &[&str], path: &str) -> Output {
    let options = options.join(" ");
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "exec {tool} -n {} {options} -batch {path} 2>&1",
            ns.name
        ))
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// The same batch file through both tools, each in a fresh `minimal` namespace.
#[track_caller]
fn same_merged(options: &[&str], script: &str) -> String {
    let path = Scratch::write(script);
    let a = common::minimal();
    let b = common::minimal();
    let ip = run_merged(&a, IP, options, path.arg());
    let ipr = run_merged(&b, ipr_bin(), options, path.arg());
    let shown = normalise(&ipr.stdout);
    assert_same_for(format!("{options:?} {script:?}"), &ip, &ipr);
    common::assert_same_kernel_state(
        format!("routes after {script:?}"),
        route_state(&a),
        route_state(&b),
    );
    common::assert_same_kernel_state(
        format!("rules after {script:?}"),
        rule_listing(&a),
        rule_listing(&b),
    );
    shown
}

fn words(count: usize) -> String {
    // `route show` and then bad selectors: the grammar refuses the third word,
    // so a line that is cut into words at all fails the same way in both.
    let mut line = String::from("route show");
    for _ in 2..count {
        line.push_str(" x");
    }
    line
}

#[test]
fn a_line_of_511_words_is_read_and_512_are_too_many() {
    for options in [&[][..], &["-force"][..]] {
        let out = same_merged(options, &format!("{}\n", words(511)));
        assert!(out.contains("any valid prefix"), "{out}");
        let out = same_merged(options, &format!("{}\nroute show\n", words(512)));
        assert!(out.contains("Too many arguments"), "{out}");
        // Blanks after the last word do not count.
        same_merged(options, &format!("{} \t\n", words(511)));
    }
}

#[test]
fn a_sixteen_way_multipath_route_fits_one_line() {
    let mut line = String::from("route add 10.99.0.0/16");
    for i in 0..16 {
        line.push_str(&format!(
            " nexthop via 10.1.0.{} dev va weight {} realms 1/2 onlink",
            i + 2,
            i + 1
        ));
    }
    let out = same_merged(&[], &format!("{line}\nroute show 10.99.0.0/16\n"));
    assert!(out.contains("10.1.0.17"), "{out}");
}

#[test]
fn missing_continuation_comes_after_an_earlier_kernel_error() {
    let script = "route add 10.50.0.0/16 via 10.1.0.2\n\
                  route add 10.50.0.0/16 via 10.1.0.2\n\
                  route add 10.51.0.0/16 via 10.1.0.2\n\
                  route show \\\n";
    for options in [&[][..], &["-force"][..]] {
        let out = same_merged(options, script);
        assert!(out.contains("File exists"), "{out}");
    }
    let out = same_merged(&["-force"], script);
    assert!(
        out.find("File exists").unwrap() < out.find("Missing continuation").unwrap(),
        "{out}"
    );
}

#[test]
fn bad_quote_comes_after_earlier_errors_and_listings() {
    let script = "route add 10.50.0.0/16 via 10.1.0.2\n\
                  route show 10.50.0.0/16\n\
                  route add 10.50.0.0/16 via 10.1.0.2\n\
                  rule list\n\
                  route add 10.52.0.0/16 via '10.1.0.2\n";
    for options in [&[][..], &["-force"][..]] {
        same_merged(options, script);
    }
}

#[test]
fn listings_in_a_batch_come_in_line_order_with_errors() {
    let script = "route show table local\n\
                  route add 10.60.0.0/16 via 10.1.0.2\n\
                  route get 10.60.1.1\n\
                  route add 10.60.0.0/16 via 10.1.0.2\n\
                  rule list\n\
                  route show dev nosuchdev\n\
                  route del 10.60.0.0/16\n\
                  route show 10.60.0.0/16\n\
                  rule add pref 100 from 10.9.0.0/16 table 5\n\
                  rule list\n\
                  route get 10.60.1.1 from 10.99.0.1\n\
                  route show table 5\n\
                  route get 10.1.0.9\n";
    let out = same_merged(&["-force"], script);
    assert!(out.contains("Command failed"), "{out}");
    same_merged(&[], script);
}

#[test]
fn a_failed_rule_addition_leaves_later_rules_out() {
    let mut script = String::new();
    for i in 0..40 {
        script.push_str(&format!(
            "rule add pref {} from 10.8.{i}.0/24 table 7\n",
            200 + i
        ));
    }
    // The same rule again: the kernel refuses it, and nothing after it may stay.
    script.push_str("rule add pref 210 from 10.8.10.0/24 table 7\n");
    for i in 40..80 {
        script.push_str(&format!(
            "rule add pref {} from 10.8.{i}.0/24 table 7\n",
            200 + i
        ));
    }
    let out = same_merged(&[], &script);
    assert!(out.contains("File exists"), "{out}");
    let out = same_merged(&["-force"], &script);
    assert!(out.contains("File exists"), "{out}");
    // Deletions too, with and without -force.
    script.push_str("rule del pref 205\nrule del pref 205\nrule del pref 206\n");
    same_merged(&["-force"], &script);
    same_merged(
        &[],
        "rule add pref 300 table 9\nrule del pref 300\nrule del pref 300\nrule add pref 301 table 9\n",
    );
}

/// Runs the batch in three parts written to the tool's stdin: the first, then
/// `between` once the first part's route is in the kernel, then the rest.
fn run_growing(ns: &Ns, tool: &str, first: &str, marker: &str, rest: &str) -> Output {
    let mut child = Command::new(tool)
        .args(["-n", &ns.name, "-force", "-batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(first.as_bytes()).unwrap();
    stdin.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let out = Command::new(IP)
            .args(["-n", &ns.name, "route", "show", marker])
            .output()
            .unwrap();
        if !out.stdout.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{tool} never ran the first lines"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    ns.ip("link add vx type veth peer name vy");
    ns.ip("link set vx up");
    ns.ip("link set vy up");
    ns.ip("addr add 10.90.0.1/24 dev vx");
    stdin.write_all(rest.as_bytes()).unwrap();
    drop(stdin);
    child.wait_with_output().unwrap()
}

#[test]
fn a_device_created_while_the_batch_runs_is_found() {
    let first = "route add 10.70.0.0/16 dev vx\n\
                 route show dev vx\n\
                 route add 10.71.0.0/16 dev va\n";
    // The first line after the device appeared meets it only in the kernel's
    // answer: its name must still be printed.
    let rest = "route get 10.90.0.5\n\
                route add 10.70.0.0/16 dev vx\n\
                route add 10.72.0.0/16 via 10.1.0.2 dev vx onlink\n\
                route show dev vx\n\
                route get 10.72.1.1 oif vx\n\
                route replace 10.71.0.0/16 dev vx\n\
                route show 10.71.0.0/16\n";
    let a = common::minimal();
    let b = common::minimal();
    let ip = run_growing(&a, IP, first, "10.71.0.0/16", rest);
    let ipr = run_growing(&b, ipr_bin(), first, "10.71.0.0/16", rest);
    assert_same(&ip, &ipr);
    assert!(normalise(&ip.stdout).contains("10.72.0.0/16"));
    assert!(normalise(&ip.stdout).contains("10.90.0.5 dev vx"));
    common::assert_same_kernel_state("", route_state(&a), route_state(&b));
}

/// The same batch file through both tools with stdout and stderr on separate
/// pipes (ipr may then write listings in larger pieces): each stream must match.
#[track_caller]
fn same_split(options: &[&str], script: &str) {
    let path = Scratch::write(script);
    let a = common::minimal();
    let b = common::minimal();
    let run = |ns: &Ns, tool: &str| {
        Command::new(tool)
            .args(["-n", &ns.name])
            .args(options)
            .args(["-batch", path.arg()])
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let ip = run(&a, IP);
    let ipr = run(&b, ipr_bin());
    assert_same_for(format!("{options:?} {script:?}"), &ip, &ipr);
    common::assert_same_kernel_state(
        format!("routes after {script:?}"),
        route_state(&a),
        route_state(&b),
    );
}

#[test]
fn listings_and_commands_that_write_stdout_themselves_keep_their_order() {
    let script = "route add 10.80.0.0/16 via 10.1.0.2\n\
                  route show 10.80.0.0/16\n\
                  rule list\n\
                  route flush 10.80.0.0/16\n\
                  route show 10.80.0.0/16\n\
                  route add 10.81.0.0/16 via 10.1.0.2\n\
                  route flush 10.81.0.0/16\n\
                  route get 10.1.0.7\n\
                  route add 10.80.0.0/16 via 10.1.0.2\n\
                  route add 10.80.0.0/16 via 10.1.0.2\n\
                  route show root 10.80.0.0/16\n";
    // `route flush` writes its own output (with -s), as `save` does.
    for options in [
        &[][..],
        &["-force"][..],
        &["-s", "-force"][..],
        &["-j", "-force"][..],
    ] {
        same_split(options, script);
        same_merged(options, script);
    }
}

#[test]
fn taking_back_a_rule_addition_never_deletes_an_older_rule_of_its_preference() {
    // An older rule that has every attribute of a later addition and more: a
    // deletion of the addition would match it first.
    let script = "rule add pref 501 from 10.6.0.0/16 table 7\n\
                  rule add pref 501 from 10.6.0.0/16 table 7\n\
                  rule add pref 500 from 10.5.0.0/16 table 7\n\
                  rule add pref 502 from 10.6.0.0/16 table 7\n\
                  rule add pref 503 from 10.6.0.0/16 table 7\n";
    let a = common::minimal();
    let b = common::minimal();
    for ns in [&a, &b] {
        ns.ip("rule add pref 500 from 10.5.0.0/16 fwmark 5 table 7");
        ns.ip("rule add pref 502 from 10.6.0.0/16 fwmark 6 table 7");
    }
    let path = Scratch::write(script);
    let ip = run_merged(&a, IP, &[], path.arg());
    let ipr = run_merged(&b, ipr_bin(), &[], path.arg());
    assert_same(&ip, &ipr);
    assert!(
        rule_listing(&a).contains("fwmark 0x5"),
        "{}",
        rule_listing(&a)
    );
    common::assert_same_kernel_state("", rule_listing(&a), rule_listing(&b));
}

#[test]
fn a_rule_without_preference_between_pipelined_rules_is_known_before_an_undo() {
    // The kernel gives the rule without a preference one just below the first
    // rule after `local`: 999, the preference a later line adds again.
    let script = "rule add pref 1000 from 10.5.0.0/16 table 7\n\
                  rule add from 10.5.0.0/16 fwmark 3 table 7\n\
                  rule add pref 1001 from 10.6.0.0/16 table 7\n\
                  rule add pref 1001 from 10.6.0.0/16 table 7\n\
                  rule add pref 999 from 10.5.0.0/16 table 7\n";
    let out = same_merged(&[], script);
    assert!(out.contains("File exists"), "{out}");
}
