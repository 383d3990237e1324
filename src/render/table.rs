//! `-table`: an aligned table for people, an ipr extension. It shows the same
//! records as the iproute2 text, in columns chosen for reading: names instead of
//! numbers, one row per route or rule, one line per multipath leg (with its weight
//! and flags). Rows stream through `grid::Grid`, so memory does not grow with the
//! table. It never changes what plain `ipr` prints.

use super::grid::{ASCII, Grid, GridStyle, UNICODE};
use crate::lossless::Stdout;
use crate::model::kernel::RouteType;
use crate::model::route::RouteView;
use crate::model::rule::RuleView;
use crate::names::Names;
use crate::netlink::LinkNames;
use std::io::{self, BufWriter, Write};

/// The grid style for stdout: Unicode frame on a UTF-8 terminal, ASCII otherwise;
/// as wide as the terminal (or `COLUMNS`, which also applies to a pipe).
pub fn stdout_style() -> GridStyle {
    let terminal = crate::lossless::stdout_is_terminal();
    let glyphs = if terminal && utf8_locale(|k| std::env::var(k).ok()) {
        UNICODE
    } else {
        ASCII
    };
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&c: &usize| c > 0);
    let max_width = if terminal {
        terminal_width().or(columns)
    } else {
        columns
    };
    GridStyle { glyphs, max_width }
}

/// The locale's character set is UTF-8: the first of LC_ALL, LC_CTYPE, LANG that
/// is set and not empty says so (none set is the C locale).
fn utf8_locale(var: impl Fn(&str) -> Option<String>) -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|k| var(k).filter(|v| !v.is_empty()))
        .is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("utf-8") || v.contains("utf8")
        })
}

fn terminal_width() -> Option<usize> {
    // SAFETY: TIOCGWINSZ fills a winsize struct we own.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) };
    (rc == 0 && size.ws_col > 0).then_some(size.ws_col as usize)
}

