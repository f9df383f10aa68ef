//! The incremental engine of an open document, in byte offsets: from an edit to the next
//! analysis (text and line index edit, tree edit, cache edit, re-parse with the old tree,
//! changed ranges, incremental analysis). The language server converts its positions and
//! calls [`Document`]; the benchmarks, fuzz targets and tests call the very same.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tree_sitter::{InputEdit, Parser, Point};

use super::{analyze_incrementally, FileId, SourceFile, Workspace};
use crate::model::LowerCache;
use crate::syntax;
use crate::text::LineIndex;

/// Where a byte offset stands for tree-sitter, which counts rows at `\n` only.
pub fn point(text: &str, byte: usize) -> Point {
    let byte = byte.min(text.len());
    let before = &text.as_bytes()[..byte];
    let row = memchr::memchr_iter(b'\n', before).count();
    let column = byte - memchr::memrchr(b'\n', before).map_or(0, |n| n + 1);
    Point { row, column }
}

/// Replaces `start..end` of `text` by `new` and returns the tree edit it amounts to. The
/// offsets are clamped to the text and moved back to char boundaries, so any offsets will do.
pub fn replace(text: &mut String, start: usize, end: usize, new: &str) -> InputEdit {
    let start = floor_char_boundary(text, start);
    let end = floor_char_boundary(text, end).max(start);
    let start_position = point(text, start);
    let old_end_position = point(text, end);
    text.replace_range(start..end, new);
    InputEdit {
        start_byte: start,
        old_end_byte: end,
        new_end_byte: start + new.len(),
        start_position,
        old_end_position,
        new_end_position: point(text, start + new.len()),
    }
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A new analysis of an open document.
pub struct Reanalyzed {
    pub id: FileId,
    /// The version replaced, for the caller to drop when it is not in a hurry.
    pub old: Option<SourceFile>,
}

/// How the next analysis of a document parses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Parse {
    /// Afresh: just opened, replaced whole, or a re-analysis that did not finish.
    Fresh,
    /// With the last tree, edited.
    Incremental,
    /// With the last tree, which was re-parsed incrementally around a syntax error:
    /// tree-sitter may have recovered from it otherwise than a fresh parse would, so
    /// [`Document::settle`] parses afresh once editing pauses.
    Unsettled,
}

/// An open document: the one engine from an edit to the next analysis, which the language
/// server, the benchmarks, the fuzz targets and the tests all drive. It owns the text (one
/// `String`: the model slices it, see ARCHITECTURE.md for why not a rope), its line index
/// (kept up to date edit by edit, so that an editor's positions can be converted between
/// two edits of one change), the block cache and a parser; its analysis, with the tree
/// that the next re-parse starts from, lives in the workspace.
pub struct Document {
    path: PathBuf,
    text: String,
    lines: LineIndex,
    cache: LowerCache,
    parser: Parser,
    parse: Parse,
}

