//! Paths as URIs, from their exact bytes: a file name that is not UTF-8 (`caf\xE9.cdown`)
//! must not become `caf%EF%BF%BD.cdown`, which names a file that does not exist.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::path::Path;

use percent_encoding::{percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// The bytes of a path component: exact on Unix, where names are bytes; elsewhere the
/// UTF-8 of its lossy form.
pub fn os_bytes(text: &OsStr) -> Cow<'_, [u8]> {
    #[cfg(unix)]
    {
        Cow::Borrowed(std::os::unix::ffi::OsStrExt::as_bytes(text))
    }
    #[cfg(not(unix))]
    {
        match text.to_string_lossy() {
            Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
            Cow::Owned(text) => Cow::Owned(text.into_bytes()),
        }
    }
}

/// Everything but RFC 3986's unreserved characters is encoded.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A URI reference's path keeps its slashes.
const NOT_PATH: &AsciiSet = &NOT_UNRESERVED.remove(b'/');

/// One path segment (or a fragment's value) keeps the sub-delimiters, `:` and `@` too.
const NOT_SEGMENT: &AsciiSet = &NOT_UNRESERVED
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// Percent-encodes the bytes of one path segment.
pub fn encode_segment(bytes: &[u8]) -> String {
    percent_encode(bytes, NOT_SEGMENT).to_string()
}

/// A path as a relative (or absolute-path) URI reference from its exact bytes: forward
/// slashes, and everything but unreserved characters percent-encoded.
pub fn uri_reference(path: &Path) -> String {
    let bytes = os_bytes(path.as_os_str());
    let slashed: Vec<u8> = bytes
        .iter()
        .map(|&byte| if byte == b'\\' { b'/' } else { byte })
        .collect();
    percent_encode(&slashed, NOT_PATH).to_string()
}

/// Whether a path's text can be given exactly (it is UTF-8).
pub fn is_exact(path: &Path) -> bool {
    path.to_str().is_some()
}

/// A path that is not UTF-8 is given lossily in JSON's `file`; its `uri` then holds the
/// exact bytes, percent-encoded, as a URI reference. `None` for a UTF-8 path.
pub fn exact_uri(path: &Path) -> Option<String> {
    (!is_exact(path)).then(|| uri_reference(path))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn segments_keep_sub_delimiters_and_encode_the_rest() {
        assert_eq!(
            super::encode_segment("a:b@c!$&'()*+,;=-._~".as_bytes()),
            "a:b@c!$&'()*+,;=-._~"
        );
        assert_eq!(super::encode_segment(b"a/b c#d?e%"), "a%2Fb%20c%23d%3Fe%25");
        assert_eq!(
            super::encode_segment("é😀".as_bytes()),
            "%C3%A9%F0%9F%98%80"
        );
        assert_eq!(super::encode_segment(b"caf\xe9"), "caf%E9");
    }

    #[test]
    fn references_keep_slashes_and_turn_backslashes() {
        assert_eq!(
            super::uri_reference(Path::new("dir\\a b:c/d.cdown")),
            "dir/a%20b%3Ac/d.cdown"
        );
    }
}
