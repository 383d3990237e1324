//! ipr: a re-implementation of iproute2's `ip route` and `ip rule`.
//!
//! Data flows one way: argv -> `cli` (grammar) -> `model` (typed request) ->
//! `netlink` (transport) -> `model` (typed reply) -> `render` (bytes). `cmd` wires
//! one verb through those layers.

pub mod cli;
pub mod cmd;
pub mod error;
pub mod lossless;
pub mod model;
pub mod names;
pub mod netlink;
pub mod render;

use cli::global::{self, Invocation};
use std::io::Write;

/// Runs ipr with `args` (program name excluded) and returns the exit status.
/// Errors are printed here, in iproute2's words.
pub fn run(args: Vec<String>) -> i32 {
    let mut namespaces = Vec::new();
    let parsed = global::parse_noting_namespaces(&args, &mut namespaces);
    let entered = namespaces
        .iter()
        .try_for_each(|name| netlink::netns::enter(name));
    let result = entered.and(parsed).and_then(|inv| match inv {
        Invocation::Version => {
            let version = format!(
                "ip utility, iproute2-6.1.0 compatible (ipr {})\n",
                env!("CARGO_PKG_VERSION")
            );
            let _ = lossless::stdout().write_all(version.as_bytes());
            Ok(0)
        }
        Invocation::Usage => Err(error::Error::new(cli::help::usage_text(), 255)),
        Invocation::Run(opts, rest) => cmd::run(&opts, &rest),
    });
    match result {
        Ok(code) => code,
        Err(err) => {
            lossless::flush_stdout();
            lossless::eprint(err.text());
            err.exit_code()
        }
    }
}
