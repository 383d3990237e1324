//! One rule -> iproute2's `ip rule` line (`PRIO:\tfrom ... lookup ...`) or JSON.

use super::out::{Color, Printer};
use super::route::route_type_name;
use crate::model::rule::*;
use crate::names::Names;
use std::io::{self, Write};

pub struct RuleContext<'a> {
    pub names: &'a Names,
    pub details: u32,
}

use crate::model::kernel::{Protocol, RouteType};
use crate::model::rule_request::{FR_ACT_GOTO, FR_ACT_NOP, FR_ACT_TO_TBL, RTN_NAT};

/// A text piece plus an optional JSON number: text `{label}{value}`.
fn uint<W: Write>(p: &mut Printer<W>, key: &str, label: &str, v: u64) -> io::Result<()> {
    p.json_raw(key, &v.to_string())?;
    p.text(&format!("{label}{v}"))
}

fn string<W: Write>(p: &mut Printer<W>, key: &str, label: &str, v: &str) -> io::Result<()> {
    p.json_string(key, v)?;
    p.text(&format!("{label}{v}"))
}

/// `from ADDR[/LEN]`, `from 0/LEN`, or (for `from`) `from all`.
fn endpoint<W: Write>(
    p: &mut Printer<W>,
    r: &RuleView,
    (key, len_key, label): (&str, &str, &str),
    addr: &Option<crate::model::route::Address>,
    len: u8,
) -> io::Result<()> {
    match addr {
        Some(a) => {
            p.json_string(key, &a.to_string())?;
            p.text(label)?;
            p.text_colored(Color::for_family(r.family.af()), &a.to_string())?;
            if len != r.host_len() {
                uint(p, len_key, "/", len as u64)?;
            }
        }
        None if len != 0 => {
            string(p, key, label, "0")?;
            uint(p, len_key, "/", len as u64)?;
        }
        None if key == "src" => string(p, key, label, "all")?,
        None => {}
    }
    Ok(())
}

fn port_range<W: Write>(p: &mut Printer<W>, key: &str, range: (u16, u16)) -> io::Result<()> {
    if range.0 == range.1 {
        uint(p, key, &format!(" {key} "), range.0 as u64)
    } else {
        uint(
            p,
            &format!("{key}_start"),
            &format!(" {key} "),
            range.0 as u64,
        )?;
        uint(p, &format!("{key}_end"), "-", range.1 as u64)
    }
}

fn interface<W: Write>(
    p: &mut Printer<W>,
    key: &str,
    name: &str,
    detached: bool,
) -> io::Result<()> {
    p.json_string(key, name)?;
    p.text(&format!(" {key} "))?;
    p.text_colored(Color::Ifname, name)?;
    if detached {
        p.json_raw(&format!("{key}_detached"), "null")?;
        p.text(" [detached]")?;
    }
    Ok(())
}

pub fn render<W: Write>(p: &mut Printer<W>, r: &RuleView, cx: &RuleContext) -> io::Result<()> {
    p.begin_record()?;
    super::route::deleted_mark(p, r.deleted)?;
    let prio = r.priority.unwrap_or(0);
    p.json_raw("priority", &prio.to_string())?;
    p.text(&format!("{prio}:\t"))?;
    if r.flags & FIB_RULE_INVERT != 0 {
        p.json_raw("not", "null")?;
        p.text("not ")?;
    }
    selectors(p, r, cx)?;
    lookup(p, r, cx)?;
    action(p, r, cx)?;
    if let Some(proto) = r.protocol
        && ((proto != Protocol::UNSPEC && proto != Protocol::KERNEL) || cx.details > 0)
    {
        string(p, "protocol", " proto ", &cx.names.proto_name(proto))?;
    }
    p.end_record()
}

