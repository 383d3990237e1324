//! `ipr completions bash|zsh|fish` and `ipr manpage [route|rule]`.

use super::complete;
use crate::error::{Error, Result};
use crate::render::manpage::{self, Page};
use std::io::Write;

/// `ipr completions bash|zsh|fish`: a thin script per shell that asks
/// `ipr __complete` for the candidates (`cmd::complete`).
pub fn completions(args: &[String]) -> Result<i32> {
    let script = match args {
        [shell] if shell == "bash" => complete::BASH,
        [shell] if shell == "zsh" => complete::ZSH,
        [shell] if shell == "fish" => complete::FISH,
        _ => {
            return Err(Error::new("Usage: ipr completions bash|zsh|fish\n", 255));
        }
    };
    std::io::stdout()
        .write_all(script.as_bytes())
        .map_err(|e| Error::failed(format!("ipr: write error: {e}\n"), 1))?;
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
