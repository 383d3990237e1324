//! Where the `route add|change|...` grammar meets iproute2's fixed request buffers
//! (`netlink::route_bounds` knows their sizes): the messages iproute2 prints when
//! something does not fit, at the point its parser prints them, and what follows.
//!
//! iproute2 6.1 reports a metric, a main-line attribute or a main-line encap that
//! does not fit and then installs the route without it. ipr prints the same
//! messages and refuses the whole command (exit 255), so no route other than the
//! one asked for goes in.

use super::{Devices, Words, encap};
use crate::error::{Error, Result};
use crate::model::route_request::RouteRequest;
use crate::names::Names;
use crate::netlink::route_bounds::{self as wire, MetricsBuffer, MultipathBuffer};

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

/// iproute2's message as the keywords fill it: every attribute a keyword adds,
/// repeated keywords included (ipr's request keeps only the last value).
pub struct Message {
    len: usize,
    metrics: MetricsBuffer,
    metrics_counted: usize,
}

impl Default for Message {
    fn default() -> Self {
        Message {
            len: wire::MESSAGE_START,
            metrics: MetricsBuffer::default(),
            metrics_counted: 0,
        }
    }
}

/// The request's single-valued attributes, taken out while a keyword runs so
/// that what it sets (again) shows.
#[derive(Default)]
struct Taken {
    dst: Option<crate::model::route_request::Address>,
    src: Option<crate::model::route_request::Address>,
    prefsrc: Option<crate::model::route_request::Address>,
    newdst: Option<crate::model::route_request::Address>,
    numbers: [Option<u32>; 4],
    bytes: [Option<u8>; 2],
}

impl Message {
    /// The message length so far.
    pub fn len(&self) -> usize {
        self.len
    }

    fn add(&mut self, size: usize, overflow: &mut String) {
        match wire::add_main_attr(self.len, size) {
            Ok(len) => self.len = len,
            Err(text) => overflow.push_str(&text),
        }
    }

    /// Runs one main-line keyword and counts the attributes iproute2 adds for it
    /// (and the metrics, in their own buffer).
    pub fn keyword(
        &mut self,
        req: &mut RouteRequest,
        overflow: &mut String,
        run: impl FnOnce(&mut RouteRequest) -> Result<()>,
    ) -> Result<()> {
        let mut taken = Taken {
            dst: req.dst.take(),
            src: req.src.take(),
            prefsrc: req.prefsrc.take(),
            newdst: req.newdst.take(),
            numbers: [
                req.priority.take(),
                req.realms.take(),
                req.expires.take(),
                req.nhid.take(),
            ],
            bytes: [req.pref.take(), req.ttl_propagate.take()],
        };
        let had_gateway = req.gateway.is_some();
        let table_before = req.table_attr;
        run(req)?;
        let mut sizes = Vec::new();
        for (now, before) in [
            (&mut req.dst, &mut taken.dst),
            (&mut req.src, &mut taken.src),
            (&mut req.prefsrc, &mut taken.prefsrc),
            (&mut req.newdst, &mut taken.newdst),
        ] {
            match now {
                Some(a) => sizes.push(wire::address_attr(a)),
                None => *now = before.take(),
            }
        }
        let numbers = [
            &mut req.priority,
            &mut req.realms,
            &mut req.expires,
            &mut req.nhid,
        ];
        for (now, before) in numbers.into_iter().zip(taken.numbers) {
            match now {
                Some(_) => sizes.push(wire::NUMBER_ATTR),
                None => *now = before,
            }
        }
        for (now, before) in [&mut req.pref, &mut req.ttl_propagate]
            .into_iter()
            .zip(taken.bytes)
        {
            match now {
                Some(_) => sizes.push(wire::NUMBER_ATTR),
                None => *now = before,
            }
        }
        if let Some(g) = req.gateway.as_ref().filter(|_| !had_gateway) {
            sizes.push(wire::gateway_attr(g));
        }
        if req.table_attr.is_some() && req.table_attr != table_before {
            sizes.push(wire::NUMBER_ATTR);
        }
        for size in sizes {
            self.add(size, overflow);
        }
        for (_, value) in &req.metrics.values[self.metrics_counted..] {
            if let Err(text) = self.metrics.metric(value) {
                overflow.push_str(&text);
            }
        }
        self.metrics_counted = req.metrics.values.len();
        Ok(())
    }

    /// `encap TYPE ...` on the main line. When iproute2's encap buffer cannot
    /// hold the encap's attributes, its parser gives up on the encap and reads
    /// the type word as the next keyword (which then fails as a destination);
    /// so does this.
    pub fn encap(
        &mut self,
        words: &mut Words,
        req: &mut RouteRequest,
        names: &Names,
        devices: &dyn Devices,
        overflow: &mut String,
    ) -> Result<()> {
        let before = words.remaining();
        let parsed = encap::parse(words, names, devices)?;
        match wire::main_encap(self.len, &parsed) {
            Ok(len) => {
                self.len = len;
                req.encap = Some(parsed);
            }
            Err(o) => {
                overflow.push_str(&o.messages);
                self.len = o.message;
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

    /// What iproute2 adds after the keywords: the device, then the metrics
    /// (with their lock mask).
    pub fn after_keywords(&mut self, req: &RouteRequest, overflow: &mut String) {
        if req.oif.is_some() {
            self.add(wire::NUMBER_ATTR, overflow);
        }
        if let Err(text) = self.metrics.lock(&req.metrics) {
            overflow.push_str(&text);
        }
        if let Some(size) = self.metrics.attr() {
            self.add(size, overflow);
        }
    }
}

/// The next hops copied into the message of length `message`: iproute2 gives
/// up (exit 1) when it would pass its 4096-byte bound.
pub fn multipath_fits(buffer: &MultipathBuffer, message: usize) -> Result<()> {
    buffer
        .finish(message)
        .map_err(|text| Error::failed(text, 1))
}
