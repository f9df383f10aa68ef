//! Paths as URIs, from their exact bytes: a file name that is not UTF-8 (`caf\xE9.cdown`)
//! must not become `caf%EF%BF%BD.cdown`, which names a file that does not exist.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::path::Path;

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

/// Percent-encodes every byte for which `keep` is false.
pub fn percent_encode(bytes: &[u8], keep: impl Fn(u8) -> bool) -> String {
    let mut res = String::with_capacity(bytes.len());
    for &byte in bytes {
        if keep(byte) {
            res.push(char::from(byte));
        } else {
            res.push_str(&format!("%{byte:02X}"));
        }
    }
    res
}

/// RFC 3986's unreserved characters.
pub fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// A path as a relative (or absolute-path) URI reference from its exact bytes: forward
/// slashes, and everything but unreserved characters percent-encoded.
pub fn uri_reference(path: &Path) -> String {
    let bytes = os_bytes(path.as_os_str());
    let slashed: Vec<u8> = bytes
        .iter()
        .map(|&byte| if byte == b'\\' { b'/' } else { byte })
        .collect();
    percent_encode(&slashed, |byte| is_unreserved(byte) || byte == b'/')
}

/// Whether a path's text can be given exactly (it is UTF-8).
pub fn is_exact(path: &Path) -> bool {
    path.to_str().is_some()
}

/// A path that is not UTF-8 is given lossily in JSON's `file`; `uri` then holds its exact
/// bytes, percent-encoded, as a URI reference.
pub fn add_exact_uri(value: &mut serde_json::Value, path: &Path) {
    if let (serde_json::Value::Object(map), false) = (value, is_exact(path)) {
        map.insert("uri".to_owned(), uri_reference(path).into());
    }
}
