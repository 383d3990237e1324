//! A streaming JSON writer that lays out bytes exactly as iproute2's does: compact
//! (`{"a":1,"b":[]}`) or, with `-p`, four-space indents, `[ {` openings, `},{`
//! between array elements and `[ ]` for an empty array. Values are written as they
//! arrive, so memory does not grow with the number of records.

use std::io::{self, Write};

pub struct JsonWriter {
    pretty: bool,
    depth: usize,
    /// The separator owed before the next value: none right after an opening bracket
    /// or a key, a comma otherwise.
    comma_owed: bool,
}

impl JsonWriter {
    pub fn new(pretty: bool) -> Self {
        JsonWriter {
            pretty,
            depth: 0,
            comma_owed: false,
        }
    }

    fn pay_comma(&mut self, w: &mut dyn Write) -> io::Result<()> {
        if self.comma_owed {
            w.write_all(b",")?;
        }
        self.comma_owed = true;
        Ok(())
    }

    fn newline_indent(&self, w: &mut dyn Write) -> io::Result<()> {
        if self.pretty {
            w.write_all(b"\n")?;
            for _ in 0..self.depth {
                w.write_all(b"    ")?;
            }
        }
        Ok(())
    }

    fn open(&mut self, w: &mut dyn Write, bracket: &[u8]) -> io::Result<()> {
        self.pay_comma(w)?;
        w.write_all(bracket)?;
        self.depth += 1;
        self.comma_owed = false;
        Ok(())
    }

    fn close(&mut self, w: &mut dyn Write, bracket: &[u8]) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.comma_owed {
            self.newline_indent(w)?;
        }
        w.write_all(bracket)?;
        self.comma_owed = true;
        Ok(())
    }

    pub fn start_object(&mut self, w: &mut dyn Write) -> io::Result<()> {
        self.open(w, b"{")
    }

    pub fn end_object(&mut self, w: &mut dyn Write) -> io::Result<()> {
        self.close(w, b"}")
    }

    pub fn start_array(&mut self, w: &mut dyn Write) -> io::Result<()> {
        self.open(w, b"[")?;
        if self.pretty {
            w.write_all(b" ")?;
        }
        Ok(())
    }

    pub fn end_array(&mut self, w: &mut dyn Write) -> io::Result<()> {
        if self.pretty && self.comma_owed {
            w.write_all(b" ")?;
        }
        // The closing bracket of an array follows its last element on the same line.
        self.comma_owed = false;
        self.close(w, b"]")
    }

    /// Writes `"key":` (`"key": ` when pretty) on a new line of its own when pretty.
    pub fn key(&mut self, w: &mut dyn Write, key: &str) -> io::Result<()> {
        self.pay_comma(w)?;
        self.newline_indent(w)?;
        self.comma_owed = false;
        write_escaped(w, key)?;
        w.write_all(if self.pretty { b": " } else { b":" })
    }

    pub fn string(&mut self, w: &mut dyn Write, value: &str) -> io::Result<()> {
        self.pay_comma(w)?;
        write_escaped(w, value)
    }

    /// A number, `true`/`false` or `null`: written as given.
    pub fn raw(&mut self, w: &mut dyn Write, value: &str) -> io::Result<()> {
        self.pay_comma(w)?;
        w.write_all(value.as_bytes())
    }
}

/// A JSON string with the escapes iproute2 uses.
fn write_escaped(w: &mut dyn Write, s: &str) -> io::Result<()> {
    w.write_all(b"\"")?;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let escape: &[u8] = match c {
            '\t' => b"\\t",
            '\n' => b"\\n",
            '\r' => b"\\r",
            '\x0c' => b"\\f",
            '\x08' => b"\\b",
            '\\' => b"\\\\",
            '"' => b"\\\"",
            _ => continue,
        };
        w.write_all(&s.as_bytes()[start..i])?;
        w.write_all(escape)?;
        start = i + c.len_utf8();
    }
    w.write_all(&s.as_bytes()[start..])?;
    w.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(pretty: bool) -> String {
        let mut out = Vec::new();
        let mut j = JsonWriter::new(pretty);
        let w = &mut out;
        j.start_array(w).unwrap();
        for dst in ["a", "b"] {
            j.start_object(w).unwrap();
            j.key(w, "dst").unwrap();
            j.string(w, dst).unwrap();
            j.key(w, "metric").unwrap();
            j.raw(w, "5").unwrap();
            j.key(w, "flags").unwrap();
            j.start_array(w).unwrap();
            j.end_array(w).unwrap();
            j.end_object(w).unwrap();
        }
        j.end_array(w).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn compact_layout() {
        assert_eq!(
            sample(false),
            r#"[{"dst":"a","metric":5,"flags":[]},{"dst":"b","metric":5,"flags":[]}]"#
        );
    }

    #[test]
    fn pretty_layout() {
        let expected = "[ {\n        \"dst\": \"a\",\n        \"metric\": 5,\n        \"flags\": [ ]\n    },{\n        \"dst\": \"b\",\n        \"metric\": 5,\n        \"flags\": [ ]\n    } ]";
        assert_eq!(sample(true), expected);
    }

    #[test]
    fn escapes() {
        let mut out = Vec::new();
        write_escaped(&mut out, "a\"b\\c\td").unwrap();
        assert_eq!(out, br#""a\"b\\c\td""#);
    }
}
