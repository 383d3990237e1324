//! `ipr completions bash|zsh|fish` and `ipr manpage [route|rule]`.

use crate::error::{Error, Result};
use crate::render::manpage::{self, Page};
use clap_complete::Shell;
use std::io::Write;

pub fn completions(args: &[String]) -> Result<i32> {
    let shell = match args.first().map(String::as_str) {
        Some("bash") => Shell::Bash,
        Some("zsh") => Shell::Zsh,
        Some("fish") => Shell::Fish,
        _ => {
            return Err(Error::new("Usage: ipr completions bash|zsh|fish\n", 255));
        }
    };
    let mut tree = crate::cli::help::command_tree().name("ipr");
    clap_complete::generate(shell, &mut tree, "ipr", &mut std::io::stdout());
    Ok(0)
}

/// `ipr manpage [route|rule]`: ipr(8), ipr-route(8) or ipr-rule(8) as roff.
pub fn manpage(args: &[String]) -> Result<i32> {
    let page = match args {
        [] => Page::from_arg(None),
        [one] => Page::from_arg(Some(one)),
        _ => None,
    }
    .ok_or_else(|| Error::new("Usage: ipr manpage [ route | rule ]\n", 255))?;
    std::io::stdout()
        .write_all(manpage::render(page).as_bytes())
        .map_err(|e| Error::failed(format!("ipr: write error: {e}\n"), 1))?;
    Ok(0)
}
