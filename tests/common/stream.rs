//! The binary stream of `ip route save` and `ip rule save`: a 4-byte magic, then
//! netlink messages, each with a 16-byte header (length, type, flags, sequence
//! number, port id) and padded to 4 bytes.

/// The pieces of a saved stream, losslessly: the magic, then each message with
/// its padding, then whatever is left that is too short to be a message. The
/// sequence number and port id of each header are zeroed: they identify the
/// dumping socket, not what was saved.
pub fn messages(stream: &[u8]) -> Vec<Vec<u8>> {
    let mut out = vec![stream[..4.min(stream.len())].to_vec()];
    let mut at = 4;
    while at < stream.len() {
        if at + 16 > stream.len() {
            out.push(stream[at..].to_vec());
            break;
        }
        let len = u32::from_ne_bytes(stream[at..at + 4].try_into().unwrap()) as usize;
        // A length shorter than a header still moves on by one header.
        let end = (at + len.max(16).next_multiple_of(4)).min(stream.len());
        let mut msg = stream[at..end].to_vec();
        msg[8..16].fill(0);
        out.push(msg);
        at = end;
    }
    out
}

/// The payload (after the header) of a whole message from `messages`; `None`
/// for the magic, a cut message or a length that does not fit.
pub fn payload(msg: &[u8]) -> Option<&[u8]> {
    let len = u32::from_ne_bytes(msg.get(..4)?.try_into().unwrap()) as usize;
    (msg.len() >= 16 && (16..=msg.len()).contains(&len)).then(|| &msg[16..len])
}

/// A saved stream as text, one line per piece in hex, so that two streams are
/// compared (and a difference shown) message by message.
pub fn stream_text(stream: &[u8]) -> Vec<u8> {
    let mut text = String::new();
    for piece in messages(stream) {
        for b in piece {
            text.push_str(&format!("{b:02x}"));
        }
        text.push('\n');
    }
    text.into_bytes()
}
