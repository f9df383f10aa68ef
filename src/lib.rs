//! Claimdown: the analysis engine, language server and command line for annotated articles.
//!
//! Data flows one way: text → [`syntax`] (tree) → [`model`] (what a file means) →
//! [`workspace`] (files merged) → [`rules`] and [`ide`] → [`lsp`] or [`cli`] output.

pub mod model;
pub mod syntax;
pub mod text;
