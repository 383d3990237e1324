//! `ipr route explain` (ipr only): why the kernel picks a route. Reads the rules,
//! every table and the interfaces, walks them (`model::explain`), asks the kernel
//! the same question `route get` asks, and prints both with their agreement.
//! Exit status 0 when the walk and the kernel agree, 1 when they do not, 2 when
//! they agree that the kernel refuses the lookup.

use super::route_get::{parse_lookup, request_payload};
use super::{Context, write_error};
use crate::cli::route_get::RouteGetRequest;
use crate::error::{Error, Result};
use crate::model::Family;
use crate::model::explain::*;
use crate::model::route::RouteView;
use crate::model::rule::RuleView;
use crate::netlink::consts::*;
use crate::netlink::{LinkNames, Netlink, decode};
use crate::render::explain::{ExplainContext, Explained, json, text};
use std::io::Write;

const IFLA_IFNAME: u16 = 3;
const IFLA_GROUP: u16 = 27;
const IFF_UP: u32 = 1;

pub fn run(cx: &Context, args: &[String]) -> Result<i32> {
    let mut nl = cx.netlink()?;
    let req = parse_lookup(cx, &mut nl, args)?;
    let (links, devices) = load_devices(&mut nl)?;
    let flow = flow_of(&req, &devices)?;
    let rules = dump_rules(&mut nl, flow.family)?;
    let routes = dump_routes(&mut nl, flow.family)?;
    let fib = Fib {
        rules: &rules,
        routes: &routes,
        devices: &devices,
    };
    let (trace, path) = explain(&fib, &flow);
    let answer = ask_kernel(&mut nl, &req, &flow);
    let agreement = compare(&path, &answer);

    let ecx = ExplainContext {
        names: &cx.names,
        links: &links,
    };
    let explained = Explained {
        fib: &fib,
        flow: &flow,
        trace: &trace,
        path: &path,
        answer: &answer,
        agreement: &agreement,
    };
    let mut out = std::io::BufWriter::new(crate::lossless::stdout());
    if cx.opts.json {
        json(&explained, &ecx, cx.opts.pretty, &mut out).map_err(write_error)?;
    } else {
        out.write_all(text(&explained, &ecx).as_bytes())
            .map_err(write_error)?;
    }
    out.flush().map_err(write_error)?;
    Ok(exit_status(&agreement, &answer))
}

/// One link dump: names for printing, indexes and groups for the walk.
fn load_devices(nl: &mut Netlink) -> Result<(LinkNames, Devices)> {
    let mut devices = Devices::default();
    nl.dump(RTM_GETLINK, &[0u8; 16], &mut |msg| {
        if msg.kind != RTM_NEWLINK || msg.payload.len() < 16 {
            return Ok(());
        }
        let index = u32::from_ne_bytes(msg.payload[4..8].try_into().unwrap());
        let flags = u32::from_ne_bytes(msg.payload[8..12].try_into().unwrap());
        if flags & IFF_UP == 0 {
            devices.down.push(index);
        }
        for (kind, value) in crate::netlink::attrs::attributes(&msg.payload[16..]) {
            match kind {
                IFLA_IFNAME => {
                    let name = value.split(|&b| b == 0).next().unwrap_or(&[]);
                    devices
                        .index
                        .insert(crate::lossless::decode(name).into_owned(), index);
                }
                IFLA_GROUP if value.len() >= 4 => {
                    let group = u32::from_ne_bytes(value[..4].try_into().unwrap());
                    devices.group.insert(index, group);
                }
                _ => {}
            }
        }
        Ok(())
    })?;
    devices.route_localnet = devices
        .index
        .iter()
        .filter(|&(name, _)| {
            let (dev, all) = conf_values(name, "route_localnet");
            dev != 0 || all != 0
        })
        .map(|(_, &i)| i)
        .collect();
    let links = LinkNames::from_pairs(devices.index.iter().map(|(n, &i)| (i, n.clone())));
    Ok((links, devices))
}

fn device(devices: &Devices, name: &Option<String>) -> Result<u32> {
    match name {
        None => Ok(0),
        Some(n) => devices
            .index
            .get(n)
            .copied()
            .ok_or_else(|| Error::no_device(n)),
    }
}

fn address(p: &Option<crate::model::prefix::Prefix>) -> Option<[u8; 16]> {
    p.as_ref()
        .filter(|p| p.family != Family::Unspec)
        .map(|p| p.bytes)
}

