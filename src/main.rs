//! The `publish` binary: all the work is in the library; this only maps its outcome to an exit status,
//! and sets the allocator.

/// mimalloc: a build allocates and frees millions of small pieces; it does that in less time than the
/// system's allocator (`benches/book.py`: 7% less for the 60-chapter book).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay`: its place in `mi_option_e` (mimalloc.h of the v3 sources that the pinned
/// libmimalloc-sys bundles; the binding has no constant for it). A test checks its default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Milliseconds before freed memory goes back to the system. mimalloc's default, a second, kept a
/// build's freed pages for its whole length: peak memory grew with the book faster than its pages
/// (280 KB a page at 15 chapters, 160 at 60). At 3 ms it is flat (about 130 KB a page) and lower
/// than with the system's allocator.
const PURGE_AFTER_MS: std::ffi::c_long = 3;

fn main() {
    // SAFETY: sets a plain numeric option of the allocator; no memory is touched.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_AFTER_MS) };
    let code = publish::cli::main();
    exit(code)
}

/// Ends the process with `code` once what it printed is flushed. On Unix without the C library's exit
/// handlers: the allocator's would walk every page of the heap to free it (a few milliseconds after a
/// long book) just before the system takes all of it back. The editions are already written (each
/// renamed into place), and no other handler of this program has work to do.
fn exit(code: i32) -> ! {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    #[cfg(unix)]
    // SAFETY: `_exit` ends the process at once; nothing runs after it.
    unsafe {
        libc::_exit(code)
    }
    #[cfg(not(unix))]
    std::process::exit(code)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // The v3 sources give the purge delay a default of 1000 ms (src/options.c); no option near it
        // in the enumeration has that default.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(default, 1000);
    }
}
