//! Work on every core whose results one thread takes in order as they come: the command
//! line analyses files on the other cores while it puts the first ones into the
//! workspace, instead of indexing 20,000 files on one core once all are read (issue 16).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// Runs `work` on each item on `available_parallelism` threads, taking items in order, and
/// gives each result to `take` on this thread, in the items' order.
pub(crate) fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut take: impl FnMut(usize, R),
) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..threads.min(items.len()) {
            let sender = sender.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || loop {
                let idx = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(idx) else {
                    return;
                };
                if sender.send((idx, work(item))).is_err() {
                    return;
                }
            });
        }
        drop(sender);
        // Items are taken in order, so few wait here: those done ahead of a slower one.
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        for (idx, res) in receiver {
            waiting.insert(idx, res);
            while let Some(res) = waiting.remove(&expected) {
                take(expected, res);
                expected += 1;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_taken_in_the_order_of_the_items() {
        let items: Vec<u64> = (0..2_000).collect();
        let mut taken = Vec::new();
        // Uneven work, so that threads finish out of order.
        map_in_order(
            &items,
            |&n| {
                let mut spin = 0u64;
                for k in 0..(n % 7) * 2_000 {
                    spin = std::hint::black_box(spin.wrapping_add(k));
                }
                (n * 2, spin)
            },
            |idx, (res, _)| taken.push((idx, res)),
        );
        let expected: Vec<(usize, u64)> = items.iter().map(|&n| (n as usize, n * 2)).collect();
        assert_eq!(taken, expected);
        map_in_order(&[] as &[u8], |_| (), |_, ()| panic!("nothing to take"));
    }
}
