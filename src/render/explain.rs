//! `ipr route explain` output: a trace for people (text) or one JSON object for
//! machines (the layout is documented in docs/explain.md). Rules and routes inside
//! it are printed by the `ip rule` / `ip route` renderers, so they read exactly as
//! those listings do.

use super::json::JsonWriter;
use super::out::{Printer, TextStyle};
use super::route::{Hidden, RouteContext};
use super::rule::RuleContext;
use crate::model::explain::*;
use crate::model::kernel::TableId;
use crate::model::route::RouteView;
use crate::model::rule::RuleView;
use crate::names::Names;
use crate::netlink::LinkNames;
use std::io::{self, Write};

pub struct ExplainContext<'a> {
    pub names: &'a Names,
    pub links: &'a LinkNames,
}

/// Everything one explanation shows.
pub struct Explained<'a> {
    pub fib: &'a Fib<'a>,
    pub flow: &'a Flow,
    pub trace: &'a Trace,
    pub path: &'a Path,
    pub answer: &'a KernelAnswer,
    pub agreement: &'a Agreement,
}

fn route_cx<'a>(cx: &'a ExplainContext) -> RouteContext<'a> {
    RouteContext {
        names: cx.names,
        links: cx.links,
        details: 0,
        stats: 0,
        hidden: Hidden::default(),
        nexthops: None,
    }
}

/// A route as `ip route` prints it (text), or its `ip -j route` object.
fn route_string(r: &RouteView, cx: &ExplainContext, json: bool) -> String {
    let mut buf = Vec::new();
    let mut p = Printer::new(
        &mut buf,
        json.then(|| JsonWriter::new(false)),
        TextStyle::default(),
    );
    let _ = super::route::render(&mut p, r, &route_cx(cx));
    String::from_utf8_lossy(&buf).into_owned()
}

fn rule_string(r: &RuleView, cx: &ExplainContext, json: bool) -> String {
    let mut buf = Vec::new();
    let mut p = Printer::new(
        &mut buf,
        json.then(|| JsonWriter::new(false)),
        TextStyle::default(),
    );
    let rcx = RuleContext {
        names: cx.names,
        details: 0,
    };
    let _ = super::rule::render(&mut p, r, &rcx);
    String::from_utf8_lossy(&buf).into_owned()
}

fn one_line(s: &str) -> String {
    s.trim_end().replace(":\t", ": ")
}

fn family_word(af: u8) -> &'static str {
    if af == AF_INET6 { "inet6" } else { "inet" }
}

fn address_text(flow: &Flow, bytes: &[u8; 16]) -> String {
    if flow.family == AF_INET6 {
        std::net::Ipv6Addr::from(*bytes).to_string()
    } else {
        std::net::Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3]).to_string()
    }
}

/// The flow's fields as `(key, text)`; the keys double as JSON keys.
fn flow_fields(flow: &Flow, cx: &ExplainContext) -> Vec<(&'static str, String)> {
    let mut f = vec![("to", address_text(flow, &flow.dst))];
    f.push((
        "from",
        match &flow.src {
            Some(s) => address_text(flow, s),
            None => "none".to_string(),
        },
    ));
    f.push(("iif", cx.links.name(flow.iif).into_owned()));
    if flow.oif != 0 {
        f.push(("oif", cx.links.name(flow.oif).into_owned()));
    }
    f.push(("mark", format!("{:#x}", flow.mark)));
    f.push(("tos", format!("{:#x}", flow.tos)));
    // An arriving IPv6 packet without `uid` carries none.
    if flow.uid != u32::MAX {
        f.push(("uid", flow.uid.to_string()));
    }
    if flow.ipproto != 0 {
        f.push(("ipproto", cx.names.ip_proto_name(flow.ipproto)));
    }
    if flow.sport != 0 {
        f.push(("sport", flow.sport.to_string()));
    }
    if flow.dport != 0 {
        f.push(("dport", flow.dport.to_string()));
    }
    f
}

fn lookup_words(result: &TableResult) -> &'static str {
    match result {
        TableResult::NoRoute => "none",
        TableResult::Route { .. } => "route",
        TableResult::Suppressed { .. } => "suppressed",
        TableResult::Throw { .. } => "throw",
        TableResult::Reject { .. } => "reject",
    }
}

fn result_route(result: &TableResult) -> Option<usize> {
    match result {
        TableResult::NoRoute => None,
        TableResult::Route { route }
        | TableResult::Suppressed { route, .. }
        | TableResult::Throw { route }
        | TableResult::Reject { route, .. } => Some(*route),
    }
}

