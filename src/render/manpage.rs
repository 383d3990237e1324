//! The manual pages ipr(8), ipr-route(8) and ipr-rule(8) as roff. The keyword
//! sections and the grammar synopses are generated from the tables of
//! `cli::grammar` (the ones the parsers read), so a keyword the parser accepts
//! cannot be missing from its page; the prose around them is in
//! `manpage_text` and `manpage_objects`.

use super::{manpage_objects as objects, manpage_text as text};
use crate::cli::grammar::layout::{self, Block};
use crate::cli::grammar::{Grammar, Keyword};

/// Which page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Ipr,
    Route,
    Rule,
}

impl Page {
    /// `ipr manpage [route|rule]`.
    pub fn from_arg(arg: Option<&str>) -> Option<Page> {
        match arg {
            None => Some(Page::Ipr),
            Some("route") => Some(Page::Route),
            Some("rule") => Some(Page::Rule),
            Some(_) => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Page::Ipr => "ipr",
            Page::Route => "ipr-route",
            Page::Rule => "ipr-rule",
        }
    }
}

/// The roff source of a page.
pub fn render(page: Page) -> String {
    let mut r = Roff::new(page.name());
    match page {
        Page::Ipr => text::ipr_page(&mut r),
        Page::Route => objects::route_page(&mut r),
        Page::Rule => objects::rule_page(&mut r),
    }
    r.0
}

/// Escapes text for roff: backslashes, and hyphens as `\-` so that options and
/// keywords copied from the rendered page are plain ASCII minus signs.
pub fn escape(s: &str) -> String {
    s.replace('\\', "\\e").replace('-', "\\-")
}

/// Escaped text with `code` spans in bold.
fn inline(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("\\fB{}\\fR", escape(part)));
        } else {
            out.push_str(&escape(part));
        }
    }
    out
}

/// A line of text must not start with a control character.
fn text_line(line: &str) -> String {
    if line.starts_with('.') || line.starts_with('\'') {
        format!("\\&{line}")
    } else {
        line.to_string()
    }
}

/// A roff document under construction.
pub struct Roff(String);

impl Roff {
    fn new(name: &str) -> Roff {
        let version = env!("CARGO_PKG_VERSION");
        // No hyphenation and ragged right: keywords stay whole for grep and copy.
        Roff(format!(
            ".TH {name} 8 \"\" \"ipr {version}\" \"System Administration\"\n.nh\n.ad l\n"
        ))
    }

    fn raw(&mut self, line: &str) {
        self.0.push_str(line);
        self.0.push('\n');
    }

    pub fn section(&mut self, title: &str) {
        self.raw(&format!(".SH \"{title}\""));
    }

    pub fn subsection(&mut self, title: &str) {
        self.raw(&format!(".SS \"{}\"", escape(title)));
    }

    /// A paragraph; `code` spans in bold.
    pub fn para(&mut self, body: &str) {
        self.raw(".PP");
        self.raw(&text_line(&inline(body)));
    }

    /// A tagged paragraph: `head` (with `code` spans) above an indented body.
    pub fn item(&mut self, head: &str, body: &str) {
        self.raw(".TP");
        self.raw(&text_line(&inline(head)));
        self.raw(&text_line(&inline(body)));
    }

    /// Lines shown as they are (synopses, examples, files).
    pub fn verbatim(&mut self, lines: &[&str]) {
        self.raw(".PP");
        self.raw(".RS 4");
        self.raw(".nf");
        for line in lines {
            self.raw(&text_line(&escape(line)));
        }
        self.raw(".fi");
        self.raw(".RE");
    }

    /// `verbatim` for one text of several lines.
    pub fn verbatim_text(&mut self, text: &str) {
        let lines: Vec<&str> = text.lines().collect();
        self.verbatim(&lines);
    }

    /// Every keyword of `grammar`, in the parser's order: the keyword and its
    /// value placeholder, what it does, and its other spellings.
    pub fn keywords(&mut self, grammar: &Grammar) {
        for k in grammar.keywords {
            let head = match k.value {
                "" => format!("`{}`", k.word),
                value => format!("`{}` {value}", k.word),
            };
            self.item(&head, &keyword_body(k));
        }
    }

    /// The value definitions of a help layout (`TYPE := ...` blocks that name no
    /// keyword), one tagged paragraph each.
    pub fn value_sets(&mut self, blocks: &[Block], skip: &[&str]) {
        for b in blocks {
            let Some(name) = b.head.strip_suffix(" :=") else {
                continue;
            };
            if b.grammar.is_some() || skip.contains(&name) {
                continue;
            }
            // Spaces around the bars let a long set break between its values.
            let joined = b.lines.concat().replace('|', " | ");
            self.item(name, &format!("`{joined}`"));
        }
    }

    /// A help text rendered from its layout, as `ipr route help` prints it.
    pub fn layout(&mut self, blocks: &[Block]) {
        self.verbatim_text(&layout::render(blocks));
    }
}

/// What a keyword does, how else it is written, and its example.
fn keyword_body(k: &Keyword) -> String {
    let mut body = capitalised(k.meaning);
    body.push('.');
    let others: Vec<String> = k
        .spellings()
        .filter(|&s| s != k.word)
        .map(|s| format!("`{s}`"))
        .collect();
    if !others.is_empty() {
        body.push_str(&format!(" Also written {}.", others.join(", ")));
    }
    if k.spellings.iter().any(|s| s.abbreviable) {
        body.push_str(" May be abbreviated.");
    }
    if !k.example.is_empty() {
        body.push_str(&format!(" Example: `{} {}`.", k.word, k.example));
    }
    body
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_roff() {
        assert_eq!(escape("dry-run \\n"), "dry\\-run \\en");
        assert_eq!(inline("use `-n NS` now"), "use \\fB\\-n NS\\fR now");
        assert_eq!(text_line(".x"), "\\&.x");
    }

    #[test]
    fn every_page_names_itself_in_section_8() {
        for page in [Page::Ipr, Page::Route, Page::Rule] {
            let roff = render(page);
            assert!(
                roff.starts_with(&format!(".TH {} 8 ", page.name())),
                "{roff}"
            );
            for line in roff.lines() {
                assert!(!line.starts_with('\''), "{line}");
            }
        }
    }
}
