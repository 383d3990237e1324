//! Rules on the wire, behind typed calls: the dump (per family), the deletion
//! of a dumped rule, and a rule change with its optional echo.

use super::consts::*;
use super::header::RtHeader;
use super::{Message, Netlink, decode, rule_request};
use crate::error::Result;
use crate::model::rule::RuleView;
use crate::model::rule_request::RuleRequest;

/// A rule change: `rule add` or `rule del`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleOp {
    Add,
    Delete,
}

impl RuleOp {
    /// The message type and header flags (ACK excluded) of the change.
    pub fn message(self) -> (u16, u16) {
        match self {
            RuleOp::Add => (RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL),
            RuleOp::Delete => (RTM_DELRULE, 0),
        }
    }
}

/// Dumps the rules of `family` (0 for every family), handing each to `each` with
/// the message it came in (to save or delete it as the kernel sent it).
pub fn dump_rules(
    nl: &mut Netlink,
    family: u8,
    each: &mut dyn FnMut(&RuleView, &Message) -> Result<()>,
) -> Result<()> {
    // Only the family: the kernel refuses other rule dump filters.
    let request = RtHeader::family(family).bytes();
    nl.dump(RTM_GETRULE, &request, &mut |msg| {
        if msg.kind != RTM_NEWRULE {
            return Ok(());
        }
        each(&decode::rule(msg.payload)?, msg)
    })
}

/// Every rule of `family` (0 for every family).
pub fn all_rules(nl: &mut Netlink, family: u8) -> Result<Vec<RuleView>> {
    let mut rules = Vec::new();
    dump_rules(nl, family, &mut |rule, _| {
        rules.push(rule.clone());
        Ok(())
    })?;
    Ok(rules)
}

/// A dumped rule as the kernel sent it, kept to delete it after the dump.
pub struct Dumped(Vec<u8>);

impl Dumped {
    pub fn keep(msg: &Message) -> Dumped {
        Dumped(msg.payload.to_vec())
    }

    /// Deletes the rule, named by the kernel's own copy of it.
    pub fn delete(&self, nl: &mut Netlink) -> Result<()> {
        nl.request(RTM_DELRULE, 0, &self.0)
    }
}

/// Sends a rule change and waits for the kernel's answer. With `echo`, the
/// kernel sends the change back before its ACK and it is returned (a deletion
/// marked `deleted`).
pub fn send_rule(
    nl: &mut Netlink,
    request: &RuleRequest,
    op: RuleOp,
    echo: bool,
) -> Result<Option<RuleView>> {
    let payload = rule_request::encode(request, op == RuleOp::Add);
    let (kind, flags) = op.message();
    if !echo {
        nl.request(kind, flags, &payload)?;
        return Ok(None);
    }
    let reply = nl.request_reply(kind, flags | NLM_F_ACK | NLM_F_ECHO, &payload)?;
    let Some((kind, payload)) = reply else {
        return Ok(None);
    };
    let mut rule = decode::rule(&payload)?;
    rule.deleted = kind == RTM_DELRULE;
    Ok(Some(rule))
}
