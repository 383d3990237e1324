//! Wire encoding of a `RouteRequest`: the netlink message type and header flags of
//! each verb, `struct rtmsg`, and the route attributes, laid out as iproute2 lays
//! them out (header fields, attributes in the order the kernel reads them, device,
//! metrics and multipath last). Also the VRF-table lookup `vrf NAME` needs.

use super::Netlink;
use super::attrs::{Payload, attributes_whole};
use super::consts::*;
use super::header::{RTMSG_LEN, RtHeader};
use crate::model::kernel::TableId;
use crate::model::route_request::*;

/// The message type and flags (NLM_F_ACK excluded) of a verb.
pub fn message(op: RouteOp) -> (u16, u16) {
    match op {
        RouteOp::Add => (RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL),
        RouteOp::Change => (RTM_NEWROUTE, NLM_F_REPLACE),
        RouteOp::Replace => (RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE),
        RouteOp::Prepend => (RTM_NEWROUTE, NLM_F_CREATE),
        RouteOp::Append => (RTM_NEWROUTE, NLM_F_CREATE | NLM_F_APPEND),
        RouteOp::Test => (RTM_NEWROUTE, NLM_F_EXCL),
        RouteOp::Delete => (RTM_DELROUTE, 0),
    }
}

/// `struct rtmsg` followed by the attributes.
pub fn encode(req: &RouteRequest) -> Vec<u8> {
    let header = RtHeader {
        family: req.family.af(),
        dst_len: req.dst_len,
        src_len: req.src_len,
        tos: req.tos,
        table: req.table,
        protocol: req.protocol.0,
        scope: req.scope.0,
        kind: req.kind.0,
        flags: req.flags,
    };
    let mut p = header.payload();
    if let Some(a) = &req.dst {
        p.attr(RTA_DST, &a.bytes);
    }
    if let Some(a) = &req.src {
        p.attr(RTA_SRC, &a.bytes);
    }
    if let Some(a) = &req.prefsrc {
        p.attr(RTA_PREFSRC, &a.bytes);
    }
    if let Some(g) = &req.gateway {
        gateway(&mut p, g);
    }
    if let Some(a) = &req.newdst {
        p.attr(RTA_NEWDST, &a.bytes);
    }
    if let Some(v) = req.priority {
        p.u32(RTA_PRIORITY, v);
    }
    if let Some(v) = req.realms {
        p.u32(RTA_FLOW, v);
    }
    if let Some(v) = req.expires {
        p.u32(RTA_EXPIRES, v);
    }
    if let Some(v) = req.nhid {
        p.u32(RTA_NH_ID, v);
    }
    if let Some(v) = req.table_attr {
        p.u32(RTA_TABLE, v);
    }
    if let Some(v) = req.pref {
        p.u8(RTA_PREF, v);
    }
    if let Some(v) = req.ttl_propagate {
        p.u8(RTA_TTL_PROPAGATE, v);
    }
    if let Some(e) = &req.encap {
        encap(&mut p, e);
    }
    if let Some(v) = req.oif {
        p.u32(RTA_OIF, v);
    }
    if !req.metrics.values.is_empty() {
        p.attr(RTA_METRICS, &metrics(&req.metrics));
    }
    if !req.multipath.is_empty() {
        p.attr(RTA_MULTIPATH, &multipath(&req.multipath));
    }
    p.bytes
}

/// The deletion that takes back a successful exclusive `add`, from the add's own
/// bytes. No route with the same prefix, tos and metric was there, so naming
/// the metric the kernel gave the new route (IPv6's default is 1024; an IPv4
/// deletion without one finds the lowest, ours, first) reaches only it. Metrics
/// are left out: the kernel may have stored them changed (`mtu 65535` is kept
/// as 65520) and a deletion that names them would then miss. Attributes are
/// copied as they are, flags included.
pub fn undo_payload(add: &[u8]) -> Vec<u8> {
    use crate::model::kernel::AF_INET6;
    let (header, attrs) = add.split_at(RTMSG_LEN.min(add.len()));
    let mut out = header.to_vec();
    let mut has_metric = false;
    for (kind, value, whole) in attributes_whole(attrs) {
        if kind == RTA_PRIORITY {
            has_metric = value != [0, 0, 0, 0];
        }
        if kind != RTA_METRICS {
            out.extend_from_slice(whole);
            out.resize((out.len() + 3) & !3, 0);
        }
    }
    if header.first() == Some(&AF_INET6) && !has_metric {
        let mut p = Payload::with_header(&out);
        p.u32(RTA_PRIORITY, 1024);
        out = p.bytes;
    }
    out
}

fn gateway(p: &mut Payload, g: &Gateway) {
    match g {
        Gateway::Same(a) => {
            p.attr(RTA_GATEWAY, &a.bytes);
        }
        Gateway::Via(a) => {
            let mut v = (a.family.af() as u16).to_ne_bytes().to_vec();
            v.extend_from_slice(&a.bytes);
            p.attr(RTA_VIA, &v);
        }
    }
}

