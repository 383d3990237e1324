//! Number <-> name tables: `rt_protos`, `rt_tables`, `rt_scopes`, `rt_realms`,
//! `rt_dsfield`. Each starts from iproute2's built-in names, then the main file is read
//! from `/etc/iproute2` (or, when that file is missing, from the distribution's copy
//! under `/usr/share/iproute2`), then, for the tables iproute2 6.1 extends that way
//! (`rt_protos.d`, `rt_tables.d`), every `*.conf` drop-in. Later entries win.
//! Files are read on first use only, so commands that never print a name never read.

pub mod file;
pub mod hosts;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::model::kernel::{Protocol, Scope, TableId};
use crate::model::number::strtoul;

const ETC_DIR: &str = "/etc/iproute2";
const USR_DIR: &str = "/usr/share/iproute2";

/// A table of at most 256 ids, one name per id (the last one read wins).
#[derive(Debug)]
pub struct SmallTable {
    names: Vec<Option<String>>,
    /// name -> lowest id carrying it (what a scan in id order finds first); batch
    /// files parse a name per line, so lookups must not scan.
    index: std::collections::HashMap<String, u32>,
}

impl SmallTable {
    fn new(builtin: &[(u32, &str)]) -> Self {
        let mut names = vec![None; 256];
        for &(id, name) in builtin {
            names[id as usize] = Some(name.to_string());
        }
        let mut table = SmallTable {
            names,
            index: Default::default(),
        };
        table.reindex();
        table
    }

    /// Ids outside 0..=255 are skipped, as iproute2 skips them (it also writes
    /// id 256 one past its array, which changes no name).
    fn insert_all(&mut self, entries: Vec<file::Entry>) {
        for (id, name) in entries {
            if let Some(slot) = usize::try_from(id).ok().and_then(|i| self.names.get_mut(i)) {
                *slot = Some(name);
            }
        }
        self.reindex();
    }

    fn reindex(&mut self) {
        self.index.clear();
        for (id, name) in self.names.iter().enumerate().rev() {
            if let Some(name) = name {
                self.index.insert(name.clone(), id as u32);
            }
        }
    }

    pub fn name(&self, id: u32) -> Option<&str> {
        self.names.get(id as usize)?.as_deref()
    }

    pub fn id(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }
}

/// Routing table (and device group) names, kept as iproute2 keeps them: 256
/// buckets by `id & 255`, each newest entry first, after the built-in names. An id
/// prints as the newest name read for it; a name means the id found first when
/// the buckets are scanned in order (so with `100 foo` and `5 foo`, `foo` is 5,
/// whatever the file order). Ids read as negative C ints (2^31 and up) are skipped.
#[derive(Debug)]
pub struct TableNames {
    buckets: Vec<Vec<(u32, String)>>,
    /// name -> id, precomputed in iproute2's scan order (batch files look a name
    /// up per line).
    index: std::collections::HashMap<String, u32>,
}

impl TableNames {
    fn new(builtin: &[(u32, &str)], entries: Vec<file::Entry>) -> Self {
        let mut buckets = vec![Vec::new(); 256];
        let read = entries
            .into_iter()
            .filter_map(|(id, name)| u32::try_from(id).ok().map(|id| (id, name)));
        let all = builtin.iter().map(|&(i, n)| (i, n.to_string())).chain(read);
        for (id, name) in all {
            buckets[(id & 255) as usize].insert(0, (id, name));
        }
        let mut index = std::collections::HashMap::new();
        for (id, name) in buckets.iter().flatten() {
            index.entry(name.clone()).or_insert(*id);
        }
        TableNames { buckets, index }
    }

    pub fn name(&self, id: u32) -> Option<&str> {
        self.buckets[(id & 255) as usize]
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.as_str())
    }

    pub fn id(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    /// Every name, bucket by bucket, newest first within one (for completion).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.buckets.iter().flatten().map(|(_, n)| n.as_str())
    }
}

/// Where the main file of a table lives: `ETC/NAME` if it exists, else the
/// distribution default.
fn main_file(etc: &Path, name: &str) -> PathBuf {
    let path = etc.join(name);
    if path.exists() {
        path
    } else {
        Path::new(USR_DIR).join(name)
    }
}

/// How iproute2 names a file of `etc` in its messages: under `/etc/iproute2`, also
/// when `-n NS` reads the namespace's own copy.
fn shown_path(etc: &Path, path: &Path) -> PathBuf {
    match path.strip_prefix(etc) {
        Ok(relative) => Path::new(ETC_DIR).join(relative),
        Err(_) => path.to_path_buf(),
    }
}

