//! The walk's answer checked against the kernel's own `route get` answer.

use super::*;
use crate::model::kernel::table;
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
    /// False when they agree on everything the tables tell, but the kernel chose
    /// among several next hops by something the walk cannot know (the flow hash,
    /// round robin, neighbour state).
    pub certain: bool,
    /// What was compared (or what differed).
    pub detail: String,
}

fn agreement(agrees: bool, detail: impl Into<String>) -> Agreement {
    Agreement {
        agrees,
        certain: true,
        detail: detail.into(),
    }
}

/// Whether the kernel's error text is `errno`: its message, or the extended
/// message the kernel sends instead for a request it refuses outright.
fn error_matches(errno: i32, text: &str) -> bool {
    text.contains(errno_text(errno))
        || (errno == EOPNOTSUPP && text.contains("Unsupported ip proto"))
}

/// Compares the answer the walk predicts (`path.expect`) with the kernel's.
pub fn compare(path: &Path, answer: &KernelAnswer) -> Agreement {
    compare_expect(&path.expect, answer)
}

fn compare_expect(expect: &Expect, answer: &KernelAnswer) -> Agreement {
    match (expect, answer) {
        (Expect::Choice(options), _) => compare_choice(options, answer),
        (Expect::Error { errno }, KernelAnswer::Error(text)) => {
            if error_matches(*errno, text) {
                agreement(true, format!("both fail: {}", errno_text(*errno)))
            } else {
                agreement(
                    false,
                    format!(
                        "the walk expects {}, the kernel answered {}",
                        errno_text(*errno),
                        text.trim()
                    ),
                )
            }
        }
        (Expect::Error { errno }, KernelAnswer::Route(_)) => agreement(
            false,
            format!(
                "the walk expects {}, the kernel found a route",
                errno_text(*errno)
            ),
        ),
        (Expect::Route { .. }, KernelAnswer::Error(text)) => agreement(
            false,
            format!(
                "the walk expects a route, the kernel answered {}",
                text.trim()
            ),
        ),
        (Expect::Route { kind, table, legs }, KernelAnswer::Route(k)) => {
            compare_routes(*kind, *table, legs, k)
        }
    }
}

/// The kernel's answer against outcomes that depend on its hash choice: one of
/// them matching is all the walk can say.
fn compare_choice(options: &[Expect], answer: &KernelAnswer) -> Agreement {
    let results: Vec<Agreement> = options.iter().map(|o| compare_expect(o, answer)).collect();
    match results.iter().find(|a| a.agrees) {
        Some(a) => Agreement {
            agrees: true,
            certain: false,
            detail: format!(
                "{}; the outcome depends on the next hop the kernel hashes to, which the walk cannot know",
                a.detail
            ),
        },
        None => agreement(
            false,
            format!(
                "no outcome the next hops allow matches: {}",
                results[0].detail
            ),
        ),
    }
}

fn compare_routes(
    kind: crate::model::kernel::RouteType,
    table: Option<crate::model::kernel::TableId>,
    legs: &[Leg],
    k: &RouteView,
) -> Agreement {
    match table {
        Some(t) if k.table != t => {
            return agreement(
                false,
                format!("the walk used table {t}, the kernel table {}", k.table),
            );
        }
        None if k.table != table::UNSPEC && k.table != table::MAIN => {
            return agreement(
                false,
                format!(
                    "no table takes part, yet the kernel names table {}",
                    k.table
                ),
            );
        }
        _ => {}
    }
    if k.kind != kind {
        return agreement(false, format!("route types differ ({kind} and {})", k.kind));
    }
    let what = if table.is_some() {
        "same table and route type"
    } else {
        "same route type"
    };
    if legs.is_empty() {
        return agreement(true, what);
    }
    let same = |l: &Leg| l.dev == k.oif.unwrap_or(0) && l.gateway == k.gateway;
    if !legs.iter().any(same) {
        return agreement(
            false,
            "the kernel's gateway/device is not a next hop the walk allows",
        );
    }
    let distinct = legs.iter().filter(|l| !same(l)).count() + 1;
    if distinct == 1 {
        return agreement(true, format!("{what}, gateway and device"));
    }
    Agreement {
        agrees: true,
        certain: false,
        detail: format!(
            "{what}; the kernel's next hop is one of {distinct} it chooses among by flow hash, \
             round robin or neighbour state, which the walk cannot know"
        ),
    }
}

/// The exit status of `route explain`: 0 when the walk and the kernel agree, 1
/// when they do not, 2 when they agree that the lookup fails.
pub fn exit_status(agreement: &Agreement, answer: &KernelAnswer) -> i32 {
    match (agreement.agrees, answer) {
        (false, _) => 1,
        (true, KernelAnswer::Error(_)) => 2,
        (true, KernelAnswer::Route(_)) => 0,
    }
}
