//! The one comparison of the differential tests: what `ip` did against what `ipr`
//! did (stdout, stderr, exit status), and on a mismatch a report a reader can act
//! on: each part labelled, a line diff of each stream that differs, and every
//! byte that does not print (tabs, trailing blanks, control bytes, invalid UTF-8)
//! spelled out. ipr's own commands, with no `ip` to compare with, are checked
//! against the expected status and stderr the same way (`assert_exit`).

use std::fmt::{Display, Write as _};
use std::process::Output;

/// Lines of context around each change, and the most diff lines shown per stream.
const CONTEXT: usize = 3;
const MAX_LINES: usize = 200;

/// How one stream is compared.
#[derive(Clone, Copy)]
enum View {
    /// As written, with the seconds left before an IPv6 route expires masked.
    Masked,
    /// Through a function (the bytes a test compares instead).
    Through(fn(&[u8]) -> Vec<u8>),
    /// Not compared: the test checks it some other way.
    Ignored,
}

/// A comparison of two runs; `check` asserts. Built by `Comparison::new` or the
/// `assert_same*` shorthands.
pub struct Comparison<'a> {
    ip: &'a Output,
    ipr: &'a Output,
    what: String,
    stdout: View,
    stderr: View,
    /// What the two runs are called in the report.
    names: [&'static str; 2],
}

impl<'a> Comparison<'a> {
    /// Every part compared: stdout, stderr, exit status.
    pub fn new(ip: &'a Output, ipr: &'a Output) -> Comparison<'a> {
        Comparison {
            ip,
            ipr,
            what: String::new(),
            stdout: View::Masked,
            stderr: View::Masked,
            names: ["ip", "ipr"],
        }
    }

    /// What ran (the argv, a script): named in the failure report.
    pub fn what(mut self, what: impl Display) -> Self {
        self.what = what.to_string();
        self
    }

    /// Compares stdout as `view` gives it (a binary stream with its socket
    /// identifiers masked, a value that depends on timing taken out).
    pub fn stdout_as(mut self, view: fn(&[u8]) -> Vec<u8>) -> Self {
        self.stdout = View::Through(view);
        self
    }

    /// Leaves stdout out (the test checks it otherwise).
    pub fn without_stdout(mut self) -> Self {
        self.stdout = View::Ignored;
        self
    }

    /// Leaves stderr out: the text is ipr's own (a usage text).
    pub fn without_stderr(mut self) -> Self {
        self.stderr = View::Ignored;
        self
    }

    /// Asserts that the compared parts are equal; on failure, panics at the
    /// caller with the report.
    #[track_caller]
    pub fn check(self) {
        let mut report = String::new();
        let parts = [
            ("stdout", self.stdout, &self.ip.stdout, &self.ipr.stdout),
            ("stderr", self.stderr, &self.ip.stderr, &self.ipr.stderr),
        ];
        for (name, view, ip, ipr) in parts {
            let (ip, ipr) = match view {
                View::Ignored => continue,
                View::Masked => (mask_expiry(ip), mask_expiry(ipr)),
                View::Through(f) => (f(ip), f(ipr)),
            };
            if ip != ipr {
                write_diff(&mut report, name, self.names, &ip, &ipr);
            }
        }
        let (ip_status, ipr_status) = (self.ip.status.code(), self.ipr.status.code());
        if ip_status != ipr_status {
            let _ = writeln!(
                report,
                "exit status: {} {}, {} {}",
                self.names[0],
                status_text(ip_status),
                self.names[1],
                status_text(ipr_status)
            );
        }
        if !report.is_empty() {
            let what = if self.what.is_empty() {
                String::new()
            } else {
                format!(" for {}", self.what)
            };
            let [a, b] = self.names;
            panic!("{a} and {b} differ{what}\n{report}");
        }
    }
}

/// Asserts that `ip` and `ipr` wrote the same stdout and stderr and exited alike.
#[track_caller]
pub fn assert_same(ip: &Output, ipr: &Output) {
    Comparison::new(ip, ipr).check();
}

/// Asserts that a run of one of ipr's own commands (no `ip` to compare with)
/// exited with `status` and wrote `stderr`, reported like `assert_same`.
#[track_caller]
pub fn assert_exit(ipr: &Output, status: i32, stderr: &str) {
    use std::os::unix::process::ExitStatusExt;
    let expected = Output {
        status: std::process::ExitStatus::from_raw(status << 8),
        stdout: Vec::new(),
        stderr: stderr.as_bytes().to_vec(),
    };
    let mut comparison = Comparison::new(&expected, ipr).without_stdout();
    comparison.names = ["expected", "ipr"];
    comparison.check();
}

