//! Global options (`-4`, `-details`, `-json`, `-netns NS`, ...), matched the way iproute2
//! matches them: single dash, `--` tolerated, first keyword in a fixed order that the
//! word abbreviates. `-h` is therefore `-human` (it comes before `-help`), `-f` is
//! `-family` (before `-force`) and `-b` is `-batch` (before `-brief`).

use super::keyword::abbreviates;
use crate::error::{Error, Result};
use crate::model::Family;

/// When colours are used (`-color[=always|auto|never]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorMode {
    #[default]
    Never,
    Always,
    Auto,
}

/// Everything the global options set. Counters mirror iproute2's (`-d -d` is level 2).
#[derive(Debug, Clone, Default)]
pub struct GlobalOptions {
    pub family: Family,
    pub details: u32,
    pub stats: u32,
    pub json: bool,
    pub pretty: bool,
    pub oneline: bool,
    pub numeric: bool,
    pub resolve: bool,
    pub force: bool,
    pub brief: bool,
    pub color: ColorMode,
    pub netns: Option<String>,
    pub batch: Option<String>,
    pub human: u32,
    pub iec: bool,
    pub timestamp: u32,
    pub echo: bool,
    pub all: bool,
    /// `-table` (ipr only): an aligned table for people instead of iproute2 text.
    pub table_view: bool,
}

/// What the command line asks for once the options are consumed.
#[derive(Debug)]
pub enum Invocation {
    /// Run `rest` (object and its arguments) with these options.
    Run(GlobalOptions, Vec<String>),
    /// `-V`: print the version and stop.
    Version,
    /// `-help` (or no object at all): print usage and exit 255.
    Usage,
}

/// The options that take a value, with the field they fill.
#[derive(Clone, Copy)]
enum Opt {
    Loops,
    FamilyName,
    Human,
    Iec,
    Stats,
    Details,
    Resolve,
    Oneline,
    Timestamp,
    TimestampShort,
    Version,
    Force,
    Batch,
    Brief,
    Json,
    Pretty,
    Rcvbuf,
    Color,
    Help,
    Netns,
    Numeric,
    All,
}

/// Order matters: the first keyword a word abbreviates wins.
const OPTIONS: &[(&str, Opt)] = &[
    ("-loops", Opt::Loops),
    ("-family", Opt::FamilyName),
    ("-human", Opt::Human),
    ("-human-readable", Opt::Human),
    ("-iec", Opt::Iec),
    ("-stats", Opt::Stats),
    ("-statistics", Opt::Stats),
    ("-details", Opt::Details),
    ("-resolve", Opt::Resolve),
    ("-oneline", Opt::Oneline),
    ("-timestamp", Opt::Timestamp),
    ("-tshort", Opt::TimestampShort),
    ("-Version", Opt::Version),
    ("-force", Opt::Force),
    ("-batch", Opt::Batch),
    ("-brief", Opt::Brief),
    ("-json", Opt::Json),
    ("-pretty", Opt::Pretty),
    ("-rcvbuf", Opt::Rcvbuf),
    ("-color", Opt::Color),
    ("-help", Opt::Help),
    ("-netns", Opt::Netns),
    ("-Numeric", Opt::Numeric),
    ("-all", Opt::All),
];

fn unknown_option(word: &str) -> Error {
    Error::new(
        format!("Option \"{word}\" is unknown, try \"ip -help\".\n"),
        255,
    )
}

/// `-color`, `-color=always|auto|never` (and abbreviations of `-color`).
fn parse_color(word: &str) -> Option<ColorMode> {
    let (name, value) = match word.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (word, None),
    };
    if !abbreviates(name, "-color") {
        return None;
    }
    match value {
        None | Some("") | Some("always") => Some(ColorMode::Always),
        Some("auto") => Some(ColorMode::Auto),
        Some("never") => Some(ColorMode::Never),
        Some(_) => None,
    }
}

