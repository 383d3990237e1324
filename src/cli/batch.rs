//! Batch files (`-batch FILE|-`): how iproute2 cuts them into command lines and
//! words. A `#` anywhere starts a comment (even inside quotes), a line ending in a
//! backslash continues on the next one, words are separated by blanks, and a word
//! that starts with a quote runs to the matching quote.

use crate::error::{Error, Result};
use std::io::BufRead;

/// Reads command lines, keeping iproute2's line numbering (a continued command is
/// numbered by its last physical line).
pub struct CommandLines<R: BufRead> {
    input: R,
    line_number: usize,
    /// The input ended inside a continued line (iproute2 says so, and stops).
    pub missing_continuation: bool,
}

impl<R: BufRead> CommandLines<R> {
    pub fn new(input: R) -> Self {
        CommandLines {
            input,
            line_number: 0,
            missing_continuation: false,
        }
    }

    /// The input, to see whether the next read would have to wait.
    pub fn get_ref(&self) -> &R {
        &self.input
    }

    /// The physical line number of the last line read.
    pub fn line_number(&self) -> usize {
        self.line_number
    }

    fn physical_line(&mut self) -> Option<Vec<u8>> {
        let mut line = Vec::new();
        match self.input.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                self.line_number += 1;
                // iproute2 handles the line as a C string: it ends at a NUL.
                if let Some(nul) = line.iter().position(|&b| b == 0) {
                    line.truncate(nul);
                }
                if let Some(hash) = line.iter().position(|&b| b == b'#') {
                    line.truncate(hash);
                }
                Some(line)
            }
        }
    }

    /// The next command line (comments removed, continuations joined), or None at
    /// the end of input. A missing continuation line ends the input and sets
    /// `missing_continuation`: the caller prints iproute2's warning in its turn,
    /// after what the lines before it printed.
    pub fn next_line(&mut self) -> Option<String> {
        let mut line = self.physical_line()?;
        while let Some(pos) = line.windows(2).position(|w| w == b"\\\n") {
            line.truncate(pos);
            match self.physical_line() {
                Some(next) => line.extend_from_slice(&next),
                None => {
                    self.missing_continuation = true;
                    return None;
                }
            }
        }
        // Bytes that are not UTF-8 are kept (see `lossless`).
        Some(crate::lossless::decode_vec(line))
    }
}

/// iproute2 6.1 cuts a batch line into at most 511 words (an array of 512 with
/// room for its terminator); a 512th word is refused.
const MAX_ARGS: usize = 512;

/// Splits one command line into words.
pub fn split_words(line: &str) -> Result<Vec<String>> {
    let is_blank = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n');
    let mut words = Vec::new();
    let mut rest = line;
    loop {
        rest = rest.trim_start_matches(is_blank);
        if rest.is_empty() {
            break;
        }
        if words.len() >= MAX_ARGS - 1 {
            return Err(Error::new("Too many arguments to command\n", 1));
        }
        let first = rest.chars().next().unwrap();
        if first == '\'' || first == '"' {
            let body = &rest[1..];
            let Some(end) = body.find(first) else {
                return Err(Error::new("Unterminated quoted string\n", 1));
            };
            words.push(body[..end].to_string());
            rest = &body[end + 1..];
        } else {
            let end = rest.find(is_blank).unwrap_or(rest.len());
            words.push(rest[..end].to_string());
            rest = &rest[end..];
            if rest.is_empty() {
                break;
            }
            rest = &rest[1..];
        }
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(usize, String)> {
        let mut reader = CommandLines::new(text.as_bytes());
        let mut out = Vec::new();
        while let Some(line) = reader.next_line() {
            out.push((reader.line_number(), line));
        }
        out
    }

    #[test]
    fn comments_and_continuations() {
        let got = lines("a b # c\n\n# x\nd \\\n e\nf 'g#h'\n");
        assert_eq!(got[0], (1, "a b ".to_string()));
        assert_eq!(got[1], (2, "\n".to_string()));
        assert_eq!(got[2], (3, String::new()));
        assert_eq!(got[3], (5, "d  e\n".to_string()));
        assert_eq!(got[4], (6, "f 'g".to_string()));
    }

    #[test]
    fn words_and_quotes() {
        assert_eq!(
            split_words("  rule add \"pref\" 5\n").unwrap(),
            ["rule", "add", "pref", "5"]
        );
        assert_eq!(split_words("a 'x y' b").unwrap(), ["a", "x y", "b"]);
        assert_eq!(split_words("\"a\"b").unwrap(), ["a", "b"]);
        assert!(split_words("a \"b").is_err());
        assert!(split_words("   \n").unwrap().is_empty());
    }
}