fn read_file(etc: &Path, path: &Path) -> Vec<file::Entry> {
    file::read_entries(path, &shown_path(etc, path))
}

/// The entries of every `*.conf` file in the drop-in directories of `name`
/// (distribution directory first, so `/etc` overrides it), each directory in the
/// order the file system lists it, as iproute2 reads it.
fn drop_in_entries(etc: &Path, name: &str) -> Vec<file::Entry> {
    let mut out = Vec::new();
    for dir in [Path::new(USR_DIR), etc] {
        let path = dir.join(format!("{name}.d"));
        let Ok(listing) = std::fs::read_dir(&path) else {
            continue;
        };
        for entry in listing.flatten() {
            let file_name = entry.file_name();
            let file_name = std::os::unix::ffi::OsStrExt::as_bytes(file_name.as_os_str());
            if file_name.starts_with(b".") || file_name.len() <= 5 || !file_name.ends_with(b".conf")
            {
                continue;
            }
            out.extend(read_file(etc, &entry.path()));
        }
    }
    out
}

fn load_small(etc: &Path, name: &str, builtin: &[(u32, &str)], drop_ins: bool) -> SmallTable {
    let mut table = SmallTable::new(builtin);
    table.insert_all(read_file(etc, &main_file(etc, name)));
    if drop_ins {
        table.insert_all(drop_in_entries(etc, name));
    }
    table
}

const BUILTIN_PROTOS: &[(u32, &str)] = &[
    (0, "unspec"),
    (1, "redirect"),
    (2, "kernel"),
    (3, "boot"),
    (4, "static"),
    (8, "gated"),
    (9, "ra"),
    (10, "mrt"),
    (11, "zebra"),
    (12, "bird"),
    (13, "dnrouted"),
    (14, "xorp"),
    (15, "ntk"),
    (16, "dhcp"),
    (18, "keepalived"),
    (42, "babel"),
    (186, "bgp"),
    (187, "isis"),
    (188, "ospf"),
    (189, "rip"),
    (192, "eigrp"),
];
const BUILTIN_SCOPES: &[(u32, &str)] = &[
    (0, "global"),
    (200, "site"),
    (253, "link"),
    (254, "host"),
    (255, "nowhere"),
];
const BUILTIN_TABLES: &[(u32, &str)] = &[(253, "default"), (254, "main"), (255, "local")];
const BUILTIN_REALMS: &[(u32, &str)] = &[(0, "unknown")];

/// All the names tables, loaded lazily, plus the `-N` switch that turns names off
/// for printing (parsing still accepts names).
#[derive(Debug, Default)]
pub struct Names {
    pub numeric: bool,
    /// `-r`: print host addresses (host routes, gateways) as names.
    pub resolve: bool,
    /// `/etc/iproute2`, or the per-namespace copy `-n NS` brings in.
    etc: PathBuf,
    groups: OnceLock<TableNames>,
    /// `/etc/protocols`: number, official name, aliases.
    ip_protocols: OnceLock<Vec<(u8, Vec<String>)>>,
    protos: OnceLock<SmallTable>,
    scopes: OnceLock<SmallTable>,
    realms: OnceLock<SmallTable>,
    dsfield: OnceLock<SmallTable>,
    tables: OnceLock<TableNames>,
}

impl Names {
    pub fn new(numeric: bool, etc_override: Option<PathBuf>) -> Self {
        Names {
            numeric,
            etc: etc_override.unwrap_or_else(|| PathBuf::from(ETC_DIR)),
            ..Default::default()
        }
    }

    fn list_table(&self, name: &str, builtin: &[(u32, &str)], drop_ins: bool) -> TableNames {
        let mut entries = read_file(&self.etc, &main_file(&self.etc, name));
        if drop_ins {
            entries.extend(drop_in_entries(&self.etc, name));
        }
        TableNames::new(builtin, entries)
    }

    /// Device group names (`group`), used by `suppress_ifgroup`.
    pub fn group_name(&self, id: u32) -> String {
        let groups = self
            .groups
            .get_or_init(|| self.list_table("group", &[(0, "default")], false));
        match groups.name(id) {
            Some(name) if !self.numeric => name.to_string(),
            _ => (id as i32).to_string(),
        }
    }

