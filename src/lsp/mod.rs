//! The language server: the thin protocol layer over [`crate::ide`] and [`crate::rules`].
//! Open documents live in the analysis layer's engine (`workspace::engine`); all state is
//! owned by one thread (see [`state`]).

mod actions;
mod caps;
mod convert;
mod document;
pub mod framing;
mod indexing;
mod lenient;
mod memory;
mod overview;
mod publish;
mod pull;
mod sent;
mod server;
mod state;
pub mod transport;

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use tower_lsp_server::LspService;

static SHUTDOWN_REQUESTED: AtomicBool = AtomicBool::new(false);

/// Serves LSP over stdin and stdout until the client says `exit`.
pub fn run_stdio() -> ExitCode {
    memory::limit_arenas();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the server runtime: {err}");
            return ExitCode::from(2);
        }
    };
    transport::widen_output_pipe();
    runtime.block_on(async {
        let queue = transport::out_queue();
        let out = queue.0.clone();
        let state = Arc::new(OnceLock::new());
        let backend_state = state.clone();
        let (service, socket) =
            LspService::build(move |client| server::Backend::new(client, out, backend_state))
                .custom_method("claimdown/render", server::Backend::render)
                .finish();
        transport::serve(
            tokio::io::stdin(),
            transport::raw_stdout(),
            service,
            socket,
            queue,
            server::raw_answers(state),
        )
        .await;
    });
    // Reading stdin blocks a thread that only the client can wake: do not wait for it.
    runtime.shutdown_background();
    // Per the protocol, `exit` without a prior `shutdown` is an error exit.
    if SHUTDOWN_REQUESTED.load(Ordering::SeqCst) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