/// The nested `RTAX_*` attributes, `RTAX_LOCK` last when anything is locked.
fn metrics(m: &Metrics) -> Vec<u8> {
    let mut nest = Payload::default();
    for (kind, value) in &m.values {
        match value {
            MetricValue::Number(n) => nest.u32(*kind, *n),
            MetricValue::Name(s) => nest.attr(*kind, &crate::lossless::encode(s)),
        };
    }
    if m.lock != 0 {
        nest.u32(rtax::LOCK, m.lock);
    }
    nest.bytes
}

/// `struct rtnexthop` records, each followed by its own attributes.
fn multipath(hops: &[NextHop]) -> Vec<u8> {
    let mut out = Vec::new();
    for hop in hops {
        let mut attrs = Payload::default();
        for a in &hop.attrs {
            match a {
                NextHopAttr::Gateway(g) => gateway(&mut attrs, g),
                NextHopAttr::Realms(r) => {
                    attrs.u32(RTA_FLOW, *r);
                }
                NextHopAttr::Encap(e) => encap(&mut attrs, e),
                NextHopAttr::NewDst(a) => {
                    attrs.attr(RTA_NEWDST, &a.bytes);
                }
            }
        }
        let len = 8 + attrs.bytes.len();
        out.extend_from_slice(&(len as u16).to_ne_bytes());
        out.push(hop.flags);
        out.push(hop.hops);
        out.extend_from_slice(&hop.ifindex.to_ne_bytes());
        out.extend_from_slice(&attrs.bytes);
    }
    out
}

/// The sizes (padded) of the attributes nested in an encap's `RTA_ENCAP`, in the
/// order they are laid out (for `route_bounds`).
pub(crate) fn encap_attributes(e: &Encap) -> Vec<usize> {
    let mut p = Payload::default();
    encap(&mut p, e);
    let nest_len = u16::from_ne_bytes([p.bytes[0], p.bytes[1]]) as usize;
    let mut inner = &p.bytes[4..nest_len];
    let mut sizes = Vec::new();
    while inner.len() >= 4 {
        let len = (u16::from_ne_bytes([inner[0], inner[1]]) as usize + 3) & !3;
        sizes.push(len);
        inner = &inner[len.clamp(4, inner.len())..];
    }
    sizes
}

/// `RTA_ENCAP` (the type's own attributes, nested) then `RTA_ENCAP_TYPE`.
fn encap(p: &mut Payload, e: &Encap) {
    let mut nest = Payload::default();
    match e {
        Encap::Mpls { labels, ttl } => {
            nest.attr(1, labels);
            if let Some(t) = ttl {
                nest.u8(2, *t);
            }
        }
        Encap::Ip(t) | Encap::Ip6(t) => {
            if let Some(id) = t.id {
                nest.attr(1, &id.to_be_bytes());
            }
            if let Some(a) = &t.dst {
                nest.attr(2, a);
            }
            if let Some(a) = &t.src {
                nest.attr(3, a);
            }
            if let Some(v) = t.ttl {
                nest.u8(4, v);
            }
            if let Some(v) = t.tos {
                nest.u8(5, v);
            }
            if t.flags != 0 {
                nest.attr(6, &t.flags.to_be_bytes());
            }
        }
        Encap::Seg6 {
            mode,
            segments,
            hmac,
        } => {
            nest.attr(1, &seg6_tunnel(*mode, segments, *hmac));
        }
        Encap::Seg6Local(attrs) => seg6local(&mut nest, attrs),
        Encap::Ila { locator, options } => {
            nest.attr(1, locator);
            for (kind, value) in options {
                nest.u8(*kind, *value);
            }
        }
        Encap::Bpf { headroom } => {
            if let Some(h) = headroom {
                nest.u32(4, *h);
            }
        }
        Encap::Rpl { segments } => {
            nest.attr(1, &rpl_srh(segments));
        }
        Encap::Ioam6 {
            mode,
            tundst,
            trace_type,
            namespace,
            size,
        } => {
            nest.u8(1, *mode);
            if let Some(a) = tundst {
                nest.attr(2, a);
            }
            nest.attr(3, &ioam6_trace(*trace_type, *namespace, *size));
        }
        Encap::Xfrm { if_id, link } => {
            nest.u32(1, *if_id);
            if let Some(l) = link {
                nest.u32(2, *l);
            }
        }
    }
    p.attr(RTA_ENCAP, &nest.bytes);
    p.attr(RTA_ENCAP_TYPE, &e.kind().to_ne_bytes());
}

/// `struct seg6_iptunnel_encap`: the mode, then a segment routing header.
fn seg6_tunnel(mode: i32, segments: &[[u8; 16]], hmac: u32) -> Vec<u8> {
    let mut v = mode.to_ne_bytes().to_vec();
    v.extend_from_slice(&srh(segments, hmac));
    v
}