/// Consumes the global options at the front of `args` (program name excluded).
pub fn parse(args: &[String]) -> Result<Invocation> {
    parse_noting_namespaces(args, &mut Vec::new())
}

/// `parse`, also noting every `-n NAME` read before parsing ended (well or not),
/// in order: iproute2 switches namespace the moment it reads `-n`, so a bad name
/// fails before a later option is even looked at, and the caller must enter them
/// all before acting on the outcome. A missing name is C's `(null)`.
pub fn parse_noting_namespaces(
    args: &[String],
    namespaces: &mut Vec<String>,
) -> Result<Invocation> {
    let mut opts = GlobalOptions::default();
    let mut i = 0;
    while i < args.len() {
        let word = args[i].as_str();
        if word == "--" {
            i += 1;
            break;
        }
        if !word.starts_with('-') {
            break;
        }
        // iproute2 accepts `--json` for `-json`: drop one dash when there are two.
        let opt = if word.starts_with("--") {
            &word[1..]
        } else {
            word
        };
        match opt {
            "-4" => opts.family = Family::Inet,
            "-6" => opts.family = Family::Inet6,
            "-0" => opts.family = Family::Packet,
            "-M" => opts.family = Family::Mpls,
            "-B" => opts.family = Family::Bridge,
            "-echo" => opts.echo = true,
            // ipr's own option, exact spelling only, so no iproute2 prefix changes
            // meaning (`-t` stays `-timestamp`).
            "-table" => opts.table_view = true,
            _ => {
                let found = OPTIONS
                    .iter()
                    .find(|(name, kind)| {
                        // Colour is tried in its own place in the order, with its `=value`.
                        if let Opt::Color = kind {
                            parse_color(opt).is_some()
                        } else {
                            abbreviates(opt, name)
                        }
                    })
                    .map(|&(_, kind)| kind);
                let Some(kind) = found else {
                    return Err(unknown_option(opt));
                };
                let mut value = || -> Result<String> {
                    i += 1;
                    args.get(i).cloned().ok_or(Error::incomplete())
                };
                match kind {
                    Opt::Loops => {
                        value()?;
                    }
                    Opt::FamilyName => {
                        let v = value().map_err(|_| usage_error())?;
                        if v == "help" {
                            return Ok(Invocation::Usage);
                        }
                        opts.family = Family::from_name(&v).ok_or_else(|| {
                            Error::invalid_arg(&v, "invalid protocol family", false)
                        })?;
                    }
                    Opt::Human => opts.human += 1,
                    Opt::Iec => opts.iec = true,
                    Opt::Stats => opts.stats += 1,
                    Opt::Details => opts.details += 1,
                    Opt::Resolve => opts.resolve = true,
                    Opt::Oneline => opts.oneline = true,
                    Opt::Timestamp => opts.timestamp += 1,
                    Opt::TimestampShort => opts.timestamp += 1,
                    Opt::Version => return Ok(Invocation::Version),
                    Opt::Force => opts.force = true,
                    Opt::Batch => opts.batch = Some(value().map_err(|_| usage_error())?),
                    Opt::Brief => opts.brief = true,
                    Opt::Json => opts.json = true,
                    Opt::Pretty => opts.pretty = true,
                    Opt::Rcvbuf => {
                        let v = value().map_err(|_| usage_error())?;
                        if v.parse::<u32>().is_err() {
                            return Err(Error::new(format!("Invalid rcvbuf size '{v}'\n"), 255));
                        }
                    }
                    Opt::Color => opts.color = parse_color(opt).unwrap_or_default(),
                    Opt::Help => return Ok(Invocation::Usage),
                    Opt::Netns => {
                        let name = value().unwrap_or_else(|_| "(null)".to_string());
                        namespaces.push(name.clone());
                        opts.netns = Some(name);
                    }
                    Opt::Numeric => opts.numeric = true,
                    Opt::All => opts.all = true,
                }
            }
        }
        i += 1;
    }
    if opts.table_view && opts.json {
        // Two output formats asked for at once: neither is picked silently.
        return Err(Error::new(
            "Error: -table and -json cannot be used together.\n",
            255,
        ));
    }
    if i >= args.len() && opts.batch.is_none() {
        return Ok(Invocation::Usage);
    }
    Ok(Invocation::Run(opts, args[i..].to_vec()))
}

