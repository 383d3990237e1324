//! `cargo xtask assets`: builds ipr (release) and generates what the Debian package
//! installs besides the binary: man pages in section 8 and shell completions, all
//! written by ipr itself (`ipr manpage [route|rule]`, `ipr completions SHELL`), so
//! they always match the binary they ship with. They land in `target/assets/` and
//! are never committed.
//!
//! `cargo xtask deb`: the same, then `cargo deb --no-build` (`[package.metadata.deb]`
//! in Cargo.toml), then a check of the package's file list.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Every page: (file name, what `ipr manpage` is asked for).
const MAN_PAGES: &[(&str, &[&str])] = &[
    ("ipr.8", &[]),
    ("ipr-route.8", &["route"]),
    ("ipr-rule.8", &["rule"]),
];

/// Every completion: (shell, file name under target/assets/completions).
const COMPLETIONS: &[(&str, &str)] = &[("bash", "ipr"), ("zsh", "_ipr"), ("fish", "ipr.fish")];

/// What the package must hold (paths as `dpkg-deb -c` lists them, man pages
/// compressed by cargo-deb per Debian policy).
const PACKAGE_FILES: &[&str] = &[
    "./usr/sbin/ipr",
    "./usr/share/man/man8/ipr.8.gz",
    "./usr/share/man/man8/ipr-route.8.gz",
    "./usr/share/man/man8/ipr-rule.8.gz",
    "./usr/share/bash-completion/completions/ipr",
    "./usr/share/zsh/vendor-completions/_ipr",
    "./usr/share/fish/vendor_completions.d/ipr.fish",
    "./usr/share/doc/ipr/rt_tables.example",
    "./usr/share/doc/ipr/copyright",
];

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let result = match task.as_str() {
        "assets" => assets().map(|_| ()),
        "deb" => assets().and_then(|_| deb()),
        _ => Err("usage: cargo xtask assets|deb".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the project root")
        .to_path_buf()
}

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

fn run(cmd: &mut Command) -> Result<Vec<u8>, String> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{cmd:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(out.stdout)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::create_dir_all(path.parent().unwrap())
        .and_then(|()| std::fs::write(path, bytes))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Builds the release binary and writes the man pages and completions.
fn assets() -> Result<PathBuf, String> {
    let status = cargo()
        .args(["build", "--release", "--locked", "--bin", "ipr"])
        .status()
        .map_err(|e| format!("cargo build: {e}"))?;
    if !status.success() {
        return Err("cargo build --release failed".into());
    }
    let root = root();
    let ipr = root.join("target/release/ipr");
    let out = root.join("target/assets");
    for (file, args) in MAN_PAGES {
        let page = run(Command::new(&ipr).arg("manpage").args(*args))?;
        let name = file.trim_end_matches(".8");
        write(&out.join("man").join(file), &in_section_8(&page, name))?;
    }
    for (shell, file) in COMPLETIONS {
        let script = run(Command::new(&ipr).args(["completions", shell]))?;
        write(&out.join("completions").join(file), &script)?;
    }
    println!("assets in {}", out.display());
    Ok(out)
}

/// The page's `.TH` line naming it `name` in section 8 (system administration),
/// whatever title and section the generator gave it.
fn in_section_8(page: &[u8], name: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        match line.strip_prefix(".TH ") {
            Some(rest) => {
                // .TH TITLE SECTION [rest]: keep what follows the section.
                let mut words = rest.splitn(3, ' ');
                let (_title, _section) = (words.next(), words.next());
                let tail = words.next().unwrap_or("");
                out.push_str(&format!(".TH {name} 8 {tail}"));
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out.into_bytes()
}

/// Packages the built binary and assets, then checks the package's file list.
fn deb() -> Result<(), String> {
    let stdout = run(cargo().args(["deb", "--no-build", "--locked"]))?;
    let text = String::from_utf8_lossy(&stdout);
    let package = text
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.ends_with(".deb"))
        .ok_or_else(|| format!("cargo deb named no package: {text}"))?
        .to_string();
    let listing = run(Command::new("dpkg-deb").args(["-c", &package]))?;
    let listing = String::from_utf8_lossy(&listing);
    let files: Vec<&str> = listing
        .lines()
        .filter_map(|l| l.split_whitespace().nth(5))
        .collect();
    let missing: Vec<&&str> = PACKAGE_FILES
        .iter()
        .filter(|f| !files.contains(f))
        .collect();
    if !missing.is_empty() {
        return Err(format!("{package} lacks {missing:?}; it holds:\n{listing}"));
    }
    println!("{package}: file list checked");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_retitled_into_section_8() {
        let page = b".ie x\n.TH ipr 1  \"ipr \" \n.SH NAME\n";
        let out = String::from_utf8(in_section_8(page, "ipr-route")).unwrap();
        assert_eq!(out, ".ie x\n.TH ipr-route 8  \"ipr \" \n.SH NAME\n");
    }
}
