//! Netlink attributes by hand: a minimal writer that appends aligned `struct nlattr`
//! records to a request payload, and a walker over the attributes of a reply.

/// A request payload: a fixed header followed by attributes.
#[derive(Debug, Default, Clone)]
pub struct Payload {
    pub bytes: Vec<u8>,
}

impl Payload {
    pub fn with_header(header: &[u8]) -> Self {
        Payload {
            bytes: header.to_vec(),
        }
    }

    /// Appends one attribute (padding its value to 4 bytes).
    pub fn attr(&mut self, kind: u16, value: &[u8]) -> &mut Self {
        let len = 4 + value.len();
        self.bytes.extend_from_slice(&(len as u16).to_ne_bytes());
        self.bytes.extend_from_slice(&kind.to_ne_bytes());
        self.bytes.extend_from_slice(value);
        while !self.bytes.len().is_multiple_of(4) {
            self.bytes.push(0);
        }
        self
    }

    pub fn u8(&mut self, kind: u16, v: u8) -> &mut Self {
        self.attr(kind, &[v])
    }

    pub fn u32(&mut self, kind: u16, v: u32) -> &mut Self {
        self.attr(kind, &v.to_ne_bytes())
    }

    /// A NUL-terminated string attribute (the bytes the text stands for).
    pub fn string(&mut self, kind: u16, s: &str) -> &mut Self {
        let mut v = crate::lossless::encode(s).into_owned();
        v.push(0);
        self.attr(kind, &v)
    }
}

/// Walks the attributes of `data` as (type, value) pairs, flag bits of the type
/// masked off; stops at the first malformed one.
pub fn attributes(data: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    attributes_whole(data).map(|(kind, value, _)| (kind, value))
}

/// `attributes`, also giving each attribute whole (header included, padding
/// not), for code that passes it on as it came.
pub fn attributes_whole(mut data: &[u8]) -> impl Iterator<Item = (u16, &[u8], &[u8])> {
    std::iter::from_fn(move || {
        if data.len() < 4 {
            return None;
        }
        let len = u16::from_ne_bytes([data[0], data[1]]) as usize;
        let kind = u16::from_ne_bytes([data[2], data[3]]) & 0x3fff;
        if len < 4 || len > data.len() {
            return None;
        }
        let whole = &data[..len];
        data = &data[((len + 3) & !3).min(data.len())..];
        Some((kind, &whole[4..], whole))
    })
}

/// An attribute value read as a native-order number; 0 when it is too short (a
/// damaged attribute must not stop a listing).
pub fn u8_of(v: &[u8]) -> u8 {
    v.first().copied().unwrap_or(0)
}

pub fn u16_of(v: &[u8]) -> u16 {
    v.get(0..2)
        .map(|b| u16::from_ne_bytes([b[0], b[1]]))
        .unwrap_or(0)
}

pub fn u32_of(v: &[u8]) -> u32 {
    v.get(0..4)
        .map(|b| u32::from_ne_bytes(b.try_into().unwrap()))
        .unwrap_or(0)
}

pub fn u64_of(v: &[u8]) -> u64 {
    v.get(0..8)
        .map(|b| u64::from_ne_bytes(b.try_into().unwrap()))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_aligned() {
        let mut p = Payload::with_header(&[1, 2, 3, 4]);
        p.u8(7, 9).string(3, "va");
        assert_eq!(
            p.bytes,
            [
                1, 2, 3, 4, 5, 0, 7, 0, 9, 0, 0, 0, 7, 0, 3, 0, b'v', b'a', 0, 0
            ]
        );
    }
}