/// Asserts that the kernel state left by ip and by ipr (as text, read with the
/// real `ip`) is the same, with a line diff on failure.
#[track_caller]
pub fn assert_same_kernel_state(what: impl Display, ip: impl AsRef<[u8]>, ipr: impl AsRef<[u8]>) {
    assert_same_text(["after ip", "after ipr"], what, ip.as_ref(), ipr.as_ref());
}

/// Asserts that a command left the kernel state as it found it.
#[track_caller]
pub fn assert_unchanged(before: impl AsRef<[u8]>, after: impl AsRef<[u8]>) {
    assert_same_text(["before", "after"], "", before.as_ref(), after.as_ref());
}

#[track_caller]
fn assert_same_text(names: [&str; 2], what: impl Display, a: &[u8], b: &[u8]) {
    if a != b {
        let mut report = String::new();
        write_diff(&mut report, "state", names, a, b);
        let what = what.to_string();
        let what = if what.is_empty() {
            what
        } else {
            format!(" ({what})")
        };
        panic!("kernel state differs{what}\n{report}");
    }
}

/// `assert_same`, naming what ran in the failure report.
#[track_caller]
pub fn assert_same_for(what: impl Display, ip: &Output, ipr: &Output) {
    Comparison::new(ip, ipr).what(what).check();
}

fn status_text(code: Option<i32>) -> String {
    code.map_or_else(|| "killed by a signal".to_string(), |c| c.to_string())
}

/// Masks values that change between two runs a moment apart: the seconds left
/// before an IPv6 route expires (`expires 598sec`, `"expires":598`).
pub fn mask_expiry(bytes: &[u8]) -> Vec<u8> {
    const MARKS: [&[u8]; 2] = [b"expires ", b"\"expires\":"];
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let mark = MARKS.iter().find(|m| bytes[at..].starts_with(m));
        let Some(mark) = mark else {
            out.push(bytes[at]);
            at += 1;
            continue;
        };
        out.extend_from_slice(mark);
        at += mark.len();
        // JSON may put a blank after the colon.
        while bytes.get(at) == Some(&b' ') && mark.ends_with(b":") {
            out.push(b' ');
            at += 1;
        }
        let digits = bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits > 0 {
            out.push(b'N');
            at += digits;
        }
    }
    out
}

/// Masked output as text, for tests that go on to look for words in it.
pub fn normalise(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&mask_expiry(bytes)).into_owned()
}

/// A unified line diff of one stream (`-` ip, `+` ipr), each line spelled out.
fn write_diff(report: &mut String, name: &str, names: [&str; 2], ip: &[u8], ipr: &[u8]) {
    let (old, new) = (lines(ip), lines(ipr));
    let _ = writeln!(
        report,
        "--- {name} of {} ({} bytes)\n+++ {name} of {} ({} bytes)",
        names[0],
        ip.len(),
        names[1],
        ipr.len()
    );
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old, &new);
    let mut shown = 0;
    for group in similar::group_diff_ops(ops, CONTEXT) {
        let first = &group[0];
        let _ = writeln!(
            report,
            "@@ {} line {}, {} line {} @@",
            names[0],
            first.old_range().start + 1,
            names[1],
            first.new_range().start + 1
        );
        for op in &group {
            for change in op.iter_changes(&old, &new) {
                if shown == MAX_LINES {
                    let _ = writeln!(report, "(more differences not shown)");
                    return;
                }
                let sign = match change.tag() {
                    similar::ChangeTag::Equal => ' ',
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                };
                let _ = writeln!(report, "{sign}{}", visible(change.value()));
                shown += 1;
            }
        }
    }
}

/// The lines of a stream, each with its newline (the last may lack one).
fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.split_inclusive(|&b| b == b'\n').collect()
}

/// A line with every byte that does not print spelled out: `\t`, `\xNN`, and
/// `·` for each blank before the end of the line, which is marked `$` (as
/// `cat -A` marks it); a last line without a newline ends in `\ no newline`.
fn visible(line: &[u8]) -> String {
    let (body, newline) = match line.strip_suffix(b"\n") {
        Some(body) => (body, true),
        None => (line, false),
    };
    let trailing = body.iter().rev().take_while(|&&b| b == b' ').count();
    let (text, blanks) = body.split_at(body.len() - trailing);
    let mut out = String::new();
    for chunk in text.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\t' => out.push_str("\\t"),
                '\\' => out.push_str("\\\\"),
                c if c.is_control() => {
                    let _ = write!(out, "\\x{:02x}", c as u32);
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out.push_str(&"·".repeat(blanks.len()));
    out.push_str(if newline { "$" } else { "\\ no newline" });
    out
}
