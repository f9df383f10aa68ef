//! Keeping the server's resident memory close to what it holds.
//!
//! glibc gives each thread that allocates its own arena and keeps freed memory mapped: the
//! background indexer's threads parse thousands of files and drop their trees, which left
//! ~20 MB resident that nothing used. Two arenas and one trim after indexing give it back.
//! Other platforms' allocators need neither.

#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod glibc {
    extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
        fn malloc_trim(pad: usize) -> i32;
    }

    /// `M_ARENA_MAX` in glibc's `malloc.h`.
    const M_ARENA_MAX: i32 = -8;

    pub fn limit_arenas() {
        // SAFETY: `mallopt` only tunes the allocator; it is called once, before the runtime
        // starts its threads.
        unsafe {
            mallopt(M_ARENA_MAX, 2);
        }
    }

    pub fn trim() {
        // SAFETY: `malloc_trim` returns free memory to the system; it is thread-safe.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// Call once at start-up, before any thread is spawned.
pub(crate) fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    glibc::limit_arenas();
}

/// Call after a burst of temporary allocations, such as indexing the workspace.
pub(crate) fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    glibc::trim();
}
