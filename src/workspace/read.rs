//! Reading a source file from disk: the one way the command line and the server do it.
//!
//! Only regular files are read, and never more than the size limit: a FIFO named
//! `x.cdown` would block forever and `/dev/zero` would fill memory.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The default of `max-file-size`: far above any article, far below the machine's memory.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * MIB;

/// The largest `max-file-size`: byte offsets are `u32`, so larger files cannot be analysed.
pub const MAX_FILE_SIZE_CEILING: u64 = u32::MAX as u64;

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;
const GIB: u64 = 1024 * MIB;

/// Why a source file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// The path exists but is a folder, a FIFO, a socket or a device.
    NotAFile(&'static str),
    /// The file is larger than the limit; `size` is at least this many bytes.
    TooLarge {
        size: u64,
        limit: u64,
    },
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotAFile(what) => write!(f, "is {what}, not a regular file; skipped"),
            ReadError::TooLarge { size, limit } => write!(
                f,
                "is {} ({size} bytes), over the {} limit (`max-file-size` in claimdown.toml); skipped",
                format_size(*size),
                format_size(*limit)
            ),
            ReadError::Io(err) => match err.kind() {
                std::io::ErrorKind::NotFound => f.write_str("no such file or folder"),
                std::io::ErrorKind::PermissionDenied => f.write_str("permission denied"),
                _ => write!(f, "{err}"),
            },
        }
    }
}

impl std::error::Error for ReadError {}

impl From<std::io::Error> for ReadError {
    fn from(err: std::io::Error) -> ReadError {
        ReadError::Io(err)
    }
}

/// Reads the regular file at `path` (symbolic links followed) if it holds at most
/// `max_bytes` bytes.
pub fn read_source(path: &Path, max_bytes: u64) -> Result<Vec<u8>, ReadError> {
    // Opening a FIFO blocks until a writer comes: look at what the path is first.
    let meta = std::fs::metadata(path)?;
    check_kind(&meta.file_type())?;
    let file = File::open(path)?;
    // The path may have been replaced since: what was opened is checked again.
    let meta = file.metadata()?;
    check_kind(&meta.file_type())?;
    if meta.len() > max_bytes {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit: max_bytes,
        });
    }
    // One byte more than the limit tells a file that grew past it; `take` bounds the read
    // whatever the file does meanwhile. The capacity avoids regrowing the buffer.
    let capacity = usize::try_from(meta.len().saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    let size = bytes.len() as u64;
    if size > max_bytes {
        return Err(ReadError::TooLarge {
            size,
            limit: max_bytes,
        });
    }
    Ok(bytes)
}

/// Reads a source file and analyses it, dropping the tree; `display` is the path it is
/// known by (as given on the command line, or absolute for the server).
pub fn load_file(
    display: std::path::PathBuf,
    path: &Path,
    max_bytes: u64,
) -> Result<super::SourceFile, ReadError> {
    read_source(path, max_bytes).map(|bytes| {
        let mut file = super::analyze_bytes(display, bytes);
        file.shrink_to_fit();
        file
    })
}

/// Reads a closed file into its compact form (see [`super::ClosedFile`]), given up
/// (`Ok(None)`) as soon as `stop` says so. Its model is not shrunk first: most of it is
/// dropped.
pub fn load_closed_file_unless(
    path: &Path,
    max_bytes: u64,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Option<super::ClosedFile>, ReadError> {
    if stop() {
        return Ok(None);
    }
    read_source(path, max_bytes).map(|bytes| {
        let file = super::analyze_bytes_unless(path.to_path_buf(), bytes, stop)?;
        Some(super::ClosedFile::new(file))
    })
}

fn check_kind(kind: &std::fs::FileType) -> Result<(), ReadError> {
    if kind.is_file() {
        return Ok(());
    }
    if kind.is_dir() {
        return Err(ReadError::NotAFile("a folder"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Err(ReadError::NotAFile("a named pipe (FIFO)"));
        }
        if kind.is_socket() {
            return Err(ReadError::NotAFile("a socket"));
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Err(ReadError::NotAFile("a device"));
        }
    }
    Err(ReadError::NotAFile("not a regular file"))
}

/// Parses a size: a number of bytes, or a string with a unit, `"10MB"`, `"64 MiB"`, `"512k"`.
/// `K`, `M`, `G` (with or without `B`, `iB`) are powers of 1,024, as file sizes are usually
/// read, so that `64MB` is the default's `64 MiB`.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let digits_end = text
        .find(|ch: char| !ch.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits_end);
    let number: u64 = number.parse().ok()?;
    let unit = unit.trim().to_ascii_lowercase();
    let scale = match unit.as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => KIB,
        "m" | "mb" | "mib" => MIB,
        "g" | "gb" | "gib" => GIB,
        _ => return None,
    };
    number.checked_mul(scale)
}

