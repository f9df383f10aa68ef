//! Background indexing of the workspace folders at start-up, so that definitions in closed
//! files count exactly as in open ones. Large folders report `$/progress`.

use rayon::prelude::*;
use tower_lsp_server::ls_types::{NumberOrString, ProgressToken};
use tower_lsp_server::Client;

use super::state::{Message, StateHandle};
use crate::workspace::{cdown_files_canonical, load_closed_file_unless};

/// Folders with more files than this show progress.
const PROGRESS_THRESHOLD: usize = 200;
/// Files read by one core before they are handed to the state thread together.
const BATCH: usize = 64;

pub(crate) async fn index_workspace(client: Client, state: StateHandle, can_report: bool) {
    index(client, &state, can_report).await;
    state.send(Message::IndexingDone);
}

async fn index(client: Client, state: &StateHandle, can_report: bool) {
    let Some((roots, config)) = state
        .run(|state| (state.roots.clone(), state.config.clone()))
        .await
    else {
        return;
    };
    let max_bytes = config.max_file_size();
    let found = tokio::task::spawn_blocking(move || {
        let mut errors = Vec::new();
        let files: Vec<_> = roots
            .iter()
            .flat_map(|root| cdown_files_canonical(root, &config, &mut errors))
            .map(|(_, canonical)| canonical)
            .collect();
        for error in errors {
            eprintln!("claimdown: {error}");
        }
        files
    })
    .await;
    let Ok(files) = found else {
        return;
    };
    let total = files.len();
    let progress = if can_report && total > PROGRESS_THRESHOLD {
        let token = ProgressToken::from(NumberOrString::String("claimdown/indexing".to_owned()));
        match client.create_work_done_progress(token.clone()).await {
            Ok(()) => Some(
                client
                    .progress(token, "Indexing Claimdown files")
                    .with_percentage(0)
                    .begin()
                    .await,
            ),
            Err(_) => None,
        }
    } else {
        None
    };
    // One parallel loop over every file, each batch sent to the state thread as soon as
    // it is read: no core waits at the end of a batch for the other's.
    let open = state.open_paths();
    let handle = state.clone();
    let (read, mut batches) = tokio::sync::mpsc::unbounded_channel::<usize>();
    let work = tokio::task::spawn_blocking(move || {
        files.par_chunks(BATCH).for_each(|batch| {
            slow_for_tests();
            let analysed: Vec<_> = batch
                .iter()
                .filter_map(|absolute| {
                    // The editor's text is the truth for an open document: its analysis
                    // from disk would be dropped.
                    let stop = || open.contains(absolute);
                    // Closed files are held compact: made so here, on every core.
                    match load_closed_file_unless(absolute, max_bytes, &stop) {
                        Ok(file) => file,
                        Err(err) => {
                            eprintln!("claimdown: {}: {err}", absolute.display());
                            None
                        }
                    }
                })
                .collect();
            handle.send(Message::Indexed(analysed));
            let _ = read.send(batch.len());
        });
    });
    let mut done = 0;
    while let Some(count) = batches.recv().await {
        done += count;
        if let Some(progress) = &progress {
            let percentage = (done * 100 / total.max(1)) as u32;
            progress
                .report_with_message(format!("{done}/{total} files"), percentage)
                .await;
        }
    }
    // Every batch is sent once the loop is over: the channel closes with it.
    let _ = work.await;
    if let Some(progress) = progress {
        progress
            .finish_with_message(format!("{total} files indexed"))
            .await;
    }
}

/// Debug builds wait `CLAIMDOWN_TEST_INDEX_DELAY` milliseconds before each batch, so that
/// the end-to-end tests can ask about an open document while a workspace is indexed.
fn slow_for_tests() {
    #[cfg(debug_assertions)]
    if let Some(millis) = std::env::var("CLAIMDOWN_TEST_INDEX_DELAY")
        .ok()
        .and_then(|millis| millis.parse().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(millis));
    }
}
