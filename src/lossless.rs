//! Words are bytes; the parsers work on `str`. This module is the one mapping
//! between the two, lossless in the direction that matters: `encode(&decode(b))
//! == b` for every byte string `b`.
//!
//! iproute2 handles command words, batch lines, names-file entries and interface
//! names as C strings, so `ip route show dev $'\xff'` answers `Cannot find device
//! "\xff"` with that very byte. To say the same, every place bytes come in
//! (ingress: argv, batch lines, names files, file names, the names the kernel
//! reports) decodes them with [`decode`], and every place text goes out (egress:
//! stdout and stderr through [`stdout`], [`stderr`] and [`eprint`], a name sent to
//! the kernel, a path opened, arguments given to another program) encodes it
//! with [`encode`].
//!
//! The mapping: valid UTF-8 stays as it is, except for the code points
//! U+10FF80..=U+10FFFF (the last 128 of plane 16, private use), which are
//! reserved. Each byte `b` of an invalid UTF-8 sequence (always 0x80..=0xFF)
//! becomes the reserved code point U+10FF00 + `b`; so does each byte of a valid
//! sequence that spells a reserved code point, so that input already holding one
//! still comes back byte for byte. Encoding turns each reserved code point back
//! into its byte. Comparisons between decoded strings are comparisons between
//! the bytes; [`byte_len`] gives a decoded word's length in bytes (interface
//! names are limited in bytes).
//!
//! Stdout and stderr are only written through this module (a unit test checks
//! the sources), so no message can forget to encode. Bytes that never went
//! through [`decode`] (binary `route save` output, another program's output
//! passed on) are written with [`stdout_raw`] / [`stderr_raw`].

use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::io::{self, Write};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;

/// The reserved code point of byte 0x80; byte `b` maps to `BASE + b`.
const BASE: u32 = 0x10FF00;

/// The UTF-8 lead bytes shared by every reserved code point (F4 8F BE|BF xx).
const LEAD: [u8; 2] = [0xF4, 0x8F];

fn reserved(c: char) -> Option<u8> {
    let v = c as u32;
    (v >= BASE + 0x80).then(|| (v - BASE) as u8)
}

fn char_of(byte: u8) -> char {
    char::from_u32(BASE + byte as u32).expect("plane 16 code point")
}

/// The text that stands for `bytes`.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    // Every reserved code point's encoding starts with byte F4.
    if let Ok(text) = std::str::from_utf8(bytes)
        && !bytes.contains(&LEAD[0])
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match reserved(c) {
                Some(_) => {
                    let mut buf = [0; 4];
                    out.extend(c.encode_utf8(&mut buf).bytes().map(char_of));
                }
                None => out.push(c),
            }
        }
        out.extend(chunk.invalid().iter().map(|&b| char_of(b)));
    }
    Cow::Owned(out)
}

/// [`decode`] of an owned buffer (no copy when it is plain UTF-8).
pub fn decode_vec(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) if !text.as_bytes().contains(&LEAD[0]) => text,
        Ok(text) => decode(text.as_bytes()).into_owned(),
        Err(e) => decode(e.as_bytes()).into_owned(),
    }
}

/// [`decode`] of an OS string (argv, a file name).
pub fn decode_os(s: &OsStr) -> String {
    decode(s.as_bytes()).into_owned()
}

/// The bytes `text` stands for.
pub fn encode(text: &str) -> Cow<'_, [u8]> {
    if !text.as_bytes().contains(&LEAD[0]) {
        return Cow::Borrowed(text.as_bytes());
    }
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match reserved(c) {
            Some(b) => out.push(b),
            None => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    Cow::Owned(out)
}

/// [`encode`] as an OS string (an argument for another program).
pub fn encode_os(text: &str) -> OsString {
    OsString::from_vec(encode(text).into_owned())
}

/// [`encode`] as a path to open.
pub fn path(text: &str) -> PathBuf {
    PathBuf::from(encode_os(text))
}

/// How many bytes `text` stands for (what C's `strlen` says of the word).
pub fn byte_len(text: &str) -> usize {
    text.chars()
        .map(|c| {
            if reserved(c).is_some() {
                1
            } else {
                c.len_utf8()
            }
        })
        .sum()
}

