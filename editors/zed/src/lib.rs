//! Zed extension for Claimdown: starts `claimdown lsp` for Claimdown buffers.
//!
//! The server is `lsp.claimdown.binary.path` from Zed's settings when set, else `claimdown`
//! found on the worktree's PATH. `lsp.claimdown.initialization_options` (for example
//! `{"rules": {"unused-definition": "off"}}`) and `lsp.claimdown.settings` are passed through.

use zed_extension_api::{self as zed, serde_json, settings::LspSettings, LanguageServerId, Result};

struct ClaimdownExtension;

impl zed::Extension for ClaimdownExtension {
    fn new() -> Self {
        ClaimdownExtension
    }

    fn language_server_command(
        &mut self,
        language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(language_server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.binary);
        let command = binary
            .as_ref()
            .and_then(|binary| binary.path.clone())
            .or_else(|| worktree.which("claimdown"))
            .ok_or_else(|| {
                "the Claimdown language server `claimdown` was not found on PATH; install it \
                 (cargo install --path . in the claimdown repository) or set \
                 lsp.claimdown.binary.path in Zed's settings"
                    .to_string()
            })?;
        let args = binary
            .as_ref()
            .and_then(|binary| binary.arguments.clone())
            .unwrap_or_else(|| vec!["lsp".to_string()]);
        let mut env = worktree.shell_env();
        if let Some(extra) = binary.and_then(|binary| binary.env) {
            env.extend(extra);
        }
        Ok(zed::Command { command, args, env })
    }

    fn language_server_initialization_options(
        &mut self,
        language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        Ok(LspSettings::for_worktree(language_server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.initialization_options))
    }

    fn language_server_workspace_configuration(
        &mut self,
        language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        Ok(LspSettings::for_worktree(language_server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.settings)
            .map(|settings| serde_json::json!({ "claimdown": settings })))
    }
}

zed::register_extension!(ClaimdownExtension);
