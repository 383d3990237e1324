fn main() {
    // Like iproute2 (a C program), die quietly on a closed pipe (`ipr route | head`).
    // SAFETY: resetting a signal disposition before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // Words are bytes: decoded losslessly, encoded again wherever they go out.
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| ipr::lossless::decode_os(&a))
        .collect();
    // Objects ipr does not implement become iproute2's own `ip`.
    ipr::cmd::real_ip::hand_over_if_foreign(&args);
    std::process::exit(ipr::run(args));
}
