//! The scripts in examples/ run end to end with ipr (each builds and removes its
//! own namespace and checks its own outcome), and with the real ip for reference.

use std::process::Command;

fn run_example(script: &str, tool: &str) {
    let path = format!("{}/examples/{script}", env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("bash").arg(&path).arg(tool).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{script} with {tool} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("ok:"),
        "{script} with {tool} did not finish:\n{stdout}"
    );
}

#[test]
fn sandbox_proto() {
    run_example("sandbox-proto.sh", env!("CARGO_BIN_EXE_ipr"));
    run_example("sandbox-proto.sh", "/usr/sbin/ip");
}

#[test]
fn two_isp_source_routing() {
    run_example("two-isp.sh", env!("CARGO_BIN_EXE_ipr"));
    run_example("two-isp.sh", "/usr/sbin/ip");
}

#[test]
fn vpn_split() {
    run_example("vpn-split.sh", env!("CARGO_BIN_EXE_ipr"));
    run_example("vpn-split.sh", "/usr/sbin/ip");
}
