//! The tree-sitter grammar of [Claimdown](https://example.invalid/claimdown), the markup for
//! annotated articles: who claims what, where it was said, and who rebuts whom.
//!
//! ```
//! let code = "Officials [rejected the reports]{#c1 @iran}.\n";
//! let mut parser = tree_sitter::Parser::new();
//! let language = tree_sitter_claimdown::LANGUAGE;
//! parser.set_language(&language.into()).expect("the grammar loads");
//! let tree = parser.parse(code, None).expect("a tree");
//! assert!(!tree.root_node().has_error());
//! ```

use tree_sitter_language::LanguageFn;

extern "C" {
    fn tree_sitter_claimdown() -> *const ();
}

/// The tree-sitter [`LanguageFn`] for this grammar.
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_claimdown) };

/// The content of the [`node-types.json`] file for this grammar.
///
/// [`node-types.json`]: https://tree-sitter.github.io/tree-sitter/using-parsers/6-static-node-types
pub const NODE_TYPES: &str = include_str!("../../src/node-types.json");

/// The syntax highlighting query, with nvim-treesitter capture names.
pub const HIGHLIGHTS_QUERY: &str = include_str!("../../queries/highlights.scm");

/// The folding query.
pub const FOLDS_QUERY: &str = include_str!("../../queries/folds.scm");

/// The locals query.
pub const LOCALS_QUERY: &str = include_str!("../../queries/locals.scm");

#[cfg(test)]
mod tests {
    #[test]
    fn grammar_loads() {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&super::LANGUAGE.into())
            .expect("Error loading Claimdown parser");
    }

    #[test]
    fn queries_compile() {
        let language = super::LANGUAGE.into();
        for query in [
            super::HIGHLIGHTS_QUERY,
            super::FOLDS_QUERY,
            super::LOCALS_QUERY,
        ] {
            tree_sitter::Query::new(&language, query).expect("query compiles");
        }
    }
}
