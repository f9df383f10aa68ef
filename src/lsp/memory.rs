//! Keeping the server's resident memory close to what it holds.
//!
//! glibc gives each thread that allocates its own arena and keeps freed memory mapped: the
//! background indexer's threads parse thousands of files and drop their trees, which left
//! ~20 MB resident that nothing used. Two arenas and one trim after indexing give it back.
//! Other platforms' allocators need neither.

/// Call once at start-up, before any thread is spawned.
pub(crate) fn limit_arenas() {
    // SAFETY: `mallopt` only tunes the allocator; it is called once, before the runtime
    // starts its threads.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)] // The crate's one FFI: glibc's allocator tuning.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Call after a burst of temporary allocations, such as indexing the workspace.
pub(crate) fn trim() {
    // SAFETY: `malloc_trim` returns free memory to the system; it is thread-safe.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)] // The crate's one FFI: glibc's allocator tuning.
    unsafe {
        libc::malloc_trim(0);
    }
}
