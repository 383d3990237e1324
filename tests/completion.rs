//! Completion in real shells: the script `ipr completions bash` prints is
//! sourced into bash, COMP_WORDS/COMP_CWORD are set, the registered function is
//! called and COMPREPLY is read; fish answers `complete -C LINE`; zsh checks the
//! syntax of its script. Devices and proto names come from a test namespace with
//! its own /etc/netns/NS/iproute2/rt_protos.d.

mod common;

use common::{IP, Ns, ipr_bin};
use ipr::cli::grammar::ALL;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A directory holding `ipr` (a link to the binary under test) for PATH: the
/// scripts call `ipr` by name, as an installed ipr is called.
struct Bin {
    dir: PathBuf,
}

impl Bin {
    fn new() -> Bin {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "ipr-complete-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let link = dir.join("ipr");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(ipr_bin(), &link).unwrap();
        Bin { dir }
    }

    fn path(&self) -> String {
        format!("{}:{}", self.dir.display(), std::env::var("PATH").unwrap())
    }

    fn script(&self, shell: &str) -> PathBuf {
        let out = Command::new(ipr_bin())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "ipr completions {shell}");
        let path = self.dir.join(format!("completion.{shell}"));
        std::fs::write(&path, out.stdout).unwrap();
        path
    }
}

