//! Claimdown: the analysis engine, language server and command line for annotated articles.
//!
//! Data flows one way: text → [`syntax`] (tree) → [`model`] (what a file means) →
//! [`workspace`] (files merged) → [`rules`] → command line or language server output.

pub mod config;
pub mod export;
pub mod model;
pub mod rules;
pub mod syntax;
pub mod text;
pub mod workspace;
pub mod cli;
pub mod lsp;
pub mod ide;
