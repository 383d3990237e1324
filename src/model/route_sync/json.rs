//! Just enough JSON for `ipr route sync` to read what `ip -j route show` prints:
//! values keep the line they start on (for `FILE:LINE` messages), numbers stay as
//! their text, objects keep their keys in order (iproute2 repeats `dst` inside an
//! encapsulation, so a map would lose one).

/// A JSON value and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub line: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The text of a string or number (what becomes a command-line word).
    pub fn word(&self) -> Option<String> {
        match &self.kind {
            Kind::String(s) | Kind::Number(s) => Some(s.clone()),
            _ => None,
        }
    }
}

/// A syntax error: its line, the index of the top-level array's element it is in
/// (when it is in one), and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub item: Option<usize>,
    pub message: String,
}

struct Reader<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
    /// The element of the top-level array being read: `ip -j` prints a whole
    /// array on one line, so a line number alone does not say where.
    item: Option<usize>,
}

/// Parses one JSON document (surrounding white space allowed).
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    let mut r = Reader {
        text: text.as_bytes(),
        pos: 0,
        line: 1,
        item: None,
    };
    let value = r.value(0)?;
    r.skip_space();
    if r.pos < r.text.len() {
        return Err(r.error("unexpected text after the JSON value"));
    }
    Ok(value)
}

impl Reader<'_> {
    fn error(&self, message: &str) -> SyntaxError {
        SyntaxError {
            line: self.line,
            item: self.item,
            message: format!("invalid JSON: {message}"),
        }
    }

    fn skip_space(&mut self) {
        while let Some(&c) = self.text.get(self.pos) {
            match c {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => break,
            }
            self.pos += 1;
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), SyntaxError> {
        self.skip_space();
        if self.text.get(self.pos) == Some(&c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected '{}'", c as char)))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        if depth > 64 {
            return Err(self.error("nested too deeply"));
        }
        self.skip_space();
        let line = self.line;
        let kind = match self.text.get(self.pos) {
            Some(b'[') => self.array(depth)?,
            Some(b'{') => self.object(depth)?,
            Some(b'"') => Kind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) if self.literal("true") => Kind::Bool(true),
            Some(_) if self.literal("false") => Kind::Bool(false),
            Some(_) if self.literal("null") => Kind::Null,
            Some(_) => return Err(self.error("unexpected character")),
            None => return Err(self.error("unexpected end of input")),
        };
        Ok(Value { line, kind })
    }

    fn literal(&mut self, word: &str) -> bool {
        let found = self.text[self.pos..].starts_with(word.as_bytes());
        if found {
            self.pos += word.len();
        }
        found
    }

    fn number(&mut self) -> Kind {
        let start = self.pos;
        while self
            .text
            .get(self.pos)
            .is_some_and(|c| c.is_ascii_digit() || b"+-.eE".contains(c))
        {
            self.pos += 1;
        }
        Kind::Number(String::from_utf8_lossy(&self.text[start..self.pos]).into_owned())
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.pos += 1; // the opening quote
        let mut out = Vec::new();
        loop {
            let Some(&c) = self.text.get(self.pos) else {
                return Err(self.error("unterminated string"));
            };
            self.pos += 1;
            match c {
                b'"' => break,
                b'\n' => return Err(self.error("line break in a string")),
                b'\\' => {
                    let Some(&e) = self.text.get(self.pos) else {
                        return Err(self.error("unterminated string"));
                    };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'u' => {
                            let hex = self.text.get(self.pos..self.pos + 4);
                            let code = hex
                                .and_then(|h| std::str::from_utf8(h).ok())
                                .and_then(|h| u32::from_str_radix(h, 16).ok())
                                .ok_or_else(|| self.error("bad \\u escape"))?;
                            self.pos += 4;
                            let ch = char::from_u32(code).unwrap_or('\u{fffd}');
                            out.extend_from_slice(ch.to_string().as_bytes());
                        }
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    fn array(&mut self, depth: usize) -> Result<Kind, SyntaxError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.text.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Kind::Array(items));
        }
        loop {
            if depth == 0 {
                self.item = Some(items.len());
            }
            items.push(self.value(depth + 1)?);
            self.skip_space();
            match self.text.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    if depth == 0 {
                        self.item = None;
                    }
                    return Ok(Kind::Array(items));
                }
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Kind, SyntaxError> {
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_space();
        if self.text.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Kind::Object(members));
        }
        loop {
            self.skip_space();
            if self.text.get(self.pos) != Some(&b'"') {
                return Err(self.error("expected a key"));
            }
            let key = self.string()?;
            self.expect(b':')?;
            let value = self.value(depth + 1)?;
            members.push((key, value));
            self.skip_space();
            match self.text.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Kind::Object(members));
                }
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ip_json_with_lines() {
        let v = parse("[ {\n  \"dst\": \"10.0.0.0/8\",\n  \"metric\": 5,\n  \"flags\": [ ]\n},{\"a\":null,\"b\":true}]\n")
            .unwrap();
        let Kind::Array(items) = v.kind else { panic!() };
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].line, 1);
        assert_eq!(items[1].line, 5);
        let Kind::Object(m) = &items[0].kind else {
            panic!()
        };
        assert_eq!(m[0].0, "dst");
        assert_eq!(m[1].1.word().as_deref(), Some("5"));
        assert_eq!(m[1].1.line, 3);
    }

    #[test]
    fn reports_errors_with_line() {
        let e = parse("[\n{\"dst\" \"x\"}]").unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(e.item, Some(0));
        let e = parse("[{},{},{\"a\":}]").unwrap_err();
        assert_eq!((e.line, e.item), (1, Some(2)));
        assert!(parse("[1,]").is_err());
        assert!(parse("[1] x").is_err());
        assert_eq!(
            parse("\"a\\u0041\\\"\"").unwrap().kind,
            Kind::String("aA\"".into())
        );
    }
}
