//! Client capabilities as real clients send them. The typed parameters of `initialize`
//! reject a whole session over one odd field (Neovim 0.9 sends `callHierarchy` as an
//! array); here each capability that does not fit the protocol's types is dropped on its
//! own, deepest first, and the rest is kept.

use serde_json::{Map, Value};
use tower_lsp_server::ls_types::InitializeParams;

/// `params` of an `initialize` request, with the capabilities that cannot be read removed.
/// Returns the names of what was dropped.
pub fn repair_initialize(params: &mut Value) -> Vec<String> {
    if fits(params) {
        return Vec::new();
    }
    let mut dropped = Vec::new();
    let Some(Value::Object(caps)) = params.get_mut("capabilities").map(std::mem::take) else {
        return dropped;
    };
    params["capabilities"] = Value::Object(Map::new());
    let mut path = vec!["capabilities".to_owned()];
    let kept = rebuild(params, &mut path, caps, &mut dropped);
    params["capabilities"] = Value::Object(kept);
    dropped
}

/// Where [`carry_newer`] keeps what the protocol's types drop.
pub const SNIPPET_EDITS: &str = "claimdown.snippetEditSupport";

/// Carries client capabilities newer than the protocol's types into `experimental`, where
/// the typed parameters keep them: LSP 3.18's `workspace.workspaceEdit.snippetEditSupport`
/// (VS Code's client declares it) would otherwise be dropped unread.
pub fn carry_newer(params: &mut Value) {
    let snippets = params
        .pointer("/capabilities/workspace/workspaceEdit/snippetEditSupport")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if !snippets {
        return;
    }
    let Some(Value::Object(caps)) = params.get_mut("capabilities") else {
        return;
    };
    let experimental = caps
        .entry("experimental")
        .or_insert_with(|| Value::Object(Map::new()));
    if experimental.is_null() {
        *experimental = Value::Object(Map::new());
    }
    if let Value::Object(experimental) = experimental {
        experimental.insert(SNIPPET_EDITS.to_owned(), Value::Bool(true));
    }
}

fn fits(params: &Value) -> bool {
    serde_json::from_value::<InitializeParams>(params.clone()).is_ok()
}

/// Adds the entries of `object` (found at `path`) back one by one, keeping those with
/// which the parameters still fit; a misfit object is rebuilt the same way.
fn rebuild(
    params: &mut Value,
    path: &mut Vec<String>,
    object: Map<String, Value>,
    dropped: &mut Vec<String>,
) -> Map<String, Value> {
    let mut kept = Map::new();
    for (key, value) in object {
        set(params, path, Value::Object(kept.clone()));
        let mut trial = kept.clone();
        trial.insert(key.clone(), value.clone());
        set(params, path, Value::Object(trial));
        if fits(params) {
            kept.insert(key, value);
            continue;
        }
        path.push(key.clone());
        match value {
            Value::Object(inner) => {
                // Rebuild the inner object with the outer one in place as far as it fits.
                let mut with_empty = kept.clone();
                with_empty.insert(key.clone(), Value::Object(Map::new()));
                set(params, &path[..path.len() - 1], Value::Object(with_empty));
                if fits(params) {
                    let inner = rebuild(params, path, inner, dropped);
                    kept.insert(key, Value::Object(inner));
                } else {
                    dropped.push(path.join("."));
                }
            }
            _ => dropped.push(path.join(".")),
        }
        path.pop();
    }
    set(params, path, Value::Object(kept.clone()));
    kept
}

fn set(params: &mut Value, path: &[String], value: Value) {
    let mut at = params;
    for key in path {
        if !at.get(key).is_some_and(Value::is_object) {
            at[key.as_str()] = Value::Object(Map::new());
        }
        at = &mut at[key.as_str()];
    }
    *at = value;
}

#[cfg(test)]
mod tests {
    #[test]
    fn snippet_edit_support_is_carried_into_experimental() {
        let mut params = serde_json::json!({
            "capabilities": { "workspace": { "workspaceEdit": { "snippetEditSupport": true } } }
        });
        carry_newer(&mut params);
        assert_eq!(params["capabilities"]["experimental"][SNIPPET_EDITS], true);
        let mut kept = serde_json::json!({
            "capabilities": { "experimental": { "commands": { "commands": ["x"] } } }
        });
        let before = kept.clone();
        carry_newer(&mut kept);
        assert_eq!(kept, before, "nothing to carry");
        let mut null = serde_json::json!({
            "capabilities": { "experimental": null, "workspace": { "workspaceEdit": { "snippetEditSupport": true } } }
        });
        carry_newer(&mut null);
        assert_eq!(null["capabilities"]["experimental"][SNIPPET_EDITS], true);
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn one_odd_capability_is_dropped_and_the_rest_kept() {
        let mut params = json!({
            "processId": null,
            "rootUri": null,
            "capabilities": {
                "textDocument": {
                    "callHierarchy": [{ "dynamicRegistration": false }],
                    "hover": { "contentFormat": ["plaintext"] },
                    "completion": { "completionItem": { "documentationFormat": ["html"], "snippetSupport": true } }
                },
                "workspace": { "applyEdit": true }
            }
        });
        let dropped = repair_initialize(&mut params);
        assert_eq!(
            dropped,
            vec![
                "capabilities.textDocument.callHierarchy",
                "capabilities.textDocument.completion.completionItem.documentationFormat"
            ]
        );
        assert!(fits(&params));
        assert_eq!(
            params["capabilities"]["textDocument"]["hover"]["contentFormat"][0],
            "plaintext"
        );
        assert_eq!(
            params["capabilities"]["textDocument"]["completion"]["completionItem"]
                ["snippetSupport"],
            true
        );
        assert_eq!(params["capabilities"]["workspace"]["applyEdit"], true);
    }

    #[test]
    fn fitting_params_are_left_alone() {
        let mut params = json!({ "processId": 1, "rootUri": null, "capabilities": {} });
        assert!(repair_initialize(&mut params).is_empty());
        let mut broken = json!({ "processId": "x", "capabilities": {} });
        // Not a capability: nothing to drop, the service answers the error.
        assert!(repair_initialize(&mut broken).is_empty());
    }
}
