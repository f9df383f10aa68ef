/// Whether `id` is a valid actor, source or claim id: a letter or digit followed by
/// letters, digits, `-`, `_` or `.`, not ending in `.`. Letters and digits are Unicode's.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_alphanumeric()
        && chars.all(|ch| ch.is_alphanumeric() || matches!(ch, '-' | '_' | '.'))
        && !id.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::is_valid_id;

    #[test]
    fn ids() {
        for ok in ["a", "c-joint", "fna_remarks", "v1.2", "9", "émile", "中文"] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in ["", "-a", "_a", ".a", "a.", "ja$zayeri", "a b", "@a", "a#"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }
}
