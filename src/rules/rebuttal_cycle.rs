#![doc = include_str!("../../docs/rules/rebuttal-cycle.md")]

use super::Ctx;
use crate::model::Role;

pub(crate) const DOCUMENTATION: &str = include_str!("../../docs/rules/rebuttal-cycle.md");

/// Reports each loop of `rebuts=` links once, at the first link of it in the text. Loops
/// are the strongly connected components of the links (Tarjan's algorithm, iterative: a
/// long chain cannot overflow the stack), so the rule is linear in the claims and links.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let model = &ctx.file.model;
    // No `rebuts=` at all, no loop: most articles, on every keystroke.
    if !model
        .references
        .iter()
        .any(|reference| reference.role() == Some(Role::Rebuts))
    {
        return;
    }
    let n = model.claims.len();
    // Each claim's targets, with the index of the reference that names them.
    let edges: Vec<Vec<(usize, usize)>> = model
        .claims
        .iter()
        .map(|claim| {
            model
                .claim_references(claim, Role::Rebuts)
                .filter_map(|(idx, r)| Some((model.claim_by_id(&r.id)?.0, idx)))
                .collect()
        })
        .collect();
    let component = components(&edges);
    let mut size = vec![0usize; n];
    for &c in &component {
        size[c] += 1;
    }
    let mut reported = vec![false; n];
    let mut links: Vec<(usize, usize, usize)> = Vec::new();
    for (from, targets) in edges.iter().enumerate() {
        for &(to, reference) in targets {
            let c = component[from];
            if c == component[to] && (size[c] > 1 || from == to) {
                links.push((reference, from, to));
            }
        }
    }
    links.sort_unstable();
    for &(reference, from, _) in &links {
        let c = component[from];
        if reported[c] {
            continue;
        }
        reported[c] = true;
        let chain: Vec<String> = links
            .iter()
            .filter(|(_, f, _)| component[*f] == c)
            .filter_map(|&(_, f, t)| {
                let from = model.claims.get(f)?.id.as_ref()?;
                let to = model.claims.get(t)?.id.as_ref()?;
                Some(format!("`#{}` rebuts `#{}`", from.text, to.text))
            })
            .collect();
        let Some(range) = model.references.get(reference).map(|r| r.range) else {
            continue;
        };
        ctx.report(
            range,
            format!(
                "these rebuttals form a loop ({}): each answers the other, so none is the original claim",
                chain.join(", ")
            ),
        );
    }
}

/// The strongly connected component of each node.
fn components(edges: &[Vec<(usize, usize)>]) -> Vec<usize> {
    let n = edges.len();
    const NONE: usize = usize::MAX;
    let mut index = vec![NONE; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![NONE; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != NONE {
            continue;
        }
        // (node, position in its edge list)
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut at)) = work.last_mut() {
            if *at == 0 && index[node] == NONE {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&(to, _)) = edges[node].get(*at) {
                *at += 1;
                if index[to] == NONE {
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(index[to]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::components;

    #[test]
    fn loops_are_components_and_chains_are_not() {
        // 0 → 1 → 2 → 0, 3 → 0, 4 → 4, 5 alone; a long chain does not overflow.
        let edges = vec![
            vec![(1, 0)],
            vec![(2, 0)],
            vec![(0, 0)],
            vec![(0, 0)],
            vec![(4, 0)],
            vec![],
        ];
        let c = components(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[5], c[4]);
        let chain: Vec<Vec<(usize, usize)>> = (0..200_000).map(|i| vec![(i + 1, 0)]).chain([vec![]]).collect();
        let c = components(&chain);
        assert_eq!(c.iter().collect::<std::collections::HashSet<_>>().len(), 200_001);
    }
}
