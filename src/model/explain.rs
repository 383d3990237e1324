//! `ipr route explain`: the routing policy database walked the way the kernel walks
//! it (net/core/fib_rules.c `fib_rules_lookup`, IPv4 `fib_table_lookup`, IPv6
//! `fib6_table_lookup`), as a trace a person can read, and the check of that trace
//! against the kernel's own `route get` answer. Pure: the rules, the routes of every
//! table and the devices are handed in, so the walk is unit-tested without root.

use super::prefix::bits_equal;
use super::route::{Address, RouteView};
use super::rule::{FIB_RULE_INVERT, FIB_RULE_UNRESOLVED, RuleView};
use std::collections::HashMap;

pub const AF_INET: u8 = 2;
pub const AF_INET6: u8 = 10;
pub const LOOPBACK_IFINDEX: u32 = 1;

const FR_ACT_TO_TBL: u8 = 1;
const FR_ACT_GOTO: u8 = 2;
const FR_ACT_NOP: u8 = 3;
const FR_ACT_BLACKHOLE: u8 = 6;
const FR_ACT_UNREACHABLE: u8 = 7;
const FR_ACT_PROHIBIT: u8 = 8;

pub const RTN_UNICAST: u8 = 1;
pub const RTN_LOCAL: u8 = 2;
const RTN_BLACKHOLE: u8 = 6;
const RTN_UNREACHABLE: u8 = 7;
const RTN_PROHIBIT: u8 = 8;
const RTN_THROW: u8 = 9;
const RTN_NAT: u8 = 10;

const RTNH_F_DEAD: u32 = 1;
/// The IPv4 DSCP bits a rule or route `tos` is compared with
/// (INET_DSCP_LEGACY_TOS_MASK).
const LEGACY_TOS_MASK: u8 = 0x1c;

pub const EACCES: i32 = 13;
pub const EINVAL: i32 = 22;
pub const ENETUNREACH: i32 = 101;
pub const EHOSTUNREACH: i32 = 113;

/// glibc's text for the errors a lookup can end with (what `route get` prints
/// after `RTNETLINK answers: `).
pub fn errno_text(errno: i32) -> &'static str {
    match errno {
        EACCES => "Permission denied",
        EINVAL => "Invalid argument",
        ENETUNREACH => "Network is unreachable",
        EHOSTUNREACH => "No route to host",
        _ => "Unknown error",
    }
}

/// The packet being routed: what RTM_GETROUTE puts into the flow key.
#[derive(Debug, Clone, Default)]
pub struct Flow {
    /// AF_INET or AF_INET6.
    pub family: u8,
    /// Destination address bytes (4 or 16 used).
    pub dst: [u8; 16],
    /// `from`, when given. IPv4 looks up with 0.0.0.0 otherwise; IPv6 source rules
    /// need an address and do not match without one.
    pub src: Option<[u8; 16]>,
    /// Input interface; `lo` (1) for locally generated traffic.
    pub iif: u32,
    /// True when `iif` was given: the packet arrives on an interface (input path).
    pub input: bool,
    /// Forwarding enabled on the input interface (IPv4 input path only).
    pub forwarding: bool,
    /// Output interface, 0 for none.
    pub oif: u32,
    pub mark: u32,
    /// The dsfield byte given with `tos`.
    pub tos: u8,
    pub uid: u32,
    pub ipproto: u8,
    pub sport: u16,
    pub dport: u16,
}

impl Flow {
    fn addr_len(&self) -> usize {
        if self.family == AF_INET6 { 16 } else { 4 }
    }

    pub fn dst_bytes(&self) -> &[u8] {
        &self.dst[..self.addr_len()]
    }

    /// The source the lookup uses: the given one, or all zeros.
    pub fn src_bytes(&self) -> [u8; 16] {
        self.src.unwrap_or([0; 16])
    }

    /// The dsfield the kernel keeps in the flow (the ECN bits are dropped).
    fn dscp(&self) -> u8 {
        self.tos & 0xfc
    }
}

/// Interfaces: name -> index, and index -> group (for `suppress_ifgroup`).
#[derive(Debug, Clone, Default)]
pub struct Devices {
    pub index: HashMap<String, u32>,
    pub group: HashMap<u32, u32>,
}