/// A writer that encodes text on its way to `W`: each reserved code point
/// becomes its byte. A code point cut between two writes is completed by the
/// next one.
pub struct Encoder<W: Write> {
    inner: W,
    /// The start of a reserved code point's encoding, left by the last write.
    held: Vec<u8>,
}

impl<W: Write> Encoder<W> {
    pub fn new(inner: W) -> Self {
        Encoder {
            inner,
            held: Vec::new(),
        }
    }

    fn write_encoded(&mut self, bytes: &[u8]) -> io::Result<()> {
        let joined;
        let bytes = if self.held.is_empty() {
            bytes
        } else {
            let mut held = std::mem::take(&mut self.held);
            held.extend_from_slice(bytes);
            joined = held;
            &joined[..]
        };
        // Keep an unfinished reserved code point at the end for the next write.
        let tail = (1..=3.min(bytes.len()))
            .rev()
            .find(|&n| may_start_reserved(&bytes[bytes.len() - n..]))
            .unwrap_or(0);
        let (now, later) = bytes.split_at(bytes.len() - tail);
        self.write_complete(now)?;
        self.held.extend_from_slice(later);
        Ok(())
    }

    /// Writes bytes that end on a code point boundary (or are not UTF-8).
    fn write_complete(&mut self, bytes: &[u8]) -> io::Result<()> {
        if !bytes.contains(&LEAD[0]) {
            return self.inner.write_all(bytes);
        }
        let mut start = 0;
        let mut i = 0;
        while i + 4 <= bytes.len() {
            let seq = &bytes[i..i + 4];
            if seq[..2] == LEAD && (seq[2] == 0xBE || seq[2] == 0xBF) && seq[3] & 0xC0 == 0x80 {
                self.inner.write_all(&bytes[start..i])?;
                self.inner
                    .write_all(&[0x80 | ((seq[2] & 1) << 6) | (seq[3] & 0x3F)])?;
                i += 4;
                start = i;
            } else {
                i += 1;
            }
        }
        self.inner.write_all(&bytes[start..])
    }

    fn release_held(&mut self) -> io::Result<()> {
        let held = std::mem::take(&mut self.held);
        self.inner.write_all(&held)
    }
}

/// True when `bytes` (1 to 3 of them) could be the start of a reserved code
/// point's encoding.
fn may_start_reserved(bytes: &[u8]) -> bool {
    match bytes {
        [a] => *a == LEAD[0],
        [a, b] => [*a, *b] == LEAD,
        [a, b, c] => [*a, *b] == LEAD && (*c == 0xBE || *c == 0xBF),
        _ => false,
    }
}

impl<W: Write> Write for Encoder<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.write_encoded(bytes)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for Encoder<W> {
    fn drop(&mut self) {
        if !self.held.is_empty() {
            let _ = self.release_held();
        }
    }
}

/// Standard output as text is written to it.
pub type Stdout = Encoder<io::Stdout>;

/// Standard output, for text.
pub fn stdout() -> Stdout {
    Encoder::new(std_stdout())
}

/// Standard error, for text.
pub fn stderr() -> Encoder<io::Stderr> {
    Encoder::new(std_stderr())
}

/// Standard output for bytes that are not text of ours (binary dumps).
pub fn stdout_raw() -> io::Stdout {
    std_stdout()
}

/// Standard error for bytes that are not text of ours (another program's).
pub fn stderr_raw() -> io::Stderr {
    std_stderr()
}

/// Whether standard output is a terminal.
pub fn stdout_is_terminal() -> bool {
    io::IsTerminal::is_terminal(&std_stdout())
}

/// Writes `text` on stderr (errors ignored: there is nowhere left to report them).
pub fn eprint(text: &str) {
    let _ = stderr().write_all(text.as_bytes());
}

/// Writes pending stdout, so that what follows on stderr comes after it.
pub fn flush_stdout() {
    let _ = std_stdout().flush();
}

fn std_stdout() -> io::Stdout {
    io::stdout()
}

fn std_stderr() -> io::Stderr {
    io::stderr()
}

#[cfg(test)]
mod tests;
