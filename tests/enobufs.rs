//! A receive queue too small for the kernel's error replies. By default the
//! batch sender caps each send at what the queue can hold, so nothing is lost;
//! with the cap lifted the queue overflows, and the sender must notice (ENOBUFS),
//! say so, and still finish (re-sending its barrier) instead of hanging or
//! pretending every request succeeded — and work normally afterwards.

mod common;

use ipr::netlink::batch::Batch;
use ipr::netlink::consts::*;
use std::process::Command;

const DELETIONS: u32 = 20_000;

/// Queues `count` deletions of /32 routes that do not exist: every one fails.
fn push_failing_deletions(batch: &mut Batch, count: u32) -> Vec<u32> {
    (0..count)
        .map(|i| {
            // rtmsg: AF_INET, /32, table main; then RTA_DST 192.168.x.y.
            let mut payload = vec![2u8, 32, 0, 0, 254, 0, 0, 0, 0, 0, 0, 0];
            payload.extend_from_slice(&8u16.to_ne_bytes());
            payload.extend_from_slice(&1u16.to_ne_bytes());
            payload.extend_from_slice(&[192, 168, (i / 256) as u8, (i % 256) as u8]);
            batch.push(RTM_DELROUTE, 0, &payload).expect("push")
        })
        .collect()
}

/// Runs inside the test namespace (started by the tests below).
#[test]
#[ignore = "run inside a namespace by the tests below"]
fn enobufs_child() {
    let Ok(mode) = std::env::var("IPR_ENOBUFS_CHILD") else {
        return;
    };
    // 32 KiB sends (~900 messages) into a receive queue of a few KiB.
    let mut batch = Batch::open_with_buffer(32 * 1024, 4096).expect("socket");
    if mode == "overflow" {
        batch.set_messages_per_send(usize::MAX);
    }
    let seqs = push_failing_deletions(&mut batch, DELETIONS);
    let failures = batch.finish().expect("finish");
    assert!(failures.iter().all(|f| f.errno == libc::ESRCH));
    assert!(failures.iter().all(|f| seqs.contains(&f.seq)));
    if mode == "overflow" {
        assert!(batch.lost_replies, "the overflow went unnoticed");
        assert!(failures.len() < DELETIONS as usize, "nothing was lost");
    } else {
        assert!(!batch.lost_replies, "replies lost despite the cap");
        assert_eq!(failures.len(), DELETIONS as usize);
    }
    // The same socket afterwards, sends small enough for the queue (a reply
    // takes about 1 KiB of it): every failure is reported again.
    batch.set_messages_per_send(4);
    let seqs = push_failing_deletions(&mut batch, 100);
    let again = batch.finish().expect("finish after overflow");
    let mut got: Vec<u32> = again.iter().map(|f| f.seq).collect();
    got.sort_unstable();
    assert_eq!(got, seqs);
    println!("IPR-ENOBUFS-OK {} {}", failures.len(), batch.lost_replies);
}

fn run_child(mode: &str) -> String {
    let ns = common::minimal();
    let out = Command::new("timeout")
        .arg("120")
        .arg(common::IP)
        .args(["netns", "exec", &ns.name])
        .arg(std::env::current_exe().unwrap())
        .args(["--exact", "enobufs_child", "--ignored", "--nocapture"])
        .env("IPR_ENOBUFS_CHILD", mode)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success() && stdout.contains("IPR-ENOBUFS-OK"),
        "status {:?}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn overflow_is_detected_and_survived() {
    let out = run_child("overflow");
    assert!(out.contains(" true"), "{out}");
}

#[test]
fn send_cap_keeps_every_reply() {
    let out = run_child("capped");
    assert!(
        out.contains(&format!("IPR-ENOBUFS-OK {DELETIONS} false")),
        "{out}"
    );
}
