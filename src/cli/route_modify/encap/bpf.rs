//! eBPF programs on routes: `encap bpf [in|out|xmit PROG]... [headroom N]` and the
//! `endpoint PROG` of seg6local `End.BPF`, where PROG is `obj FILE [section NAME]
//! [verbose]` or `pinned PATH`.
//!
//! iproute2 loads the program while it parses the line, so every failure to load
//! one ends the command there, before any later word is read. ipr checks the
//! program the same way (the object file must open and be an eBPF ELF file, the
//! pinned path must hold a BPF object) and stops with iproute2's messages; it cannot
//! load programs yet, so a program that would load is refused with ipr's own text.

use super::super::{Words, invalid};
use crate::cli::keyword::abbreviates;
use crate::error::{Error, Result};
use crate::model::number::parse_unsigned;
use crate::model::route_request::Encap;

use libc::{EINVAL, EPERM};

const USAGE: &str = "Usage: ip route ... encap bpf [ in BPF ] [ out BPF ] [ xmit BPF ] [...]\n\
                     BPF := obj FILE [ section NAME ] [ verbose ]\n";

/// `encap bpf ...`: program hooks and the transmit headroom (the first one given
/// counts, later ones are read and ignored).
pub fn encap(words: &mut Words) -> Result<Encap> {
    let mut headroom = None;
    while let Some(word) = words.peek() {
        match word {
            "in" | "out" | "xmit" => {
                words.next_word();
                let mode = words.value()?;
                program(words, mode)?;
            }
            "headroom" => {
                words.next_word();
                let value = words.value()?;
                let h = parse_unsigned(value, 0, u32::MAX as u64)
                    .filter(|&h| h != 0)
                    .ok_or_else(|| invalid(value, "headroom is invalid\n"))?;
                headroom = headroom.or(Some(h as u32));
            }
            "help" => return Err(Error::new(USAGE, 255)),
            _ => break,
        }
    }
    Ok(Encap::Bpf { headroom })
}

/// Where a program comes from.
enum Source {
    Object,
    Pinned,
}

/// PROG, from its first word `mode` on. Never returns a program (see the module
/// comment): every path ends in an error.
pub fn program(words: &mut Words, mode: &str) -> Result<()> {
    let source = if abbreviates(mode, "object-file") || mode == "obj" {
        Source::Object
    } else if abbreviates(mode, "object-pinned")
        || abbreviates(mode, "pinned")
        || abbreviates(mode, "fd")
    {
        Source::Pinned
    } else {
        return Err(failed(&format!("What mode is \"{mode}\"?\n"), EPERM));
    };
    let file = words.value()?;
    if words.peek().is_some_and(|w| abbreviates(w, "section")) {
        words.next_word();
        words.value()?;
    }
    if words.peek().is_some_and(|w| abbreviates(w, "verbose")) {
        words.next_word();
    }
    match source {
        Source::Object => object(file),
        Source::Pinned => pinned(file),
    }
}

/// iproute2's last line for a program it could not load, after `first`.
fn failed(first: &str, errno: i32) -> Error {
    Error::new(
        format!("{first}Failed to parse eBPF program: {}\n", strerror(errno)),
        255,
    )
}

const ELF_CONTEXT: &str = "Cannot initialize ELF context!\n";

/// An object file: it must open, be an ELF file, and be one for eBPF.
fn object(path: &str) -> Result<()> {
    let Ok(data) = read_head(path) else {
        return Err(failed(ELF_CONTEXT, EPERM));
    };
    match elf_machine(&data) {
        None => Err(failed(ELF_CONTEXT, EINVAL)),
        Some(0 | EM_BPF) => Err(unsupported()),
        Some(_) => Err(failed(
            &format!("ELF format error, ELF file not for eBPF?\n{ELF_CONTEXT}"),
            EINVAL,
        )),
    }
}

const EM_BPF: u16 = 247;

/// The first 64 bytes of a file (fewer when it is shorter); an error when it
/// cannot be opened. A directory opens but cannot be read: no bytes.
fn read_head(path: &str) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(crate::lossless::path(path))?;
    let mut data = Vec::new();
    let _ = file.take(64).read_to_end(&mut data);
    Ok(data)
}

/// `e_machine` of an ELF header, or None when `data` is not one (bad magic,
/// class or byte order, or too short for its class).
fn elf_machine(data: &[u8]) -> Option<u16> {
    if data.get(0..4)? != b"\x7fELF" {
        return None;
    }
    let header_len = match data.get(4)? {
        1 => 52,
        2 => 64,
        _ => return None,
    };
    if data.len() < header_len {
        return None;
    }
    let bytes = [data[18], data[19]];
    match data[5] {
        1 => Some(u16::from_le_bytes(bytes)),
        2 => Some(u16::from_be_bytes(bytes)),
        _ => None,
    }
}

/// A pinned program: the path must name a BPF object (BPF_OBJ_GET).
fn pinned(path: &str) -> Result<()> {
    const BPF_OBJ_GET: libc::c_long = 7;
    let Ok(c_path) = std::ffi::CString::new(path) else {
        return Err(failed("", EINVAL));
    };
    // union bpf_attr for BPF_OBJ_GET: pathname, bpf_fd, file_flags.
    let mut attr = [0u64; 2];
    attr[0] = c_path.as_ptr() as u64;
    // SAFETY: `attr` is a valid, zero-padded bpf_attr of the size we pass, and the
    // path it points to lives until the call returns.
    let fd = unsafe {
        libc::syscall(
            libc::SYS_bpf,
            BPF_OBJ_GET,
            attr.as_mut_ptr(),
            std::mem::size_of_val(&attr),
        )
    };
    if fd < 0 {
        let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
        return Err(failed(
            &format!(
                "Couldn't retrieve pinned program '{path}': {}\n",
                strerror(errno)
            ),
            EPERM,
        ));
    }
    // SAFETY: `fd` is a descriptor the kernel just gave us and nothing else owns.
    unsafe { libc::close(fd as i32) };
    Err(unsupported())
}

fn unsupported() -> Error {
    Error::new("ipr: loading eBPF programs is not supported yet\n", 255)
}

/// strerror(3).
fn strerror(errno: i32) -> String {
    // SAFETY: strerror returns a pointer to a NUL-terminated string that stays
    // valid until the next strerror call; it is copied at once.
    unsafe {
        std::ffi::CStr::from_ptr(libc::strerror(errno))
            .to_string_lossy()
            .into_owned()
    }
}
