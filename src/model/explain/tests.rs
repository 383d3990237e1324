use super::*;
use crate::model::Family;
use crate::model::route::Address;
use crate::model::rule::FIB_RULE_INVERT;

use crate::model::kernel::TableId;
use crate::model::kernel::table::MAIN;

fn v4(a: [u8; 4]) -> [u8; 16] {
    let mut b = [0u8; 16];
    b[..4].copy_from_slice(&a);
    b
}

fn rule(prio: u32, action: u8, table: impl Into<TableId>) -> RuleView {
    RuleView {
        family: Family::Inet,
        action,
        priority: Some(prio),
        table: Some(table.into().0),
        suppress_prefixlen: Some(u32::MAX),
        suppress_ifgroup: Some(u32::MAX),
        ..Default::default()
    }
}

fn route(
    table: impl Into<TableId>,
    dst: [u8; 4],
    len: u8,
    kind: crate::model::kernel::RouteType,
    gw: Option<[u8; 4]>,
) -> RouteView {
    RouteView {
        family: Family::Inet,
        table: table.into(),
        dst: Some(Address::V4(dst)),
        dst_len: len,
        kind,
        gateway: gw.map(Address::V4),
        oif: Some(2),
        ..Default::default()
    }
}

fn flow(dst: [u8; 4]) -> Flow {
    Flow {
        family: AF_INET,
        dst: v4(dst),
        iif: LOOPBACK_IFINDEX,
        ..Default::default()
    }
}

fn devices() -> Devices {
    Devices {
        index: [("lo".to_string(), 1), ("va".to_string(), 2)].into(),
        group: HashMap::new(),
        route_localnet: Vec::new(),
        down: Vec::new(),
    }
}

fn run(rules: &[RuleView], routes: &[RouteView], f: &Flow) -> Trace {
    let d = devices();
    walk(
        &Fib {
            rules,
            routes,
            devices: &d,
        },
        f,
    )
}

#[test]
fn longest_prefix_wins_then_metric() {
    let mut a = route(MAIN, [10, 0, 0, 0], 8, RTN_UNICAST, Some([1, 1, 1, 1]));
    a.metric = Some(1);
    let mut b = route(MAIN, [10, 1, 0, 0], 16, RTN_UNICAST, Some([2, 2, 2, 2]));
    b.metric = Some(20);
    let mut c = route(MAIN, [10, 1, 0, 0], 16, RTN_UNICAST, Some([3, 3, 3, 3]));
    c.metric = Some(10);
    let t = run(
        &[rule(32766, FR_ACT_TO_TBL, MAIN)],
        &[a, b, c],
        &flow([10, 1, 2, 3]),
    );
    assert_eq!(
        t.verdict,
        Verdict::Route {
            table: MAIN,
            route: 2
        }
    );
}

#[test]
fn throw_continues_and_rule_mismatch_is_explained() {
    let mut from = rule(100, FR_ACT_TO_TBL, 100);
    from.src = Some(Address::V4([192, 0, 2, 0]));
    from.src_len = 24;
    let routes = [
        route(200, [10, 0, 0, 0], 8, RTN_THROW, None),
        route(MAIN, [0, 0, 0, 0], 0, RTN_UNICAST, Some([9, 9, 9, 9])),
    ];
    let rules = [
        from,
        rule(200, FR_ACT_TO_TBL, 200),
        rule(300, FR_ACT_TO_TBL, MAIN),
    ];
    let t = run(&rules, &routes, &flow([10, 1, 2, 3]));
    assert_eq!(t.steps[0].mismatch.as_ref().unwrap().selector, "from");
    assert!(matches!(
        t.steps[1].action,
        Some(Action::Lookup {
            result: TableResult::Throw { .. },
            ..
        })
    ));
    assert_eq!(
        t.verdict,
        Verdict::Route {
            table: MAIN,
            route: 1
        }
    );
}

