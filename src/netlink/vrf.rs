//! Whether a device is a VRF (`route get ... vrf NAME`): one RTM_GETLINK by name and
//! its IFLA_LINKINFO kind, as iproute2's `name_is_vrf` asks.

use super::Netlink;
use super::attrs::{Payload, attributes};
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
    let mut req = Payload::with_header(&[0u8; IFINFOMSG_LEN]);
    req.string(IFLA_IFNAME, name);
    match nl.request_reply(RTM_GETLINK, 0, &req.bytes) {
        Ok(Some((RTM_NEWLINK, payload))) => link_kind(&payload).as_deref() == Some("vrf"),
        _ => false,
    }
}

/// IFLA_LINKINFO / IFLA_INFO_KIND of an RTM_NEWLINK payload.
fn link_kind(payload: &[u8]) -> Option<String> {
    let (_, info) = attributes(payload.get(IFINFOMSG_LEN..)?).find(|(k, _)| *k == IFLA_LINKINFO)?;
    let (_, kind) = attributes(info).find(|(k, _)| *k == IFLA_INFO_KIND)?;
    let kind = kind.split(|&b| b == 0).next().unwrap_or(&[]);
    Some(String::from_utf8_lossy(kind).into_owned())
}