// ---- text ------------------------------------------------------------------

pub fn text(e: &Explained, cx: &ExplainContext) -> String {
    let mut out = header_text(e, cx);
    if let Some(before) = &e.path.before {
        out.push_str(&format!("Before the rules: {before}\n\n"));
    }
    for step in &e.trace.steps {
        step_text(&mut out, e, step, cx);
    }
    if !e.trace.steps.is_empty() {
        out.push('\n');
    }
    out.push_str(&format!("Walk result: {}\n", verdict_text(e, cx)));
    if let Some(after) = &e.path.after {
        out.push_str(&format!("After the rules: {after}\n"));
    }
    let kernel = match e.answer {
        KernelAnswer::Route(r) => route_string(r, cx, false),
        KernelAnswer::Error(t) => t.clone(),
    };
    out.push_str(&format!("Kernel says: {}", kernel));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!(
        "Agreement:   {} ({})\n",
        agreement_word(e.agreement),
        e.agreement.detail
    ));
    out
}

fn agreement_word(a: &Agreement) -> &'static str {
    match (a.agrees, a.certain) {
        (false, _) => "NO",
        (true, true) => "yes",
        (true, false) => "unknowable",
    }
}

fn header_text(e: &Explained, cx: &ExplainContext) -> String {
    let flow = e.flow;
    let fields: Vec<String> = flow_fields(flow, cx)
        .into_iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let origin = if flow.input {
        "arriving on an interface"
    } else {
        "locally generated"
    };
    let family = if flow.family == AF_INET6 {
        "IPv6"
    } else {
        "IPv4"
    };
    format!("Lookup ({family}, {origin}): {}\n\n", fields.join(" "))
}

/// The leg of multipath route `r` the kernel answered with, unless that leg is
/// dead or its link is down.
fn kernel_leg(e: &Explained, r: &RouteView) -> Option<usize> {
    let KernelAnswer::Route(k) = e.answer else {
        return None;
    };
    r.multipath.as_ref()?;
    hops(r).iter().position(|h| {
        h.ifindex == k.oif.unwrap_or(0)
            && h.gateway == k.gateway.as_ref()
            && h.flags & (RTNH_F_DEAD | RTNH_F_LINKDOWN) == 0
    })
}

/// A route as `ip route` prints it; its nexthop lines go under `indent` plus the
/// tab `ip` puts before them (as 8 columns). `mark` follows the leg `leg` when
/// given, the first line otherwise.
fn route_block(
    r: &RouteView,
    cx: &ExplainContext,
    indent: &str,
    mark: &str,
    leg: Option<usize>,
) -> String {
    let text = route_string(r, cx, false);
    let mut lines = text.lines().map(|l| l.trim_end());
    let mut out = one_line(lines.next().unwrap_or(""));
    if leg.is_none() {
        out.push_str(mark);
    }
    for (i, line) in lines.enumerate() {
        let body = line.trim_start_matches('\t');
        let tabs = line.len() - body.len();
        out.push('\n');
        out.push_str(indent);
        out.push_str(&" ".repeat(8 * tabs));
        out.push_str(&one_line(body));
        if leg == Some(i) {
            out.push_str(mark);
        }
    }
    out
}

fn step_text(out: &mut String, e: &Explained, step: &Step, cx: &ExplainContext) {
    let rule = &e.fib.rules[step.rule];
    out.push_str(&format!(
        "rule {}\n",
        one_line(&rule_string(rule, cx, false))
    ));
    let inverted = if step.inverted {
        " (inverted by not)"
    } else {
        ""
    };
    let Some(action) = &step.action else {
        let m = step.mismatch.as_ref().expect("unmatched step");
        out.push_str(&format!(
            "    no match{inverted}: {}: {}\n",
            m.selector, m.reason
        ));
        return;
    };
    let table_name = |t: TableId| cx.names.table_name(t);
    let line = match action {
        Action::Nop => "nop: on to the next rule".to_string(),
        Action::Goto {
            priority,
            target: Some(_),
        } => format!("goto: jump to the rule with priority {priority}"),
        Action::Goto { priority, .. } => {
            format!("goto {priority}: no rule has that priority (unresolved), so it is skipped")
        }
        Action::Reject { errno } => format!("the rule refuses the packet: {}", errno_text(*errno)),
        Action::Unknown { action } => format!("unknown action {action}: Invalid argument"),
        Action::Lookup { table, result, .. } => {
            let t = table_name(*table);
            let shown = |i: usize| route_block(&e.fib.routes[i], cx, "    ", "", None);
            match result {
                TableResult::NoRoute => {
                    format!("table {t}: no route covers the destination; next rule")
                }
                TableResult::Route { route } => {
                    let r = &e.fib.routes[*route];
                    let leg = kernel_leg(e, r);
                    let shown = route_block(r, cx, "    ", "  <- selected", leg);
                    format!("table {t}: {shown}")
                }
                TableResult::Suppressed { route, by } => {
                    format!(
                        "table {t}: {} is rejected by {by}; next rule",
                        shown(*route)
                    )
                }
                TableResult::Throw { route } => {
                    format!(
                        "table {t}: {}: throw, back to the rules; next rule",
                        shown(*route)
                    )
                }
                TableResult::Reject { route, errno } => {
                    format!("table {t}: {}: {}", shown(*route), errno_text(*errno))
                }
            }
        }
    };
    out.push_str(&format!("    matched{inverted} -> {line}\n"));
    if let Action::Lookup { skipped, .. } = action {
        for s in skipped {
            out.push_str(&format!(
                "        passed over {} ({})\n",
                route_block(&e.fib.routes[s.route], cx, "        ", "", None),
                s.reason
            ));
        }
    }
}

