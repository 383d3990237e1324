//! The manual pages: `ipr manpage [route|rule]` renders with `man -l` without a
//! warning, has every section a manual page of a system command needs, and
//! names every keyword (every spelling) the parsers accept.

mod common;

use common::ipr_bin;
use ipr::cli::grammar::{ALL, Grammar};
use std::io::Write;
use std::process::{Command, Stdio};

fn roff(page: &[&str]) -> String {
    let out = Command::new(ipr_bin())
        .arg("manpage")
        .args(page)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "ipr manpage {page:?}");
    assert!(out.stderr.is_empty());
    String::from_utf8(out.stdout).unwrap()
}

/// The page as `man -l` renders it (plain text, wide enough that no keyword
/// line wraps); troff's warnings fail the test.
fn rendered(page: &[&str]) -> String {
    let mut child = Command::new("man")
        .args(["-l", "-"])
        .env("MANWIDTH", "120")
        .env("MAN_KEEP_FORMATTING", "")
        .env_remove("MANPAGER")
        .env("PAGER", "cat")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("man: install man-db and groff-base");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(roff(page).as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "man -l {page:?}: {stderr}");
    assert!(stderr.is_empty(), "man -l {page:?} warns: {stderr}");
    // Plain text whatever man's defaults: drop overstriking.
    let text = String::from_utf8(out.stdout).unwrap();
    let mut plain = String::new();
    for c in text.chars() {
        if c == '\u{8}' {
            plain.pop();
        } else {
            plain.push(c);
        }
    }
    plain
}

const PAGES: &[(&[&str], &str)] = &[
    (&[], "ipr"),
    (&["route"], "ipr-route"),
    (&["rule"], "ipr-rule"),
];

/// The section headings of a rendered page (lines starting in column 0).
fn headings(text: &str) -> Vec<&str> {
    text.lines()
        .skip(1)
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .collect()
}

#[test]
fn pages_render_with_their_sections() {
    for (args, name) in PAGES {
        let text = rendered(args);
        let first = text.lines().next().unwrap_or("");
        assert!(first.starts_with(&format!("{name}(8)")), "{first}");
        let heads = headings(&text);
        let mut needed = vec![
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "FILES",
            "EXIT STATUS",
            "EXAMPLES",
            "SEE ALSO",
        ];
        if *name != "ipr" {
            needed.extend(["COMMANDS", "GRAMMAR", "KEYWORDS", "PROTOCOL TAGS", "SYNC"]);
        } else {
            needed.extend(["OPTIONS", "OBJECTS", "COMPLETION", "ENVIRONMENT"]);
        }
        if *name == "ipr-route" {
            needed.push("EXPLAIN");
        }
        for section in needed {
            assert!(
                heads.contains(&section),
                "{name}: no {section} in {heads:?}"
            );
        }
        let see_also = text.split("SEE ALSO").nth(1).unwrap();
        for page in ["ip(8)", "ip-route(8)", "ip-rule(8)"] {
            assert!(see_also.contains(page), "{name}: SEE ALSO lacks {page}");
        }
    }
}

/// The words of a text, split where a keyword cannot continue.
fn words(text: &str) -> std::collections::BTreeSet<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "_-.".contains(c)))
        .map(|w| w.trim_end_matches('.'))
        .collect()
}

fn page_of(g: &Grammar) -> &'static [&'static str] {
    if g.name.starts_with("rule") {
        &["rule"]
    } else {
        &["route"]
    }
}

#[test]
fn every_parser_keyword_is_in_its_page() {
    let route = rendered(&["route"]);
    let rule = rendered(&["rule"]);
    for g in ALL {
        let text = if page_of(g) == ["rule"] {
            &rule
        } else {
            &route
        };
        let found = words(text);
        for k in g.keywords {
            for spelling in k.spellings() {
                assert!(
                    found.contains(spelling),
                    "{}: {spelling} is not in its page",
                    g.name
                );
            }
            // Each keyword has its own entry: `word VALUE` at the start of a line.
            let head = format!("{} {}", k.word, k.value);
            let head = head.trim_end();
            // A short head shares its line with the body, which starts with a capital.
            let entry = |l: &str| {
                let l = l.trim_start();
                l == head
                    || l.strip_prefix(head).is_some_and(|rest| {
                        let body = rest.trim_start();
                        rest.starts_with(' ') && body.starts_with(|c: char| c.is_uppercase())
                    })
            };
            assert!(text.lines().any(entry), "{}: no entry for {head}", g.name);
        }
    }
}

#[test]
fn pages_name_every_names_file_and_exit_status() {
    for (args, name) in PAGES {
        let text = rendered(args);
        let files = text.split("\nFILES").nth(1).unwrap();
        for file in [
            "rt_protos",
            "rt_protos.d",
            "rt_tables",
            "rt_tables.d",
            "rt_scopes",
            "rt_realms",
            "rt_dsfield",
            "/etc/iproute2/group",
            "/etc/netns/NS/iproute2",
            "/usr/share/iproute2",
        ] {
            assert!(files.contains(file), "{name}: FILES lacks {file}");
        }
        let status = text.split("EXIT STATUS").nth(1).unwrap();
        for code in ["0", "1", "2", "255"] {
            let listed = status
                .lines()
                .any(|l| l.split_whitespace().next() == Some(code));
            assert!(listed, "{name}: EXIT STATUS lacks {code}");
        }
    }
}

#[test]
fn pages_teach_the_workflows() {
    let route = rendered(&["route"]);
    for must in [
        "200 myapp",
        "rt_protos.d",
        "route show proto myapp",
        "route flush proto myapp",
        "route explain",
        "All or nothing",
        "/run/ipr/",
        "Reserved protocols",
    ] {
        assert!(route.contains(must), "ipr-route(8) lacks {must}");
    }
    let rule = rendered(&["rule"]);
    for must in [
        "rule sync proto PROTO",
        "rule flush protocol myapp",
        "force",
    ] {
        assert!(rule.contains(must), "ipr-rule(8) lacks {must}");
    }
}

#[test]
fn ipr_page_names_every_global_option() {
    let text = rendered(&[]);
    let options = text.split("\nOPTIONS").nth(1).unwrap();
    let found = words(options);
    for option in ipr::cli::global::option_names() {
        assert!(found.contains(option), "ipr(8) lacks {option}");
    }
}

#[test]
fn unknown_page_is_refused() {
    let out = Command::new(ipr_bin())
        .args(["manpage", "addr"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(255));
    assert!(out.stdout.is_empty());
}
