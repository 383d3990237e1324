//! `ipr route sync` (ipr only): make a proto's routes exactly a list. Not yet built.

use super::Context;
use crate::error::{Error, Result};

pub fn run(_cx: &Context, _args: &[String]) -> Result<i32> {
    Err(Error::failed("ipr: route sync is not available yet\n", 255))
}
