//! Whether a device is a VRF (`route get ... vrf NAME`): one RTM_GETLINK by name and
//! its IFLA_LINKINFO kind, as iproute2's `name_is_vrf` asks.

use super::Netlink;
use super::consts::*;

const IFINFOMSG_LEN: usize = 16;
const IFLA_IFNAME: u16 = 3;
const IFLA_LINKINFO: u16 = 18;
const IFLA_INFO_KIND: u16 = 1;
/// IFNAMSIZ: a longer name cannot be a device.
const IFNAMSIZ: usize = 16;

/// True when `name` is an existing device of kind `vrf`. Kernel errors (no such
/// device) answer false, silently, as in iproute2.
pub fn is_vrf(nl: &mut Netlink, name: &str) -> bool {
    if name.len() >= IFNAMSIZ {
        return false;
    }
    let mut req = vec![0u8; IFINFOMSG_LEN];
    let value_len = name.len() + 1;
    req.extend_from_slice(&((4 + value_len) as u16).to_ne_bytes());
    req.extend_from_slice(&IFLA_IFNAME.to_ne_bytes());
    req.extend_from_slice(name.as_bytes());
    req.push(0);
    req.resize((req.len() + 3) & !3, 0);
    match nl.request_reply(RTM_GETLINK, 0, &req) {
        Ok(Some((RTM_NEWLINK, payload))) => link_kind(&payload).as_deref() == Some("vrf"),
        _ => false,
    }
}

fn attributes(data: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = data;
    std::iter::from_fn(move || {
        if rest.len() < 4 {
            return None;
        }
        let len = u16::from_ne_bytes([rest[0], rest[1]]) as usize;
        let kind = u16::from_ne_bytes([rest[2], rest[3]]) & 0x3fff;
        if len < 4 || len > rest.len() {
            return None;
        }
        let value = &rest[4..len];
        rest = &rest[((len + 3) & !3).min(rest.len())..];
        Some((kind, value))
    })
}

/// IFLA_LINKINFO / IFLA_INFO_KIND of an RTM_NEWLINK payload.
fn link_kind(payload: &[u8]) -> Option<String> {
    let (_, info) = attributes(payload.get(IFINFOMSG_LEN..)?).find(|(k, _)| *k == IFLA_LINKINFO)?;
    let (_, kind) = attributes(info).find(|(k, _)| *k == IFLA_INFO_KIND)?;
    let kind = kind.split(|&b| b == 0).next().unwrap_or(&[]);
    Some(String::from_utf8_lossy(kind).into_owned())
}
