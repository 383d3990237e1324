//! Records -> bytes. Text exactly as iproute2 prints it (with `-d`, `-o`, `-c`),
//! streaming JSON (`-j`, `-p`). Never sees a socket.

pub mod encap;
pub mod explain;
pub mod grid;
pub mod json;
pub mod manpage;
mod manpage_objects;
mod manpage_text;
pub mod nexthop;
pub mod out;
pub mod route;
pub mod rule;
pub mod table;

pub use out::{Printer, TextStyle};