#[test]
fn suppress_prefixlength_skips_the_default_route() {
    let mut r = rule(100, FR_ACT_TO_TBL, MAIN);
    r.suppress_prefixlen = Some(0);
    let routes = [
        route(MAIN, [0, 0, 0, 0], 0, RTN_UNICAST, Some([9, 9, 9, 9])),
        route(7, [0, 0, 0, 0], 0, RTN_UNICAST, Some([8, 8, 8, 8])),
    ];
    let t = run(
        &[r, rule(200, FR_ACT_TO_TBL, 7)],
        &routes,
        &flow([10, 1, 2, 3]),
    );
    assert!(matches!(
        t.steps[0].action,
        Some(Action::Lookup {
            result: TableResult::Suppressed { .. },
            ..
        })
    ));
    assert_eq!(
        t.verdict,
        Verdict::Route {
            table: TableId(7),
            route: 1
        }
    );
}

#[test]
fn goto_jumps_to_the_exact_priority_and_unresolved_is_skipped() {
    let mut g = rule(10, FR_ACT_GOTO, 0);
    g.goto = Some(30);
    let mut dangling = rule(5, FR_ACT_GOTO, 0);
    dangling.goto = Some(7);
    dangling.flags = FIB_RULE_UNRESOLVED;
    let rules = [
        dangling,
        g,
        rule(20, FR_ACT_PROHIBIT, 0),
        rule(30, FR_ACT_UNREACHABLE, 0),
    ];
    let t = run(&rules, &[], &flow([10, 1, 2, 3]));
    assert_eq!(
        t.steps[0].action,
        Some(Action::Goto {
            priority: 7,
            target: None
        })
    );
    assert_eq!(t.steps.len(), 3);
    assert_eq!(t.steps[2].rule, 3);
    assert_eq!(
        t.verdict,
        Verdict::Error {
            errno: ENETUNREACH,
            step: Some(2)
        }
    );
}

#[test]
fn fwmark_mask_not_and_iif_lo() {
    let mut m = rule(10, FR_ACT_PROHIBIT, 0);
    m.fwmark = Some(1);
    m.fwmask = Some(0xff);
    let mut inv = rule(20, FR_ACT_BLACKHOLE, 0);
    inv.iifname = Some("lo".to_string());
    inv.flags = FIB_RULE_INVERT;
    let rules = [m, inv];
    let mut f = flow([10, 1, 2, 3]);
    f.mark = 0x101;
    let t = run(&rules, &[], &f);
    assert_eq!(
        t.verdict,
        Verdict::Error {
            errno: EACCES,
            step: Some(0)
        }
    );
    f.mark = 0x102;
    let t = run(&rules, &[], &f);
    assert_eq!(t.steps[0].mismatch.as_ref().unwrap().selector, "fwmark");
    assert_eq!(t.steps[1].mismatch.as_ref().unwrap().selector, "not");
    assert_eq!(
        t.verdict,
        Verdict::Error {
            errno: ENETUNREACH,
            step: None
        }
    );
}

#[test]
fn reject_routes_and_tos_routes() {
    let mut tos = route(MAIN, [10, 1, 0, 0], 16, RTN_UNICAST, Some([1, 1, 1, 1]));
    tos.tos = 0x10;
    let routes = [tos, route(MAIN, [10, 0, 0, 0], 8, RTN_PROHIBIT, None)];
    let rules = [rule(1, FR_ACT_TO_TBL, MAIN)];
    let t = run(&rules, &routes, &flow([10, 1, 2, 3]));
    assert_eq!(
        t.verdict,
        Verdict::Error {
            errno: EACCES,
            step: Some(0)
        }
    );
    let mut f = flow([10, 1, 2, 3]);
    f.tos = 0x10;
    let t = run(&rules, &routes, &f);
    assert_eq!(
        t.verdict,
        Verdict::Route {
            table: MAIN,
            route: 0
        }
    );
}

