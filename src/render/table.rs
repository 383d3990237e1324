//! `-table`: an aligned table for people (comfy-table), an ipr extension. It shows
//! the same records as the iproute2 text, in columns chosen for reading: names
//! instead of numbers, one row per route or rule, multipath legs joined. It never
//! changes what plain `ipr` prints.

use crate::model::route::RouteView;
use crate::model::rule::RuleView;
use crate::names::Names;
use crate::netlink::LinkNames;
use comfy_table::{Table, presets};

fn new_table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    table.set_header(header.to_vec());
    table
}

/// Route rows: destination, gateway, device, proto, scope, metric, table, flags.
pub struct RouteTable {
    table: Table,
}

impl Default for RouteTable {
    fn default() -> Self {
        Self::new()
    }
}

impl RouteTable {
    pub fn new() -> Self {
        RouteTable {
            table: new_table(&[
                "destination",
                "gateway",
                "device",
                "proto",
                "scope",
                "metric",
                "table",
                "type",
                "flags",
            ]),
        }
    }

    pub fn add(&mut self, r: &RouteView, names: &Names, links: &LinkNames) {
        let destination = match &r.dst {
            Some(dst) if r.dst_len != r.host_len() => format!("{}/{}", dst.text(), r.dst_len),
            Some(dst) => dst.text(),
            None if r.dst_len != 0 => format!("0/{}", r.dst_len),
            None => "default".to_string(),
        };
        let (gateways, devices, flag_words) = match &r.multipath {
            Some(hops) => {
                let gw: Vec<String> = hops
                    .iter()
                    .map(|h| h.gateway.as_ref().map(|g| g.text()).unwrap_or_default())
                    .collect();
                let dev: Vec<String> = hops
                    .iter()
                    .map(|h| links.name(h.ifindex).into_owned())
                    .collect();
                let flags: Vec<String> = hops.iter().map(|h| flag_words(h.flags as u32)).collect();
                (gw.join("\n"), dev.join("\n"), flags.join("\n"))
            }
            None => (
                r.gateway
                    .as_ref()
                    .map(|g| g.text())
                    .or_else(|| r.via.as_ref().map(|v| v.address.to_string()))
                    .unwrap_or_default(),
                if r.has_oif {
                    links.name(r.oif).into_owned()
                } else {
                    String::new()
                },
                flag_words(r.flags),
            ),
        };
        self.table.add_row(vec![
            destination,
            gateways,
            devices,
            names.proto_name(r.protocol),
            names.scope_name(r.scope),
            if r.has_metric {
                r.metric.to_string()
            } else {
                String::new()
            },
            names.table_name(r.table),
            super::route::route_type_name(r.kind, false),
            flag_words,
        ]);
    }

    pub fn render(&self) -> String {
        format!("{}\n", self.table)
    }
}

fn flag_words(flags: u32) -> String {
    let names = [
        (0x1, "dead"),
        (0x4, "onlink"),
        (0x2, "pervasive"),
        (0x10, "linkdown"),
    ];
    names
        .iter()
        .filter(|(bit, _)| flags & bit != 0)
        .map(|(_, n)| *n)
        .collect::<Vec<_>>()
        .join(",")
}

/// Rule rows: priority, selector, action, table.
pub struct RuleTable {
    table: Table,
}

impl Default for RuleTable {
    fn default() -> Self {
        Self::new()
    }
}

impl RuleTable {
    pub fn new() -> Self {
        RuleTable {
            table: new_table(&["priority", "selector", "action", "table", "proto"]),
        }
    }

    pub fn add(&mut self, r: &RuleView, names: &Names) {
        // The selector column is iproute2's own text for the rule, minus the
        // priority and the action; reuse the renderer for it.
        let mut text = Vec::new();
        {
            let mut p = super::Printer::new(&mut text, None, super::TextStyle::default());
            let selector_only = RuleView {
                action: 1,
                table: None,
                header_table: 0,
                goto: None,
                protocol: None,
                suppress_prefixlen: None,
                suppress_ifgroup: None,
                ..r.clone()
            };
            let cx = super::rule::RuleContext { names, details: 0 };
            let _ = super::rule::render(&mut p, &selector_only, &cx);
        }
        let text = String::from_utf8_lossy(&text);
        let selector = text
            .split_once('\t')
            .map(|(_, s)| s)
            .unwrap_or("")
            .trim()
            .to_string();
        let mut action = match r.action {
            1 => "lookup".to_string(),
            2 => format!("goto {}", r.goto.map(|g| g.to_string()).unwrap_or_default()),
            3 => "nop".to_string(),
            other => super::route::route_type_name(other, false),
        };
        if let Some(len) = r.suppress_prefixlen.filter(|&l| l as i32 != -1) {
            action.push_str(&format!(" suppress_prefixlength {len}"));
        }
        if let Some(group) = r.suppress_ifgroup.filter(|&g| g as i32 != -1) {
            action.push_str(&format!(" suppress_ifgroup {}", names.group_name(group)));
        }
        let table = match r.table_id() {
            0 => String::new(),
            t => names.table_name(t),
        };
        self.table.add_row(vec![
            r.priority.unwrap_or(0).to_string(),
            selector,
            action,
            table,
            r.protocol.map(|p| names.proto_name(p)).unwrap_or_default(),
        ]);
    }

    pub fn render(&self) -> String {
        format!("{}\n", self.table)
    }
}