/// The flow key the kernel builds from the same RTM_GETROUTE request.
fn flow_of(req: &RouteGetRequest, devices: &Devices) -> Result<Flow> {
    let family = req.wire_family().af();
    let iif = device(devices, &req.iif)?;
    let oif = device(devices, &req.oif)?;
    let input = req.iif.is_some();
    // IPv4 matches an arriving packet's rules as uid 0 whatever the request says;
    // IPv6 takes the request's uid, or none (-1). A local lookup without `uid`
    // is made as the caller.
    // SAFETY: getuid has no preconditions and cannot fail.
    let own_uid = unsafe { libc::getuid() };
    let uid = match (input, family) {
        (true, AF_INET) => 0,
        (true, _) => req.uid.unwrap_or(u32::MAX),
        (false, _) => req.uid.unwrap_or(own_uid),
    };
    let conf = match &req.iif {
        Some(dev) if family == AF_INET => input_conf(dev, iif),
        _ => InputConf::default(),
    };
    Ok(Flow {
        family,
        dst: address(&req.dst).unwrap_or([0; 16]),
        // An all-zero source is no source, as the kernel reads the request.
        src: address(&req.src).filter(|a| a.iter().any(|&b| b != 0)),
        iif: if input { iif } else { LOOPBACK_IFINDEX },
        input,
        conf,
        oif,
        mark: req.mark,
        tos: req.tos,
        uid,
        ipproto: req.ipproto.unwrap_or(0),
        sport: req.sport.unwrap_or(0),
        dport: req.dport.unwrap_or(0),
    })
}

/// One `net.ipv4.conf` value of `dev`, and of `all`.
fn conf_values(dev: &str, key: &str) -> (u32, u32) {
    let read = |d: &str| {
        let path = crate::lossless::path(&format!("/proc/sys/net/ipv4/conf/{d}/{key}"));
        std::fs::read_to_string(path)
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0)
    };
    (read(dev), read("all"))
}

/// The input interface's settings, combined as the kernel combines them: some
/// need the device's own value (forwarding), some either value, rp_filter the
/// larger one.
fn input_conf(dev: &str, ifindex: u32) -> InputConf {
    let either = |key| {
        let (d, a) = conf_values(dev, key);
        d != 0 || a != 0
    };
    let (rpf_dev, rpf_all) = conf_values(dev, "rp_filter");
    InputConf {
        forwarding: conf_values(dev, "forwarding").0 != 0,
        route_localnet: either("route_localnet"),
        accept_local: either("accept_local"),
        rp_filter: rpf_dev.max(rpf_all).min(2) as u8,
        send_redirects: either("send_redirects"),
        src_valid_mark: either("src_valid_mark"),
        groups: joined_groups(ifindex),
    }
}

/// The IPv4 multicast groups interface `ifindex` has joined, from
/// `/proc/net/igmp` (an interface line, then one line per group, the address in
/// hex as the kernel stores it).
fn joined_groups(ifindex: u32) -> Vec<[u8; 4]> {
    let text = std::fs::read_to_string("/proc/net/igmp").unwrap_or_default();
    let mut groups = Vec::new();
    let mut current = false;
    for line in text.lines().skip(1) {
        if !line.starts_with('\t') {
            current = line.split_whitespace().next() == Some(&ifindex.to_string());
            continue;
        }
        let word = line.split_whitespace().next().unwrap_or("");
        if current && let Ok(v) = u32::from_str_radix(word, 16) {
            groups.push(v.to_ne_bytes());
        }
    }
    groups
}

fn dump_rules(nl: &mut Netlink, family: u8) -> Result<Vec<RuleView>> {
    let mut rules = Vec::new();
    let mut req = [0u8; 12];
    req[0] = family;
    nl.dump(RTM_GETRULE, &req, &mut |msg| {
        if msg.kind == RTM_NEWRULE {
            rules.push(decode::rule(msg.payload)?);
        }
        Ok(())
    })?;
    Ok(rules)
}

/// Every route of every table of the family (cached clones excluded).
fn dump_routes(nl: &mut Netlink, family: u8) -> Result<Vec<RouteView>> {
    let mut routes = Vec::new();
    let mut req = [0u8; 12];
    req[0] = family;
    nl.dump(RTM_GETROUTE, &req, &mut |msg| {
        if msg.kind == RTM_NEWROUTE {
            let r = decode::route(msg.payload)?;
            if !r.is_cloned() {
                routes.push(r);
            }
        }
        Ok(())
    })?;
    Ok(routes)
}

/// The RTM_GETROUTE request `ip route get` sends for the same words.
/// The kernel is asked what `route get` would ask, minus what changes the shape of
/// its answer (`fibmatch`, `notify`) or makes it refuse (`as`).
fn lookup_request(req: &RouteGetRequest, flow: &Flow) -> Vec<u8> {
    let plain = RouteGetRequest {
        notify: false,
        fibmatch: false,
        newdst: None,
        ..req.clone()
    };
    let iif = flow.input.then_some(flow.iif);
    let oif = (flow.oif != 0).then_some(flow.oif);
    request_payload(&plain, iif, oif)
}

fn ask_kernel(nl: &mut Netlink, req: &RouteGetRequest, flow: &Flow) -> KernelAnswer {
    match nl.request_reply(RTM_GETROUTE, 0, &lookup_request(req, flow)) {
        Ok(Some((RTM_NEWROUTE, payload))) => match decode::route(&payload) {
            Ok(r) => KernelAnswer::Route(Box::new(r)),
            Err(e) => KernelAnswer::Error(e.text().to_string()),
        },
        Ok(_) => KernelAnswer::Error("no route in the kernel's reply\n".to_string()),
        Err(e) => KernelAnswer::Error(e.text().to_string()),
    }
}
