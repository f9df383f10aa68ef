//! Where a text is cut. That a text parsed in pieces gives exactly the model of a single
//! parse, or is parsed whole: `tests/pieces.rs`.

use super::*;

#[test]
fn cuts_fall_on_blank_lines() {
    let text = "a\n\nb\nc\n\n\nd\r\n\r\ne";
    assert_eq!(cuts(text, 1, 1), [0, 2, 7, 8, 12, text.len()]);
    assert_eq!(cuts(text, 3, 1), [0, 7, 12, text.len()]);
    assert_eq!(cuts("no blank line at all\n", 1, 1), [0, 21]);
}

#[test]
fn the_last_pieces_are_shorter_when_threads_share_them() {
    let text = "line of prose\n\n".repeat(1_000);
    let one = cuts(&text, 1_000, 1);
    let two = cuts(&text, 1_000, 2);
    let lengths = |cuts: &[usize]| cuts.windows(2).map(|w| w[1] - w[0]).collect::<Vec<_>>();
    let one = lengths(&one);
    assert!(
        one[..one.len() - 1]
            .iter()
            .all(|&len| (1_000..1_016).contains(&len)),
        "{one:?}"
    );
    let two = lengths(&two);
    assert!(two[0] >= 1_000, "{two:?}");
    let last = two[two.len() - 2];
    assert!(
        (250..500).contains(&last),
        "the last but one, about a quarter: {two:?}"
    );
    assert!(
        two.windows(2).all(|w| w[1] <= w[0] + 15),
        "never longer: {two:?}"
    );
}

#[test]
fn no_cut_inside_the_front_matter_or_a_block_annotation() {
    let front = "---\ntitle: T\n\nkind: x\n---\n\nProse.\n\nMore.\n";
    assert_eq!(cuts(front, 1, 1), [0, 26, 34, front.len()]);
    let block = "Intro.\n\n::: #q quote @x\nOne.\n\n::: @y\nTwo.\n\n:::\n\n:::\n\nAfter.\n";
    assert_eq!(cuts(block, 1, 1), [0, 7, 52, block.len()]);
}

#[test]
fn a_stop_asked_for_gives_up_between_pieces() {
    let paragraph = "[A claim]{#c @a} in prose.\n\n";
    let text = paragraph.repeat(2_000);
    let lines = LineIndex::new(&text);
    let piece = 1024;
    let whole = lower_in_pieces(&text, &lines, piece, None).expect("no syntax error");
    assert_eq!(whole.claims.len(), 2_000);
    let asked = AtomicUsize::new(0);
    let after_one = || asked.fetch_add(1, Ordering::Relaxed) >= 1;
    assert!(lower_in_pieces_unless(&text, &lines, piece, None, &after_one).is_none());
    let never = || false;
    let same = lower_in_pieces_unless(&text, &lines, piece, None, &never).expect("not stopped");
    assert_eq!(format!("{same:?}"), format!("{whole:?}"));
}

/// Pieces handed over in any order are joined in the text's order: the same model as a
/// single parse, whichever thread lowered which piece first (a claim id used twice, in
/// two pieces, names the first claim).
#[test]
fn pieces_handed_over_out_of_order_are_joined_in_order() {
    let text = "# One\n\n[A]{#a @x} said.\n\n# Two\n\n[B]{#b @y}\n\n[C]{#c rebuts=#a}\n\n\
[@x]: X\n\n[D]{#a ^s}\n";
    let lines = LineIndex::new(text);
    let windows: Vec<(usize, usize)> = cuts(text, 1, 1).windows(2).map(|w| (w[0], w[1])).collect();
    assert!(windows.len() >= 5, "{windows:?}");
    let whole = crate::model::lower(&syntax::parse(text), text);
    let orders: [Vec<usize>; 3] = [
        (0..windows.len()).collect(),
        (0..windows.len()).rev().collect(),
        (0..windows.len())
            .map(|k| (k * 3 + 1) % windows.len())
            .collect(),
    ];
    for order in orders {
        let joining = Joining::new(text, windows[0].1, windows.len());
        for &k in &order {
            let (from, to) = windows[k];
            let piece = lower_piece(text, &lines, from, to).expect("no syntax error");
            joining.deposit(k, piece);
        }
        let joined = joining.into_assembler().finish(None);
        assert_eq!(joined.comparable(), whole.comparable(), "order {order:?}");
    }
}

/// A thread does not lower a piece more than the window past the next to join: it waits
/// until that piece is joined, or until the pieces are given up.
#[test]
fn a_piece_past_the_window_waits_for_the_join() {
    let text = "[A]{#a}\n\n[B]{#b}\n\n[C]{#c}\n\n[D]{#d}\n";
    let lines = LineIndex::new(text);
    let windows: Vec<(usize, usize)> = cuts(text, 1, 1).windows(2).map(|w| (w[0], w[1])).collect();
    let piece = |k: usize| lower_piece(text, &lines, windows[k].0, windows[k].1);
    let joining = Joining::new(text, windows[0].1, 2);
    assert!(joining.wait_for_room(1), "within the window");
    let went_on = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let waiter = scope.spawn(|| {
            let room = joining.wait_for_room(2);
            went_on.store(1, Ordering::SeqCst);
            room
        });
        std::thread::sleep(std::time::Duration::from_millis(30));
        assert_eq!(
            went_on.load(Ordering::SeqCst),
            0,
            "piece 2 waits for piece 0"
        );
        joining.deposit(1, piece(1).expect("a piece"));
        std::thread::sleep(std::time::Duration::from_millis(30));
        assert_eq!(
            went_on.load(Ordering::SeqCst),
            0,
            "piece 1 alone is not joined"
        );
        joining.deposit(0, piece(0).expect("a piece"));
        assert!(
            waiter.join().unwrap_or(false),
            "room once 0 and 1 are joined"
        );
    });
    let stopped = Joining::new(text, windows[0].1, 1);
    std::thread::scope(|scope| {
        let waiter = scope.spawn(|| stopped.wait_for_room(3));
        std::thread::sleep(std::time::Duration::from_millis(10));
        stopped.give_up();
        assert!(!waiter.join().unwrap_or(true), "given up: no room");
    });
}
