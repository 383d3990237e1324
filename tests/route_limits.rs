//! Requests iproute2 6.1 cannot build in its fixed buffers: next hops past its
//! 4096-byte message, encaps past its 1024-byte encap buffer, metrics past its
//! 256-byte metrics buffer, segment lists past 1023 characters. Where iproute2
//! refuses, ipr refuses identically. Where iproute2 reports the overflow and then
//! installs a route other than the one asked for (or a value other than the one
//! typed), the tests show both behaviours: ipr prints the same messages and
//! refuses (exit 255, nothing installed), or stores what was typed.

mod common;

use common::{IP, Ns, Via, ipr_bin, normalise, route_state, run_tool};
use std::process::Output;

/// The outcome of one tool in its own namespace: output, and the routes left.
struct Run {
    out: Output,
    routes: String,
}

fn run_in_fresh(tool: &str, args: &[String]) -> Run {
    let ns = common::minimal();
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run_tool(&ns, tool, &argv, Via::NetnsOption);
    let routes = route_state(&ns);
    Run { out, routes }
}

fn both(args: &[String]) -> (Run, Run) {
    (run_in_fresh(IP, args), run_in_fresh(ipr_bin(), args))
}

fn stderr(run: &Run) -> String {
    normalise(&run.out.stderr)
}

/// Same output, status and routes left, each tool in a fresh namespace.
#[track_caller]
fn assert_same_fresh(args: &[String]) -> String {
    let (ip, ipr) = both(args);
    common::assert_same(&ip.out, &ipr.out);
    assert_eq!(ipr.routes, ip.routes, "routes");
    stderr(&ip)
}

