//! VRF devices by name (`route get|add ... vrf NAME`): one RTM_GETLINK by name and
//! its IFLA_LINKINFO, as iproute2's `name_is_vrf` and `ipvrf_get_table` ask.

use super::Netlink;
use super::attrs::{Payload, attributes, u32_of};
use super::consts::*;

const IFLA_LINKINFO: u16 = 18;
const IFLA_INFO_KIND: u16 = 1;
const IFLA_INFO_DATA: u16 = 2;
const IFLA_VRF_TABLE: u16 = 1;
/// IFNAMSIZ: a longer name cannot be a device.
const IFNAMSIZ: usize = 16;

/// True when `name` is an existing device of kind `vrf`. Kernel errors (no such
/// device) answer false, silently, as in iproute2.
pub fn is_vrf(nl: &mut Netlink, name: &str) -> bool {
    vrf_linkinfo(nl, name).is_some()
}

/// The table of VRF device `name`, or None when there is no such VRF.
pub fn table(nl: &mut Netlink, name: &str) -> Option<u32> {
    let info = vrf_linkinfo(nl, name)?;
    let data = find(&info, IFLA_INFO_DATA)?;
    find(data, IFLA_VRF_TABLE)
        .and_then(|v| v.get(0..4))
        .map(u32_of)
}

/// The IFLA_LINKINFO of device `name` when its kind is `vrf`.
fn vrf_linkinfo(nl: &mut Netlink, name: &str) -> Option<Vec<u8>> {
    if crate::lossless::byte_len(name) >= IFNAMSIZ {
        return None;
    }
    let mut req = Payload::with_header(&[0u8; IFINFOMSG_LEN]);
    req.string(IFLA_IFNAME, name);
    let Ok(Some((RTM_NEWLINK, payload))) = nl.request_reply(RTM_GETLINK, 0, &req.bytes) else {
        return None;
    };
    let info = find(payload.get(IFINFOMSG_LEN..)?, IFLA_LINKINFO)?;
    let kind = find(info, IFLA_INFO_KIND)?;
    (kind.split(|&b| b == 0).next() == Some(b"vrf")).then(|| info.to_vec())
}

fn find(data: &[u8], wanted: u16) -> Option<&[u8]> {
    attributes(data).find(|(k, _)| *k == wanted).map(|(_, v)| v)
}