    /// IP protocol names from `/etc/protocols` (`tcp`), or `ipproto-N`.
    pub fn ip_proto_name(&self, id: u8) -> String {
        let table = self.ip_protocols.get_or_init(read_protocols);
        match table.iter().find(|(n, _)| *n == id) {
            Some((_, names)) if !self.numeric => names[0].clone(),
            _ => format!("ipproto-{id}"),
        }
    }

    fn ip_proto_by_name(&self, word: &str) -> Option<u8> {
        let table = self.ip_protocols.get_or_init(read_protocols);
        table
            .iter()
            .find(|(_, names)| names.iter().any(|n| n == word))
            .map(|(n, _)| *n)
    }

    /// An IP protocol (`ipproto` of rules and `route get`): a decimal number up to
    /// 255 (`0x6` is refused), else a name or alias from `/etc/protocols`, whose
    /// number is cut to 8 bits as iproute2 stores it (`mptcp`, 262, is 6).
    pub fn ip_proto_id(&self, word: &str) -> Option<u8> {
        crate::model::number::parse_unsigned(word, 10, 255)
            .map(|v| v as u8)
            .or_else(|| self.ip_proto_by_name(word))
    }

    /// A device group by name (`group` file) or number, as iproute2 reads it:
    /// C's strtol over the whole word, stored in an int and refused when that is
    /// negative (`-0` is 0, `4294967297` is group 1, `2147483648` is refused).
    pub fn group_id(&self, word: &str) -> Option<i32> {
        let groups = self
            .groups
            .get_or_init(|| self.list_table("group", &[(0, "default")], false));
        if let Some(id) = groups.id(word) {
            return Some(id as i32);
        }
        let (value, rest, overflow) = crate::model::number::strtoul_erange(word, 0)?;
        if !rest.is_empty() {
            return None;
        }
        // strtoul wrapped a negative number; strtol saturates both ways.
        let negative = word.trim_start().starts_with('-');
        let magnitude = if negative {
            value.wrapping_neg()
        } else {
            value
        };
        let long = match (negative, overflow || magnitude > i64::MAX as u64) {
            (false, true) => i64::MAX,
            (true, true) => i64::MIN,
            (false, false) => magnitude as i64,
            (true, false) => -(magnitude as i64),
        };
        let id = long as i32;
        (id >= 0).then_some(id)
    }

    pub fn protos(&self) -> &SmallTable {
        self.protos
            .get_or_init(|| load_small(&self.etc, "rt_protos", BUILTIN_PROTOS, true))
    }

    pub fn scopes(&self) -> &SmallTable {
        self.scopes
            .get_or_init(|| load_small(&self.etc, "rt_scopes", BUILTIN_SCOPES, false))
    }

    pub fn realms(&self) -> &SmallTable {
        self.realms
            .get_or_init(|| load_small(&self.etc, "rt_realms", BUILTIN_REALMS, false))
    }

    pub fn dsfield(&self) -> &SmallTable {
        self.dsfield
            .get_or_init(|| load_small(&self.etc, "rt_dsfield", &[], false))
    }

    pub fn tables(&self) -> &TableNames {
        self.tables
            .get_or_init(|| self.list_table("rt_tables", BUILTIN_TABLES, true))
    }

    /// An address as `format_host` prints it: its name under `-r` when it has one.
    pub fn host(&self, addr: &crate::model::route::Address) -> String {
        use crate::model::route::Address;
        if self.resolve
            && matches!(addr, Address::V4(_) | Address::V6(_))
            && let Some(name) = hosts::name_of(addr.as_bytes())
        {
            return name;
        }
        addr.text()
    }

    // ---- number -> text, as iproute2 prints them ----

    // iproute2 reads a small table's files only when it first needs a name it has
    // no built-in for (or when it parses a name). Until then a built-in name wins
    // even if the files rename that id; afterwards the files' names do. We keep
    // that order of events so output matches line for line.

    pub fn proto_name(&self, proto: Protocol) -> String {
        self.lazy_name(BUILTIN_PROTOS, &self.protos, || self.protos(), proto.0)
    }

    pub fn scope_name(&self, scope: Scope) -> String {
        self.lazy_name(BUILTIN_SCOPES, &self.scopes, || self.scopes(), scope.0)
    }

    pub fn realm_name(&self, id: u32) -> String {
        if id > 255 || self.numeric {
            return id.to_string();
        }
        self.lazy_name(BUILTIN_REALMS, &self.realms, || self.realms(), id as u8)
    }

