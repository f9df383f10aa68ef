//! Any text through the formatter: it never refuses (a refusal is a bug of its own: what it
//! would write means something else), its edits applied to the text give its text, and
//! formatting its text again changes nothing; at the default line width and a narrow one.
#![no_main]

use claimdown::format::{format, FormatOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for line_width in [100, 24] {
        let options = FormatOptions { line_width };
        let once = format(text, &options);
        assert!(!once.refused, "the formatter refused {text:?}");
        let mut applied = text.to_owned();
        for (range, new) in once.edits.iter().rev() {
            applied.replace_range(range.as_usize(), new);
        }
        assert_eq!(applied, once.text, "its edits do not give its text: {text:?}");
        let twice = format(&once.text, &options);
        assert_eq!(twice.text, once.text, "not idempotent: {text:?}");
    }
});
