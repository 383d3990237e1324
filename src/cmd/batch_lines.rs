//! What kind of line a batch line is, as far as running it in order goes:
//! whether it may be sent ahead of the kernel's answers, whether the reader must
//! wait for it, whether it may add rules, and whether it prints through the
//! batch's output buffer.

use super::Context;
use crate::cli::keyword::abbreviates;
use crate::cli::route::{self as route_grammar, RouteVerb};
use crate::cli::rule::{self as rule_grammar, RuleVerb};
use crate::model::route_request::RouteOp;

/// What may be sent ahead of the answers.
#[derive(Clone, Copy)]
pub enum Plan {
    Route(RouteOp),
    Rule { add: bool },
}

/// How the reader treats a line that is not sent ahead.
#[derive(PartialEq, Eq)]
pub enum Turn {
    /// Handed over; the reader goes on.
    Pass,
    /// Handed over; the reader waits until it has run (it reads stdin, or it
    /// is not a route or rule command).
    Wait,
}

/// The change a line may send ahead of the answers, if any.
pub fn pipelinable(cx: &Context, words: &[String]) -> Option<Plan> {
    // `-echo` prints each change as the kernel answers it: one at a time.
    if cx.opts.echo {
        return None;
    }
    let object = words.first()?;
    if super::names_route_object(object) {
        let verb = route_grammar::verb(words.get(1)?).ok()?;
        let op = super::route_modify::operation(verb)?;
        // Without -force a failure must leave what iproute2 leaves, so only `add`
        // goes ahead of the answers: it creates a route no other route shares
        // (exclusively), which its undo deletion removes again without touching
        // another. `append`/`prepend` sit beside existing routes and `test`
        // creates nothing, so a deletion could hit the wrong route.
        return (verb == RouteVerb::Add || cx.opts.force).then_some(Plan::Route(op));
    }
    if super::names_rule_object(object) {
        let add = match rule_grammar::verb(words.get(1)?).ok()? {
            RuleVerb::Add => true,
            RuleVerb::Delete => false,
            _ => return None,
        };
        // Nothing to parse: the handler's own message. NAT prints a warning
        // while parsing, which must come in its turn.
        let nat = |w: &String| w == "nat" || abbreviates(w, "map-to");
        if words.get(2).is_none() || words[2..].iter().any(nat) {
            return None;
        }
        return (add || cx.opts.force).then_some(Plan::Rule { add });
    }
    None
}

/// Whether a line run in its turn may add rules (of preferences not known).
pub fn adds_rules(words: &[String]) -> bool {
    let (Some(object), Some(verb)) = (words.first(), words.get(1)) else {
        return false;
    };
    super::names_rule_object(object)
        && !matches!(
            rule_grammar::verb(verb),
            Ok(RuleVerb::List
                | RuleVerb::Delete
                | RuleVerb::Flush
                | RuleVerb::Save
                | RuleVerb::Help)
        )
}

/// Whether the reader must wait for a handed-over line before reading on.
pub fn turn(words: &[String]) -> Turn {
    let (Some(object), verb) = (words.first(), words.get(1)) else {
        return Turn::Pass;
    };
    if super::names_route_object(object) {
        return match verb.map(|v| route_grammar::verb(v)) {
            None => Turn::Pass,
            Some(Ok(RouteVerb::Restore)) => Turn::Wait,
            Some(_) if verb.is_some_and(|v| v == "explain" || v == "sync") => Turn::Wait,
            Some(_) => Turn::Pass,
        };
    }
    if super::names_rule_object(object) {
        return match verb.map(|v| rule_grammar::verb(v)) {
            Some(Ok(RuleVerb::Restore)) => Turn::Wait,
            _ => Turn::Pass,
        };
    }
    Turn::Wait
}

/// Whether a line prints through the context's printer (into the session's
/// buffer); other commands write to stdout themselves.
pub fn prints_through_session(words: &[String]) -> bool {
    let (Some(object), verb) = (words.first(), words.get(1)) else {
        return true;
    };
    if super::names_route_object(object) {
        return match verb.map(|v| route_grammar::verb(v)) {
            None => true,
            Some(Ok(verb)) => {
                matches!(verb, RouteVerb::List | RouteVerb::Get)
                    || super::route_modify::operation(verb).is_some()
            }
            Some(Err(_)) => true,
        };
    }
    if super::names_rule_object(object) {
        return matches!(
            verb.map(|v| rule_grammar::verb(v)),
            None | Some(Ok(RuleVerb::List | RuleVerb::Add | RuleVerb::Delete)) | Some(Err(_))
        );
    }
    false
}
