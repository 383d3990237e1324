//! `ipr __complete CWORD WORDS...` (hidden; called by the scripts of `ipr
//! completions SHELL`): prints the candidates for `WORDS[CWORD]`, one a line.
//! `cli::complete` decides what fits there; this module answers its questions
//! about the system: names files (of `-n NS` when the line names one), the
//! devices of that namespace, the named namespaces, file names.

use crate::cli::complete::{self, NameKind, System};
use crate::error::Result;
use crate::names::{Names, SmallTable};
use crate::netlink::{LinkNames, Netlink, netns};
use std::io::Write;

const NETNS_DIR: &str = "/run/netns";

struct Live {
    names: Names,
    netns: Option<String>,
}

fn small(table: &SmallTable) -> Vec<String> {
    (0..=255u32)
        .filter_map(|id| table.name(id).map(str::to_string))
        .collect()
}

/// Names that are not numbers (what `NAME_of(id)` gives for an unnamed id).
fn named(f: impl Fn(u32) -> String) -> Vec<String> {
    (0..=255u32)
        .map(f)
        .filter(|n| !n.is_empty() && !n.chars().all(|c| c.is_ascii_digit()))
        .collect()
}

impl System for Live {
    fn names(&self, kind: NameKind) -> Vec<String> {
        let n = &self.names;
        match kind {
            NameKind::Proto => small(n.protos()),
            NameKind::Scope => small(n.scopes()),
            NameKind::Realm => small(n.realms()),
            NameKind::Dsfield => small(n.dsfield()),
            NameKind::Table => {
                let mut names: Vec<String> = n.tables().names().map(str::to_string).collect();
                names.reverse();
                names
            }
            NameKind::IpProto => named(|id| n.ip_proto_name(id as u8)),
            NameKind::Group => named(|id| n.group_name(id)),
        }
    }

    fn devices(&self) -> Vec<String> {
        // A short-lived process of its own: entering the namespace here changes
        // nothing for the shell.
        if let Some(ns) = &self.netns
            && netns::enter(ns).is_err()
        {
            return vec![];
        }
        let links = Netlink::open(true).and_then(|mut nl| LinkNames::load(&mut nl));
        let mut names: Vec<String> = match links {
            Ok(links) => links.names().map(str::to_string).collect(),
            Err(_) => vec![],
        };
        names.sort();
        names
    }

    fn namespaces(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(NETNS_DIR)
            .map(|dir| {
                dir.filter_map(|e| e.ok())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    fn files(&self, prefix: &str) -> Vec<String> {
        let (dir, base) = match prefix.rfind('/') {
            Some(at) => (&prefix[..=at], &prefix[at + 1..]),
            None => ("", prefix),
        };
        let Ok(entries) = std::fs::read_dir(if dir.is_empty() { "." } else { dir }) else {
            return vec![];
        };
        let mut out: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let hidden = name.starts_with('.') && !base.starts_with('.');
                if hidden || !name.starts_with(base) {
                    return None;
                }
                let slash = if e.path().is_dir() { "/" } else { "" };
                Some(format!("{dir}{name}{slash}"))
            })
            .collect();
        out.sort();
        out
    }
}

/// `ipr __complete [--describe] CWORD WORDS...`: one candidate a line; with
/// `--describe`, a keyword's line is `WORD<TAB>MEANING` (fish and zsh show it).
/// Prints nothing for a malformed call: a completion must never print an error
/// into the user's command line.
pub fn run(args: &[String]) -> Result<i32> {
    let describe = args.first().is_some_and(|a| a == "--describe");
    let args = if describe { &args[1..] } else { args };
    let Some(cword) = args.first().and_then(|c| c.parse::<usize>().ok()) else {
        return Ok(1);
    };
    let words = &args[1..];
    let netns = complete::namespace(&words[..cword.min(words.len())]).map(str::to_string);
    let etc = netns.as_deref().and_then(netns::etc_override);
    let live = Live {
        names: Names::new(false, etc),
        netns,
    };
    let mut out = std::io::stdout().lock();
    for c in complete::candidates(words, cword, &live) {
        let line = if describe && !c.help.is_empty() {
            format!("{}\t{}", c.word, c.help)
        } else {
            c.word
        };
        if writeln!(out, "{line}").is_err() {
            break;
        }
    }
    Ok(0)
}

/// The bash script: a function that asks ipr, registered for `ipr`.
pub const BASH: &str = r#"# bash completion for ipr; candidates come from ipr itself (ipr __complete).
_ipr() {
    local IFS=$'\n'
    COMPREPLY=()
    local line
    while IFS= read -r line; do
        COMPREPLY+=("$line")
    done < <(command ipr __complete "$COMP_CWORD" "${COMP_WORDS[@]}" 2>/dev/null)
    # A directory is completed further, without a space after it.
    if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == */ ]]; then
        compopt -o nospace 2>/dev/null
    fi
    return 0
}
complete -F _ipr ipr
"#;

/// The zsh script: autoloadable as `_ipr` (vendor-completions) or sourced.
pub const ZSH: &str = r#"#compdef ipr
# zsh completion for ipr; candidates come from ipr itself (ipr __complete).
_ipr() {
    local -a lines candidates shown
    local line
    lines=("${(@f)$(command ipr __complete --describe $((CURRENT - 1)) "${words[@]}" 2>/dev/null)}")
    for line in "${lines[@]}"; do
        [[ -z $line ]] && continue
        candidates+=("${line%%$'\t'*}")
        if [[ $line == *$'\t'* ]]; then
            shown+=("${line%%$'\t'*}  -- ${line#*$'\t'}")
        else
            shown+=("$line")
        fi
    done
    compadd -Q -d shown -- "${candidates[@]}"
}
if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then
    _ipr "$@"
else
    compdef _ipr ipr
fi
"#;

/// The fish script.
pub const FISH: &str = r#"# fish completion for ipr; candidates come from ipr itself (ipr __complete).
function __ipr_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    command ipr __complete --describe (count $words) $words $current 2>/dev/null
end
complete -c ipr -f -a '(__ipr_complete)'
"#;
