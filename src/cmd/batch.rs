//! `-batch FILE|-`: one command per line, as iproute2 runs them. A failed command
//! prints `Command failed FILE:LINE` and stops the batch (or, with `-force`, the
//! batch goes on and still exits 1). Syntax errors end the process at once, exactly
//! where iproute2's own parser exits.

use super::Context;
use crate::cli::batch::{CommandLines, split_words};
use crate::error::{Error, Result};
use std::io::BufRead;

pub fn run(cx: &Context, name: &str) -> Result<i32> {
    let input: Box<dyn BufRead> = if name == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        match std::fs::File::open(name) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                return Err(Error::failed(
                    format!(
                        "Cannot open file \"{name}\" for reading: {}\n",
                        crate::netlink::socket::strerror_of(&e)
                    ),
                    1,
                ));
            }
        }
    };
    let mut lines = CommandLines::new(input);
    let mut status = 0;
    while let Some(line) = lines.next_line() {
        let words = split_words(&line)?;
        if words.is_empty() {
            continue;
        }
        if let Err(e) = super::dispatch(cx, &words) {
            if e.is_fatal() {
                return Err(e);
            }
            eprint!("{}", e.text());
            eprintln!("Command failed {name}:{}", lines.line_number());
            status = 1;
            if !cx.opts.force {
                break;
            }
        }
    }
    Ok(status)
}
