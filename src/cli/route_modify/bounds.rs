//! Where the `route add|change|...` grammar meets iproute2's fixed request buffers
//! (`netlink::route_bounds` knows their sizes): the messages iproute2 prints when
//! something does not fit, at the point its parser prints them, and what follows.
//!
//! iproute2 6.1 reports a metric or a main-line encap that does not fit and then
//! installs the route without it. ipr prints the same messages and refuses the
//! whole command (exit 255), so no route other than the one asked for goes in.

use super::{Devices, Words, encap};
use crate::error::{Error, Result};
use crate::model::route_request::RouteRequest;
use crate::names::Names;
use crate::netlink::route_bounds::{self, MetricsBuffer, MultipathBuffer};

/// The end of a parse that may have met an overflow: the messages come before
/// any later error; a parse that went through is refused.
pub fn outcome(parsed: Result<RouteRequest>, overflow: String) -> Result<RouteRequest> {
    if overflow.is_empty() {
        return parsed;
    }
    match parsed {
        Ok(_) => Err(Error::failed(overflow, 255)),
        Err(e) => Err(Error::Message {
            text: format!("{overflow}{}", e.text()),
            code: e.exit_code(),
            fatal: e.is_fatal(),
        }),
    }
}

/// `encap TYPE ...` on the main line. When iproute2's encap buffer cannot hold
/// the encap's attributes, its parser gives up on the encap and reads the type
/// word as the next keyword (which then fails as a destination); so does this.
pub fn main_encap(
    words: &mut Words,
    req: &mut RouteRequest,
    names: &Names,
    devices: &dyn Devices,
    overflow: &mut String,
) -> Result<()> {
    let before = words.remaining();
    let parsed = encap::parse(words, names, devices)?;
    let message = route_bounds::message_len(req, false);
    match route_bounds::main_encap(message, &parsed) {
        None => req.encap = Some(parsed),
        Some(o) => {
            overflow.push_str(&o.messages);
            if o.reparse {
                // Back to the type word, right after `encap`.
                for _ in 0..before - words.remaining() {
                    words.unread();
                }
            }
        }
    }
    Ok(())
}

/// Metrics checked as they are read, as iproute2 adds each to its buffer.
#[derive(Default)]
pub struct Metrics {
    counted: usize,
    buffer: MetricsBuffer,
}

impl Metrics {
    /// Checks the metrics the last keyword added.
    pub fn check(&mut self, req: &RouteRequest, overflow: &mut String) {
        for (_, value) in &req.metrics.values[self.counted..] {
            if let Err(text) = self.buffer.metric(value) {
                overflow.push_str(&text);
            }
        }
        self.counted = req.metrics.values.len();
    }

    /// The lock mask, added after the keywords.
    pub fn finish(&mut self, req: &RouteRequest, overflow: &mut String) {
        if let Err(text) = self.buffer.lock(&req.metrics) {
            overflow.push_str(&text);
        }
    }
}

/// The next hops copied into the message: iproute2 gives up (exit 1) when the
/// message would pass its 4096-byte bound.
pub fn multipath_fits(buffer: &MultipathBuffer, req: &RouteRequest) -> Result<()> {
    buffer
        .finish(route_bounds::message_len(req, true))
        .map_err(|text| Error::failed(text, 1))
}
