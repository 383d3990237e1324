//! iproute2 6.1 builds `rule add|del` in a fixed buffer (1024 bytes of
//! attributes) and adds an attribute for every keyword, repeated ones included
//! (`pref 1 pref 2 ...`). Past the buffer it reports each attribute it leaves out
//! and sends the rest, so the rule installed is not the one typed (an earlier
//! `pref`). ipr prints the same messages and refuses the command (exit 255).

use crate::error::{Error, Result};
use crate::model::rule_request::RuleRequest;
use crate::netlink::route_bounds::{RULE_MESSAGE_START, add_rule_attr};
use crate::netlink::rule_request::attributes_len;

/// iproute2's rule message as the keywords fill it, and its overflow messages.
pub struct RuleMessage {
    len: usize,
    overflow: String,
}

impl Default for RuleMessage {
    fn default() -> Self {
        RuleMessage {
            len: RULE_MESSAGE_START,
            overflow: String::new(),
        }
    }
}

/// Calls `$then!` with every optional attribute field of a `RuleRequest`, in
/// iproute2's order within a keyword (`fwmark` before its mask); `l3mdev`, a
/// flag, is handled beside each use.
macro_rules! attribute_fields {
    ($then:ident) => {
        $then!(
            src,
            dst,
            priority,
            fwmark,
            fwmask,
            realms,
            protocol,
            tun_id,
            table_attr,
            suppress_prefixlen,
            suppress_ifgroup,
            iif,
            oif,
            uid_range,
            nat_gateway,
            ip_proto,
            sport,
            dport,
            goto
        )
    };
}

/// Moves every attribute field of `from` into `to`, leaving `from` without
/// them (the header fields stay).
fn move_attributes(from: &mut RuleRequest, to: &mut RuleRequest) {
    macro_rules! take {
        ($($field:ident),*) => {
            $(to.$field = from.$field.take();)*
        };
    }
    attribute_fields!(take);
    to.l3mdev = std::mem::take(&mut from.l3mdev);
}

/// The size of each attribute `set` carries, one request per attribute, in
/// iproute2's order within a keyword (`fwmark` then its mask). A keyword sets
/// one or two, so only those are encoded.
fn each_attribute(set: &RuleRequest) -> Vec<usize> {
    let mut sizes = Vec::new();
    let mut measure = |fill: &dyn Fn(&mut RuleRequest)| {
        let mut r = RuleRequest {
            family: set.family,
            ..Default::default()
        };
        fill(&mut r);
        sizes.push(attributes_len(&r));
    };
    macro_rules! each {
        ($($field:ident),*) => {
            $(if set.$field.is_some() {
                measure(&|r| r.$field = set.$field.clone());
            })*
        };
    }
    attribute_fields!(each);
    if set.l3mdev {
        measure(&|r| r.l3mdev = true);
    }
    sizes
}

impl RuleMessage {
    /// Takes the attribute fields out of `r` before a keyword runs, so that what
    /// it sets (again) shows afterwards.
    pub fn before_keyword(&self, r: &mut RuleRequest) -> RuleRequest {
        let mut saved = RuleRequest::default();
        move_attributes(r, &mut saved);
        saved
    }

    /// Counts what the keyword set and puts the other fields back.
    pub fn after_keyword(&mut self, r: &mut RuleRequest, mut saved: RuleRequest) {
        let mut set = RuleRequest {
            family: r.family,
            ..Default::default()
        };
        move_attributes(r, &mut set);
        for size in each_attribute(&set) {
            match add_rule_attr(self.len, size) {
                Ok(len) => self.len = len,
                Err(text) => self.overflow.push_str(&text),
            }
        }
        // Back: what the keyword set, over what was there.
        merge(&mut saved, set);
        move_attributes(&mut saved, r);
    }

    /// The end of the parse: refused when something did not fit.
    pub fn outcome(self, parsed: Result<RuleRequest>) -> Result<RuleRequest> {
        if self.overflow.is_empty() {
            return parsed;
        }
        match parsed {
            Ok(_) => Err(Error::failed(self.overflow, 255)),
            Err(e) => Err(Error::Message {
                text: format!("{}{}", self.overflow, e.text()),
                code: e.exit_code(),
                fatal: e.is_fatal(),
            }),
        }
    }
}

/// Copies the attributes present in `newer` over `base`.
fn merge(base: &mut RuleRequest, newer: RuleRequest) {
    macro_rules! over {
        ($($field:ident),*) => {
            $(if newer.$field.is_some() { base.$field = newer.$field; })*
        };
    }
    attribute_fields!(over);
    base.l3mdev |= newer.l3mdev;
}
