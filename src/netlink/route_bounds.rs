//! The fixed buffers iproute2 6.1 builds a route request (and a rule request: 1024
//! bytes of attributes) in, and what it does when a request does not fit. The
//! command line parser asks here at the points where iproute2's parser would
//! fail, so error order and texts stay iproute2's. These
//! are byte counts of the wire layout, hence their place next to the encoder.
//!
//! - The message: 4096 bytes of attributes after `struct rtmsg`; a main-line
//!   attribute that does not fit (`addattr_l`, bound 4124; a keyword repeated
//!   adds its attribute again) is left out and the request still goes out.
//! - `encap` on the main line: built in a 1024-byte buffer, then copied into the
//!   message if the message is still under 1024 bytes. An attribute of the encap
//!   that does not fit makes iproute2's parser stop at the encap type word; an
//!   encap that fits its buffer but not the message is left out, and the route
//!   is installed without it.
//! - Metrics: a 256-byte buffer; each metric that does not fit is reported and
//!   left out, and the route goes in with the others.
//! - Multipath: next hops are built in a 4096-byte buffer (an attribute that does
//!   not fit ends the command: "cannot parse nexthop"), then copied into the
//!   message if the whole message stays within 4096 bytes (else exit 1).

use super::route_request::encap_attributes;
use crate::model::route_request::*;

const MESSAGE_HEADER: usize = 16;
const ENCAP_BUFFER: usize = 1024;
const METRICS_BUFFER: usize = 256;
const MULTIPATH_BUFFER: usize = 4096;
/// Header of a `struct rtattr`, and of a `struct rtnexthop`.
const ATTR_HEADER: usize = 4;
const NEXTHOP_HEADER: usize = 8;

fn align(n: usize) -> usize {
    (n + 3) & !3
}

fn attr_len(payload: usize) -> usize {
    align(ATTR_HEADER + payload)
}

fn attr_overflow(function: &str, bound: usize) -> String {
    format!("{function}: Error! max allowed bound {bound} exceeded\n")
}

/// Where iproute2's message starts: the netlink header and `struct rtmsg`.
pub const MESSAGE_START: usize = MESSAGE_HEADER + 12;
/// The bound iproute2 checks main-line attributes against (its whole request).
const MESSAGE_BOUND: usize = MESSAGE_START + 4096;

/// The padded size of an address attribute.
pub fn address_attr(a: &Address) -> usize {
    attr_len(a.bytes.len())
}

/// The padded size of a gateway (`RTA_GATEWAY`, or `RTA_VIA` with its family).
pub fn gateway_attr(g: &Gateway) -> usize {
    match g {
        Gateway::Same(a) => attr_len(a.bytes.len()),
        Gateway::Via(a) => attr_len(2 + a.bytes.len()),
    }
}

/// The padded size of a u8, u16 or u32 attribute.
pub const NUMBER_ATTR: usize = 8;

/// Adds an attribute of `size` to iproute2's message of length `message`, as its
/// `addattr_l` does: the new length, or its message when it does not fit (the
/// attribute is then left out).
pub fn add_main_attr(message: usize, size: usize) -> Result<usize, String> {
    if align(message) + size > MESSAGE_BOUND {
        return Err(format!(
            "addattr_l ERROR: message exceeded bound of {MESSAGE_BOUND}\n"
        ));
    }
    Ok(align(message) + size)
}

/// Where iproute2's rule message starts (header and `struct fib_rule_hdr`),
/// and the bound it checks rule attributes against (1024 bytes after them).
pub const RULE_MESSAGE_START: usize = MESSAGE_HEADER + 12;
const RULE_MESSAGE_BOUND: usize = RULE_MESSAGE_START + 1024;

/// Adds a rule attribute of `size` to iproute2's rule message, as `add_main_attr`.
pub fn add_rule_attr(message: usize, size: usize) -> Result<usize, String> {
    if align(message) + size > RULE_MESSAGE_BOUND {
        return Err(format!(
            "addattr_l ERROR: message exceeded bound of {RULE_MESSAGE_BOUND}\n"
        ));
    }
    Ok(align(message) + size)
}

/// What became of a main-line `encap` that does not fit.
pub struct EncapOverflow {
    /// iproute2's messages, in order.
    pub messages: String,
    /// True when iproute2's parser gave up on the encap and goes on with the word
    /// after `encap` (its type) as the next keyword; false when the encap was
    /// parsed but left out of the request.
    pub reparse: bool,
    /// iproute2's message length afterwards (what was built may still be copied).
    pub message: usize,
}

/// Checks a main-line encap against iproute2's buffers; `message` is the
/// message length when the keyword is met. Ok: the message length with the
/// encap in it.
pub fn main_encap(message: usize, encap: &Encap) -> Result<usize, EncapOverflow> {
    let inner = encap_attributes(encap);
    // The buffer's own header, then the RTA_ENCAP nest's.
    let mut used = 2 * ATTR_HEADER;
    let mut messages = String::new();
    let mut reparse = false;
    for size in inner {
        if used + size > ENCAP_BUFFER {
            messages.push_str(&attr_overflow("rta_addattr_l", ENCAP_BUFFER));
            reparse = true;
            break;
        }
        used += size;
    }
    if !reparse {
        let type_attr = attr_len(2);
        if used + type_attr > ENCAP_BUFFER {
            messages.push_str(&attr_overflow("rta_addattr_l", ENCAP_BUFFER));
        } else {
            used += type_attr;
        }
    }
    // What was built is copied into the message when it fits there.
    let mut after = message;
    if align(message) + align(used - ATTR_HEADER) > ENCAP_BUFFER {
        messages.push_str(&format!(
            "addraw_l ERROR: message exceeded bound of {ENCAP_BUFFER}\n"
        ));
    } else {
        after = align(message) + align(used - ATTR_HEADER);
    }
    if messages.is_empty() {
        return Ok(after);
    }
    Err(EncapOverflow {
        messages,
        reparse,
        message: after,
    })
}

