//! The check of a file after an edit, keeping what it can of the last one: the findings of
//! rules whose [`Scope`] the change leaves standing, moved through the edit's patch, and
//! those rules run on the regions read again only.

use super::{sorted, Ctx, Diagnostic, Rule, Scope, Severity, Within};
use crate::config::Config;
use crate::model::Patch;
use crate::workspace::engine::Change;
use crate::workspace::{FileId, Workspace};

/// The last check of a file: its diagnostics, and what changed in the file since (nothing
/// else may have changed: not another file, not the configuration).
pub struct Since<'a> {
    pub previous: &'a [Diagnostic],
    pub change: &'a Change,
}

const RULES: usize = Rule::ALL.len();

/// [`super::check_file`], re-using what it can of the last check: the findings of rules
/// of [`Scope::Block`] that the change did not touch are moved, and those rules run on the
/// blocks read again only. The result is what [`super::check_file`] gives.
pub fn check_file_since(
    ws: &Workspace,
    file_id: FileId,
    config: &Config,
    since: Option<Since<'_>>,
) -> Vec<Diagnostic> {
    let Some(file) = ws.file(file_id) else {
        return Vec::new();
    };
    let severities: [Option<Severity>; RULES] = Rule::ALL.map(|rule| config.severity(rule));
    let mut keeping = [false; RULES];
    let mut kept = Vec::new();
    let mut regions = Vec::new();
    if let Some(since) = &since {
        for rule in Rule::ALL {
            keeping[rule as usize] =
                severities[rule as usize].is_some() && rule.scope().survives(since.change);
        }
        kept = keep(since, file_id, &mut keeping);
        regions = since.change.patch.new_ranges();
    }
    let mut ctx = Ctx::new(
        ws,
        file_id,
        file,
        config,
        Rule::SyntaxError,
        kept.len() + 16,
    );
    for rule in Rule::ALL {
        let Some(severity) = severities[rule as usize] else {
            continue;
        };
        ctx.within = match keeping[rule as usize] {
            // Its findings are all kept: nothing to look for.
            true if rule.scope() == Scope::Structure => continue,
            true => Within(Some(regions.as_slice())),
            false => Within(None),
        };
        let first = ctx.out.len();
        ctx.rule = rule;
        rule.run(&mut ctx);
        for diagnostic in &mut ctx.out[first..] {
            diagnostic.severity = severity;
        }
    }
    // The configuration did not change (see `Since`): a kept finding's severity holds.
    ctx.out.append(&mut kept);
    sorted(ctx.out)
}

/// The last findings of the rules in `keeping` that the change did not touch, moved, in one
/// pass over them. A rule one of whose findings cannot be moved whole (its fix or a related
/// place in this file was read again), or, of [`Scope::Structure`], stands where the file
/// was read again, is taken out of `keeping`, and its findings out of the list: it runs on
/// the whole file.
fn keep(since: &Since<'_>, file_id: FileId, keeping: &mut [bool; RULES]) -> Vec<Diagnostic> {
    let patch = &since.change.patch;
    let mut kept = Vec::with_capacity(since.previous.len());
    let mut dropped = false;
    for diagnostic in since.previous {
        let rule = diagnostic.rule as usize;
        if !keeping[rule] {
            continue;
        }
        match moved(diagnostic, patch, file_id) {
            Moved::Whole(diagnostic) => kept.push(diagnostic),
            // Found again, if it still stands, by the rule run on the regions read again.
            Moved::Touched if diagnostic.rule.scope() != Scope::Structure => {}
            Moved::Touched | Moved::Broken => {
                keeping[rule] = false;
                dropped = true;
            }
        }
    }
    if dropped {
        kept.retain(|diagnostic| keeping[diagnostic.rule as usize]);
    }
    kept
}

enum Moved {
    Whole(Diagnostic),
    /// It stands where the file was read again.
    Touched,
    /// It stands elsewhere, but its fix or a related place in this file does not.
    Broken,
}

fn moved(diagnostic: &Diagnostic, patch: &Patch, file_id: FileId) -> Moved {
    let Some(range) = patch.map(diagnostic.range) else {
        return Moved::Touched;
    };
    let mut diagnostic = diagnostic.clone();
    diagnostic.range = range;
    if let Some(fix) = &mut diagnostic.fix {
        match patch.map(fix.range) {
            Some(range) => fix.range = range,
            None => return Moved::Broken,
        }
    }
    // Other files did not change (see `Since`).
    for related in diagnostic.related.iter_mut().filter(|r| r.file == file_id) {
        match patch.map(related.range) {
            Some(range) => related.range = range,
            None => return Moved::Broken,
        }
    }
    Moved::Whole(diagnostic)
}
