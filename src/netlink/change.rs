//! A route or rule change ready to pipeline (`-batch`): encoded once from its
//! typed request, ahead of the answers, and able to name the deletion that takes
//! an exclusive addition back.

use super::batch::Batch;
use super::consts::{RTM_DELROUTE, RTM_DELRULE, RTM_NEWROUTE, RTM_NEWRULE};
use super::route_request::{encode, message, undo_payload};
use super::rules::RuleOp;
use crate::error::Result;
use crate::model::route_request::{RouteOp, RouteRequest};
use crate::model::rule_request::RuleRequest;

/// One encoded change: its message type, header flags and payload.
#[derive(Debug, Clone)]
pub struct Change {
    kind: u16,
    flags: u16,
    payload: Vec<u8>,
}

impl Change {
    pub fn route(request: &RouteRequest, op: RouteOp) -> Change {
        let (kind, flags) = message(op);
        Change {
            kind,
            flags,
            payload: encode(request),
        }
    }

    pub fn rule(request: &RuleRequest, op: RuleOp) -> Change {
        let (kind, flags) = op.message();
        Change {
            kind,
            flags,
            payload: super::rule_request::encode(request, op == RuleOp::Add),
        }
    }

    /// The deletion that takes back this change, a successful exclusive
    /// addition; None for any other change.
    pub fn undo(&self) -> Option<Change> {
        let (kind, payload) = match self.kind {
            RTM_NEWROUTE => (RTM_DELROUTE, undo_payload(&self.payload)),
            // A rule deletion matches on what the addition named.
            RTM_NEWRULE => (RTM_DELRULE, self.payload.clone()),
            _ => return None,
        };
        Some(Change {
            kind,
            flags: 0,
            payload,
        })
    }

    /// Queues the change; returns its sequence number.
    pub fn push(&self, batch: &mut Batch) -> Result<u32> {
        batch.push(self.kind, self.flags, &self.payload)
    }
}
