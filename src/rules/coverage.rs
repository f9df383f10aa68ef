//! How much of an article is attributed: its claims, quotes and rebuttals, the share with a
//! named actor and with a source, what the attribution rules still find, and the deepest
//! chain of rebuttals. `claimdown stats` prints it, the JSON export carries it, and the
//! server shows it as a code lens (`ide::coverage_lens`).

use std::collections::BTreeSet;

use super::{is_vague_actor, Diagnostic, Rule};
use crate::model::{ClaimKind, DefinitionKind, FileModel, ReferenceContext, Role};
use crate::workspace::{FileId, Workspace};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    pub claims: usize,
    pub quotes: usize,
    pub rebuttals: usize,
    /// Annotations with an `@actor` of a specific kind (not `anonymous` or `group`).
    pub attributed: usize,
    /// Annotations with a `^source`.
    pub sourced: usize,
    /// `unannotated-quote` findings.
    pub unannotated_quotes: usize,
    /// `vague-attribution` findings.
    pub vague_attributions: usize,
    /// The actors and sources the annotations name, by id.
    pub actors: BTreeSet<String>,
    pub sources: BTreeSet<String>,
    /// The most `rebuts=` links followed one after another (a rebuttal of a rebuttal is 2).
    pub deepest_rebuttal_chain: usize,
}

/// The figures of one file; `diagnostics` are the file's, as `check_file` gave them (so a
/// rule turned off counts nothing).
pub fn coverage(ws: &Workspace, file_id: FileId, diagnostics: &[Diagnostic]) -> Coverage {
    let mut res = Coverage::default();
    let Some(file) = ws.file(file_id) else {
        return res;
    };
    let model = &file.model;
    for claim in &model.claims {
        match claim.kind {
            ClaimKind::Claim => res.claims += 1,
            ClaimKind::Quote => res.quotes += 1,
            ClaimKind::Rebuttal => res.rebuttals += 1,
        }
        let named = model
            .claim_references(claim, Role::Actor)
            .any(|(_, actor)| is_vague_actor(ws, file_id, &actor.id).is_none());
        res.attributed += usize::from(named);
        res.sourced += usize::from(model.claim_has(claim, Role::Source));
    }
    for reference in &model.references {
        if !matches!(reference.context, ReferenceContext::Attribution { .. }) {
            continue;
        }
        match reference.kind.definition_kind() {
            Some(DefinitionKind::Actor) => res.actors.insert(reference.id.to_string()),
            Some(DefinitionKind::Source) => res.sources.insert(reference.id.to_string()),
            None => false,
        };
    }
    for diagnostic in diagnostics {
        match diagnostic.rule {
            Rule::UnannotatedQuote => res.unannotated_quotes += 1,
            Rule::VagueAttribution => res.vague_attributions += 1,
            _ => (),
        }
    }
    res.deepest_rebuttal_chain = deepest_rebuttal_chain(model);
    res
}

impl Coverage {
    /// Claims, quotes and rebuttals together.
    pub fn annotations(&self) -> usize {
        self.claims + self.quotes + self.rebuttals
    }

    /// `part` of the annotations in whole percent, rounded down (so 100% means all);
    /// `None` without annotations.
    pub fn percent(&self, part: usize) -> Option<usize> {
        match self.annotations() {
            0 => None,
            all => Some(part * 100 / all),
        }
    }

    /// Adds a file's figures to a total.
    pub fn add(&mut self, other: &Coverage) {
        self.claims += other.claims;
        self.quotes += other.quotes;
        self.rebuttals += other.rebuttals;
        self.attributed += other.attributed;
        self.sourced += other.sourced;
        self.unannotated_quotes += other.unannotated_quotes;
        self.vague_attributions += other.vague_attributions;
        self.actors.extend(other.actors.iter().cloned());
        self.sources.extend(other.sources.iter().cloned());
        self.deepest_rebuttal_chain = self
            .deepest_rebuttal_chain
            .max(other.deepest_rebuttal_chain);
    }

