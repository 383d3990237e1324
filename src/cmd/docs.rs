//! `ipr completions bash|zsh|fish` and `ipr manpage`: generated from the same clap
//! command tree as the usage texts (`cli::help::command_tree`).

use crate::error::{Error, Result};
use clap_complete::Shell;

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
    clap_complete::generate(shell, &mut tree, "ipr", &mut crate::lossless::stdout());
    Ok(0)
}

pub fn manpage() -> Result<i32> {
    let tree = crate::cli::help::command_tree().name("ipr");
    clap_mangen::Man::new(tree)
        .render(&mut crate::lossless::stdout())
        .map_err(|e| Error::failed(format!("ipr: write error: {e}\n"), 1))?;
    Ok(0)
}
