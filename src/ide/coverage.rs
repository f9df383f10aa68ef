//! The coverage figures of an article as a line over its first line (a code lens).

use crate::rules::{coverage, Diagnostic};
use crate::text::TextRange;
use crate::workspace::{FileId, Workspace};

/// The figures as a line over the top of an article (a code lens), or `None` for a file
/// with no annotation and nothing to annotate, such as a registry of actors.
pub fn coverage_lens(
    ws: &Workspace,
    file_id: FileId,
    diagnostics: &[Diagnostic],
) -> Option<CoverageLens> {
    let figures = coverage(ws, file_id, diagnostics);
    if figures.annotations() == 0 && figures.unannotated_quotes == 0 {
        return None;
    }
    Some(CoverageLens {
        range: TextRange::empty(0),
        title: figures.summary(),
    })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverageLens {
    /// Where it stands: the start of the file.
    pub range: TextRange,
    pub title: String,
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::config::Config;
    use crate::rules::check_file;
    use crate::workspace::analyze;

    #[test]
    fn a_lens_for_articles_not_for_registries() {
        let mut ws = Workspace::new();
        let registry = ws.set_file(analyze("actors.cdown".into(), "[@a]: A\n  kind: person\n"));
        let draft = ws.set_file(analyze(
            "draft.cdown".into(),
            "“We will never cooperate with them,” said A.\n",
        ));
        let config = Config::default_for(PathBuf::from("."));
        let lens = |file| coverage_lens(&ws, file, &check_file(&ws, file, &config));
        assert_eq!(lens(registry), None);
        assert_eq!(
            lens(draft),
            Some(CoverageLens {
                range: TextRange::empty(0),
                title: "0 claims · 1 quote not annotated".to_owned(),
            })
        );
    }
}
