//! `ipr route explain` (ipr only): why the kernel picks a route. Not yet built.

use super::Context;
use crate::error::{Error, Result};

pub fn run(_cx: &Context, _args: &[String]) -> Result<i32> {
    Err(Error::failed(
        "ipr: route explain is not available yet\n",
        255,
    ))
}