/// iproute2's metrics buffer, filled one metric at a time as the keywords come.
pub struct MetricsBuffer {
    used: usize,
}

impl Default for MetricsBuffer {
    fn default() -> Self {
        MetricsBuffer { used: ATTR_HEADER }
    }
}

impl MetricsBuffer {
    fn add(&mut self, size: usize, function: &str) -> Result<(), String> {
        if self.used + size > METRICS_BUFFER {
            return Err(attr_overflow(function, METRICS_BUFFER));
        }
        self.used += size;
        Ok(())
    }

    /// Adds one metric; iproute2's message when it does not fit (it is then left
    /// out and the command goes on).
    pub fn metric(&mut self, value: &MetricValue) -> Result<(), String> {
        match value {
            MetricValue::Number(_) => self.add(attr_len(4), "rta_addattr32"),
            MetricValue::Name(name) => self.add(attr_len(name.len()), "rta_addattr_l"),
        }
    }

    /// The padded size of the `RTA_METRICS` attribute, when any metric is there.
    pub fn attr(&self) -> Option<usize> {
        (self.used > ATTR_HEADER).then_some(self.used)
    }

    /// The `lock` mask, added after the keywords when any metric is there.
    pub fn lock(&mut self, m: &Metrics) -> Result<(), String> {
        if m.lock == 0 || self.attr().is_none() {
            return Ok(());
        }
        self.add(attr_len(4), "rta_addattr32")
    }
}

/// iproute2's next-hop buffer, filled one `nexthop` at a time.
pub struct MultipathBuffer {
    used: usize,
}

impl Default for MultipathBuffer {
    fn default() -> Self {
        MultipathBuffer { used: ATTR_HEADER }
    }
}

impl MultipathBuffer {
    /// Adds one next hop; on overflow, iproute2's message for the attribute that
    /// did not fit (the command then ends with "cannot parse nexthop").
    pub fn add(&mut self, hop: &NextHop) -> Result<(), String> {
        // The rtnexthop header itself is never checked.
        self.used += NEXTHOP_HEADER;
        for attr in &hop.attrs {
            let sizes = match attr {
                NextHopAttr::Gateway(Gateway::Same(a)) => vec![attr_len(a.bytes.len())],
                NextHopAttr::Gateway(Gateway::Via(a)) => vec![attr_len(2 + a.bytes.len())],
                NextHopAttr::NewDst(a) => vec![attr_len(a.bytes.len())],
                NextHopAttr::Realms(_) => vec![attr_len(4)],
                NextHopAttr::Encap(e) => {
                    // The nest header, the type's attributes, the type.
                    let inner = encap_attributes(e);
                    let mut sizes = vec![ATTR_HEADER];
                    sizes.extend(inner);
                    sizes.push(attr_len(2));
                    sizes
                }
            };
            let function = match attr {
                NextHopAttr::Realms(_) => "rta_addattr32",
                _ => "rta_addattr_l",
            };
            for size in sizes {
                if align(self.used) + size > MULTIPATH_BUFFER {
                    return Err(attr_overflow(function, MULTIPATH_BUFFER));
                }
                self.used += size;
            }
        }
        Ok(())
    }

    /// The final copy into the message (of length `message`): iproute2's
    /// message when it does not fit (exit 1).
    pub fn finish(&self, message: usize) -> Result<(), String> {
        if align(message) + align(self.used) > MULTIPATH_BUFFER {
            return Err(format!(
                "addattr_l ERROR: message exceeded bound of {MULTIPATH_BUFFER}\n"
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(n: usize) -> Encap {
        Encap::Seg6 {
            mode: 1,
            segments: vec![[0; 16]; n],
            hmac: 0,
        }
    }

    #[test]
    fn seg6_limits_of_a_main_line_encap() {
        // Header, rtmsg and a /48 IPv6 destination.
        let message = 16 + 12 + 20;
        assert!(main_encap(message, &segments(59)).is_ok());
        let dropped = main_encap(message, &segments(60)).unwrap_err();
        assert!(!dropped.reparse);
        assert_eq!(
            dropped.messages,
            "addraw_l ERROR: message exceeded bound of 1024\n"
        );
        assert!(main_encap(message, &segments(63)).unwrap_err().reparse);
    }

    #[test]
    fn thirty_one_metrics_fit() {
        let mut buffer = MetricsBuffer::default();
        for _ in 0..31 {
            assert!(buffer.metric(&MetricValue::Number(1)).is_ok());
        }
        assert_eq!(
            buffer.metric(&MetricValue::Number(1)).unwrap_err(),
            "rta_addattr32: Error! max allowed bound 256 exceeded\n"
        );
    }
}