/// What the rule matches: addresses, tos, mark, interfaces, uids, ports, tunnel.
fn selectors<W: Write>(p: &mut Printer<W>, r: &RuleView, cx: &RuleContext) -> io::Result<()> {
    endpoint(p, r, ("src", "srclen", "from "), &r.src, r.src_len)?;
    endpoint(p, r, ("dst", "dstlen", " to "), &r.dst, r.dst_len)?;
    if r.tos != 0 {
        string(p, "tos", " tos ", &cx.names.dsfield_name(r.tos))?;
    }
    if r.fwmark.is_some() || r.fwmask.is_some() {
        let mark = r.fwmark.unwrap_or(0);
        string(p, "fwmark", " fwmark ", &c_hex(mark as u64))?;
        if let Some(mask) = r.fwmask
            && mask != u32::MAX
        {
            string(p, "fwmask", "/", &c_hex(mask as u64))?;
        }
    }
    if let Some(iif) = &r.iifname {
        interface(p, "iif", iif, r.flags & FIB_RULE_IIF_DETACHED != 0)?;
    }
    if let Some(oif) = &r.oifname {
        interface(p, "oif", oif, r.flags & FIB_RULE_OIF_DETACHED != 0)?;
    }
    if r.l3mdev.unwrap_or(0) != 0 {
        p.json_raw("l3mdev", "null")?;
        p.text(" lookup [l3mdev-table]")?;
    }
    if let Some((start, end)) = r.uid_range {
        uint(p, "uid_start", " uidrange ", start as u64)?;
        uint(p, "uid_end", "-", end as u64)?;
    }
    if let Some(proto) = r.ip_proto {
        string(p, "ipproto", " ipproto ", &cx.names.ip_proto_name(proto))?;
    }
    if let Some(range) = r.sport {
        port_range(p, "sport", range)?;
    }
    if let Some(range) = r.dport {
        port_range(p, "dport", range)?;
    }
    if let Some(tun_id) = r.tun_id {
        uint(p, "tun_id", " tun_id ", tun_id)?;
    }
    Ok(())
}

/// The table looked up, with its suppressors, and the realms.
fn lookup<W: Write>(p: &mut Printer<W>, r: &RuleView, cx: &RuleContext) -> io::Result<()> {
    let table = r.table_id();
    if table != crate::model::kernel::table::UNSPEC {
        string(p, "table", " lookup ", &cx.names.table_name(table))?;
        if let Some(len) = r.suppress_prefixlen
            && len as i32 != -1
        {
            p.json_raw("suppress_prefixlen", &(len as i32).to_string())?;
            p.text(&format!(" suppress_prefixlength {}", len as i32))?;
        }
        if let Some(group) = r.suppress_ifgroup
            && group as i32 != -1
        {
            string(
                p,
                "suppress_ifgroup",
                " suppress_ifgroup ",
                &cx.names.group_name(group),
            )?;
        }
    }
    if let Some(flow) = r.realm {
        let (from, to) = (flow >> 16, flow & 0xffff);
        if from != 0 {
            string(p, "flow_from", " realms ", &cx.names.realm_name(from))?;
            p.text("/")?;
        } else {
            p.text(" realms ")?;
        }
        string(p, "flow_to", "", &cx.names.realm_name(to))?;
    }
    Ok(())
}

/// The action, when it is not a table lookup.
fn action<W: Write>(p: &mut Printer<W>, r: &RuleView, cx: &RuleContext) -> io::Result<()> {
    match r.action {
        RTN_NAT => {
            p.json_raw("masquerade", "null")?;
            p.text(" masquerade")?;
        }
        FR_ACT_GOTO => {
            match r.goto {
                Some(target) => uint(p, "goto", " goto ", target as u64)?,
                None => string(p, "goto", " goto ", "none")?,
            }
            if r.flags & FIB_RULE_UNRESOLVED != 0 {
                p.json_raw("unresolved", "null")?;
                p.text(" [unresolved]")?;
            }
        }
        FR_ACT_NOP => {
            p.json_raw("nop", "null")?;
            p.text(" nop")?;
        }
        FR_ACT_TO_TBL => {}
        other => {
            let name = route_type_name(RouteType(other), cx.names.numeric);
            string(p, "action", " ", &name)?
        }
    }
    Ok(())
}

/// C's `%#llx`: `0` for zero, `0x…` otherwise.
fn c_hex(v: u64) -> String {
    if v == 0 {
        "0".to_string()
    } else {
        format!("{v:#x}")
    }
}