    /// One line for the top of an article: `5 claims · 1 quote · 80% attributed · 2 quotes
    /// not annotated`.
    pub fn summary(&self) -> String {
        let mut parts = vec![count(self.claims, "claim", "claims")];
        if self.quotes > 0 {
            parts.push(count(self.quotes, "quote", "quotes"));
        }
        if self.rebuttals > 0 {
            parts.push(count(self.rebuttals, "rebuttal", "rebuttals"));
        }
        if let Some(percent) = self.percent(self.attributed) {
            parts.push(format!("{percent}% attributed"));
        }
        if self.unannotated_quotes > 0 {
            parts.push(format!(
                "{} not annotated",
                count(self.unannotated_quotes, "quote", "quotes")
            ));
        }
        if self.vague_attributions > 0 {
            parts.push(count(
                self.vague_attributions,
                "vague attribution",
                "vague attributions",
            ));
        }
        parts.join(" · ")
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The longest path of `rebuts=` links between the file's claims. Iterative, and a loop
/// (a `rebuttal-cycle`) counts each claim once.
fn deepest_rebuttal_chain(model: &FileModel) -> usize {
    let targets = |idx: usize| -> Vec<usize> {
        model.claims.get(idx).map_or_else(Vec::new, |claim| {
            model
                .claim_references(claim, Role::Rebuts)
                .filter_map(|(_, reference)| model.claim_by_id(&reference.id).map(|(n, _)| n))
                .collect()
        })
    };
    let mut depth: Vec<Option<usize>> = vec![None; model.claims.len()];
    let mut on_path = vec![false; model.claims.len()];
    let mut deepest = 0;
    for root in 0..model.claims.len() {
        if depth[root].is_some() {
            continue;
        }
        // (claim, its targets, how many of them are done)
        let mut stack = vec![(root, targets(root), 0)];
        on_path[root] = true;
        while let Some((node, node_targets, next)) = stack.last_mut() {
            match node_targets.get(*next).copied() {
                Some(target) => {
                    *next += 1;
                    if depth[target].is_none() && !on_path[target] {
                        on_path[target] = true;
                        let target_targets = targets(target);
                        stack.push((target, target_targets, 0));
                    }
                }
                None => {
                    let node = *node;
                    // A target still on the path closes a loop: it adds nothing.
                    let below = node_targets
                        .iter()
                        .filter_map(|&target| depth[target])
                        .map(|d| d + 1)
                        .max()
                        .unwrap_or(0);
                    let below = below.max(usize::from(!node_targets.is_empty()));
                    depth[node] = Some(below);
                    deepest = deepest.max(below);
                    on_path[node] = false;
                    stack.pop();
                }
            }
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::config::Config;
    use crate::rules::check_file;
    use crate::workspace::analyze;

    fn figures(text: &str) -> Coverage {
        let mut ws = Workspace::new();
        let file = ws.set_file(analyze("a.cdown".into(), text));
        let diagnostics = check_file(&ws, file, &Config::default_for(PathBuf::from(".")));
        coverage(&ws, file, &diagnostics)
    }

    #[test]
    fn counts_shares_and_findings() {
        let coverage = figures(
            "[a]{#c1 @kirby ^brief} [b]{#c2 @officials} [“c”]{#q quote @kirby}\n\n[no]{#r1 @kirby rebuts=#c2}\n\n“We will never cooperate with them,” he said.\n\n[@kirby]: Kirby\n  kind: person\n[@officials]: Officials\n  kind: anonymous\n[^brief]: Briefing\n",
        );
        assert_eq!(
            (coverage.claims, coverage.quotes, coverage.rebuttals),
            (2, 1, 1)
        );
        assert_eq!((coverage.attributed, coverage.sourced), (3, 1));
        assert_eq!(coverage.percent(coverage.attributed), Some(75));
        assert_eq!(
            (coverage.unannotated_quotes, coverage.vague_attributions),
            (1, 1)
        );
        assert_eq!(coverage.actors.len(), 2);
        assert_eq!(coverage.sources.len(), 1);
        assert_eq!(coverage.deepest_rebuttal_chain, 1);
        assert_eq!(
            coverage.summary(),
            "2 claims · 1 quote · 1 rebuttal · 75% attributed · 1 quote not annotated · 1 vague attribution"
        );
    }

    #[test]
    fn chains_and_loops() {
        let chain =
            "[a]{#a @x}\n\n[b]{#b @x rebuts=#a}\n\n[c]{#c @x rebuts=#b}\n\n[d]{#d @x rebuts=#c}\n";
        assert_eq!(figures(chain).deepest_rebuttal_chain, 3);
        let looped = "[a]{#a @x rebuts=#c}\n\n[b]{#b @x rebuts=#a}\n\n[c]{#c @x rebuts=#b}\n";
        assert_eq!(figures(looped).deepest_rebuttal_chain, 3);
        assert_eq!(figures("no claims\n").summary(), "0 claims");
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let mut text = String::from("[x]{#c0 @x}\n\n");
        for n in 1..100_000 {
            text.push_str(&format!("[x]{{#c{n} @x rebuts=#c{}}}\n\n", n - 1));
        }
        let mut ws = Workspace::new();
        let file = ws.set_file(analyze("a.cdown".into(), text));
        assert_eq!(coverage(&ws, file, &[]).deepest_rebuttal_chain, 99_999);
    }
}