/// A size for people: `64 MiB`, `1.5 KiB`, `300 bytes`.
pub fn format_size(bytes: u64) -> String {
    for (unit, scale) in [("GiB", GIB), ("MiB", MIB), ("KiB", KIB)] {
        if bytes >= scale {
            let value = bytes as f64 / scale as f64;
            return if bytes.is_multiple_of(scale) {
                format!("{} {unit}", bytes / scale)
            } else {
                format!("{value:.1} {unit}")
            };
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_read_from_disk_is_kept_without_spare_room_and_means_the_same() {
        let mut text = String::from("---\ntitle: Ünïcode 𝄞\n---\n\n# Heading 𝄞\n\n");
        for n in 0..40 {
            text.push_str(&format!(
                "Said 𝄞 [claim {n} é]{{#c{n} @a{n} ^s quote status=\"disputed\" key=\"v\"}} and [x]{{rebuts=#c0}}.\n\n"
            ));
        }
        text.push_str("[@a1]: A 𝄞\n  kind: person\n[^s]: S\n  publisher: @a1\n");
        let path =
            std::env::temp_dir().join(format!("claimdown-read-{}.cdown", std::process::id()));
        std::fs::write(&path, &text).unwrap();
        let read = load_file(path.clone(), &path, DEFAULT_MAX_FILE_SIZE);
        let _ = std::fs::remove_file(&path);
        let read = read.unwrap();
        let fresh = super::super::analyze(path, text.clone());
        assert_eq!(read.model.comparable(), fresh.model.comparable());
        assert_eq!(read.line_index, fresh.line_index);
        let end = text.len() as u32;
        assert_eq!(read.position(end), fresh.position(end));
        let model = &read.model;
        assert!(model.claims.len() > 40);
        assert_eq!(model.claims.capacity(), model.claims.len());
        assert_eq!(model.references.capacity(), model.references.len());
        assert_eq!(model.text_pieces.capacity(), model.text_pieces.len());
    }

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("10"), Some(10));
        assert_eq!(parse_size("10MB"), Some(10 * MIB));
        assert_eq!(parse_size("64 MiB"), Some(DEFAULT_MAX_FILE_SIZE));
        assert_eq!(parse_size("512k"), Some(512 * KIB));
        assert_eq!(parse_size("2gb"), Some(2 * GIB));
        for bad in [
            "",
            "MB",
            "1.5MB",
            "10 TB",
            "-1",
            "١٠MB",
            "99999999999999999999G",
        ] {
            assert_eq!(parse_size(bad), None, "{bad}");
        }
        assert_eq!(format_size(64 * MIB), "64 MiB");
        assert_eq!(format_size(1536), "1.5 KiB");
        assert_eq!(format_size(300), "300 bytes");
    }

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("claimdown-read-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        if let Err(err) = std::fs::create_dir_all(&dir) {
            panic!("{err}");
        }
        dir
    }

    #[test]
    fn regular_files_within_the_limit_are_read() {
        let dir = scratch("regular");
        let path = dir.join("a.cdown");
        if let Err(err) = std::fs::write(&path, "0123456789") {
            panic!("{err}");
        }
        assert_eq!(read_source(&path, 10).ok(), Some(b"0123456789".to_vec()));
        let err = read_source(&path, 9).err().map(|err| err.to_string());
        assert_eq!(
            err.as_deref(),
            Some("is 10 bytes (10 bytes), over the 9 bytes limit (`max-file-size` in claimdown.toml); skipped")
        );
        assert!(matches!(read_source(&dir, 10), Err(ReadError::NotAFile(_))));
        assert!(matches!(
            read_source(&dir.join("missing.cdown"), 10),
            Err(ReadError::Io(_))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_without_blocking() {
        assert!(matches!(
            read_source(Path::new("/dev/zero"), 10),
            Err(ReadError::NotAFile("a device"))
        ));
        let dir = scratch("fifo");
        let fifo = dir.join("x.cdown");
        // No writer ever opens it: reading it would block forever.
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|status| status.success()) {
            assert!(matches!(
                read_source(&fifo, 10),
                Err(ReadError::NotAFile("a named pipe (FIFO)"))
            ));
        }
    }
}
