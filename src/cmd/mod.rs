//! One handler per object/verb, wiring grammar -> transport -> renderer.

pub mod route;
pub mod rule;

use crate::cli::global::{ColorMode, GlobalOptions};
use crate::cli::keyword::first_match;
use crate::error::{Error, Result};
use crate::names::Names;
use crate::netlink::{self, Netlink};
use crate::render::json::JsonWriter;
use crate::render::{Printer, TextStyle};
use std::io::{BufWriter, IsTerminal, Stdout};

/// Everything a handler needs from the run: options and name tables.
pub struct Context {
    pub opts: GlobalOptions,
    pub names: Names,
}

impl Context {
    pub fn netlink(&self) -> Result<Netlink> {
        Netlink::open()
    }

    /// A printer on stdout configured by `-j`, `-p`, `-o`, `-c`.
    pub fn printer(&self) -> Printer<BufWriter<Stdout>> {
        let json = self.opts.json.then(|| JsonWriter::new(self.opts.pretty));
        let color = !self.opts.json
            && match self.opts.color {
                ColorMode::Always => true,
                ColorMode::Auto => std::io::stdout().is_terminal(),
                ColorMode::Never => false,
            };
        let style = TextStyle {
            color,
            dark: color && dark_background(),
            oneline: self.opts.oneline,
        };
        Printer::new(
            BufWriter::with_capacity(64 * 1024, std::io::stdout()),
            json,
            style,
        )
    }
}

/// COLORFGBG="fg;bg" with a dark background colour (0-6 or 8) selects bold colours.
fn dark_background() -> bool {
    let Ok(value) = std::env::var("COLORFGBG") else {
        return false;
    };
    let Some((_, bg)) = value.rsplit_once(';') else {
        return false;
    };
    matches!(bg, "0" | "1" | "2" | "3" | "4" | "5" | "6" | "8")
}

#[derive(Clone, Copy)]
enum Object {
    Route,
    Rule,
    /// An iproute2 object ipr does not implement.
    Other,
}

/// iproute2's object table, in its matching order (`ip r` is route, `ip ru` rule).
const OBJECTS: &[(&str, Object)] = &[
    ("address", Object::Other),
    ("addrlabel", Object::Other),
    ("maddress", Object::Other),
    ("route", Object::Route),
    ("rule", Object::Rule),
];

/// Runs `OBJECT [COMMAND ...]`.
pub fn run(opts: &GlobalOptions, words: &[String]) -> Result<i32> {
    if opts.batch.is_some() {
        return Err(Error::new("ipr: -batch is not supported yet\n", 255));
    }
    let Some(object_word) = words.first() else {
        return Err(Error::new(crate::cli::help::usage_text(), 255));
    };
    let object = first_match(object_word, OBJECTS).unwrap_or(Object::Other);
    if let Object::Other = object {
        return Err(Error::new(
            format!("Object \"{object_word}\" is unknown, try \"ip help\".\n"),
            1,
        ));
    }
    let mut etc_override = None;
    if let Some(ns) = &opts.netns {
        netlink::netns::enter(ns)?;
        etc_override = netlink::netns::etc_override(ns);
    }
    let cx = Context {
        opts: opts.clone(),
        names: Names::new(opts.numeric, etc_override),
    };
    match object {
        Object::Route => route::run(&cx, &words[1..]),
        Object::Rule => rule::run(&cx, &words[1..]),
        Object::Other => unreachable!("handled above"),
    }
}

/// Flushes output, mapping a write failure to an error (a closed pipe has already
/// ended the process by SIGPIPE, as it does for iproute2).
pub fn finish<W: std::io::Write>(p: &mut Printer<W>) -> Result<i32> {
    p.flush()
        .map_err(|e| Error::new(format!("ipr: write error: {e}\n"), 1))?;
    Ok(0)
}

/// Maps a write error while rendering.
pub fn write_error(e: std::io::Error) -> Error {
    Error::new(format!("ipr: write error: {e}\n"), 1)
}

/// A dump the kernel refused: its message and iproute2's `Dump terminated` on
/// stderr first, then whatever stdout already holds (a JSON `[`), as iproute2's
/// unbuffered stderr and buffered stdout order them. Exit status 2.
pub fn dump_failed<W: std::io::Write>(p: &mut Printer<W>, e: Error) -> Error {
    eprintln!("{}Dump terminated", e.text());
    let _ = p.flush();
    Error::new("", 2)
}
