//! `ipr route explain` (ipr only): why the kernel picks a route. Reads the rules,
//! every table and the interfaces, walks them (`model::explain`), asks the kernel
//! the same question `route get` asks, and prints both with their agreement.
//! Exit status 0 when the walk and the kernel agree, 1 when they do not, 2 when
//! they agree that the kernel refuses the lookup.

use super::route_get::parse_lookup;
use super::{Context, write_error};
use crate::cli::route_get::RouteGetRequest;
use crate::error::{Error, Result};
use crate::model::Family;
use crate::model::explain::*;
use crate::model::kernel::AF_INET;
use crate::netlink::kernel_state::{conf_values, input_conf};
use crate::netlink::links::links;
use crate::netlink::routes::{Answer, RouteGet, all_routes, get_route};
use crate::netlink::rules::all_rules;
use crate::netlink::{LinkNames, Netlink};
use crate::render::explain::{ExplainContext, Explained, json, text};
use std::io::Write;

pub fn run(cx: &Context, args: &[String]) -> Result<i32> {
    let mut nl = cx.netlink()?;
    let req = parse_lookup(cx, &mut nl, args)?;
    let (links, devices) = load_devices(&mut nl)?;
    let flow = flow_of(&req, &devices)?;
    let rules = all_rules(&mut nl, flow.family)?;
    let routes = all_routes(&mut nl, flow.family)?;
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
    for link in links(nl)? {
        if !link.up {
            devices.down.push(link.index);
        }
        if let Some(group) = link.group {
            devices.group.insert(link.index, group);
        }
        devices.index.insert(link.name, link.index);
    }
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

/// The flow key the kernel builds from the same lookup request.
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

/// The kernel is asked what `route get` would ask, minus what changes the shape of
/// its answer (`fibmatch`, `notify`) or makes it refuse (`as`).
fn ask_kernel(nl: &mut Netlink, req: &RouteGetRequest, flow: &Flow) -> KernelAnswer {
    let plain = RouteGetRequest {
        notify: false,
        fibmatch: false,
        newdst: None,
        ..req.clone()
    };
    let lookup = RouteGet {
        request: &plain,
        iif: flow.input.then_some(flow.iif),
        oif: (flow.oif != 0).then_some(flow.oif),
    };
    match get_route(nl, &lookup) {
        Ok(Some(Answer::Route {
            route,
            removal: false,
        })) => KernelAnswer::Route(route),
        Ok(_) => KernelAnswer::Error("no route in the kernel's reply\n".to_string()),
        Err(e) => KernelAnswer::Error(e.text().to_string()),
    }
}