/// What the walk reads: the family's rules in kernel (dump) order, and the routes
/// of every table of that family.
pub struct Fib<'a> {
    pub rules: &'a [RuleView],
    pub routes: &'a [RouteView],
    pub devices: &'a Devices,
}

/// Why a rule did not match: the selector (as `ip rule` spells it) and a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub selector: &'static str,
    pub reason: String,
}

/// A candidate route passed over in a table, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Index into `Fib::routes`.
    pub route: usize,
    pub reason: String,
}

/// What one table lookup found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableResult {
    /// No route of the table covers the destination: continue with the next rule.
    NoRoute,
    /// A usable route: the answer, unless the rule suppresses it.
    Route { route: usize },
    /// The route was found but the rule's `suppress_*` rejects it: next rule.
    Suppressed { route: usize, by: String },
    /// A `throw` route: continue with the next rule.
    Throw { route: usize },
    /// An `unreachable`/`prohibit`/`blackhole` route: the lookup fails.
    Reject { route: usize, errno: i32 },
}

/// What a matched rule did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Lookup {
        table: u32,
        result: TableResult,
        /// Longer or preferred candidates the lookup passed over.
        skipped: Vec<Skipped>,
    },
    /// `goto`: `target` is the index of the rule jumped to, None when unresolved.
    Goto {
        priority: u32,
        target: Option<usize>,
    },
    Nop,
    /// `unreachable`/`prohibit`/`blackhole` rule.
    Reject {
        errno: i32,
    },
    /// An action the kernel does not know: it fails the lookup with EINVAL.
    Unknown {
        action: u8,
    },
}

/// One rule visited by the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Index into `Fib::rules`.
    pub rule: usize,
    /// None when matched; the failing selector otherwise.
    pub mismatch: Option<Mismatch>,
    /// Set when `not` turned the selectors' answer around.
    pub inverted: bool,
    pub action: Option<Action>,
}

impl Step {
    pub fn matched(&self) -> bool {
        self.mismatch.is_none()
    }
}

/// Where the walk ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The route `route` of `table`, found by the rule of step `step`.
    Route { table: u32, route: usize },
    /// The lookup fails with `errno`; `step` is the deciding step, None when no
    /// rule gave an answer.
    Error { errno: i32, step: Option<usize> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    pub steps: Vec<Step>,
    pub verdict: Verdict,
}

/// Walks the rules for `flow`, as `fib_rules_lookup` does.
pub fn walk(fib: &Fib, flow: &Flow) -> Trace {
    let rules: Vec<usize> = (0..fib.rules.len())
        .filter(|&i| fib.rules[i].family == flow.family)
        .collect();
    let mut steps = Vec::new();
    let mut pos = 0;
    // A goto only jumps forward in the kernel; the bound guards against a loop.
    let mut budget = rules.len() * 2 + 8;
    while pos < rules.len() && budget > 0 {
        budget -= 1;
        let index = rules[pos];
        let rule = &fib.rules[index];
        let (mismatch, inverted) = match_rule(rule, flow, fib.devices);
        if mismatch.is_some() {
            steps.push(Step {
                rule: index,
                mismatch,
                inverted,
                action: None,
            });
            pos += 1;
            continue;
        }
        let action = act(fib, rule, flow, &rules);
        let step = steps.len();
        let next = match &action {
            Action::Goto {
                target: Some(t), ..
            } => Some(rules.iter().position(|r| r == t).unwrap_or(pos + 1)),
            Action::Goto { target: None, .. } | Action::Nop => Some(pos + 1),
            Action::Lookup {
                result:
                    TableResult::NoRoute | TableResult::Suppressed { .. } | TableResult::Throw { .. },
                ..
            } => Some(pos + 1),
            _ => None,
        };
        let verdict = match &action {
            Action::Lookup {
                table,
                result: TableResult::Route { route },
                ..
            } => Some(Verdict::Route {
                table: *table,
                route: *route,
            }),
            Action::Lookup {
                result: TableResult::Reject { errno, .. },
                ..
            }
            | Action::Reject { errno } => Some(Verdict::Error {
                errno: *errno,
                step: Some(step),
            }),
            Action::Unknown { .. } => Some(Verdict::Error {
                errno: EINVAL,
                step: Some(step),
            }),
            _ => None,
        };
        steps.push(Step {
            rule: index,
            mismatch: None,
            inverted,
            action: Some(action),
        });
        if let Some(verdict) = verdict {
            return Trace { steps, verdict };
        }
        pos = next.unwrap_or(pos + 1);
    }
    Trace {
        steps,
        verdict: Verdict::Error {
            errno: ENETUNREACH,
            step: None,
        },
    }
}

