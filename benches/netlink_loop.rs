//! The speed limit for batch route additions: a bare synchronous loop that sends
//! pre-encoded RTM_NEWROUTE messages, about 1,000 per `sendmsg`, no ACK asked,
//! with one acknowledged barrier at the end. No parsing, no batch-file reading.
//! `benches/batch.sh` compares `ip -batch` and `ipr -batch` with it.
//!
//! Usage (inside the namespace): netlink_loop COUNT

use ipr::netlink::batch::Batch;
use ipr::netlink::consts::*;
use ipr::netlink::header::RtHeader;

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    // Encode first: the loop measures the kernel and the socket only.
    let messages: Vec<Vec<u8>> = (0..count)
        .map(|i| {
            // AF_INET, /32, main table, proto 77, universe, unicast.
            let header = RtHeader {
                family: 2,
                dst_len: 32,
                table: 254,
                protocol: 77,
                kind: 1,
                ..RtHeader::default()
            };
            let mut p = header.payload();
            let dst = [
                172,
                16 + (i / 65536) as u8,
                (i / 256 % 256) as u8,
                (i % 256) as u8,
            ];
            p.attr(1, &dst); // RTA_DST
            p.attr(5, &[10, 0, 0, 2]); // RTA_GATEWAY
            p.bytes
        })
        .collect();
    let started = std::time::Instant::now();
    let mut batch = Batch::open(64 * 1024).expect("netlink socket");
    for m in &messages {
        batch
            .push(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, m)
            .expect("send");
    }
    let failures = batch.finish().expect("barrier");
    println!(
        "{count} routes in {:.2} s, {} failures",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
}
