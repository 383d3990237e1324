//! The file `ipr route sync` and `ipr rule sync` read, as command lines: one entry
//! per line in the words of `ip route add` / `ip rule add` (without the verb; `#`
//! comments and blank lines skipped), or the JSON array `ip -j ... show` prints
//! (detected by its first character), each object turned back into those words by
//! a converter the caller gives.

use super::route_sync::json::{self, Kind, Value};
use std::fmt;

/// Where an entry came from: a line of a text file, or an element (0-based, as
/// `jq '.[N]'` counts) of a JSON array. `ip -j` prints its whole array on one
/// line, so a JSON entry is named by its index, not its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Line(usize),
    Object(usize),
}

impl Place {
    /// `FILE:LINE` or `FILE[INDEX]`, the prefix of every message about the entry.
    pub fn label(&self, file: &str) -> String {
        match self {
            Place::Line(n) => format!("{file}:{n}"),
            Place::Object(i) => format!("{file}[{i}]"),
        }
    }

    /// How another message refers to the entry (`line 3`, `object 2`).
    pub fn name(&self) -> String {
        match self {
            Place::Line(n) => format!("line {n}"),
            Place::Object(i) => format!("object {i}"),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// One declared entry: where it is, and its `add` words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub place: Place,
    pub words: Vec<String>,
}

/// An entry that cannot become a request (before the `add` grammar sees it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub place: Place,
    pub message: String,
}

/// The entries of a file, and whether it was JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub entries: Vec<Source>,
    pub json: bool,
}

/// Turns one JSON object into `add` words.
pub type ObjectWords = fn(&Value) -> Result<Vec<String>, String>;

/// Reads the whole file: JSON when it starts with `[` or `{`, else text lines.
pub fn read(text: &str, object_words: ObjectWords) -> Result<Input, Vec<InputError>> {
    match text.trim_start().as_bytes().first() {
        Some(b'[' | b'{') => Ok(Input {
            entries: read_json(text, object_words)?,
            json: true,
        }),
        _ => Ok(Input {
            entries: read_text(text),
            json: false,
        }),
    }
}

fn read_text(text: &str) -> Vec<Source> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let words: Vec<String> = line
                .split_whitespace()
                .take_while(|w| !w.starts_with('#'))
                .map(str::to_string)
                .collect();
            (!words.is_empty()).then_some(Source {
                place: Place::Line(i + 1),
                words,
            })
        })
        .collect()
}

fn read_json(text: &str, object_words: ObjectWords) -> Result<Vec<Source>, Vec<InputError>> {
    let doc = json::parse(text).map_err(|e| {
        vec![InputError {
            place: e.item.map_or(Place::Line(e.line), Place::Object),
            message: e.message,
        }]
    })?;
    let objects = match doc.kind {
        Kind::Array(items) => items,
        Kind::Object(_) => vec![doc],
        _ => {
            return Err(vec![InputError {
                place: Place::Line(doc.line),
                message: "JSON input must be an array of objects".into(),
            }]);
        }
    };
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        let place = Place::Object(index);
        match object_words(object) {
            Ok(words) => entries.push(Source { place, words }),
            Err(message) => errors.push(InputError { place, message }),
        }
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

/// The members of a JSON object, or the error an entry that is not one gets.
pub fn members(v: &Value) -> Result<&[(String, Value)], String> {
    match &v.kind {
        Kind::Object(m) => Ok(m),
        _ => Err("each element must be a JSON object".into()),
    }
}

/// A string or number member as one command-line word.
pub fn word(key: &str, v: &Value) -> Result<String, String> {
    v.word()
        .ok_or_else(|| format!("JSON key \"{key}\" must be a string or a number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    fn keys(v: &Value) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        for (key, value) in members(v)? {
            if key == "bad" {
                return Err("bad key".into());
            }
            out.push(key.clone());
            out.push(word(key, value)?);
        }
        Ok(out)
    }

    #[test]
    fn text_lines_skip_comments_and_blanks() {
        let got = read(
            "# mine\n\n10.1.0.0/16 via 10.0.0.1 # gw\n  blackhole 10.2.0.0/16\n",
            keys,
        )
        .unwrap();
        assert!(!got.json);
        assert_eq!(
            got.entries,
            vec![
                Source {
                    place: Place::Line(3),
                    words: words("10.1.0.0/16 via 10.0.0.1")
                },
                Source {
                    place: Place::Line(4),
                    words: words("blackhole 10.2.0.0/16")
                },
            ]
        );
    }

    #[test]
    fn json_errors_name_the_object_index() {
        let errors = read(r#"[{"a":1},{"b":2},{"bad":3},{"c":4},{"bad":5}]"#, keys).unwrap_err();
        let places: Vec<Place> = errors.iter().map(|e| e.place).collect();
        assert_eq!(places, vec![Place::Object(2), Place::Object(4)]);
        assert_eq!(errors[0].place.label("f.json"), "f.json[2]");
        let syntax = read(r#"[{"a":1},{"b":}]"#, keys).unwrap_err();
        assert_eq!(syntax[0].place, Place::Object(1));
        assert!(syntax[0].message.starts_with("invalid JSON"));
        let ok = read("[{\"a\":1},\n{\"b\":2}]", keys).unwrap();
        assert!(ok.json);
        assert_eq!(ok.entries[1].place, Place::Object(1));
        assert_eq!(ok.entries[1].words, words("b 2"));
    }
}