fn act(fib: &Fib, rule: &RuleView, flow: &Flow, family_rules: &[usize]) -> Action {
    match rule.action {
        FR_ACT_TO_TBL => {
            let table = rule.table_id();
            let (result, skipped) = lookup_table(fib, table, flow);
            let result = match result {
                TableResult::Route { route } => match suppressed(rule, &fib.routes[route], fib) {
                    Some(by) => TableResult::Suppressed { route, by },
                    None => TableResult::Route { route },
                },
                other => other,
            };
            Action::Lookup {
                table,
                result,
                skipped,
            }
        }
        FR_ACT_GOTO => {
            let priority = rule.goto.unwrap_or(0);
            // The kernel resolves a goto to the first rule whose priority is exactly
            // the target; until one exists the goto is "unresolved" and skipped.
            let target = (rule.flags & FIB_RULE_UNRESOLVED == 0)
                .then(|| {
                    family_rules
                        .iter()
                        .copied()
                        .find(|&i| fib.rules[i].priority.unwrap_or(0) == priority)
                })
                .flatten();
            Action::Goto { priority, target }
        }
        FR_ACT_NOP => Action::Nop,
        FR_ACT_UNREACHABLE => Action::Reject { errno: ENETUNREACH },
        FR_ACT_PROHIBIT => Action::Reject { errno: EACCES },
        FR_ACT_BLACKHOLE => Action::Reject { errno: EINVAL },
        action => Action::Unknown { action },
    }
}

/// The selectors in the kernel's order (fib_rule_match, then the family's match);
/// returns the first that fails, and whether `not` inverted the answer.
fn match_rule(rule: &RuleView, flow: &Flow, devices: &Devices) -> (Option<Mismatch>, bool) {
    let failed = first_failure(rule, flow, devices);
    if rule.flags & FIB_RULE_INVERT == 0 {
        return (failed, false);
    }
    match failed {
        Some(_) => (None, true),
        None => (
            Some(Mismatch {
                selector: "not",
                reason: "every selector matches, and `not` inverts that".to_string(),
            }),
            true,
        ),
    }
}

fn fail(selector: &'static str, reason: String) -> Option<Mismatch> {
    Some(Mismatch { selector, reason })
}

fn device_matches(
    name: &Option<String>,
    flow_dev: u32,
    devices: &Devices,
    selector: &'static str,
) -> Option<Mismatch> {
    let name = name.as_ref()?;
    match devices.index.get(name) {
        None => fail(
            selector,
            format!("device {name} does not exist (the rule is detached)"),
        ),
        Some(&i) if i != flow_dev => {
            let what = match (selector, flow_dev) {
                ("iif", LOOPBACK_IFINDEX) => "the packet is locally generated (iif lo)".to_string(),
                ("iif", _) => "the packet arrives on another interface".to_string(),
                (_, 0) => "the lookup names no output interface".to_string(),
                _ => "the lookup names another output interface".to_string(),
            };
            fail(selector, format!("{what}, not {name}"))
        }
        Some(_) => None,
    }
}