/// The option `word` stands for (`-n` is `-netns`, `--json` is `-json`), by the
/// same matching as `parse`; None for a word that is not an option.
pub fn option_name(word: &str) -> Option<&'static str> {
    let opt = word
        .strip_prefix('-')
        .filter(|w| w.starts_with('-'))
        .unwrap_or(word);
    if let Some(name) = EXACT_OPTIONS.iter().find(|&&name| name == opt) {
        return Some(name);
    }
    OPTIONS
        .iter()
        .find(|(name, kind)| match kind {
            Opt::Color => parse_color(opt).is_some(),
            _ => abbreviates(opt, name),
        })
        .map(|&(name, _)| name)
}

/// Options spelled out in full only.
const EXACT_OPTIONS: &[&str] = &["-4", "-6", "-0", "-M", "-B", "-echo", "-table"];

/// Every global option in full, for the manual page and completion.
pub fn option_names() -> impl Iterator<Item = &'static str> {
    EXACT_OPTIONS
        .iter()
        .copied()
        .chain(OPTIONS.iter().map(|&(name, _)| name))
}

/// True when the option `name` (as `option_name` gives it) reads a value.
pub fn takes_value(name: &str) -> bool {
    matches!(name, "-loops" | "-family" | "-batch" | "-rcvbuf" | "-netns")
}

/// iproute2 answers a missing value for some options with its usage text.
fn usage_error() -> Error {
    Error::new(super::help::usage_text(), 255)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(words: &[&str]) -> (GlobalOptions, Vec<String>) {
        let args: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        match parse(&args).unwrap() {
            Invocation::Run(o, rest) => (o, rest),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn prefixes_follow_iproute2_order() {
        let (o, rest) = run(&["-d", "-j", "-p", "-o", "-N", "-s", "route"]);
        assert_eq!(
            (o.details, o.json, o.pretty, o.oneline),
            (1, true, true, true)
        );
        assert!(o.numeric);
        assert_eq!(o.stats, 1);
        assert_eq!(rest, ["route"]);
        let (o, _) = run(&["-h", "-fo", "-br", "route"]);
        assert_eq!((o.human, o.force, o.brief), (1, true, true));
    }

    #[test]
    fn double_dash_and_family() {
        let (o, _) = run(&["--details", "-4", "-6", "route"]);
        assert_eq!(o.details, 1);
        assert_eq!(o.family, Family::Inet6);
        let (o, _) = run(&["-f", "inet", "rule"]);
        assert_eq!(o.family, Family::Inet);
    }

    #[test]
    fn netns_and_color() {
        let (o, rest) = run(&["-n", "ns1", "-c=auto", "r"]);
        assert_eq!(o.netns.as_deref(), Some("ns1"));
        assert_eq!(o.color, ColorMode::Auto);
        assert_eq!(rest, ["r"]);
        let (o, _) = run(&["-color", "r"]);
        assert_eq!(o.color, ColorMode::Always);
    }

    #[test]
    fn unknown_options_exit_255() {
        for bad in ["-x", "-e", "-c=bad"] {
            let args = vec![bad.to_string(), "route".to_string()];
            let err = parse(&args).unwrap_err();
            assert_eq!(err.exit_code(), 255);
            assert_eq!(
                err.text(),
                format!("Option \"{bad}\" is unknown, try \"ip -help\".\n")
            );
        }
    }

    #[test]
    fn version_and_usage() {
        assert!(matches!(
            parse(&["-V".into()]).unwrap(),
            Invocation::Version
        ));
        assert!(matches!(parse(&[]).unwrap(), Invocation::Usage));
    }
}