impl Document {
    /// A document as opened; nothing is analysed until [`Document::refresh`].
    pub fn new(path: PathBuf, text: String) -> Document {
        Document {
            lines: LineIndex::new(&text),
            path,
            text,
            cache: LowerCache::default(),
            parser: syntax::new_parser(),
            parse: Parse::Fresh,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The line index of the text as it is now, edits included.
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// Whether the last re-analysis was incremental around a syntax error.
    pub fn unsettled(&self) -> bool {
        self.parse == Parse::Unsettled
    }

    /// Replaces `start..end` (any offsets, see [`replace`]) by `new`: in the text, its line
    /// index, the workspace's tree and the cache. The analysis waits for
    /// [`Document::refresh`].
    pub fn edit(&mut self, ws: &mut Workspace, start: usize, end: usize, new: &str) -> InputEdit {
        let edit = replace(&mut self.text, start, end, new);
        self.lines.edit(
            &self.text,
            edit.start_byte,
            edit.old_end_byte,
            edit.new_end_byte,
        );
        if self.parse != Parse::Fresh {
            let tree = ws
                .file_id(&self.path)
                .and_then(|id| ws.file_mut(id))
                .and_then(|file| file.tree.as_mut());
            match tree {
                Some(tree) => tree.edit(&edit),
                None => self.parse = Parse::Fresh,
            }
            self.cache.edit(&edit);
        }
        edit
    }

    /// Replaces the whole text: the next analysis parses afresh.
    pub fn replace_all(&mut self, text: String) {
        self.lines = LineIndex::new(&text);
        self.text = text;
        self.parse = Parse::Fresh;
    }

    /// Re-analyses the document after its edits: re-parses with the last tree, re-uses
    /// the blocks no edit touched, and replaces the file in the workspace.
    pub fn refresh(&mut self, ws: &mut Workspace) -> Reanalyzed {
        let id = ws.file_id(&self.path);
        let old_tree = id
            .and_then(|id| ws.file_mut(id))
            .and_then(|file| file.tree.take())
            .filter(|_| self.parse != Parse::Fresh);
        // Out of the document until the new version is in the workspace: if anything on
        // the way panics, the next refresh parses afresh rather than patching a model the
        // cache does not describe.
        let mut cache = std::mem::take(&mut self.cache);
        let incremental = old_tree.is_some();
        self.parse = Parse::Fresh;
        let text: Arc<str> = Arc::from(self.text.as_str());
        let tree = syntax::parse_with(&mut self.parser, &text, old_tree.as_ref());
        match &old_tree {
            Some(old_tree) => cache.reparsed(old_tree, &tree),
            // Parsed afresh: nothing says where the text changed.
            None => cache.invalidate(),
        }
        let parse = match (incremental, tree.root_node().has_error()) {
            (true, true) => Parse::Unsettled,
            _ => Parse::Incremental,
        };
        let previous = id.and_then(|id| ws.file(id)).filter(|_| incremental);
        let file = analyze_incrementally(
            self.path.clone(),
            text,
            tree,
            self.lines.clone(),
            Some(&mut cache),
            previous,
        );
        let (id, old) = ws.replace_file(file);
        self.cache = cache;
        self.parse = parse;
        Reanalyzed { id, old }
    }

    /// Makes the next [`Document::refresh`] parse afresh.
    pub fn parse_afresh(&mut self) {
        self.parse = Parse::Fresh;
    }

    /// What the server does once editing pauses after an unsettled re-analysis: parses
    /// afresh.
    pub fn settle(&mut self, ws: &mut Workspace) -> Option<Reanalyzed> {
        if !self.unsettled() {
            return None;
        }
        self.parse_afresh();
        Some(self.refresh(ws))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::analyze;

    #[test]
    fn points_count_rows_at_line_feeds_only() {
        let text = "ab\r\ncd\ref\né";
        assert_eq!(point(text, 0), Point { row: 0, column: 0 });
        assert_eq!(point(text, 4), Point { row: 1, column: 0 });
        assert_eq!(point(text, 9), Point { row: 1, column: 5 });
        assert_eq!(point(text, 10), Point { row: 2, column: 0 });
        assert_eq!(point(text, 99), Point { row: 2, column: 2 });
    }

    #[test]
    fn replace_clamps_to_char_boundaries_and_the_text() {
        let mut text = "aé😀".to_owned();
        let edit = replace(&mut text, 2, 99, "x");
        assert_eq!(text, "ax");
        assert_eq!((edit.start_byte, edit.old_end_byte), (1, 7));
    }

    #[test]
    fn edits_through_the_engine_give_the_analysis_of_the_final_text() {
        let mut ws = Workspace::new();
        let path = PathBuf::from("a.cdown");
        let mut doc = Document::new(path.clone(), "Some [claim]{#c @x}.\n\n[@x]: X\n".to_owned());
        doc.refresh(&mut ws);
        doc.edit(&mut ws, 6, 6, "new ");
        doc.edit(&mut ws, 0, 0, "# Title\n\n");
        let id = doc.refresh(&mut ws).id;
        let fresh = analyze(path, Arc::from(doc.text()));
        let file = ws.file(id).expect("the document is in the workspace");
        assert_eq!(
            &*file.text,
            "# Title\n\nSome [new claim]{#c @x}.\n\n[@x]: X\n"
        );
        assert_eq!(format!("{:?}", file.model), format!("{:?}", fresh.model));
        assert_eq!(file.line_index, fresh.line_index);
        assert!(file.tree.is_some(), "the tree is kept for the next edit");
    }

    /// The differential oracle at the top of the engine: after any edits, the workspace
    /// holds what a fresh analysis of the same text gives — model, line index, syntax
    /// errors, diagnostics and the cross-file index — once the document has settled.
    mod oracle {
        use proptest::prelude::*;

        use super::*;
        use crate::config::Config;
        use crate::model::DefinitionKind;
        use crate::rules::check_file;

        const ARTICLE: &str = "---\ntitle: T\n---\n\n# One\n\nOfficials [rejected]{#c0 @x ^s} it.\n\n::: #q quote @y\nQuoted, with [a claim]{#n @fna rebuts=#c0}.\n:::\n\n## Two\n\n[Unattributed]{#u}. Then [bad]{#b @ ^}.\n\n[@y]: Y\n  role: r\n";
        const REGISTRY: &str = "[@x]: X\n  affiliation: @fna\n[@fna]: FNA\n[^s]: S\n";
        const SNIPPETS: &[&str] = &[
            "",
            "x",
            "\n",
            "\n\n",
            "[",
            "]{",
            "}",
            "@x",
            "@fn",
            "^s",
            "#c0 ",
            "[n]{#c0 @y}",
            "::: @x\n",
            "\n:::\n",
            "## ",
            "---\n",
            "é",
            "😀",
            "[@z]: Z\n",
            "\r\n",
            "  role: q\n",
        ];

        fn summary(ws: &Workspace, path: &Path) -> String {
            let config = Config::default_for(PathBuf::from("."));
            let Some(id) = ws.file_id(path) else {
                return "missing".to_owned();
            };
            let Some(file) = ws.file(id) else {
                return "missing".to_owned();
            };
            let mut index = Vec::new();
            for kind in [DefinitionKind::Actor, DefinitionKind::Source] {
                let mut ids: Vec<&str> = ws.defined_ids(id, kind).collect();
                ids.sort_unstable();
                for name in ids {
                    let definitions = ws.definitions(id, kind, name).len();
                    let references = ws.references(id, kind, name).count();
                    index.push(format!("{kind:?} {name}: {definitions} {references}"));
                }
            }
            let mut model = file.model.clone();
            let mut claim_ids: Vec<_> = model.claim_ids.drain().collect();
            claim_ids.sort();
            format!(
                "{:#?}\n{claim_ids:?}\n{:?}\n{:?}\n{:#?}\n{index:#?}",
                model,
                file.line_index,
                file.syntax_errors,
                check_file(ws, id, &config),
            )
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

            #[test]
            fn after_any_edits_the_engine_holds_a_fresh_analysis(
                batches in prop::collection::vec(
                    prop::collection::vec((0.0..=1.0f64, 0usize..24, 0usize..32), 1..4),
                    1..8,
                )
            ) {
                let path = PathBuf::from("a.cdown");
                let mut ws = Workspace::new();
                ws.set_file(analyze(PathBuf::from("registry.cdown"), Arc::from(REGISTRY)));
                let mut doc = Document::new(path.clone(), ARTICLE.to_owned());
                doc.refresh(&mut ws);
                for batch in &batches {
                    for &(at, len, snippet) in batch {
                        let start = (at * doc.text().len() as f64) as usize;
                        doc.edit(&mut ws, start, start + len, SNIPPETS[snippet % SNIPPETS.len()]);
                    }
                    doc.refresh(&mut ws);
                    doc.settle(&mut ws);
                    let mut fresh = Workspace::new();
                    fresh.set_file(analyze(PathBuf::from("registry.cdown"), Arc::from(REGISTRY)));
                    fresh.set_file(analyze(path.clone(), Arc::from(doc.text())));
                    let (engine, fresh) = (summary(&ws, &path), summary(&fresh, &path));
                    prop_assert!(engine == fresh, "after {:?}:\n{}\n---- fresh:\n{}", batch, engine, fresh);
                }
            }
        }
    }
}