fn first_failure(rule: &RuleView, flow: &Flow, devices: &Devices) -> Option<Mismatch> {
    if let Some(m) = device_matches(&rule.iifname, flow.iif, devices, "iif") {
        return Some(m);
    }
    // An input lookup has no output interface.
    let flow_oif = if flow.input { 0 } else { flow.oif };
    if let Some(m) = device_matches(&rule.oifname, flow_oif, devices, "oif") {
        return Some(m);
    }
    let mark = rule.fwmark.unwrap_or(0);
    let mask = rule.fwmask.unwrap_or(if mark != 0 { u32::MAX } else { 0 });
    if (mark ^ flow.mark) & mask != 0 {
        return fail(
            "fwmark",
            format!("mark {:#x} & {mask:#x} is not {mark:#x}", flow.mark),
        );
    }
    if let Some(id) = rule.tun_id.filter(|&t| t != 0) {
        return fail("tun_id", format!("the lookup carries no tunnel id {id}"));
    }
    if rule.l3mdev.unwrap_or(0) != 0 {
        return fail(
            "l3mdev",
            "no VRF (l3mdev) device takes part in this lookup".to_string(),
        );
    }
    if let Some((start, end)) = rule.uid_range
        && !(start..=end).contains(&flow.uid)
    {
        return fail(
            "uidrange",
            format!("uid {} is not in {start}-{end}", flow.uid),
        );
    }
    if flow.family == AF_INET6 {
        if let Some(m) = dst_failure(rule, flow) {
            return Some(m);
        }
        if let Some(m) = src_failure(rule, flow) {
            return Some(m);
        }
    } else {
        if let Some(m) = src_failure(rule, flow) {
            return Some(m);
        }
        if let Some(m) = dst_failure(rule, flow) {
            return Some(m);
        }
    }
    if rule.tos != 0 {
        let have = if flow.family == AF_INET {
            flow.dscp() & LEGACY_TOS_MASK
        } else {
            flow.tos
        };
        if rule.tos != have {
            return fail("tos", format!("tos {:#x} is not {:#x}", flow.tos, rule.tos));
        }
    }
    if let Some(p) = rule.ip_proto.filter(|&p| p != 0)
        && p != flow.ipproto
    {
        return fail(
            "ipproto",
            format!("ip protocol {} is not {p}", flow.ipproto),
        );
    }
    for (selector, range, port) in [
        ("sport", rule.sport, flow.sport),
        ("dport", rule.dport, flow.dport),
    ] {
        if let Some((start, end)) = range.filter(|&(s, e)| s != 0 && e != 0)
            && !(start..=end).contains(&port)
        {
            return fail(selector, format!("port {port} is not in {start}-{end}"));
        }
    }
    None
}

fn text_of(family: u8, bytes: &[u8]) -> String {
    if family == AF_INET6 {
        let mut b = [0u8; 16];
        b.copy_from_slice(&bytes[..16]);
        Address::V6(b).to_string()
    } else {
        Address::V4([bytes[0], bytes[1], bytes[2], bytes[3]]).to_string()
    }
}

fn prefix_text(family: u8, addr: &Option<Address>, len: u8) -> String {
    let text = addr
        .as_ref()
        .map(|a| a.to_string())
        .unwrap_or_else(|| if family == AF_INET6 { "::" } else { "0.0.0.0" }.to_string());
    format!("{text}/{len}")
}

fn src_failure(rule: &RuleView, flow: &Flow) -> Option<Mismatch> {
    if rule.src_len == 0 {
        return None;
    }
    let want = prefix_text(flow.family, &rule.src, rule.src_len);
    let Some(src) = flow.src else {
        if flow.family == AF_INET6 {
            return fail(
                "from",
                format!("no source address was given, and IPv6 needs one to match {want}"),
            );
        }
        return (!bits_equal(&[0; 4], rule_bytes(&rule.src), rule.src_len)).then(|| Mismatch {
            selector: "from",
            reason: format!("source 0.0.0.0 (none given) is not in {want}"),
        });
    };
    let len = flow.addr_len();
    (!bits_equal(&src[..len], rule_bytes(&rule.src), rule.src_len)).then(|| Mismatch {
        selector: "from",
        reason: format!("source {} is not in {want}", text_of(flow.family, &src)),
    })
}

fn dst_failure(rule: &RuleView, flow: &Flow) -> Option<Mismatch> {
    if rule.dst_len == 0 || bits_equal(flow.dst_bytes(), rule_bytes(&rule.dst), rule.dst_len) {
        return None;
    }
    fail(
        "to",
        format!(
            "destination {} is not in {}",
            text_of(flow.family, &flow.dst),
            prefix_text(flow.family, &rule.dst, rule.dst_len)
        ),
    )
}

fn rule_bytes(a: &Option<Address>) -> &[u8] {
    a.as_ref().map(Address::as_bytes).unwrap_or(&[])
}

