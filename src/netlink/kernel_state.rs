//! Kernel state `route explain` reads outside netlink: per-interface IPv4
//! settings under /proc/sys, and the multicast groups an interface joined
//! (/proc/net/igmp, whose addresses are printed in the kernel's byte order).

use crate::model::explain::InputConf;

/// One `net.ipv4.conf` value of `dev`, and of `all`.
pub fn conf_values(dev: &str, key: &str) -> (u32, u32) {
    let read = |d: &str| {
        std::fs::read_to_string(crate::lossless::path(&format!(
            "/proc/sys/net/ipv4/conf/{d}/{key}"
        )))
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
    };
    (read(dev), read("all"))
}

/// The input interface's settings, combined as the kernel combines them: some
/// need the device's own value (forwarding), some either value, rp_filter the
/// larger one.
pub fn input_conf(dev: &str, ifindex: u32) -> InputConf {
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
