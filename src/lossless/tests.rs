use super::*;

fn round_trip(bytes: &[u8]) {
    let text = decode(bytes);
    assert_eq!(&*encode(&text), bytes, "round trip of {bytes:x?}");
    assert_eq!(byte_len(&text), bytes.len(), "length of {bytes:x?}");
    assert_eq!(decode_vec(bytes.to_vec()), text);
    let mut out = Vec::new();
    Encoder::new(&mut out).write_all(text.as_bytes()).unwrap();
    assert_eq!(out, bytes, "encoder on {bytes:x?}");
}

#[test]
fn plain_utf8_is_unchanged() {
    for text in ["", "dev", "va", "é", "日本", "\u{10FF7F}", "\u{FFFD}"] {
        assert_eq!(decode(text.as_bytes()), text);
        assert_eq!(&*encode(text), text.as_bytes());
        // No copy for text without a byte F4.
        if !text.as_bytes().contains(&0xf4) {
            assert!(matches!(decode(text.as_bytes()), Cow::Borrowed(_)));
            assert!(matches!(encode(text), Cow::Borrowed(_)));
        }
        round_trip(text.as_bytes());
    }
}

#[test]
fn invalid_bytes_map_to_reserved_code_points() {
    assert_eq!(decode(b"\xff\xfe"), "\u{10FFFF}\u{10FFFE}");
    assert_eq!(decode(b"a\x80b"), "a\u{10FF80}b");
    // A truncated sequence: each of its bytes on its own.
    assert_eq!(decode(b"\xe2\x82 x"), "\u{10FFE2}\u{10FF82} x");
    assert_eq!(encode("\u{10FFFF}\u{10FFFE}"), &b"\xff\xfe"[..]);
}

#[test]
fn every_byte_sequence_round_trips() {
    let samples: &[&[u8]] = &[
        b"\xff",
        b"\xff\xfe",
        b"v\xff",
        b"w\xfe\xc3",
        b"\xc2\xa0",
        b"\xc3",
        b"\xe2\x82",
        b"\xed\xa0\x80",     // a UTF-16 surrogate spelled in UTF-8: invalid
        b"\xf4\x90\x80\x80", // past U+10FFFF: invalid
        b"\xc0\xaf",         // overlong
        b"a\x00b",
        // Reserved code points already in the input, valid UTF-8 that they are.
        "\u{10FF80}".as_bytes(),
        "\u{10FFFF}x\u{10FFBF}".as_bytes(),
        b"\xf4\x8f\xbe", // a cut reserved code point
        b"\xf4\x8f\xbf\xbf\xff",
    ];
    for bytes in samples {
        round_trip(bytes);
    }
    for a in 0..=255u8 {
        round_trip(&[a]);
        for b in [0x00, 0x41, 0x80, 0x8f, 0xbe, 0xbf, 0xc3, 0xf4, 0xff] {
            round_trip(&[a, b]);
            round_trip(&[0xf4, 0x8f, a, b]);
        }
    }
}

/// Random byte strings, weighted towards the bytes that matter here (F4, 8F,
/// BE, BF, continuation bytes, lead bytes).
#[test]
fn random_byte_strings_round_trip() {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    const BIASED: [u8; 10] = [0xf4, 0x8f, 0xbe, 0xbf, 0x80, 0xc3, 0xe2, 0xff, b'a', b' '];
    for _ in 0..20_000 {
        let len = (next() % 12) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                let r = next();
                if r % 3 == 0 {
                    r as u8 >> 1 | 0x80
                } else {
                    BIASED[(r >> 8) as usize % BIASED.len()]
                }
            })
            .collect();
        round_trip(&bytes);
    }
}

#[test]
fn input_holding_reserved_code_points_is_escaped() {
    let text = decode("\u{10FF80}".as_bytes());
    assert_eq!(text, "\u{10FFF4}\u{10FF8F}\u{10FFBE}\u{10FF80}");
    assert_ne!(decode(b"\x80"), text);
}

#[test]
fn encoder_completes_code_points_cut_between_writes() {
    let text = decode(b"dev \xff\xfe and \xc3.").into_owned();
    let bytes = text.as_bytes();
    for cut in 0..=bytes.len() {
        for cut2 in cut..=bytes.len() {
            let mut out = Vec::new();
            {
                let mut w = Encoder::new(&mut out);
                w.write_all(&bytes[..cut]).unwrap();
                w.write_all(&bytes[cut..cut2]).unwrap();
                w.write_all(&bytes[cut2..]).unwrap();
            }
            assert_eq!(out, b"dev \xff\xfe and \xc3.", "cut at {cut}, {cut2}");
        }
    }
}

#[test]
fn encoder_releases_a_held_start_when_dropped() {
    let mut out = Vec::new();
    {
        let mut w = Encoder::new(&mut out);
        w.write_all(b"x\xf4\x8f").unwrap();
    }
    assert_eq!(out, b"x\xf4\x8f");
}

#[test]
fn os_strings_and_paths() {
    use std::os::unix::ffi::OsStrExt;
    let os = OsStr::from_bytes(b"/tmp/b\xff.txt");
    let text = decode_os(os);
    assert_eq!(encode_os(&text), os);
    assert_eq!(path(&text).as_os_str(), os);
}

/// Standard output and error are written through this module only: a `print!`
/// or a raw `std::io::stdout()` elsewhere would print decoded text unencoded.
#[test]
fn nothing_else_writes_to_stdout_or_stderr() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    let own = [root.join("lossless.rs"), root.join("lossless")];
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if own.iter().any(|o| path.starts_with(o)) {
                continue;
            }
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            for (n, line) in source.lines().enumerate() {
                let forbidden = ["print!(", "println!(", "io::stdout", "io::stderr"]
                    .iter()
                    .any(|p| line.contains(p))
                    || (line.contains("use std::io::")
                        && (line.contains("stdout") || line.contains("stderr")));
                if forbidden {
                    offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "write through crate::lossless instead:\n{}",
        offenders.join("\n")
    );
}
