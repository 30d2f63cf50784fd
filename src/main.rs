//! The `publish` binary: all the work is in the library; this only maps its outcome to an exit status.

fn main() {
    std::process::exit(publish::cli::main());
}