#[test]
fn oif_passes_over_routes_on_other_devices() {
    let mut other = route(MAIN, [10, 1, 0, 0], 16, RTN_UNICAST, Some([1, 1, 1, 1]));
    other.oif = Some(3);
    let routes = [other, route(MAIN, [10, 0, 0, 0], 8, RTN_UNICAST, None)];
    let mut f = flow([10, 1, 2, 3]);
    f.oif = 2;
    let t = run(&[rule(1, FR_ACT_TO_TBL, MAIN)], &routes, &f);
    assert_eq!(
        t.verdict,
        Verdict::Route {
            table: MAIN,
            route: 1
        }
    );
}

fn explained(rules: &[RuleView], routes: &[RouteView], f: &Flow) -> (Trace, Path) {
    let d = devices();
    explain(
        &Fib {
            rules,
            routes,
            devices: &d,
        },
        f,
    )
}

fn local(addr: [u8; 4], dev: u32) -> RouteView {
    let mut r = route(255, addr, 32, RTN_LOCAL, None);
    r.oif = Some(dev);
    r.protocol = crate::model::kernel::Protocol::KERNEL;
    r
}

#[test]
fn compare_checks_table_type_and_hop() {
    let routes = [route(
        MAIN,
        [10, 0, 0, 0],
        8,
        RTN_UNICAST,
        Some([1, 1, 1, 1]),
    )];
    let (_, path) = explained(
        &[rule(1, FR_ACT_TO_TBL, MAIN)],
        &routes,
        &flow([10, 1, 2, 3]),
    );
    let mut k = routes[0].clone();
    assert!(compare(&path, &KernelAnswer::Route(Box::new(k.clone()))).agrees);
    k.table = TableId(100);
    assert!(!compare(&path, &KernelAnswer::Route(Box::new(k))).agrees);
    let err = KernelAnswer::Error("RTNETLINK answers: Permission denied".into());
    assert!(!compare(&path, &err).agrees);
    let (_, failed) = explained(
        &[rule(1, FR_ACT_PROHIBIT, 0)],
        &routes,
        &flow([10, 1, 2, 3]),
    );
    let a = compare(&failed, &err);
    assert!(a.agrees);
    assert_eq!(exit_status(&a, &err), 2);
}

#[test]
fn multipath_legs_are_a_choice_the_walk_cannot_make() {
    let mut r = route(MAIN, [0, 0, 0, 0], 0, RTN_UNICAST, None);
    r.multipath = Some(vec![
        crate::model::route::NextHopView {
            ifindex: 2,
            gateway: Some(Address::V4([10, 1, 0, 2])),
            ..Default::default()
        },
        crate::model::route::NextHopView {
            ifindex: 3,
            gateway: Some(Address::V4([10, 2, 0, 2])),
            ..Default::default()
        },
    ]);
    let (_, path) = explained(&[rule(1, FR_ACT_TO_TBL, MAIN)], &[r], &flow([8, 8, 8, 8]));
    let mut k = route(MAIN, [8, 8, 8, 8], 32, RTN_UNICAST, Some([10, 2, 0, 2]));
    k.oif = Some(3);
    let a = compare(&path, &KernelAnswer::Route(Box::new(k)));
    assert!(a.agrees && !a.certain, "{a:?}");
}

#[test]
fn refusals_before_any_rule() {
    let routes = [local([10, 1, 0, 1], 2)];
    let rules = [rule(0, FR_ACT_TO_TBL, 255)];
    // A source that is not ours, locally generated.
    let mut f = flow([8, 8, 8, 8]);
    f.src = Some(v4([192, 0, 2, 1]));
    let (trace, path) = explained(&rules, &routes, &f);
    assert!(!path.walked && trace.steps.is_empty());
    assert_eq!(path.expect, Expect::Error { errno: ENETUNREACH });
    assert!(path.before.unwrap().contains("not a local address"));
    // Arriving for 127.0.0.1, and arriving without a source.
    let mut f = flow([127, 0, 0, 1]);
    f.input = true;
    f.iif = 2;
    f.src = Some(v4([10, 1, 0, 7]));
    assert_eq!(
        explained(&rules, &routes, &f).1.expect,
        Expect::Error { errno: EINVAL }
    );
    f.dst = v4([10, 1, 0, 1]);
    f.src = None;
    assert_eq!(
        explained(&rules, &routes, &f).1.expect,
        Expect::Error { errno: EINVAL }
    );
    // Arriving from a source that is one of ours (the way back is local).
    f.src = Some(v4([10, 1, 0, 1]));
    let (_, path) = explained(&rules, &routes, &f);
    assert_eq!(path.expect, Expect::Error { errno: EINVAL });
    assert!(path.walked);
}

