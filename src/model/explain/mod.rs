//! `ipr route explain`: the routing policy database walked the way the kernel walks
//! it (net/core/fib_rules.c `fib_rules_lookup`, IPv4 `fib_table_lookup`, IPv6
//! `fib6_table_lookup`), as a trace a person can read, and the check of that trace
//! against the kernel's own `route get` answer. Pure: the rules, the routes of every
//! table and the devices are handed in, so the walk is unit-tested without root.

mod compare;
mod input;
mod matching;
mod path;
mod table;
#[cfg(test)]
mod tests;

pub use compare::*;
pub use path::{Expect, Leg, Path, explain};
pub use table::{Hop, hops, lookup_table};

use super::route::RouteView;
use super::rule::{FIB_RULE_UNRESOLVED, RuleView};
use matching::match_rule;
use std::collections::HashMap;
use table::suppressed;

pub use super::kernel::{AF_INET, AF_INET6};
pub const LOOPBACK_IFINDEX: u32 = 1;

pub use super::kernel::route_type::{
    ANYCAST as RTN_ANYCAST, BROADCAST as RTN_BROADCAST, LOCAL as RTN_LOCAL,
    MULTICAST as RTN_MULTICAST, UNICAST as RTN_UNICAST,
};
use super::kernel::route_type::{
    BLACKHOLE as RTN_BLACKHOLE, NAT as RTN_NAT, PROHIBIT as RTN_PROHIBIT, THROW as RTN_THROW,
    UNREACHABLE as RTN_UNREACHABLE,
};
use super::kernel::rule_action::{
    BLACKHOLE as FR_ACT_BLACKHOLE, GOTO as FR_ACT_GOTO, NOP as FR_ACT_NOP,
    PROHIBIT as FR_ACT_PROHIBIT, TO_TBL as FR_ACT_TO_TBL, UNREACHABLE as FR_ACT_UNREACHABLE,
};

pub use super::kernel::nexthop_flags::{DEAD as RTNH_F_DEAD, LINKDOWN as RTNH_F_LINKDOWN};
/// The IPv4 DSCP bits a rule or route `tos` is compared with
/// (INET_DSCP_LEGACY_TOS_MASK).
const LEGACY_TOS_MASK: u8 = 0x1c;

pub use libc::{EACCES, EHOSTUNREACH, EINVAL, EMSGSIZE, ENETUNREACH, EOPNOTSUPP};

/// glibc's text for the errors a lookup can end with (what `route get` prints
/// after `RTNETLINK answers: `).
pub fn errno_text(errno: i32) -> &'static str {
    match errno {
        EACCES => "Permission denied",
        EINVAL => "Invalid argument",
        EMSGSIZE => "Message too long",
        EOPNOTSUPP => "Operation not supported",
        ENETUNREACH => "Network is unreachable",
        EHOSTUNREACH => "No route to host",
        _ => "Unknown error",
    }
}

/// The packet being routed: what a route lookup request puts into the flow key.
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
    /// The input interface's settings (IPv4 input path only).
    pub conf: InputConf,
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

/// What decides the fate of an IPv4 packet arriving on the input interface, read
/// from `net.ipv4.conf` (the `all` and the device value combined as the kernel
/// combines them) and from the interface's multicast memberships.
#[derive(Debug, Clone, Default)]
pub struct InputConf {
    pub forwarding: bool,
    pub route_localnet: bool,
    pub accept_local: bool,
    /// 0 off, 1 strict, 2 loose.
    pub rp_filter: u8,
    pub send_redirects: bool,
    pub src_valid_mark: bool,
    /// The IPv4 multicast groups the interface has joined.
    pub groups: Vec<[u8; 4]>,
}

/// Interfaces: name -> index, and index -> group (for `suppress_ifgroup`).
#[derive(Debug, Clone, Default)]
pub struct Devices {
    pub index: HashMap<String, u32>,
    pub group: HashMap<u32, u32>,
    /// Interfaces with `route_localnet` on (IPv4).
    pub route_localnet: Vec<u32>,
    /// Interfaces that are administratively down.
    pub down: Vec<u32>,
}

impl Devices {
    /// The name of interface `index` (its number when unknown).
    pub fn name(&self, index: u32) -> String {
        self.index
            .iter()
            .find(|&(_, &i)| i == index)
            .map(|(n, _)| n.clone())
            .unwrap_or_else(|| index.to_string())
    }
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
        table: crate::model::kernel::TableId,
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
    Route {
        table: crate::model::kernel::TableId,
        route: usize,
    },
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
        .filter(|&i| fib.rules[i].family.af() == flow.family)
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
        // Every action that does not end the walk goes on with the next rule,
        // except a resolved goto.
        let next = match &action {
            Action::Goto {
                target: Some(t), ..
            } => rules.iter().position(|r| r == t).unwrap_or(pos + 1),
            _ => pos + 1,
        };
        let verdict = verdict_of(&action, step);
        steps.push(Step {
            rule: index,
            mismatch: None,
            inverted,
            action: Some(action),
        });
        if let Some(verdict) = verdict {
            return Trace { steps, verdict };
        }
        pos = next;
    }
    Trace {
        steps,
        verdict: Verdict::Error {
            errno: ENETUNREACH,
            step: None,
        },
    }
}

/// The end of the walk when `action` (taken at step `step`) decides it.
fn verdict_of(action: &Action, step: usize) -> Option<Verdict> {
    match action {
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
