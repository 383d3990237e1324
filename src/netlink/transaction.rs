//! All-or-nothing changes for `route sync` and `rule sync`. rtnetlink has no
//! transactions, so each change travels with the request that takes it back.
//! Changes go out pipelined, phase by phase (additions and replacements, then
//! deletions); when the kernel refuses one, the next phase is never sent and
//! every change already made is taken back, newest first.

use super::batch::{Batch, DEFAULT_BATCH_BYTES, Failure};
use super::socket::kernel_error;
use crate::error::{Error, Result};
use std::collections::HashMap;

use libc::{EEXIST, ENOENT, ESRCH};

/// One netlink request: message type, header flags (NLM_F_REQUEST and ACK are
/// the transport's), payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub kind: u16,
    pub flags: u16,
    pub payload: Vec<u8>,
}

impl Request {
    /// A route change: the message type and flags of `op`, as every route verb
    /// sends them.
    pub fn route(op: crate::model::route_request::RouteOp, payload: Vec<u8>) -> Request {
        let (kind, flags) = super::route_request::message(op);
        Request {
            kind,
            flags,
            payload,
        }
    }

    /// A rule change: the message type and flags of `op`, as `rule add|del` sends them.
    pub fn rule(op: super::rules::RuleOp, payload: Vec<u8>) -> Request {
        let (kind, flags) = op.message();
        Request {
            kind,
            flags,
            payload,
        }
    }
}

/// A change and the request that takes it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub apply: Request,
    pub undo: Request,
    /// A refusal with this errno means the change was already made by someone
    /// else (a deletion of what has vanished): not a failure, nothing to undo.
    pub harmless: Option<i32>,
}

/// How a transaction ended.
#[derive(Debug)]
pub enum Outcome {
    /// Every change was made.
    Done,
    /// The kernel refused the steps listed (index and its message); what had been
    /// made was taken back, except the undos listed in `undo_failed`.
    /// `lost_replies`: the receive queue overflowed, so which steps failed is not
    /// known; every step sent was taken back.
    Refused {
        refused: Vec<(usize, Error)>,
        undone: usize,
        undo_failed: Vec<(usize, Error)>,
        lost_replies: bool,
    },
}

/// Sends `steps` in the order given, the phases split at `phase_starts` (indexes
/// where a new phase begins), waiting for the kernel's verdict on each phase
/// before sending the next.
pub fn run(steps: &[Step], phase_starts: &[usize]) -> Result<Outcome> {
    let mut batch = Batch::open(DEFAULT_BATCH_BYTES)?;
    let mut bounds: Vec<usize> = phase_starts
        .iter()
        .copied()
        .filter(|&s| s > 0 && s < steps.len())
        .collect();
    bounds.push(steps.len());
    let mut made: Vec<usize> = Vec::new();
    let mut start = 0;
    for end in bounds {
        let mut by_seq = HashMap::new();
        for (i, step) in steps.iter().enumerate().take(end).skip(start) {
            let seq = batch.push(step.apply.kind, step.apply.flags, &step.apply.payload)?;
            by_seq.insert(seq, i);
        }
        let failures = batch.finish()?;
        let lost = std::mem::take(&mut batch.lost_replies);
        let (refused, skipped) = sort_failures(steps, &by_seq, failures);
        made.extend((start..end).filter(|i| !skipped.contains(i)));
        if !refused.is_empty() || lost {
            made.retain(|i| !refused.iter().any(|(r, _)| r == i));
            let undo_failed = take_back(&mut batch, steps, &made, lost)?;
            return Ok(Outcome::Refused {
                refused,
                undone: made.len() - undo_failed.len(),
                undo_failed,
                lost_replies: lost,
            });
        }
        start = end;
    }
    Ok(Outcome::Done)
}

/// The refused steps (with their message), and every step that changed nothing.
fn sort_failures(
    steps: &[Step],
    by_seq: &HashMap<u32, usize>,
    failures: Vec<Failure>,
) -> (Vec<(usize, Error)>, Vec<usize>) {
    let mut refused = Vec::new();
    let mut skipped = Vec::new();
    for f in failures {
        let Some(&i) = by_seq.get(&f.seq) else {
            continue;
        };
        skipped.push(i);
        if steps[i].harmless != Some(f.errno) {
            refused.push((i, kernel_error(-f.errno, f.extack)));
        }
    }
    refused.sort_by_key(|(i, _)| *i);
    (refused, skipped)
}

/// Sends the undo of every made step, newest first. After lost replies some of
/// them may not have been made: an undo that finds its work already done (the
/// route absent, or present) is then not a failure.
fn take_back(
    batch: &mut Batch,
    steps: &[Step],
    made: &[usize],
    lenient: bool,
) -> Result<Vec<(usize, Error)>> {
    let mut by_seq = HashMap::new();
    for &i in made.iter().rev() {
        let undo = &steps[i].undo;
        let seq = batch.push(undo.kind, undo.flags, &undo.payload)?;
        by_seq.insert(seq, i);
    }
    let mut failed: Vec<(usize, Error)> = batch
        .finish()?
        .into_iter()
        .filter(|f| !(lenient && matches!(f.errno, EEXIST | ENOENT | ESRCH)))
        .filter_map(|f| {
            let i = *by_seq.get(&f.seq)?;
            Some((i, kernel_error(-f.errno, f.extack)))
        })
        .collect();
    failed.sort_by_key(|(i, _)| *i);
    Ok(failed)
}
