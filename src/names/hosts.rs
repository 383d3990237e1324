//! `-r` (`-resolve`): host addresses printed as names, looked up the way iproute2
//! looks them up (gethostbyaddr: /etc/hosts, then whatever NSS is configured).
//! Prefixes, local sources and everything else stay numeric, as in iproute2.

use std::collections::HashMap;
use std::sync::Mutex;

unsafe extern "C" {
    fn gethostbyaddr(
        addr: *const libc::c_void,
        len: libc::socklen_t,
        family: libc::c_int,
    ) -> *mut libc::hostent;
}

static CACHE: Mutex<Option<HashMap<Vec<u8>, Option<String>>>> = Mutex::new(None);

/// The name of an IPv4 (4 bytes) or IPv6 (16 bytes) address, if it has one.
pub fn name_of(addr: &[u8]) -> Option<String> {
    let family = match addr.len() {
        4 => libc::AF_INET,
        16 => libc::AF_INET6,
        _ => return None,
    };
    let mut cache = CACHE.lock().ok()?;
    let cache = cache.get_or_insert_with(HashMap::new);
    if let Some(known) = cache.get(addr) {
        return known.clone();
    }
    // SAFETY: addr points to `len` readable bytes; the returned hostent is
    // static storage of the C library, copied out before any other lookup.
    let name = unsafe {
        let entry = gethostbyaddr(addr.as_ptr().cast(), addr.len() as libc::socklen_t, family);
        if entry.is_null() || (*entry).h_name.is_null() {
            None
        } else {
            let name = std::ffi::CStr::from_ptr((*entry).h_name);
            Some(crate::lossless::decode(name.to_bytes()).into_owned())
        }
    };
    cache.insert(addr.to_vec(), name.clone());
    name
}