/// iproute2 reports `messages`, exits 0 and installs a route other than the one
/// asked for; ipr reports the same and refuses: exit 255, nothing installed.
fn assert_refused_where_ip_installs_less(args: &[String], messages: &str) {
    let (ip, ipr) = both(args);
    assert_eq!(stderr(&ip), messages, "iproute2's messages");
    assert_eq!(ip.out.status.code(), Some(0), "iproute2's status");
    let untouched = route_state(&common::minimal());
    assert_ne!(ip.routes, untouched, "iproute2 installed nothing");
    assert_eq!(stderr(&ipr), messages, "ipr's messages");
    assert!(ipr.out.stdout.is_empty());
    assert_eq!(ipr.out.status.code(), Some(255), "ipr's status");
    assert_eq!(ipr.routes, untouched, "ipr installed something");
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

/// `N` IPv6 segments `2001:db8::1,...`.
fn segments(n: usize) -> String {
    (1..=n)
        .map(|i| format!("2001:db8::{i:x}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn route_add(rest: &str) -> Vec<String> {
    words(&format!("route add {rest}"))
}

const ENCAP_OVERFLOW: &str = "rta_addattr_l: Error! max allowed bound 1024 exceeded\n";
const MESSAGE_OVERFLOW_1024: &str = "addraw_l ERROR: message exceeded bound of 1024\n";

#[test]
fn seg6_encap_that_fits() {
    let args = route_add(&format!(
        "2001:db8:70::/48 encap seg6 mode encap segs {} dev va",
        segments(59)
    ));
    assert_eq!(assert_same_fresh(&args), "");
}

#[test]
fn seg6_encap_past_its_buffer_is_a_garbage_word() {
    // 63 segments do not fit the encap buffer: iproute2 reads `seg6` again, as
    // a second destination, or as the destination when none came before.
    for tail in ["", " 2001:db8:70::/48"] {
        let head = if tail.is_empty() {
            "2001:db8:70::/48 "
        } else {
            ""
        };
        let args = route_add(&format!(
            "{head}encap seg6 mode encap segs {} dev va{tail}",
            segments(63)
        ));
        let err = assert_same_fresh(&args);
        assert!(err.starts_with(ENCAP_OVERFLOW), "{err}");
    }
    let args = route_add(&format!(
        "2001:db8:70::/48 encap seg6local action End.B6 srh segs {} dev va",
        segments(62)
    ));
    assert!(assert_same_fresh(&args).starts_with(ENCAP_OVERFLOW));
}

#[test]
fn seg6_encap_past_the_message_is_refused() {
    // iproute2: the encap is left out and the route goes in without it.
    let seg6 = |n: usize, extra: &str| {
        route_add(&format!(
            "2001:db8:70::/48 encap seg6 mode encap segs {} {extra} dev va",
            segments(n)
        ))
    };
    assert_refused_where_ip_installs_less(&seg6(60, ""), MESSAGE_OVERFLOW_1024);
    assert_refused_where_ip_installs_less(&seg6(62, ""), MESSAGE_OVERFLOW_1024);
    // With an HMAC the segments fit but the encap type does not.
    assert_refused_where_ip_installs_less(
        &seg6(60, "hmac 5"),
        &format!("{ENCAP_OVERFLOW}{MESSAGE_OVERFLOW_1024}"),
    );
    let b6 = route_add(&format!(
        "2001:db8:70::/48 encap seg6local action End.B6 srh segs {} dev va",
        segments(61)
    ));
    assert_refused_where_ip_installs_less(&b6, &format!("{ENCAP_OVERFLOW}{MESSAGE_OVERFLOW_1024}"));
}

#[test]
fn metrics_past_their_buffer_are_refused() {
    let mtus: String = (1..=32).map(|i| format!(" mtu {}", 1300 + i)).collect();
    let overflow = "rta_addattr32: Error! max allowed bound 256 exceeded\n";
    assert_refused_where_ip_installs_less(
        &route_add(&format!("10.60.0.0/16 dev va{mtus}")),
        overflow,
    );
    let more: String = (1..=34).map(|i| format!(" hoplimit {i}")).collect();
    assert_refused_where_ip_installs_less(
        &route_add(&format!("10.60.0.0/16 dev va{more}")),
        &overflow.repeat(3),
    );
    // 30 metrics and a congestion control name fill it; the lock mask does not fit.
    let full: String = (1..=30).map(|i| format!(" hoplimit {i}")).collect();
    assert_refused_where_ip_installs_less(
        &route_add(&format!("10.60.0.0/16 dev va{full} congctl lock cubic")),
        overflow,
    );
    let name = "rta_addattr_l: Error! max allowed bound 256 exceeded\n";
    let nearly: String = (1..=31).map(|i| format!(" hoplimit {i}")).collect();
    assert_refused_where_ip_installs_less(
        &route_add(&format!("10.60.0.0/16 dev va{nearly} congctl cubic")),
        name,
    );
    let fits: String = (1..=31).map(|i| format!(" mtu {}", 1300 + i)).collect();
    assert_eq!(
        assert_same_fresh(&route_add(&format!("10.60.0.0/16 dev va{fits}"))),
        ""
    );
}

fn hops(n: usize, hop: impl Fn(usize) -> String) -> String {
    (0..n).map(hop).collect::<Vec<_>>().join(" ")
}

fn via4(i: usize) -> String {
    format!("nexthop via 10.1.0.{} dev va", i % 250 + 2)
}

#[test]
fn multipath_past_the_message() {
    let message = "addattr_l ERROR: message exceeded bound of 4096\n";
    let nexthop = "rta_addattr_l: Error! max allowed bound 4096 exceeded\n\
                   Error: cannot parse nexthop\n";
    for (n, expected) in [(253, ""), (254, message), (255, message), (256, nexthop)] {
        let args = route_add(&format!("10.50.0.0/16 {}", hops(n, via4)));
        assert_eq!(assert_same_fresh(&args), expected, "{n} next hops");
    }
    let via6 = |i: usize| format!("nexthop via 2001:db8:1::{:x} dev va", i + 2);
    for (n, expected) in [(144, ""), (145, message), (147, nexthop)] {
        let args = route_add(&format!("2001:db8:50::/48 {}", hops(n, via6)));
        assert_eq!(assert_same_fresh(&args), expected, "{n} IPv6 next hops");
    }
    let dev_only = |_| "nexthop dev va".to_string();
    for (n, expected) in [(506, ""), (510, message)] {
        let args = route_add(&format!("10.50.0.0/16 {}", hops(n, dev_only)));
        assert_eq!(assert_same_fresh(&args), expected, "{n} device next hops");
    }
}

#[test]
fn multipath_with_encaps_and_realms() {
    let seg6 = |segs: usize| {
        move |i: usize| {
            format!(
                "nexthop via 10.1.0.{} dev va encap seg6 mode encap segs {}",
                i + 2,
                segments(segs)
            )
        }
    };
    let args = route_add(&format!("10.60.0.0/16 {}", hops(4, seg6(60))));
    assert_eq!(assert_same_fresh(&args), "");
    let args = route_add(&format!("10.60.0.0/16 {}", hops(4, seg6(61))));
    assert_eq!(
        assert_same_fresh(&args),
        "addattr_l ERROR: message exceeded bound of 4096\n"
    );
    let args = route_add(&format!("10.60.0.0/16 {}", hops(5, seg6(50))));
    assert_eq!(
        assert_same_fresh(&args),
        "rta_addattr_l: Error! max allowed bound 4096 exceeded\nError: cannot parse nexthop\n"
    );
    let realms = " realms 5".repeat(100);
    let args = route_add(&format!(
        "10.60.0.0/16 {} nexthop dev va{realms}",
        hops(4, seg6(50))
    ));
    assert_eq!(
        assert_same_fresh(&args),
        "rta_addattr32: Error! max allowed bound 4096 exceeded\nError: cannot parse nexthop\n"
    );
}

/// 26 segments of 39 characters: 1013 characters.
fn long_segments() -> String {
    (1..=26)
        .map(|i| format!("2001:db8:aaaa:bbbb:cccc:dddd:eeee:{}", 1000 + i))
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn segment_lists_are_cut_at_1023_characters() {
    // iproute2 reads at most 1023 characters of a segment list: a cut address is
    // its error, and ipr's.
    let list = format!("{},2001:db8::1234", long_segments());
    for encap in ["seg6 mode encap segs", "seg6local action End.B6 srh segs"] {
        let args = route_add(&format!("2001:db8:70::/48 encap {encap} {list} dev va"));
        assert_eq!(
            assert_same_fresh(&args),
            "Error: inet6 address is expected rather than \"2001:db8:\".\n"
        );
    }
    let args = route_add(&format!(
        "2001:db8:70::/48 encap seg6 mode encap segs {} dev va",
        long_segments()
    ));
    assert_eq!(assert_same_fresh(&args), "");
}

#[test]
fn a_cut_segment_that_still_reads_is_kept_as_typed() {
    // 1026 characters: iproute2 installs the last segment cut to 2001:d::1; ipr
    // installs 2001:d::12ab, as typed.
    let list = format!("{},2001:d::12ab", long_segments());
    let args = route_add(&format!(
        "2001:db8:70::/48 encap seg6 mode encap segs {list} dev va"
    ));
    let (ip, ipr) = both(&args);
    assert_eq!(ip.out.status.code(), Some(0));
    assert_eq!(ipr.out.status.code(), Some(0));
    assert!(ip.routes.contains("2001:d::1 ]"), "{}", ip.routes);
    assert!(ipr.routes.contains("2001:d::12ab ]"), "{}", ipr.routes);
    assert_eq!(
        ipr.routes.replace("2001:d::12ab ]", "2001:d::1 ]"),
        ip.routes
    );
}

#[test]
fn a_realm_name_read_again_after_a_number_is_itself() {
    // iproute2 6.1 caches the last realm name with the last value it read, and a
    // number read in between overwrites the value: the second `east` is 7.
    let build = || {
        let ns = common::minimal();
        ns.names_file("rt_realms", "5 east\n");
        ns
    };
    let args = [
        "route",
        "add",
        "10.60.0.0/16",
        "nexthop",
        "via",
        "10.1.0.2",
        "dev",
        "va",
        "realms",
        "east/7",
        "nexthop",
        "via",
        "10.1.0.3",
        "dev",
        "va",
        "realms",
        "east/8",
    ];
    let show = ["-N", "route", "show", "10.60.0.0/16"];
    let (ns_ip, ns_ipr) = (build(), build());
    let ip = run_tool(&ns_ip, IP, &args, Via::NetnsOption);
    let ipr = run_tool(&ns_ipr, ipr_bin(), &args, Via::NetnsOption);
    assert_eq!((ip.status.code(), ipr.status.code()), (Some(0), Some(0)));
    let listed =
        |ns: &Ns| String::from_utf8(run_tool(ns, IP, &show, Via::NetnsOption).stdout).unwrap();
    let (ip, ipr) = (listed(&ns_ip), listed(&ns_ipr));
    assert!(
        ip.contains("realms 5/7") && ip.contains("realms 7/8"),
        "{ip}"
    );
    assert!(
        ipr.contains("realms 5/7") && ipr.contains("realms 5/8"),
        "{ipr}"
    );
    assert_eq!(ipr.replace("realms 5/8", "realms 7/8"), ip);
}

#[test]
fn next_hops_past_iproute2s_stack_buffer() {
    // iproute2 6.1 writes 600 next-hop headers past its 4096-byte buffer and
    // aborts (stack smashing detected); ipr reports the overflow as iproute2 does
    // for a few hops less, exit 1.
    let args = route_add(&format!(
        "10.50.0.0/16 {}",
        hops(600, |_| "nexthop dev va".to_string())
    ));
    let (ip, ipr) = both(&args);
    assert!(
        stderr(&ip).contains("stack smashing detected"),
        "{}",
        stderr(&ip)
    );
    assert_ne!(ip.out.status.code(), Some(0));
    assert_eq!(
        stderr(&ipr),
        "addattr_l ERROR: message exceeded bound of 4096\n"
    );
    assert_eq!(ipr.out.status.code(), Some(1));
    assert_eq!(ipr.routes, ip.routes);
}

#[test]
fn label_stacks_past_64_labels() {
    let labels = |n: usize| {
        (100..100 + n)
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join("/")
    };
    for (options, rest) in [
        ("", format!("10.60.0.0/16 encap mpls {} dev va", labels(65))),
        (
            "",
            format!("10.60.0.0/16 encap mpls {}/x dev va", labels(64)),
        ),
        (
            "",
            format!("10.60.0.0/16 nexthop encap mpls {} dev va", labels(65)),
        ),
        ("-f mpls ", format!("100 as {} dev va", labels(65))),
        ("-f mpls ", format!("{} dev va", labels(65))),
    ] {
        let args = words(&format!("{options}route add {rest}"));
        let err = assert_same_fresh(&args);
        assert!(err.contains("expected rather than"), "{err}");
    }
    let args = route_add(&format!("10.60.0.0/16 encap mpls {} dev va", labels(64)));
    assert_same_fresh(&args);
}

#[test]
fn repeated_keywords_past_the_message_are_refused() {
    // Each repetition adds another attribute to iproute2's message; past 4124
    // bytes it leaves them out (and the device after them): iproute2 then
    // installs an earlier metric, or the kernel refuses the route without a
    // device. ipr refuses with the same messages.
    let overflow = "addattr_l ERROR: message exceeded bound of 4124\n";
    let metrics = |n: usize| (1..=n).map(|i| format!(" metric {i}")).collect::<String>();
    assert_eq!(
        assert_same_fresh(&route_add(&format!("10.60.0.0/16 dev va{}", metrics(510)))),
        ""
    );
    let args = route_add(&format!("10.60.0.0/16 via 10.1.0.2{}", metrics(511)));
    assert_refused_where_ip_installs_less(&args, overflow);
    let (ip, ipr) = both(&route_add(&format!("10.60.0.0/16 dev va{}", metrics(513))));
    assert_eq!(
        stderr(&ip),
        format!("{}RTNETLINK answers: No such device\n", overflow.repeat(3))
    );
    assert_eq!(stderr(&ipr), overflow.repeat(3));
    assert_eq!(ipr.out.status.code(), Some(255));
    assert_eq!(ipr.routes, ip.routes);
}

/// The rules of `ns`, both families, read with the real `ip`.
fn rule_state(ns: &Ns) -> String {
    let mut out = String::new();
    for family in ["-4", "-6"] {
        let listed = run_tool(ns, IP, &[family, "rule"], Via::NetnsOption);
        out.push_str(&String::from_utf8_lossy(&listed.stdout));
    }
    out
}

#[test]
fn rules_past_their_buffer_are_refused() {
    // iproute2 builds a rule in 1024 bytes of attributes: 128 `pref` fit, the
    // 129th and 130th are reported and left out, and the rule goes in with
    // pref 128. ipr refuses it with the same messages.
    let prefs = |n: usize| (1..=n).map(|i| format!(" pref {i}")).collect::<String>();
    let run = |tool: &str, n: usize| {
        let ns = common::minimal();
        let args = words(&format!("rule add{} table 100", prefs(n)));
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run_tool(&ns, tool, &argv, Via::NetnsOption);
        (out, rule_state(&ns))
    };
    let (ip, ip_rules) = run(IP, 128);
    let (ipr, ipr_rules) = run(ipr_bin(), 128);
    common::Comparison::new(&ip, &ipr).without_stdout().check();
    assert!(ip_rules.contains("128:\tfrom all lookup 100"), "{ip_rules}");
    assert_eq!(ipr_rules, ip_rules);

    let overflow = "addattr_l ERROR: message exceeded bound of 1052\n".repeat(2);
    let (ip, ip_rules) = run(IP, 130);
    let (ipr, ipr_rules) = run(ipr_bin(), 130);
    assert_eq!(normalise(&ip.stderr), overflow);
    assert_eq!(ip.status.code(), Some(0));
    assert!(ip_rules.contains("128:\tfrom all lookup 100"), "{ip_rules}");
    assert_eq!(normalise(&ipr.stderr), overflow);
    assert_eq!(ipr.status.code(), Some(255));
    assert_eq!(ipr_rules, rule_state(&common::minimal()));
}
