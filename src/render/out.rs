//! The printer every renderer writes through. A field is given once with both of its
//! forms, the text form (`proto kernel `) and the JSON form (`"protocol":"kernel"`);
//! the printer emits whichever the run asked for. Colours and `-o` live here too, so
//! renderers only say what a field is.

use super::json::JsonWriter;
use std::io::{self, Write};

/// Colour classes iproute2 uses for values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    None,
    Ifname,
    Inet,
    Inet6,
}

impl Color {
    /// The colour iproute2 gives an address of this family number.
    pub fn for_family(af: u8) -> Color {
        match af {
            2 => Color::Inet,
            10 => Color::Inet6,
            _ => Color::None,
        }
    }

    fn escape(self, dark: bool) -> &'static str {
        match (self, dark) {
            (Color::None, _) => "",
            (Color::Ifname, false) => "\x1b[36m",
            (Color::Inet, false) => "\x1b[35m",
            (Color::Inet6, false) => "\x1b[34m",
            (Color::Ifname, true) => "\x1b[1;36m",
            (Color::Inet, true) => "\x1b[1;35m",
            (Color::Inet6, true) => "\x1b[1;34m",
        }
    }
}

const COLOR_RESET: &str = "\x1b[0m";

/// How text output is decorated.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextStyle {
    pub color: bool,
    /// A dark terminal background (COLORFGBG): bold colours.
    pub dark: bool,
    /// `-o`: records on one line; line breaks inside a record become `\`.
    pub oneline: bool,
}

pub struct Printer<W: Write> {
    w: W,
    json: Option<JsonWriter>,
    style: TextStyle,
}

impl<W: Write> Printer<W> {
    pub fn new(w: W, json: Option<JsonWriter>, style: TextStyle) -> Self {
        Printer { w, json, style }
    }

    pub fn is_json(&self) -> bool {
        self.json.is_some()
    }

    /// True when text output is coloured.
    pub fn colors(&self) -> bool {
        self.json.is_none() && self.style.color
    }

    pub fn oneline(&self) -> bool {
        self.style.oneline
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }

    /// Written as is, in every mode (a whole pre-rendered view).
    pub fn raw(&mut self, s: &str) -> io::Result<()> {
        self.w.write_all(s.as_bytes())
    }

    /// Text only: written as is.
    pub fn text(&mut self, s: &str) -> io::Result<()> {
        if self.json.is_none() {
            self.w.write_all(s.as_bytes())?;
        }
        Ok(())
    }

    /// Text only: pieces written one after the other (no formatting, no allocation).
    pub fn text_parts(&mut self, parts: &[&str]) -> io::Result<()> {
        if self.json.is_none() {
            for part in parts {
                self.w.write_all(part.as_bytes())?;
            }
        }
        Ok(())
    }

    /// Text only: `s` in colour (the whole of it, trailing space included, as
    /// iproute2 colours it), or plain when colours are off.
    pub fn text_colored(&mut self, color: Color, s: &str) -> io::Result<()> {
        if self.json.is_some() {
            return Ok(());
        }
        if self.style.color && color != Color::None {
            write!(self.w, "{}{s}{COLOR_RESET}", color.escape(self.style.dark))
        } else {
            self.w.write_all(s.as_bytes())
        }
    }

    /// A string field: text `{label}{value} ` (label includes its own space, may be
    /// empty), JSON `"key":"value"`.
    pub fn field(&mut self, key: &str, label: &str, value: &str) -> io::Result<()> {
        self.field_colored(key, label, value, Color::None)
    }

    pub fn field_colored(
        &mut self,
        key: &str,
        label: &str,
        value: &str,
        color: Color,
    ) -> io::Result<()> {
        match &mut self.json {
            Some(j) => {
                j.key(&mut self.w, key)?;
                j.string(&mut self.w, value)
            }
            // The colour covers the label too, as iproute2 colours the whole format.
            None if self.style.color && color != Color::None => {
                self.text_colored(color, &format!("{label}{value} "))
            }
            None => self.text_parts(&[label, value, " "]),
        }
    }

    /// A string field whose text form has no trailing space (`pref medium`).
    pub fn field_nospace(&mut self, key: &str, label: &str, value: &str) -> io::Result<()> {
        match &mut self.json {
            Some(j) => {
                j.key(&mut self.w, key)?;
                j.string(&mut self.w, value)
            }
            None => write!(self.w, "{label}{value}"),
        }
    }

    /// A number field: text `{label}{value} `, JSON `"key":value`.
    pub fn field_uint(&mut self, key: &str, label: &str, value: u64) -> io::Result<()> {
        match &mut self.json {
            Some(j) => {
                j.key(&mut self.w, key)?;
                j.raw(&mut self.w, &value.to_string())
            }
            None => write!(self.w, "{label}{value} "),
        }
    }

    /// JSON only: `"key":"value"`.
    pub fn json_string(&mut self, key: &str, value: &str) -> io::Result<()> {
        if let Some(j) = &mut self.json {
            j.key(&mut self.w, key)?;
            j.string(&mut self.w, value)?;
        }
        Ok(())
    }

    /// JSON only: `"key":value` for numbers, booleans and null.
    pub fn json_raw(&mut self, key: &str, value: &str) -> io::Result<()> {
        if let Some(j) = &mut self.json {
            j.key(&mut self.w, key)?;
            j.raw(&mut self.w, value)?;
        }
        Ok(())
    }

    /// JSON only: an array element that is a plain string.
    pub fn json_element(&mut self, value: &str) -> io::Result<()> {
        if let Some(j) = &mut self.json {
            j.string(&mut self.w, value)?;
        }
        Ok(())
    }

    /// JSON only: opens `"key":{` (or a bare `{` with no key, as an array element).
    pub fn open_object(&mut self, key: Option<&str>) -> io::Result<()> {
        if let Some(j) = &mut self.json {
            if let Some(key) = key {
                j.key(&mut self.w, key)?;
            }
            j.start_object(&mut self.w)?;
        }
        Ok(())
    }

    pub fn close_object(&mut self) -> io::Result<()> {
        if let Some(j) = &mut self.json {
            j.end_object(&mut self.w)?;
        }
        Ok(())
    }

    /// JSON only: opens `"key":[` (or a bare `[`).
    pub fn open_array(&mut self, key: Option<&str>) -> io::Result<()> {
        if let Some(j) = &mut self.json {
            if let Some(key) = key {
                j.key(&mut self.w, key)?;
            }
            j.start_array(&mut self.w)?;
        }
        Ok(())
    }

    pub fn close_array(&mut self) -> io::Result<()> {
        if let Some(j) = &mut self.json {
            j.end_array(&mut self.w)?;
        }
        Ok(())
    }

    /// Opens the list of records: `[` in JSON, nothing in text.
    pub fn begin_list(&mut self) -> io::Result<()> {
        self.open_array(None)
    }

    /// Closes the list: `]` and a newline in JSON.
    pub fn end_list(&mut self) -> io::Result<()> {
        if self.json.is_some() {
            self.close_array()?;
            self.w.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Starts one record (a JSON object).
    pub fn begin_record(&mut self) -> io::Result<()> {
        self.open_object(None)
    }

    /// Ends one record: `}` in JSON, a newline in text.
    pub fn end_record(&mut self) -> io::Result<()> {
        if self.json.is_some() {
            self.close_object()
        } else {
            self.w.write_all(b"\n")
        }
    }
}
