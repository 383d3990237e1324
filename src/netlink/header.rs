//! The 12-byte header that leads every route message (`struct rtmsg`) and every
//! rule message (`struct fib_rule_hdr`, laid out alike: family, two prefix
//! lengths, tos, 8-bit table, two bytes the rule header reserves, the route type
//! or rule action, 32-bit flags). Written here and nowhere else.

use super::attrs::Payload;

/// Length of the header on the wire.
pub const RTMSG_LEN: usize = 12;

/// One route or rule header. For a rule, `protocol` and `scope` are reserved
/// (zero) and `kind` is the action.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RtHeader {
    pub family: u8,
    pub dst_len: u8,
    pub src_len: u8,
    pub tos: u8,
    pub table: u8,
    pub protocol: u8,
    pub scope: u8,
    pub kind: u8,
    pub flags: u32,
}

impl RtHeader {
    /// A header naming only a family: what a plain dump request carries.
    pub fn family(family: u8) -> RtHeader {
        RtHeader {
            family,
            ..RtHeader::default()
        }
    }

    pub fn bytes(&self) -> [u8; RTMSG_LEN] {
        let mut b = [0u8; RTMSG_LEN];
        b[..8].copy_from_slice(&[
            self.family,
            self.dst_len,
            self.src_len,
            self.tos,
            self.table,
            self.protocol,
            self.scope,
            self.kind,
        ]);
        b[8..].copy_from_slice(&self.flags.to_ne_bytes());
        b
    }

    /// The header, ready for attributes to follow.
    pub fn payload(&self) -> Payload {
        Payload::with_header(&self.bytes())
    }

    /// Reads the header at the start of a payload (None when it is too short).
    pub fn parse(payload: &[u8]) -> Option<RtHeader> {
        let b = payload.get(..RTMSG_LEN)?;
        Some(RtHeader {
            family: b[0],
            dst_len: b[1],
            src_len: b[2],
            tos: b[3],
            table: b[4],
            protocol: b[5],
            scope: b[6],
            kind: b[7],
            flags: u32::from_ne_bytes(b[8..12].try_into().ok()?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip() {
        let h = RtHeader {
            family: 10,
            dst_len: 64,
            table: 254,
            kind: 1,
            flags: 0x200,
            ..RtHeader::default()
        };
        assert_eq!(RtHeader::parse(&h.bytes()), Some(h));
    }
}
