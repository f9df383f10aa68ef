//! tree-sitter's own allocations on mimalloc.
//!
//! A parse allocates and frees a node for every token and reduction, and dropping a tree
//! frees them all again: with glibc's allocator that was about a tenth of indexing a
//! project. Those allocations live no longer than a parse and its lowering, so a fast
//! thread-caching allocator costs no resident memory once they are freed, while the
//! model, which lives on, stays on the system allocator.
//!
//! mimalloc is built without transparent huge pages (`no_thp` in Cargo.toml): it asked for
//! them on its arenas, and each thread's first allocation then zeroed a 2 MB page for the
//! few megabytes of trees a parse holds (docs/benchmarks.md, "One big file on both cores").
//!
//! Nor does mimalloc tidy up at exit: built into a program (not a shared library), it
//! walks its heaps and returns their pages with a `madvise` per 64 KB when the process
//! ends, 0.1–0.15 ms of every `claimdown check` spent giving memory back to a process
//! the kernel is about to take it all from.

use std::ffi::{c_int, c_long, c_void};

// mimalloc's option setter (libmimalloc-sys declares it only with its `extended` feature,
// which pulls in another crate for two C types).
#[allow(unsafe_code)]
unsafe extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
}

/// `mi_option_destroy_on_exit` in the options of mimalloc.h (v3, which libmimalloc-sys
/// builds). Above 1, mimalloc's exit handler returns at once (`_mi_auto_process_done`).
const DESTROY_ON_EXIT: c_int = 22;
const SKIP_EXIT: c_long = 2;

/// Call first thing in `main`, before any tree-sitter object exists: tree-sitter frees
/// with the allocator it allocated with only if that never changes under a live object.
/// `CLAIMDOWN_PARSE_ALLOCATOR=system` leaves tree-sitter on the system allocator: to
/// measure the difference, or to rule the allocator out when a bug is hunted.
pub fn install() {
    if std::env::var_os("CLAIMDOWN_PARSE_ALLOCATOR").is_some_and(|value| value == "system") {
        return;
    }
    #[allow(unsafe_code)] // tree-sitter's allocator hook, and mimalloc's C functions.
    // SAFETY: called once, before any other tree-sitter call and before any thread starts;
    // the four functions are mimalloc's, one family, with malloc's alignment; an option
    // set before exit has no other precondition.
    unsafe {
        tree_sitter::set_allocator(Some(tree_sitter::Allocator {
            malloc: ts_malloc,
            calloc: ts_calloc,
            realloc: ts_realloc,
            free: ts_free,
        }));
        mi_option_set(DESTROY_ON_EXIT, SKIP_EXIT);
    }
}

/// tree-sitter may not be handed null: out of memory ends the process, as its own default does.
fn non_null(ptr: *mut c_void) -> *mut c_void {
    if ptr.is_null() {
        std::process::abort();
    }
    ptr
}

#[allow(unsafe_code)]
unsafe extern "C" fn ts_malloc(size: usize) -> *mut c_void {
    // SAFETY: mimalloc's malloc accepts any size.
    non_null(unsafe { libmimalloc_sys::mi_malloc(size) })
}

#[allow(unsafe_code)]
unsafe extern "C" fn ts_calloc(count: usize, size: usize) -> *mut c_void {
    let Some(bytes) = count.checked_mul(size) else {
        std::process::abort();
    };
    // SAFETY: as `mi_malloc`; the memory comes zeroed.
    non_null(unsafe { libmimalloc_sys::mi_zalloc(bytes) })
}

#[allow(unsafe_code)]
unsafe extern "C" fn ts_realloc(ptr: *mut c_void, size: usize) -> *mut c_void {
    // SAFETY: tree-sitter only reallocates what this family allocated (or null).
    non_null(unsafe { libmimalloc_sys::mi_realloc(ptr, size) })
}

#[allow(unsafe_code)]
unsafe extern "C" fn ts_free(ptr: *mut c_void) {
    // SAFETY: tree-sitter only frees what this family allocated (or null).
    unsafe { libmimalloc_sys::mi_free(ptr) }
}