/// One next hop of a route: output device, gateway, flags.
pub struct Hop<'a> {
    pub ifindex: u32,
    pub gateway: Option<&'a Address>,
    pub flags: u32,
}

/// The next hops of a route (its legs when multipath).
pub fn hops(r: &RouteView) -> Vec<Hop<'_>> {
    match &r.multipath {
        Some(legs) => legs
            .iter()
            .map(|l| Hop {
                ifindex: l.ifindex,
                gateway: l.gateway.as_ref(),
                flags: l.flags as u32,
            })
            .collect(),
        None => vec![Hop {
            ifindex: r.oif,
            gateway: r.gateway.as_ref(),
            flags: r.flags & 0xff,
        }],
    }
}

fn is_reject(kind: u8) -> Option<i32> {
    match kind {
        RTN_BLACKHOLE | RTN_NAT => Some(EINVAL),
        RTN_UNREACHABLE => Some(EHOSTUNREACH),
        RTN_PROHIBIT => Some(EACCES),
        _ => None,
    }
}

/// Whether route `r` covers the flow's destination (and, IPv6, its source).
fn covers(r: &RouteView, flow: &Flow) -> bool {
    if !bits_equal(flow.dst_bytes(), r.dst_bytes(), r.dst_len) {
        return false;
    }
    r.src_len == 0
        || bits_equal(
            &flow.src_bytes()[..flow.addr_len()],
            r.src_bytes(),
            r.src_len,
        )
}

/// The longest-prefix lookup in one table. Candidates are tried in the kernel's
/// order: longest destination prefix (IPv6: then longest source prefix), then
/// IPv4 tos-specific before tos 0, then lowest metric; a candidate that cannot be
/// used (wrong tos, dead, not on the requested `oif`) is passed over and the
/// lookup goes on with the next, shorter, one.
pub fn lookup_table(fib: &Fib, table: u32, flow: &Flow) -> (TableResult, Vec<Skipped>) {
    let mut candidates: Vec<usize> = (0..fib.routes.len())
        .filter(|&i| {
            let r = &fib.routes[i];
            r.family == flow.family && r.table == table && !r.is_cloned() && covers(r, flow)
        })
        .collect();
    candidates.sort_by_key(|&i| {
        let r = &fib.routes[i];
        (
            std::cmp::Reverse(r.dst_len),
            std::cmp::Reverse(r.src_len),
            std::cmp::Reverse(r.tos),
            r.metric,
            i,
        )
    });
    // IPv6 insists on the output interface only when the lookup has no source
    // address (RT6_LOOKUP_F_IFACE); with one, `oif` merely breaks ties between
    // routes of equal metric. An arriving packet has no output interface.
    let oif = match flow.family {
        _ if flow.input => 0,
        AF_INET6 if flow.src.is_some() => 0,
        _ => flow.oif,
    };
    let mut skipped = Vec::new();
    for i in candidates {
        let r = &fib.routes[i];
        let flow_tos = flow.dscp() & LEGACY_TOS_MASK;
        if flow.family == AF_INET && r.tos != 0 && r.tos != flow_tos {
            skipped.push(Skipped {
                route: i,
                reason: format!("the route is for tos {:#x}", r.tos),
            });
            continue;
        }
        let oif_ok = |r: &RouteView| {
            hops(r)
                .iter()
                .any(|h| h.flags & RTNH_F_DEAD == 0 && (oif == 0 || h.ifindex == oif))
        };
        // IPv4 answers reject and throw routes before looking at next hops; IPv6
        // scores every route by its device first (reject routes sit on lo).
        if flow.family == AF_INET || oif == 0 {
            if r.kind == RTN_THROW {
                return (TableResult::Throw { route: i }, skipped);
            }
            if let Some(errno) = is_reject(r.kind) {
                return (TableResult::Reject { route: i, errno }, skipped);
            }
        }
        if !oif_ok(r) {
            let reason = if oif != 0 {
                "no usable next hop on the requested output interface"
            } else {
                "every next hop is dead"
            };
            skipped.push(Skipped {
                route: i,
                reason: reason.to_string(),
            });
            continue;
        }
        if r.kind == RTN_THROW {
            return (TableResult::Throw { route: i }, skipped);
        }
        if let Some(errno) = is_reject(r.kind) {
            return (TableResult::Reject { route: i, errno }, skipped);
        }
        return (TableResult::Route { route: i }, skipped);
    }
    (TableResult::NoRoute, skipped)
}