#[test]
fn broadcast_and_multicast_take_their_type_from_the_output_path() {
    let routes = [
        local([10, 1, 0, 1], 2),
        route(MAIN, [0, 0, 0, 0], 0, RTN_UNICAST, Some([10, 1, 0, 254])),
    ];
    let rules = [
        rule(0, FR_ACT_TO_TBL, 255),
        rule(32766, FR_ACT_TO_TBL, MAIN),
    ];
    let no_gateway = vec![Leg {
        dev: 2,
        gateway: None,
    }];
    for (dst, kind) in [([255; 4], RTN_BROADCAST), ([224, 0, 0, 5], RTN_MULTICAST)] {
        let (_, path) = explained(&rules, &routes, &flow(dst));
        assert!(path.walked);
        assert_eq!(
            path.expect,
            Expect::Route {
                kind,
                table: Some(MAIN),
                legs: no_gateway.clone()
            }
        );
        // With a local source no rule is consulted: out of the source's device.
        let mut f = flow(dst);
        f.src = Some(v4([10, 1, 0, 1]));
        let (_, path) = explained(&rules, &routes, &f);
        assert!(!path.walked);
        assert_eq!(
            path.expect,
            Expect::Route {
                kind,
                table: None,
                legs: no_gateway.clone()
            }
        );
    }
}

#[test]
fn ipv6_loopback_arriving_is_looked_up_on_the_input_interface() {
    let six = |addr: [u8; 16],
               len: u8,
               kind: crate::model::kernel::RouteType,
               table: crate::model::kernel::TableId,
               oif: u32| {
        RouteView {
            family: Family::Inet6,
            table,
            dst: Some(Address::V6(addr)),
            dst_len: len,
            kind,
            oif: Some(oif),
            metric: Some(1024),
            ..Default::default()
        }
    };
    let mut lo = [0u8; 16];
    lo[15] = 1;
    let routes = [
        six(lo, 128, RTN_LOCAL, TableId(255), 1),
        six([0; 16], 0, RTN_UNICAST, MAIN, 2),
    ];
    let mut rules = [
        rule(0, FR_ACT_TO_TBL, 255),
        rule(32766, FR_ACT_TO_TBL, MAIN),
    ];
    rules.iter_mut().for_each(|r| r.family = Family::Inet6);
    let f = Flow {
        family: AF_INET6,
        dst: lo,
        iif: 2,
        input: true,
        uid: u32::MAX,
        ..Default::default()
    };
    let (trace, _) = explained(&rules, &routes, &f);
    assert_eq!(
        trace.verdict,
        Verdict::Route {
            table: MAIN,
            route: 1
        }
    );
}

#[test]
fn multicast_with_oif_takes_the_interface_address_before_the_rules() {
    let routes = [
        local([10, 1, 0, 1], 2),
        route(100, [0, 0, 0, 0], 0, RTN_UNICAST, Some([10, 1, 0, 254])),
    ];
    let mut from = rule(10, FR_ACT_TO_TBL, 100);
    from.src = Some(Address::V4([10, 1, 0, 0]));
    from.src_len = 24;
    let rules = [rule(0, FR_ACT_TO_TBL, 255), from];
    let mut f = flow([239, 1, 2, 3]);
    f.oif = 2;
    let (trace, path) = explained(&rules, &routes, &f);
    assert!(path.before.unwrap().contains("10.1.0.1"));
    assert_eq!(
        trace.verdict,
        Verdict::Route {
            table: TableId(100),
            route: 1
        }
    );
}