impl Drop for Bin {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Single-quotes a word for the shell.
fn quoted(word: &str) -> String {
    format!("'{}'", word.replace('\'', "'\\''"))
}

/// COMPREPLY after completing the last word of `words` in bash.
fn bash(bin: &Bin, words: &[&str]) -> Vec<String> {
    let script = bin.script("bash");
    let array: Vec<String> = words.iter().map(|w| quoted(w)).collect();
    let program = format!(
        "source {}\n\
         complete -p ipr >/dev/null || exit 3\n\
         COMP_WORDS=({})\n\
         COMP_CWORD={}\n\
         COMP_LINE=\"${{COMP_WORDS[*]}}\"\n\
         COMP_POINT=${{#COMP_LINE}}\n\
         _ipr ipr \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        array.join(" "),
        words.len() - 1
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .env("PATH", bin.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "bash: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[track_caller]
fn offers(got: &[String], wanted: &[&str]) {
    for w in wanted {
        assert!(got.iter().any(|g| g == w), "no {w} in {got:?}");
    }
}

#[track_caller]
fn never(got: &[String], unwanted: &[&str]) {
    for w in unwanted {
        assert!(!got.iter().any(|g| g == w), "{w} in {got:?}");
    }
}

#[test]
fn bash_completes_objects_verbs_and_keywords() {
    let bin = Bin::new();
    offers(&bash(&bin, &["ipr", ""]), &["route", "rule"]);
    offers(
        &bash(&bin, &["ipr", "route", ""]),
        &["show", "add", "get", "explain", "sync"],
    );
    offers(
        &bash(&bin, &["ipr", "rule", ""]),
        &["list", "add", "delete", "sync"],
    );
    offers(
        &bash(&bin, &["ipr", "route", "add", "10.0.0.0/8", ""]),
        &["via", "dev", "proto", "metric", "table"],
    );
    offers(
        &bash(&bin, &["ipr", "rule", "add", ""]),
        &["from", "fwmark", "lookup"],
    );
    offers(
        &bash(&bin, &["ipr", "route", "show", "type", ""]),
        &["unicast", "blackhole"],
    );
    offers(&bash(&bin, &["ipr", "-family", ""]), &["inet", "inet6"]);
    // bash splits `-c=always` at `=`.
    offers(
        &bash(&bin, &["ipr", "-c", "=", "always", "route", ""]),
        &["show", "sync"],
    );
    // Only what starts with the word typed.
    let got = bash(&bin, &["ipr", "route", "add", "10.0.0.0/8", "me"]);
    assert_eq!(got, ["metric"]);
}

/// The namespace's devices and its own names files, not the root's.
#[test]
fn bash_completes_devices_and_names_of_the_namespace() {
    let ns = Ns::new();
    ns.ip("link add cpl0 type veth peer name cpl1");
    ns.names_file("rt_protos.d/myapp.conf", "200 myapp\n");
    ns.names_file("rt_tables.d/vpn.conf", "100 vpntable\n");
    let bin = Bin::new();
    let n = ns.name.as_str();
    let devices = bash(
        &bin,
        &["ipr", "-n", n, "route", "add", "10.0.0.0/8", "dev", ""],
    );
    offers(&devices, &["cpl0", "cpl1", "lo"]);
    let root_only: Vec<String> = root_devices()
        .into_iter()
        .filter(|d| !devices.contains(d) && d != "lo")
        .collect();
    assert!(!root_only.is_empty() || devices.len() == 3);
    let protos = bash(
        &bin,
        &["ipr", "-n", n, "route", "add", "10.0.0.0/8", "proto", ""],
    );
    offers(&protos, &["myapp", "static", "kernel"]);
    never(
        &bash(&bin, &["ipr", "route", "add", "10.0.0.0/8", "proto", ""]),
        &["myapp"],
    );
    offers(
        &bash(&bin, &["ipr", "-n", n, "rule", "add", "lookup", ""]),
        &["vpntable", "main"],
    );
    offers(
        &bash(&bin, &["ipr", "-n", n, "route", "show", "table", "vpn"]),
        &["vpntable"],
    );
    offers(&bash(&bin, &["ipr", "-n", ""]), &[n]);
    offers(
        &bash(&bin, &["ipr", "-n", n, "rule", "add", "iif", "cpl"]),
        &["cpl0", "cpl1"],
    );
}

fn root_devices() -> Vec<String> {
    let out = Command::new(IP)
        .args(["-o", "link", "show"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split(": ").nth(1))
        .map(|d| d.split('@').next().unwrap_or(d).to_string())
        .collect()
}

/// Every keyword (every spelling) of every grammar table is offered by the
/// bash completion where its verb's arguments are completed.
#[test]
fn bash_offers_every_parser_keyword() {
    let bin = Bin::new();
    let line = |name: &str| -> &'static [&'static str] {
        match name {
            "route list" => &["ipr", "route", "show", ""],
            "route modify" => &["ipr", "route", "add", "10.0.0.0/8", ""],
            "route get" => &["ipr", "route", "get", "192.0.2.1", ""],
            "route encap" => &["ipr", "route", "add", "10.0.0.0/8", "encap", "ip", ""],
            "rule add" => &["ipr", "rule", "add", ""],
            "rule list" => &["ipr", "rule", "list", ""],
            "route sync" => &["ipr", "route", "sync", ""],
            "rule sync" => &["ipr", "rule", "sync", ""],
            other => panic!("no completion line for grammar {other}"),
        }
    };
    for g in ALL {
        let got = bash(&bin, line(g.name));
        for k in g.keywords {
            for s in k.spellings() {
                assert!(got.iter().any(|c| c == s), "{}: {s} not offered", g.name);
            }
        }
    }
}

#[test]
fn bash_completes_sync_files() {
    let bin = Bin::new();
    let file = bin.dir.join("routes.txt");
    std::fs::write(&file, "").unwrap();
    let prefix = format!("{}/rou", bin.dir.display());
    let got = bash(&bin, &["ipr", "route", "sync", "proto", "77", &prefix]);
    assert_eq!(got, [file.display().to_string()]);
}

#[test]
fn fish_completes_through_ipr() {
    let bin = Bin::new();
    let script = bin.script("fish");
    let check = Command::new("fish")
        .args(["-n"])
        .arg(&script)
        .output()
        .expect("fish: install fish (apt-get install fish)");
    assert!(check.status.success(), "{check:?}");
    let complete = |line: &str| -> Vec<String> {
        let program = format!("source {}; complete -C {}", script.display(), quoted(line));
        let out = Command::new("fish")
            .args(["--no-config", "-c", &program])
            .env("PATH", bin.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| l.split('\t').next().unwrap_or("").to_string())
            .collect()
    };
    offers(&complete("ipr route "), &["show", "explain", "sync"]);
    offers(
        &complete("ipr route add 10.0.0.0/8 "),
        &["via", "dev", "proto", "metric"],
    );
    offers(&complete("ipr rule add "), &["from", "fwmark", "lookup"]);
    offers(&complete("ipr route add 10.0.0.0/8 proto st"), &["static"]);
    // Keywords come with what they do.
    let program = format!(
        "source {}; complete -C 'ipr route add 10.0.0.0/8 metr'",
        script.display()
    );
    let out = Command::new("fish")
        .args(["--no-config", "-c", &program])
        .env("PATH", bin.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("metric\t"), "{text:?}");
}

#[test]
fn zsh_completes_through_ipr() {
    let bin = Bin::new();
    let script = bin.script("zsh");
    let check = Command::new("zsh")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("zsh: install zsh (apt-get install zsh)");
    assert!(check.status.success(), "{check:?}");
    let text = std::fs::read_to_string(&script).unwrap();
    assert!(text.starts_with("#compdef ipr\n"));
    assert!(text.contains("ipr __complete --describe $((CURRENT - 1)) \"${words[@]}\""));
    // Loaded into a real zsh with compinit, it registers itself for ipr.
    let program = format!(
        "autoload -Uz compinit && compinit -u -D && source {} && print -r -- $_comps[ipr]",
        script.display()
    );
    let out = Command::new("zsh")
        .args(["-f", "-c", &program])
        .env("PATH", bin.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "_ipr",
        "{out:?}"
    );
    // Called as the completion system calls it (`words`, `CURRENT`), with
    // `compadd` standing in for the builtin to print what it is given.
    let program = format!(
        "autoload -Uz compinit && compinit -u -D && source {}\n\
         compadd() {{ while [[ $1 != -- ]]; do shift; done; shift; print -l -- \"$@\"; }}\n\
         words=(ipr route add 10.0.0.0/8 ''); CURRENT=5; _ipr",
        script.display()
    );
    let out = Command::new("zsh")
        .args(["-f", "-c", &program])
        .env("PATH", bin.path())
        .output()
        .unwrap();
    let got: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    offers(&got, &["via", "dev", "proto", "metric", "table"]);
}