    pub fn table_name(&self, id: TableId) -> String {
        match self.tables().name(id.0) {
            Some(name) if !self.numeric => name.to_string(),
            _ => id.to_string(),
        }
    }

    /// TOS/DS field: a name, or `0x%02x` (also under `-N`).
    pub fn dsfield_name(&self, id: u8) -> String {
        match self.dsfield().name(id as u32) {
            Some(name) if !self.numeric => name.to_string(),
            _ => format!("0x{id:02x}"),
        }
    }

    fn lazy_name<'a>(
        &'a self,
        builtin: &[(u32, &str)],
        loaded: &OnceLock<SmallTable>,
        load: impl FnOnce() -> &'a SmallTable,
        id: u8,
    ) -> String {
        if self.numeric {
            return id.to_string();
        }
        if loaded.get().is_none()
            && let Some((_, name)) = builtin.iter().find(|(i, _)| *i == id as u32)
        {
            return name.to_string();
        }
        match load().name(id as u32) {
            Some(name) => name.to_string(),
            None => id.to_string(),
        }
    }

    // ---- text -> number, as iproute2 parses them ----

    /// `proto NAME|NUMBER` (0..=255, strtoul base 0).
    pub fn proto_id(&self, word: &str) -> Option<Protocol> {
        self.protos()
            .id(word)
            .or_else(|| whole_number(word, 0, 255))
            .map(|v| Protocol(v as u8))
    }

    pub fn scope_id(&self, word: &str) -> Option<Scope> {
        self.scopes()
            .id(word)
            .or_else(|| whole_number(word, 0, 255))
            .map(|v| Scope(v as u8))
    }

    pub fn realm_id(&self, word: &str) -> Option<u32> {
        self.realms()
            .id(word)
            .or_else(|| whole_number(word, 0, 255))
    }

    /// TOS values are read in hex when numeric (`tos 10` is 0x10).
    pub fn dsfield_id(&self, word: &str) -> Option<u8> {
        self.dsfield()
            .id(word)
            .or_else(|| whole_number(word, 16, 255))
            .map(|v| v as u8)
    }

    pub fn table_id(&self, word: &str) -> Option<TableId> {
        self.tables()
            .id(word)
            .or_else(|| whole_number(word, 0, u32::MAX as u64))
            .map(TableId)
    }

    /// `realms [FROM/]TO`: a raw 32-bit number, or one or two realm names/numbers.
    pub fn realms_value(&self, word: &str) -> Option<u32> {
        if let Some(raw) = crate::model::number::parse_u32(word) {
            return Some(raw);
        }
        let (from, to) = match word.split_once('/') {
            Some((f, t)) => (Some(f), t),
            None => (None, word),
        };
        let mut value = 0;
        if let Some(from) = from {
            value = self.realm_id(from)? << 16;
        }
        if !to.is_empty() {
            value |= self.realm_id(to)?;
        }
        Some(value)
    }
}

/// `/etc/protocols`: `name number aliases...` lines (the first line for a number
/// wins, as getprotobynumber's does).
fn read_protocols() -> Vec<(u8, Vec<String>)> {
    let text = std::fs::read("/etc/protocols").unwrap_or_default();
    let text = crate::lossless::decode_vec(text);
    text.lines()
        .filter_map(|line| {
            let line = line.split('#').next()?;
            let mut words = line.split_whitespace();
            let name = words.next()?.to_string();
            let number = words.next()?.parse::<u32>().ok()? as u8;
            let mut names = vec![name];
            names.extend(words.map(str::to_string));
            Some((number, names))
        })
        .collect()
}

/// strtoul over the whole word with an upper bound (no empty words, no junk).
fn whole_number(word: &str, base: u32, max: u64) -> Option<u32> {
    match strtoul(word, base) {
        Some((v, "")) if v <= max => Some(v as u32),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_table_last_wins() {
        let mut t = SmallTable::new(&[(3, "boot")]);
        t.insert_all(vec![(200, "a".into()), (200, "sandbox".into())]);
        assert_eq!(t.name(200), Some("sandbox"));
        assert_eq!(t.id("sandbox"), Some(200));
        assert_eq!(t.id("a"), None);
        assert_eq!(t.id("boot"), Some(3));
    }

    #[test]
    fn numbers_parse_like_strtoul() {
        assert_eq!(whole_number("0x4d", 0, 255), Some(77));
        assert_eq!(whole_number("256", 0, 255), None);
        assert_eq!(whole_number("", 0, 255), None);
        assert_eq!(whole_number("10", 16, 255), Some(16));
    }
}
