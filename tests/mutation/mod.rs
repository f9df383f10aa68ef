//! One edit of a text at a place given as a fraction of its length, for the property tests
//! that mutate generated articles (each test binary picks its own mix of edits).

#![allow(dead_code)] // Each test binary uses a different part of it.

#[derive(Clone, Debug)]
pub enum Mutation {
    Insert {
        at: f64,
        text: String,
    },
    Delete {
        at: f64,
        len: usize,
    },
    /// Cut the text at `at`: what an editor sends while a file is being written out.
    Truncate {
        at: f64,
    },
}

/// The char boundary nearest below `at` × the length.
pub fn boundary(text: &str, at: f64) -> usize {
    let mut idx = (((text.len() as f64) * at) as usize).min(text.len());
    while !text.is_char_boundary(idx) {
        idx -= 1;
    }
    idx
}

pub fn apply(text: &mut String, mutation: &Mutation) {
    match mutation {
        Mutation::Insert { at, text: inserted } => {
            let idx = boundary(text, *at);
            text.insert_str(idx, inserted);
        }
        Mutation::Delete { at, len } => {
            let start = boundary(text, *at);
            let mut end = (start + len).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(start..end, "");
        }
        Mutation::Truncate { at } => {
            let idx = boundary(text, *at);
            text.truncate(idx);
        }
    }
}
