//! Which quick fixes apply where the cursor or selection is: the fixes of the diagnostics
//! that meet the range (touching counts, so a cursor just after an id still gets its fix).

use crate::rules::Diagnostic;
use crate::text::TextRange;

/// The diagnostics with a fix that meet `range`, in the order given.
pub fn fixes_at(diagnostics: &[Diagnostic], range: TextRange) -> impl Iterator<Item = &Diagnostic> {
    diagnostics.iter().filter(move |d| {
        d.fix.is_some() && d.range.start <= range.end && range.start <= d.range.end
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Fix, Rule, Severity};

    fn diagnostic(start: u32, end: u32, fix: bool) -> Diagnostic {
        Diagnostic {
            rule: Rule::UndefinedActor,
            severity: Severity::Error,
            range: TextRange { start, end },
            message: String::new(),
            related: Vec::new(),
            unnecessary: false,
            fix: fix.then(|| Fix {
                title: "Change".to_owned(),
                range: TextRange { start, end },
                replacement: "x".to_owned(),
            }),
        }
    }

    #[test]
    fn fixes_meeting_the_cursor_or_the_selection() {
        let found = [
            diagnostic(10, 15, true),
            diagnostic(20, 25, true),
            diagnostic(12, 13, false),
        ];
        let at = |start, end| {
            fixes_at(&found, TextRange { start, end })
                .map(|d| d.range.start)
                .collect::<Vec<_>>()
        };
        assert_eq!(at(15, 15), vec![10], "a cursor just after the id");
        assert_eq!(at(9, 9), Vec::<u32>::new());
        assert_eq!(at(0, 30), vec![10, 20], "a selection over both");
        assert_eq!(at(16, 19), Vec::<u32>::new());
    }
}
