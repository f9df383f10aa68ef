//! Claimdown: the analysis engine, language server and command line for annotated articles.
//!
//! Data flows one way: text → [`syntax`] (tree) → [`model`] (what a file means) →
//! [`workspace`] (files merged) → [`rules`] → command line or language server output.

pub mod cli;
pub mod config;
pub mod export;
pub mod format;
pub mod ide;
pub mod lsp;
pub mod model;
pub mod path_uri;
pub mod rules;
pub mod syntax;
pub mod text;
pub mod workspace;