fn stdout_grid(headers: &[&'static str], drop_order: &[usize]) -> Grid<BufWriter<Stdout>> {
    Grid::new(
        BufWriter::with_capacity(64 * 1024, crate::lossless::stdout()),
        stdout_style(),
        headers,
    )
    .drop_order(drop_order)
}

const ROUTE_COLUMNS: &[&str] = &[
    "destination",
    "gateway",
    "device",
    "weight",
    "proto",
    "scope",
    "metric",
    "table",
    "type",
    "flags",
];

/// Left out in this order when a terminal is too narrow for every route column:
/// scope, type, metric, proto, table, weight, flags.
const ROUTE_DROP_ORDER: &[usize] = &[5, 8, 6, 4, 7, 3, 9];
/// Route rows: destination, gateway, device, weight, proto, scope, metric, table,
/// type, flags.
pub struct RouteTable<W: Write = BufWriter<Stdout>> {
    grid: Grid<W>,
}

impl Default for RouteTable {
    fn default() -> Self {
        Self::new()
    }
}

impl RouteTable {
    /// A table on stdout.
    pub fn new() -> Self {
        RouteTable {
            grid: stdout_grid(ROUTE_COLUMNS, ROUTE_DROP_ORDER),
        }
    }
}

impl<W: Write> RouteTable<W> {
    pub fn with_output(out: W, style: GridStyle) -> Self {
        RouteTable {
            grid: Grid::new(out, style, ROUTE_COLUMNS).drop_order(ROUTE_DROP_ORDER),
        }
    }

    /// Writes the rest of the table.
    pub fn finish(self) -> io::Result<()> {
        self.grid.finish()
    }

    pub fn add(&mut self, r: &RouteView, names: &Names, links: &LinkNames) -> io::Result<()> {
        let destination = match &r.dst {
            Some(dst) if r.dst_len != r.host_len() => format!("{}/{}", dst.text(), r.dst_len),
            Some(dst) => dst.text(),
            None if r.dst_len != 0 => format!("0/{}", r.dst_len),
            None => "default".to_string(),
        };
        let (gateways, devices, weights, flag_words) = match &r.multipath {
            // One line per leg in each of these columns.
            Some(hops) => {
                let gw: Vec<String> = hops
                    .iter()
                    .map(|h| {
                        h.gateway
                            .as_ref()
                            .map(|g| g.text())
                            .or_else(|| h.via.as_ref().map(|v| v.address.to_string()))
                            .unwrap_or_default()
                    })
                    .collect();
                let dev: Vec<String> = hops
                    .iter()
                    .map(|h| links.name(h.ifindex).into_owned())
                    .collect();
                let weight: Vec<String> = hops
                    .iter()
                    .map(|h| (h.hops as u32 + 1).to_string())
                    .collect();
                let flags: Vec<String> = hops
                    .iter()
                    .enumerate()
                    // The route's own flags go with the first leg.
                    .map(|(i, h)| flag_words(h.flags as u32 | if i == 0 { r.flags } else { 0 }))
                    .collect();
                (
                    gw.join("\n"),
                    dev.join("\n"),
                    weight.join("\n"),
                    flags.join("\n"),
                )
            }
            None => (
                r.gateway
                    .as_ref()
                    .map(|g| g.text())
                    .or_else(|| r.via.as_ref().map(|v| v.address.to_string()))
                    .unwrap_or_default(),
                r.oif
                    .map(|oif| links.name(oif).into_owned())
                    .unwrap_or_default(),
                String::new(),
                flag_words(r.flags),
            ),
        };
        self.grid.push(vec![
            destination,
            gateways,
            devices,
            weights,
            names.proto_name(r.protocol),
            names.scope_name(r.scope),
            if let Some(metric) = r.metric {
                metric.to_string()
            } else {
                String::new()
            },
            names.table_name(r.table),
            super::route::route_type_name(r.kind, false),
            flag_words,
        ])
    }
}

fn flag_words(flags: u32) -> String {
    super::route::FLAG_NAMES
        .iter()
        .filter(|(bit, _)| flags & bit != 0)
        .map(|(_, n)| *n)
        .collect::<Vec<_>>()
        .join(",")
}

const RULE_COLUMNS: &[&str] = &["priority", "selector", "action", "table", "proto"];

/// Left out in this order when a terminal is too narrow: proto, table.
const RULE_DROP_ORDER: &[usize] = &[4, 3];

/// Rule rows: priority, selector, action, table, proto.
pub struct RuleTable<W: Write = BufWriter<Stdout>> {
    grid: Grid<W>,
}

impl Default for RuleTable {
    fn default() -> Self {
        Self::new()
    }
}

impl RuleTable {
    /// A table on stdout.
    pub fn new() -> Self {
        RuleTable {
            grid: stdout_grid(RULE_COLUMNS, RULE_DROP_ORDER),
        }
    }
}

impl<W: Write> RuleTable<W> {
    /// Writes the rest of the table.
    pub fn finish(self) -> io::Result<()> {
        self.grid.finish()
    }

    pub fn add(&mut self, r: &RuleView, names: &Names) -> io::Result<()> {
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
            other => super::route::route_type_name(RouteType(other), false),
        };
        if let Some(len) = r.suppress_prefixlen.filter(|&l| l as i32 != -1) {
            action.push_str(&format!(" suppress_prefixlength {len}"));
        }
        if let Some(group) = r.suppress_ifgroup.filter(|&g| g as i32 != -1) {
            action.push_str(&format!(" suppress_ifgroup {}", names.group_name(group)));
        }
        let table = match r.table_id() {
            crate::model::kernel::table::UNSPEC => String::new(),
            t => names.table_name(t),
        };
        self.grid.push(vec![
            r.priority.unwrap_or(0).to_string(),
            selector,
            action,
            table,
            r.protocol.map(|p| names.proto_name(p)).unwrap_or_default(),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_locale_is_read_in_posix_order() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(name, _)| *name == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(utf8_locale(env(&[("LANG", "en_US.UTF-8")])));
        assert!(utf8_locale(env(&[("LC_CTYPE", "C.utf8"), ("LANG", "C")])));
        assert!(!utf8_locale(env(&[
            ("LC_ALL", "C"),
            ("LANG", "en_US.UTF-8")
        ])));
        assert!(utf8_locale(env(&[("LC_ALL", ""), ("LANG", "de_DE.utf8")])));
        assert!(!utf8_locale(env(&[])));
    }
}
