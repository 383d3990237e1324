//! A minimal netlink attribute writer for the requests we build by hand: it appends
//! aligned `struct nlattr` records to a payload buffer.

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

    /// A NUL-terminated string attribute.
    pub fn string(&mut self, kind: u16, s: &str) -> &mut Self {
        let mut v = s.as_bytes().to_vec();
        v.push(0);
        self.attr(kind, &v)
    }
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
