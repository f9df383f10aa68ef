#![doc = include_str!("../../docs/rules/syntax-error.md")]

use super::{Ctx, Fix};

pub(crate) const DOCUMENTATION: &str = include_str!("../../docs/rules/syntax-error.md");

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let file = ctx.file;
    for error in file.syntax_errors() {
        let message = error.message_with_lines(|offset| file.position(offset as u32).line as usize);
        ctx.report(error.range, message).fix = error.fix.as_ref().map(|fix| Fix {
            title: fix.title.clone().into(),
            range: fix.range,
            replacement: fix.replacement.clone().into(),
        });
    }
    for malformed in &file.model.malformed {
        ctx.report(malformed.range, malformed.message.clone());
    }
}
