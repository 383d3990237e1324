//! The walk's answer checked against the kernel's own `route get` answer.

use super::*;
use crate::model::route::RouteView;

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
