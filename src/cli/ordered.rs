//! Work on every core whose results one thread takes in order as they come: the command
//! line analyses files on the other cores while it puts the first ones into the
//! workspace, instead of indexing 20,000 files on one core once all are read (issue 16).

use std::collections::BTreeMap;
use std::sync::mpsc;

/// Runs `work` on each item on the threads of the current rayon pool, taking items in
/// order, and gives each result to `take` on this thread, in the items' order. The pool's
/// threads are already running (`claimdown check` starts them first thing): new threads
/// of its own took milliseconds to start on a busy machine, with a large file waiting.
pub(crate) fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut take: impl FnMut(usize, R),
) {
    // On one of the pool's own threads, waiting for the others could wait for itself.
    if rayon::current_thread_index().is_some() {
        for (idx, item) in items.iter().enumerate() {
            take(idx, work(item));
        }
        return;
    }
    let (sender, receiver) = mpsc::channel();
    rayon::in_place_scope(|scope| {
        let work = &work;
        // Spawned from outside the pool, jobs are queued first in, first out: items start
        // in order.
        for (idx, item) in items.iter().enumerate() {
            let sender = sender.clone();
            scope.spawn(move |_| {
                let _ = sender.send((idx, work(item)));
            });
        }
        drop(sender);
        // Items are taken in order, so few wait here: those done ahead of a slower one.
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        for (idx, res) in &receiver {
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

    #[test]
    fn on_a_thread_of_the_pool_the_items_are_taken_in_order_too() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap_or_else(|err| panic!("a pool: {err}"));
        let taken = pool.install(|| {
            let mut taken = Vec::new();
            map_in_order(&[3, 1, 2], |&n| n * 10, |idx, res| taken.push((idx, res)));
            taken
        });
        assert_eq!(taken, [(0, 30), (1, 10), (2, 20)]);
    }
}
