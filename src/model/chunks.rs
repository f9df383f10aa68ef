//! A large text parsed in pieces, on every core: cut where the grammar starts afresh (a
//! blank line at the top level), each piece parsed on its own and lowered, and the pieces'
//! models joined. Each piece's tree is dropped as soon as it is lowered, so a large file
//! never holds a tree of itself (a tree takes about twenty bytes per byte of text).
//!
//! A piece with a syntax error (or a front matter left open) may have been read otherwise
//! by a parse of the whole text, whose error recovery sees past the cut: then the caller
//! parses the whole text instead, and the result is always that of a single parse.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};

use super::blocks::{blank_line_at, lower_unindexed, Assembler};
use super::cache::{BlockEntry, LowerCache};
use super::FileModel;
use crate::syntax;
use crate::text::LineIndex;

/// Pieces are about this long; a text shorter than two of them is parsed whole.
pub const PIECE: usize = 128 * 1024;

/// The model of `text` parsed in pieces, or `None` if it is too short to split or a piece
/// has a syntax error (see the module's documentation).
pub fn lower_in_pieces(
    text: &str,
    lines: &LineIndex,
    piece: usize,
    cache: Option<&mut LowerCache>,
) -> Option<FileModel> {
    lower_in_pieces_unless(text, lines, piece, cache, &|| false)
}

/// [`lower_in_pieces`], given up (`None`) as soon as `stop` says so before a piece: the
/// language server's indexer stops reading a file the editor has opened.
pub fn lower_in_pieces_unless(
    text: &str,
    lines: &LineIndex,
    piece: usize,
    cache: Option<&mut LowerCache>,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<FileModel> {
    let cuts = cuts(text, piece.max(1), rayon::current_num_threads());
    if cuts.len() < 3 {
        return None;
    }
    let windows: Vec<(usize, usize)> = cuts.windows(2).map(|cut| (cut[0], cut[1])).collect();
    let threads = rayon::current_num_threads().max(1);
    let first_len = windows.first().map_or(0, |&(_, to)| to);
    let joining = Joining::new(text, first_len, 4 * threads);
    // Each thread takes the next piece in the text's order, so that the pieces come done
    // about in order and each is joined while later ones are lowered. (Split in halves, as
    // `par_iter` does, a second thread took the second half first, and all of it waited
    // to be joined after the first half's last piece.)
    let next = AtomicUsize::new(0);
    let take = || loop {
        let k = next.fetch_add(1, Ordering::Relaxed);
        let Some(&(from, to)) = windows.get(k) else {
            return;
        };
        if !joining.wait_for_room(k) {
            return;
        }
        if stop() {
            joining.give_up();
            return;
        }
        match lower_piece(text, lines, from, to) {
            Some(piece) => joining.deposit(k, piece),
            None => joining.give_up(),
        }
    };
    rayon::scope(|scope| {
        for _ in 1..threads.min(windows.len()) {
            scope.spawn(|_| take());
        }
        take();
    });
    if joining.given_up() {
        return None;
    }
    let assembler = joining.into_assembler();
    if syntax::front_matter_opener(text).is_some() && !assembler.has_front_matter() {
        return None;
    }
    Some(assembler.finish(cache))
}

/// The pieces joined in order as they are lowered, by whichever thread lowered the one that
/// was next, while the other threads go on to the next pieces: a join after the last piece
/// kept one core busy (about a millisecond for 1 MB) with the other idle.
struct Joining<'a> {
    queue: Mutex<Queue>,
    /// Signalled when a piece is joined or the pieces are given up.
    joined: Condvar,
    /// Held only by the thread whose turn it is to join (`Queue::joining`).
    assembler: Mutex<Assembler<'a>>,
    /// How many times the first piece the text is: the joined model's lists are sized
    /// from the first piece's density.
    scale: f64,
    /// How many pieces past the next to join may be lowered: those done ahead of a slow
    /// one wait, and the pieces' models and the joined one are never all held at once.
    window: usize,
}

#[derive(Default)]
struct Queue {
    /// Pieces lowered before the one that comes next, by their number.
    waiting: BTreeMap<usize, (FileModel, Vec<BlockEntry>)>,
    next: usize,
    /// Whether a thread is joining: it will also join what arrives meanwhile.
    joining: bool,
    /// A piece had a syntax error, or the caller asked to stop.
    given_up: bool,
}

