//! One handler per object/verb, wiring grammar -> transport -> renderer.

pub mod batch;
pub mod batch_lines;
pub mod batch_rules;
pub mod complete;
pub mod docs;
pub mod real_ip;
pub mod route;
pub mod route_explain;
pub mod route_flush;
pub mod route_get;
pub mod route_modify;
pub mod route_save;
pub mod route_select;
pub mod route_sync;
pub mod rule;
pub mod rule_sync;
pub mod saved_stream;
pub mod session;
pub mod sync_common;
pub mod sync_lock;

use crate::cli::global::{ColorMode, GlobalOptions};
use crate::cli::keyword::first_match;
use crate::error::{Error, Result};
use crate::names::Names;
use crate::netlink::nexthop::NexthopCache;
use crate::netlink::{self, Netlink};
use crate::render::json::JsonWriter;
use crate::render::{Printer, TextStyle};
use std::io::IsTerminal;

/// Everything a handler needs from the run: options and name tables.
pub struct Context {
    pub opts: GlobalOptions,
    pub names: Names,
    /// Strict dump checking (kernel-side filters). iproute2 turns it on for a
    /// single command but not in `-batch` mode, where the kernel then dumps
    /// everything and only the client filters.
    pub strict: bool,
    /// Nexthop objects for `-d`'s `nh_info`, fetched once per id for the whole run
    /// (a batch included), as iproute2 caches them per process.
    pub nexthops: NexthopCache,
    /// The socket and caches a batch's lines share (None for a single command).
    pub session: Option<session::Session>,
}

impl Context {
    pub fn netlink(&self) -> Result<Netlink> {
        Netlink::open(self.strict)
    }

    /// A printer on stdout configured by `-j`, `-p`, `-o`, `-c`.
    pub fn printer(&self) -> Printer<session::Out> {
        let json = self.opts.json.then(|| JsonWriter::new(self.opts.pretty));
        Printer::new(session::Out::for_context(self), json, self.text_style())
    }

    /// A printer for what iproute2 always prints as text (route showdump, the
    /// second answer of `route get ... connected`): coloured as any listing,
    /// except under `-j`, which turns colour off.
    pub fn text_printer(&self) -> Printer<session::Out> {
        Printer::new(session::Out::for_context(self), None, self.text_style())
    }

    fn text_style(&self) -> TextStyle {
        let color = !self.opts.json
            && match self.opts.color {
                ColorMode::Always => true,
                ColorMode::Auto => std::io::stdout().is_terminal(),
                ColorMode::Never => false,
            };
        TextStyle {
            color,
            dark: color && dark_background(),
            oneline: self.opts.oneline,
        }
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
    Help,
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
    // Last in iproute2's list too, so `h` is help.
    ("help", Object::Help),
];

/// Runs the command line after the global options: one command, or a batch.
pub fn run(opts: &GlobalOptions, words: &[String]) -> Result<i32> {
    // The namespace itself was entered while the options were read.
    let etc_override = opts.netns.as_deref().and_then(netlink::netns::etc_override);
    let mut names = Names::new(opts.numeric, etc_override);
    names.resolve = opts.resolve;
    let cx = Context {
        opts: opts.clone(),
        names,
        strict: opts.batch.is_none(),
        nexthops: NexthopCache::new(),
        session: opts.batch.is_some().then(session::Session::new),
    };
    match &opts.batch {
        Some(name) => batch::run(&cx, name),
        None => dispatch(&cx, words),
    }
}

/// True when `word` names the `route` object (by iproute2's ordered prefixes).
pub fn names_route_object(word: &str) -> bool {
    matches!(first_match(word, OBJECTS), Some(Object::Route))
}

/// True when ipr runs `word`'s object itself (route, rule, help, its own objects);
/// the others belong to iproute2's `ip` (see `real_ip`).
pub fn runs_itself(word: &str) -> bool {
    matches!(word, "completions" | "manpage" | "__complete")
        || matches!(
            first_match(word, OBJECTS),
            Some(Object::Route | Object::Rule | Object::Help)
        )
}

/// True when `word` names the `rule` object.
pub fn names_rule_object(word: &str) -> bool {
    matches!(first_match(word, OBJECTS), Some(Object::Rule))
}

/// Runs `OBJECT [COMMAND ...]`.
pub fn dispatch(cx: &Context, words: &[String]) -> Result<i32> {
    let Some(object_word) = words.first() else {
        return Err(Error::new(crate::cli::help::usage_text(), 255));
    };
    // ipr's own objects, spelled out in full so no iproute2 abbreviation changes.
    match object_word.as_str() {
        "completions" => return docs::completions(&words[1..]),
        "manpage" => return docs::manpage(&words[1..]),
        // Hidden: what the completion scripts call.
        "__complete" => return complete::run(&words[1..]),
        _ => {}
    }
    match first_match(object_word, OBJECTS).unwrap_or(Object::Other) {
        Object::Route => route::run(cx, &words[1..]),
        Object::Rule => rule::run(cx, &words[1..]),
        // Fatal, so a batch ends here as iproute2's exit from usage() ends it.
        Object::Help => Err(Error::new(crate::cli::help::usage_text(), 255)),
        Object::Other => real_ip::other_object(cx, words),
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

/// Prints the record of an `-echo` reply. In JSON iproute2 wraps the record's own
/// object in a second, anonymous one (`[{{...}}]`); so do we.
pub fn print_echo(
    cx: &Context,
    record: impl FnOnce(&mut Printer<session::Out>) -> std::io::Result<()>,
) -> Result<i32> {
    let mut p = cx.printer();
    p.begin_list().map_err(write_error)?;
    p.open_object(None).map_err(write_error)?;
    record(&mut p).map_err(write_error)?;
    p.close_object().map_err(write_error)?;
    p.end_list().map_err(write_error)?;
    finish(&mut p)
}

/// A dump the kernel refused: its message and iproute2's `Dump terminated` on
/// stderr first, then whatever stdout already holds (a JSON `[`), as iproute2's
/// unbuffered stderr and buffered stdout order them. Exit status `status` (route
/// listings 2, rule listings 255).
pub fn dump_failed<W: std::io::Write>(p: &mut Printer<W>, e: Error, status: i32) -> Error {
    eprintln!("{}Dump terminated", e.text());
    let _ = p.flush();
    Error::failed("", status)
}

/// The end of a command that prints nothing of its own around a dump (save, rule
/// flush): iproute2 still opens a JSON list under `-j`, closed (`[]`) when the
/// dump worked, left open after `Dump terminated` when it failed.
pub fn json_frame(cx: &Context, dumped: Result<()>, status: i32) -> Result<i32> {
    let mut p = cx.printer();
    p.begin_list().map_err(write_error)?;
    if let Err(e) = dumped {
        return Err(dump_failed(&mut p, e, status));
    }
    p.end_list().map_err(write_error)?;
    finish(&mut p)
}