/// A segment routing header (type 4) with the segments in wire order and, with a
/// key id, an HMAC TLV.
fn srh(segments: &[[u8; 16]], hmac: u32) -> Vec<u8> {
    let n = segments.len();
    let mut len = 8 + 16 * n;
    if hmac != 0 {
        len += 40;
    }
    let mut v = Vec::with_capacity(len);
    v.push(0); // next header
    v.push(((len >> 3) - 1) as u8);
    v.push(4); // routing type: segment routing
    v.push((n - 1) as u8); // segments left
    v.push((n - 1) as u8); // first segment
    v.push(if hmac != 0 { 1 << 3 } else { 0 });
    v.extend_from_slice(&[0, 0]); // tag
    for s in segments {
        v.extend_from_slice(s);
    }
    if hmac != 0 {
        v.extend_from_slice(&[5, 38, 0, 0]);
        v.extend_from_slice(&hmac.to_be_bytes());
        v.extend_from_slice(&[0; 32]);
    }
    v
}

/// The `SEG6_LOCAL_*` attributes of `encap seg6local`.
fn seg6local(nest: &mut Payload, attrs: &[Seg6LocalAttr]) {
    for a in attrs {
        match a {
            Seg6LocalAttr::Action(v) => nest.u32(1, *v),
            Seg6LocalAttr::Srh { segments, hmac } => nest.attr(2, &srh(segments, *hmac)),
            Seg6LocalAttr::Table(v) => nest.u32(3, *v),
            Seg6LocalAttr::Nh4(a) => nest.attr(4, a),
            Seg6LocalAttr::Nh6(a) => nest.attr(5, a),
            Seg6LocalAttr::Iif(v) => nest.u32(6, *v),
            Seg6LocalAttr::Oif(v) => nest.u32(7, *v),
            Seg6LocalAttr::VrfTable(v) => nest.u32(9, *v),
            Seg6LocalAttr::Counters => {
                // Packets, bytes, errors (after a padding type 1): u64 zeros.
                let mut counters = Payload::default();
                for kind in 2..=4 {
                    counters.attr(kind, &0u64.to_ne_bytes());
                }
                nest.attr(10, &counters.bytes)
            }
            Seg6LocalAttr::Flavors {
                operations,
                lblen,
                nflen,
            } => {
                let mut flavors = Payload::default();
                flavors.u32(1, *operations);
                if let Some(v) = lblen {
                    flavors.u8(2, *v);
                }
                if let Some(v) = nflen {
                    flavors.u8(3, *v);
                }
                nest.attr(11, &flavors.bytes)
            }
        };
    }
}

/// `struct ipv6_rpl_sr_hdr` (routing type 3) with uncompressed segments.
fn rpl_srh(segments: &[[u8; 16]]) -> Vec<u8> {
    let n = segments.len();
    let mut v = vec![0, (2 * n) as u8, 3, n as u8, 0, 0, 0, 0];
    for s in segments {
        v.extend_from_slice(s);
    }
    v
}

/// `struct ioam6_trace_hdr` (the kernel pre-allocates `size` bytes of data).
fn ioam6_trace(trace_type: u32, namespace: u16, size: u16) -> Vec<u8> {
    let mut v = namespace.to_be_bytes().to_vec();
    v.push(0); // node length: the kernel computes it
    v.push((size / 4) as u8 & 0x7f); // remaining length, in 4-octet units
    v.extend_from_slice(&(trace_type << 8).to_be_bytes());
    v
}

/// The table `vrf NAME` means in a route change: iproute2 calls the main table
/// `default`; any other name must be a VRF device.
pub fn vrf_table(nl: &mut Netlink, name: &str) -> Option<TableId> {
    crate::model::kernel::table::of_default_vrf(name)
        .or_else(|| super::vrf::table(nl, name).map(TableId))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribute_kinds(payload: &[u8]) -> Vec<u16> {
        crate::netlink::attrs::attributes(&payload[12..])
            .map(|(k, _)| k)
            .collect()
    }

    #[test]
    fn undo_drops_metrics_and_names_the_ipv6_default_metric() {
        let mut header = [0u8; 12];
        header[0] = 10;
        let mut add = Payload::with_header(&header);
        add.attr(
            RTA_DST,
            &[0x20, 1, 0xd, 0xb8, 0, 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        );
        add.attr(RTA_METRICS, &[8, 0, 2, 0, 0xdc, 5, 0, 0]);
        add.u32(RTA_OIF, 3);
        let undo = undo_payload(&add.bytes);
        assert_eq!(undo[..12], header);
        assert_eq!(attribute_kinds(&undo), [RTA_DST, RTA_OIF, RTA_PRIORITY]);

        header[0] = 2;
        let mut add = Payload::with_header(&header);
        add.attr(RTA_DST, &[10, 70, 0, 0]);
        add.u32(RTA_PRIORITY, 5);
        add.attr(RTA_METRICS, &[8, 0, 2, 0, 0xdc, 5, 0, 0]);
        let undo = undo_payload(&add.bytes);
        assert_eq!(attribute_kinds(&undo), [RTA_DST, RTA_PRIORITY]);
    }
}