impl<'a> Joining<'a> {
    fn new(text: &'a str, first_len: usize, window: usize) -> Joining<'a> {
        Joining {
            queue: Mutex::default(),
            joined: Condvar::new(),
            assembler: Mutex::new(Assembler::new(text)),
            scale: text.len() as f64 / first_len.max(1) as f64,
            window: window.max(1),
        }
    }

    /// Waits until piece `k` is within the window of the next to join; whether to go on
    /// (not if the pieces were given up). The piece being joined next is always taken by
    /// a thread that does not wait here, so the wait ends.
    fn wait_for_room(&self, k: usize) -> bool {
        let queue = lock(&self.queue);
        let queue = self
            .joined
            .wait_while(queue, |queue| {
                !queue.given_up && k >= queue.next + self.window
            })
            .unwrap_or_else(PoisonError::into_inner);
        !queue.given_up
    }

    fn give_up(&self) {
        lock(&self.queue).given_up = true;
        self.joined.notify_all();
    }

    fn given_up(&self) -> bool {
        lock(&self.queue).given_up
    }

    /// Hands over piece `n`, and joins it and those after it that wait, unless another
    /// thread is joining already (it will take them).
    fn deposit(&self, n: usize, piece: (FileModel, Vec<BlockEntry>)) {
        {
            let mut queue = lock(&self.queue);
            queue.waiting.insert(n, piece);
            if queue.joining {
                return;
            }
            queue.joining = true;
        }
        let mut assembler = lock(&self.assembler);
        loop {
            // Taken and the flag cleared under one lock: a piece handed over after the
            // last look finds the flag cleared and is joined by the thread that brings it.
            let (n, (model, blocks)) = {
                let mut queue = lock(&self.queue);
                let next = queue.next;
                let Some(piece) = queue.waiting.remove(&next) else {
                    queue.joining = false;
                    return;
                };
                (next, piece)
            };
            if n == 0 {
                // Sized once, from the first piece's density: lists grown piece by piece
                // held their old and new buffers at once, and spare capacity.
                assembler.reserve(&model, blocks.len(), self.scale);
            }
            assembler.absorb(model, blocks);
            lock(&self.queue).next += 1;
            self.joined.notify_all();
        }
    }

    fn into_assembler(self) -> Assembler<'a> {
        self.assembler
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// A lock whose holder panicked is still sound here: the panic reaches the caller anyway.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn lower_piece(
    text: &str,
    lines: &LineIndex,
    from: usize,
    to: usize,
) -> Option<(FileModel, Vec<BlockEntry>)> {
    let tree = syntax::with_parser(|parser| syntax::parse_region(parser, text, lines, from, to));
    if tree.root_node().has_error() {
        return None;
    }
    let mut cache = LowerCache::default();
    let model = lower_unindexed(&tree, text, Some(&mut cache));
    drop(tree);
    if !model.syntax_errors.is_empty() {
        return None;
    }
    Some((
        model,
        cache.last.map(|last| last.blocks).unwrap_or_default(),
    ))
}

/// Where to cut `text` into pieces of about `piece` bytes for `threads` threads: `0`, the
/// start of a blank line at or after each piece's length from the last cut that stands
/// outside the front matter and outside block annotations, and the end of the text. With
/// more than one thread the last pieces are shorter, down to a quarter of `piece` (see
/// [`piece_at`]). Fences are followed line by line as the grammar reads them (a `:::` line
/// with attributes opens, a bare one closes, a heading or a definition closes all); were
/// this wrong, a piece would have a syntax error, and the text would be parsed whole.
fn cuts(text: &str, piece: usize, threads: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut cuts = vec![0];
    let mut next = piece_at(bytes.len(), piece, threads);
    let mut depth = 0usize;
    let opener = syntax::front_matter_opener(text).map(|range| range.start as usize);
    let mut front_matter = opener.is_some();
    for start in std::iter::once(0).chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1)) {
        if start >= bytes.len() {
            break;
        }
        // Most lines are prose before the next cut is due: their first byte says so, and
        // finding their end (a second search per line) was most of the time here.
        let due = start >= next && depth == 0;
        if !front_matter && !due && !matches!(bytes[start], b':' | b'#' | b'[') {
            continue;
        }
        let line = &bytes[start..];
        let line = &line[..memchr::memchr(b'\n', line).unwrap_or(line.len())];
        if front_matter {
            if opener.is_some_and(|opener| start > opener) && line.trim_ascii_end() == b"---" {
                front_matter = false;
            }
            continue;
        }
        if line.starts_with(b":::") {
            if line[3..].trim_ascii().is_empty() {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
            }
        } else if line.starts_with(b"#") || line.starts_with(b"[@") || line.starts_with(b"[^") {
            depth = 0;
        } else if due && blank_line_at(text, start) {
            cuts.push(start);
            next = start + piece_at(bytes.len() - start, piece, threads);
        }
    }
    cuts.push(bytes.len());
    cuts
}

/// How long the next piece is, with `rest` bytes of the text left: `piece`, but no more than
/// a share of the rest that leaves each thread two more pieces, nor less than a quarter of
/// `piece`. The threads then end within a short piece of each other: with pieces of one
/// length the one done first waited for the other for half a piece on average (about 1.3
/// ms of a core for 1 MB).
fn piece_at(rest: usize, piece: usize, threads: usize) -> usize {
    if threads <= 1 {
        return piece;
    }
    (rest / (2 * threads)).clamp((piece / 4).max(1), piece)
}

#[cfg(test)]
mod tests;