/// The rule's `suppress_prefixlength` / `suppress_ifgroup` verdict on a found route.
fn suppressed(rule: &RuleView, r: &RouteView, fib: &Fib) -> Option<String> {
    if let Some(len) = rule.suppress_prefixlen.filter(|&l| l != u32::MAX)
        && (r.dst_len as i32) <= len as i32
    {
        return Some(format!(
            "suppress_prefixlength {len}: the route's prefix /{} is not longer than {len}",
            r.dst_len
        ));
    }
    if let Some(group) = rule.suppress_ifgroup.filter(|&g| g != u32::MAX) {
        let dev = hops(r).first().map(|h| h.ifindex).unwrap_or(0);
        if dev != 0 && fib.devices.group.get(&dev).copied().unwrap_or(0) == group {
            return Some(format!(
                "suppress_ifgroup {group}: the route's device is in group {group}"
            ));
        }
    }
    None
}

/// The kernel's answer to the same lookup.
#[derive(Debug, Clone)]
pub enum KernelAnswer {
    Route(Box<RouteView>),
    /// The error text `route get` printed.
    Error(String),
}

/// Whether the walk and the kernel agree, and if not, how they differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    pub agrees: bool,
    /// What was compared (or what differed).
    pub detail: String,
}

fn agreement(agrees: bool, detail: impl Into<String>) -> Agreement {
    Agreement {
        agrees,
        detail: detail.into(),
    }
}

/// Whether an IPv4 address is one of the namespace's own (a `local` host route
/// in table local).
pub fn is_local_address(fib: &Fib, addr: &[u8; 16]) -> bool {
    fib.routes.iter().any(|r| {
        r.family == AF_INET
            && r.table == 255
            && r.kind == RTN_LOCAL
            && r.dst_len == 32
            && r.dst_bytes() == &addr[..4]
    })
}

/// IPv4 limited broadcast or multicast: the kernel builds those answers itself.
fn special_ipv4_destination(flow: &Flow) -> bool {
    flow.family == AF_INET && (flow.dst[0] >= 224 || flow.dst[..4] == [0, 0, 0, 0])
}

/// Compares the walk's verdict with the kernel's answer, allowing for what the
/// kernel does after the policy lookup: with `oif` an IPv4 lookup that fails is
/// answered as on-link on that interface, and an IPv4 packet arriving on an
/// interface with forwarding off can only be delivered locally.
pub fn compare(fib: &Fib, flow: &Flow, trace: &Trace, answer: &KernelAnswer) -> Agreement {
    let ipv4_input_blocked = flow.family == AF_INET && flow.input && !flow.forwarding;
    if let Some(src) = flow.src
        && flow.family == AF_INET
        && !flow.input
        && !is_local_address(fib, &src)
    {
        // ip_route_output_key_hash: a source must be one of our addresses.
        let ok = matches!(answer, KernelAnswer::Error(t) if t.contains(errno_text(ENETUNREACH)));
        return agreement(
            ok,
            "the source is not a local address, so the kernel refuses the lookup before any rule",
        );
    }
    match (&trace.verdict, answer) {
        (Verdict::Error { .. }, KernelAnswer::Route(k))
            if flow.family == AF_INET && !flow.input && flow.oif != 0 =>
        {
            let ok = k.oif == flow.oif && k.gateway.is_none();
            agreement(
                ok,
                "the lookup failed, and with oif the kernel assumes the destination is on link",
            )
        }
        (Verdict::Error { errno, .. }, KernelAnswer::Error(text)) => {
            if text.contains(errno_text(*errno)) {
                agreement(true, format!("both fail: {}", errno_text(*errno)))
            } else if ipv4_input_blocked && text.contains(errno_text(EHOSTUNREACH)) {
                agreement(true, "both fail (forwarding is off on the input interface)")
            } else {
                agreement(
                    false,
                    format!(
                        "the walk fails with {}, the kernel with {}",
                        errno_text(*errno),
                        text.trim()
                    ),
                )
            }
        }
        (Verdict::Error { errno, .. }, KernelAnswer::Route(_)) => agreement(
            false,
            format!(
                "the walk fails with {}, the kernel found a route",
                errno_text(*errno)
            ),
        ),
        (Verdict::Route { route, .. }, KernelAnswer::Error(text)) => {
            let r = &fib.routes[*route];
            if ipv4_input_blocked
                && r.kind == RTN_UNICAST
                && text.contains(errno_text(EHOSTUNREACH))
            {
                return agreement(
                    true,
                    "forwarding is off on the input interface: the kernel refuses to forward",
                );
            }
            agreement(
                false,
                format!(
                    "the walk found a route, the kernel answered {}",
                    text.trim()
                ),
            )
        }
        (Verdict::Route { table, route }, KernelAnswer::Route(k)) => {
            compare_routes(flow, *table, &fib.routes[*route], k)
        }
    }
}