fn deciding_priority(e: &Explained, step: Option<usize>) -> Option<u32> {
    step.map(|s| e.fib.rules[e.trace.steps[s].rule].priority.unwrap_or(0))
}

fn verdict_text(e: &Explained, cx: &ExplainContext) -> String {
    if !e.path.walked {
        return format!("no rule consulted; {}", expect_text(&e.path.expect, cx));
    }
    match &e.trace.verdict {
        Verdict::Route { table, route } => {
            let prio = e
                .trace
                .steps
                .last()
                .map(|s| e.fib.rules[s.rule].priority.unwrap_or(0))
                .unwrap_or(0);
            let origin = format!(" (table {}, rule {prio})", cx.names.table_name(*table));
            route_block(&e.fib.routes[*route], cx, "", &origin, None)
        }
        Verdict::Error { errno, step } => match deciding_priority(e, *step) {
            Some(p) => format!("{} (rule {p})", errno_text(*errno)),
            None => format!("{} (no rule gave an answer)", errno_text(*errno)),
        },
    }
}

/// The predicted answer in words: an error, or a route type and its device.
fn expect_text(expect: &Expect, cx: &ExplainContext) -> String {
    match expect {
        Expect::Error { errno } => errno_text(*errno).to_string(),
        Expect::Choice(options) => {
            let each: Vec<String> = options.iter().map(|o| expect_text(o, cx)).collect();
            format!("one of: {}", each.join("; "))
        }
        Expect::Route { kind, legs, .. } => {
            let mut t = super::route::route_type_name(*kind, false);
            for l in legs.iter().take(1) {
                t.push_str(&format!(" dev {}", cx.links.name(l.dev)));
            }
            t
        }
    }
}

// ---- JSON ------------------------------------------------------------------

struct J<'w> {
    w: &'w mut dyn Write,
    j: JsonWriter,
}

impl J<'_> {
    fn key(&mut self, k: &str) -> io::Result<()> {
        self.j.key(self.w, k)
    }
    fn str(&mut self, k: &str, v: &str) -> io::Result<()> {
        self.key(k)?;
        self.j.string(self.w, v)
    }
    fn raw(&mut self, k: &str, v: &str) -> io::Result<()> {
        self.key(k)?;
        self.j.raw(self.w, v)
    }
    fn open(&mut self, k: &str) -> io::Result<()> {
        self.key(k)?;
        self.j.start_object(self.w)
    }
    fn close(&mut self) -> io::Result<()> {
        self.j.end_object(self.w)
    }
}

