//! Which rule preferences are taken, so that a pipelined `rule add` is only sent
//! ahead of the answers when it can be taken back exactly. A rule deletion
//! matches the first rule (in list order) that has every attribute it names;
//! rules of one preference are listed oldest first, so deleting a new rule could
//! delete an older rule of the same preference instead. A preference nobody
//! holds makes the deletion exact.

use crate::error::Result;
use crate::netlink::Netlink;
use crate::netlink::rules::dump_rules;
use std::collections::HashSet;

/// (family, preference) pairs in use, read with one rule dump and kept up to
/// date with the additions the batch pipelines.
#[derive(Default)]
pub struct RulePrefs {
    taken: Option<HashSet<(u8, u32)>>,
}

impl RulePrefs {
    /// True when no rule of `family` holds `pref` (it is then marked taken).
    pub fn claim(&mut self, nl: &mut Netlink, family: u8, pref: u32) -> Result<bool> {
        if self.taken.is_none() {
            self.taken = Some(load(nl)?);
        }
        let taken = self.taken.as_mut().expect("loaded above");
        Ok(taken.insert((family, pref)))
    }

    /// Forgets what was read: a line run in its turn may have added rules whose
    /// preferences are not known here.
    pub fn forget(&mut self) {
        self.taken = None;
    }
}

fn load(nl: &mut Netlink) -> Result<HashSet<(u8, u32)>> {
    let mut taken = HashSet::new();
    // Family 0: the rules of every family.
    dump_rules(nl, 0, &mut |rule, _| {
        taken.insert((rule.family.af(), rule.priority.unwrap_or(0)));
        Ok(())
    })?;
    Ok(taken)
}