fn compare_routes(flow: &Flow, table: u32, r: &RouteView, k: &RouteView) -> Agreement {
    if k.table != 0 && k.table != table {
        return agreement(
            false,
            format!("the walk used table {table}, the kernel table {}", k.table),
        );
    }
    if k.kind != r.kind && !special_ipv4_destination(flow) {
        return agreement(
            false,
            format!("route types differ ({} and {})", r.kind, k.kind),
        );
    }
    if r.kind != RTN_UNICAST || r.nhid.is_some() {
        return agreement(true, "same table and route type");
    }
    let same_hop = hops(r)
        .iter()
        .any(|h| h.ifindex == k.oif && h.gateway == k.gateway.as_ref());
    if same_hop {
        agreement(true, "same table, route type, gateway and device")
    } else {
        agreement(
            false,
            "the kernel's gateway/device is not a next hop of the walk's route",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIN: u32 = 254;

    fn v4(a: [u8; 4]) -> [u8; 16] {
        let mut b = [0u8; 16];
        b[..4].copy_from_slice(&a);
        b
    }

    fn rule(prio: u32, action: u8, table: u32) -> RuleView {
        RuleView {
            family: AF_INET,
            action,
            priority: Some(prio),
            table: Some(table),
            suppress_prefixlen: Some(u32::MAX),
            suppress_ifgroup: Some(u32::MAX),
            ..Default::default()
        }
    }

    fn route(table: u32, dst: [u8; 4], len: u8, kind: u8, gw: Option<[u8; 4]>) -> RouteView {
        RouteView {
            family: AF_INET,
            table,
            dst: Some(Address::V4(dst)),
            dst_len: len,
            kind,
            gateway: gw.map(Address::V4),
            oif: 2,
            has_oif: true,
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
        a.metric = 1;
        let mut b = route(MAIN, [10, 1, 0, 0], 16, RTN_UNICAST, Some([2, 2, 2, 2]));
        b.metric = 20;
        let mut c = route(MAIN, [10, 1, 0, 0], 16, RTN_UNICAST, Some([3, 3, 3, 3]));
        c.metric = 10;
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
        assert_eq!(t.verdict, Verdict::Route { table: 7, route: 1 });
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
        other.oif = 3;
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

    #[test]
    fn compare_checks_table_type_and_hop() {
        let routes = [route(
            MAIN,
            [10, 0, 0, 0],
            8,
            RTN_UNICAST,
            Some([1, 1, 1, 1]),
        )];
        let d = devices();
        let fib = Fib {
            rules: &[],
            routes: &routes,
            devices: &d,
        };
        let f = flow([10, 1, 2, 3]);
        let trace = Trace {
            steps: vec![],
            verdict: Verdict::Route {
                table: MAIN,
                route: 0,
            },
        };
        let mut k = routes[0].clone();
        assert!(compare(&fib, &f, &trace, &KernelAnswer::Route(Box::new(k.clone()))).agrees);
        k.table = 100;
        assert!(!compare(&fib, &f, &trace, &KernelAnswer::Route(Box::new(k))).agrees);
        let err = KernelAnswer::Error("RTNETLINK answers: Permission denied".into());
        assert!(!compare(&fib, &f, &trace, &err).agrees);
        let failed = Trace {
            steps: vec![],
            verdict: Verdict::Error {
                errno: EACCES,
                step: None,
            },
        };
        assert!(compare(&fib, &f, &failed, &err).agrees);
    }
}