/// The explanation as one JSON object (see docs/explain.md), with a newline.
pub fn json(e: &Explained, cx: &ExplainContext, pretty: bool, w: &mut dyn Write) -> io::Result<()> {
    let mut j = J {
        w,
        j: JsonWriter::new(pretty),
    };
    j.j.start_object(j.w)?;
    j.str("family", family_word(e.flow.family))?;
    j.raw("locally_generated", bool_text(!e.flow.input))?;
    j.open("flow")?;
    for (k, v) in flow_fields(e.flow, cx) {
        if k == "from" && e.flow.src.is_none() {
            j.raw(k, "null")?;
        } else if matches!(k, "uid" | "sport" | "dport") {
            j.raw(k, &v)?;
        } else {
            j.str(k, &v)?;
        }
    }
    j.close()?;
    opt_str(&mut j, "before", e.path.before.as_deref())?;
    j.raw("walked", bool_text(e.path.walked))?;
    j.key("steps")?;
    j.j.start_array(j.w)?;
    for step in &e.trace.steps {
        step_json(&mut j, e, step, cx)?;
    }
    j.j.end_array(j.w)?;
    result_json(&mut j, e, cx)?;
    opt_str(&mut j, "after", e.path.after.as_deref())?;
    match e.answer {
        KernelAnswer::Route(r) => j.raw("kernel", &route_string(r, cx, true))?,
        KernelAnswer::Error(t) => {
            j.open("kernel")?;
            j.str("error", t.trim_end())?;
            j.close()?;
        }
    }
    let agrees = match agreement_word(e.agreement) {
        "yes" => "true",
        "NO" => "false",
        _ => "null",
    };
    j.raw("agrees", agrees)?;
    j.str("detail", &e.agreement.detail)?;
    j.close()?;
    j.w.write_all(b"\n")
}

/// The walk's own answer; null when no rule was consulted.
fn result_json(j: &mut J, e: &Explained, cx: &ExplainContext) -> io::Result<()> {
    if !e.path.walked {
        return j.raw("result", "null");
    }
    j.open("result")?;
    match &e.trace.verdict {
        Verdict::Route { table, route } => {
            j.raw("route", &route_string(&e.fib.routes[*route], cx, true))?;
            j.str("table", &cx.names.table_name(*table))?;
            let prio = e
                .trace
                .steps
                .last()
                .map(|s| e.fib.rules[s.rule].priority.unwrap_or(0));
            j.raw("priority", &prio.unwrap_or(0).to_string())?;
        }
        Verdict::Error { errno, step } => {
            j.raw("errno", &errno.to_string())?;
            j.str("error", errno_text(*errno))?;
            match deciding_priority(e, *step) {
                Some(p) => j.raw("priority", &p.to_string())?,
                None => j.raw("priority", "null")?,
            }
        }
    }
    j.close()
}

fn opt_str(j: &mut J, key: &str, value: Option<&str>) -> io::Result<()> {
    match value {
        Some(v) => j.str(key, v),
        None => j.raw(key, "null"),
    }
}

fn bool_text(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

fn step_json(j: &mut J, e: &Explained, step: &Step, cx: &ExplainContext) -> io::Result<()> {
    let rule = &e.fib.rules[step.rule];
    j.j.start_object(j.w)?;
    j.raw("priority", &rule.priority.unwrap_or(0).to_string())?;
    j.raw("rule", &rule_string(rule, cx, true))?;
    j.raw("matched", bool_text(step.matched()))?;
    j.raw("inverted", bool_text(step.inverted))?;
    if let Some(m) = &step.mismatch {
        j.str("failed", m.selector)?;
        j.str("reason", &m.reason)?;
    }
    match &step.action {
        None => {}
        Some(Action::Nop) => j.str("action", "nop")?,
        Some(Action::Goto { priority, target }) => {
            j.str("action", "goto")?;
            j.raw("goto", &priority.to_string())?;
            j.raw("resolved", bool_text(target.is_some()))?;
        }
        Some(Action::Reject { errno }) => {
            j.str("action", "reject")?;
            j.raw("errno", &errno.to_string())?;
            j.str("error", errno_text(*errno))?;
        }
        Some(Action::Unknown { action }) => {
            j.str("action", &action.to_string())?;
        }
        Some(Action::Lookup {
            table,
            result,
            skipped,
        }) => {
            j.str("action", "lookup")?;
            j.str("table", &cx.names.table_name(*table))?;
            j.str("lookup", lookup_words(result))?;
            if let Some(r) = result_route(result) {
                j.raw("route", &route_string(&e.fib.routes[r], cx, true))?;
            }
            match result {
                TableResult::Suppressed { by, .. } => j.str("suppressed_by", by)?,
                TableResult::Reject { errno, .. } => {
                    j.raw("errno", &errno.to_string())?;
                    j.str("error", errno_text(*errno))?;
                }
                _ => {}
            }
            j.key("passed_over")?;
            j.j.start_array(j.w)?;
            for s in skipped {
                j.j.start_object(j.w)?;
                j.raw("route", &route_string(&e.fib.routes[s.route], cx, true))?;
                j.str("reason", &s.reason)?;
                j.close()?;
            }
            j.j.end_array(j.w)?;
        }
    }
    j.close()
}
