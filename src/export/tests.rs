use std::path::{Path, PathBuf};

use super::{export, ArticleText, Format, Input};
use crate::workspace::{analyze, Workspace};

fn workspace(files: &[(&str, &str)]) -> (Workspace, Vec<crate::workspace::FileId>) {
    let mut ws = Workspace::new();
    let ids = files
        .iter()
        .map(|(path, text)| ws.set_file(analyze(PathBuf::from(path), *text)))
        .collect();
    (ws, ids)
}

#[test]
fn every_claim_is_located_in_the_article_text() {
    let text = "---\ntitle: T\n---\n# Head [x]{#h @a}\n\nOne [two\nthree]{#c1 @a} four \\[5\\] [six [seven]{#c3 @a}]{#c2 @a rebuts=#c3}.\n\n::: #q quote @a\nBlock  text,\n\nsecond para.\n:::\n\n[@a]: A\n";
    let (ws, ids) = workspace(&[("a.cdown", text)]);
    let Some(file) = ws.file(ids[0]) else {
        panic!("no file")
    };
    let article = ArticleText::new(file);
    assert_eq!(
        article.text,
        "Head x\n\nOne two three four [5] six seven.\n\nBlock text,\n\nsecond para."
    );
    let located: Vec<String> = file
        .model
        .claims
        .iter()
        .map(|claim| match article.locate(file, claim) {
            Some(quote) => format!("{}..{} {:?}", quote.start, quote.end, quote.exact),
            None => "none".to_owned(),
        })
        .collect();
    assert_eq!(
        located,
        [
            "5..6 \"x\"",
            "12..21 \"two three\"",
            "31..40 \"six seven\"",
            "35..40 \"seven\"",
            "43..68 \"Block text,\\n\\nsecond para.\""
        ]
    );
}

#[test]
fn file_uris_are_absolute_and_encoded() {
    assert_eq!(
        super::file_uri(Path::new("a b/../c#d.cdown"), Path::new("/w")),
        "file:///w/c%23d.cdown"
    );
    assert_eq!(
        super::file_uri(Path::new("/x/é.cdown"), Path::new("/w")),
        "file:///x/%C3%A9.cdown"
    );
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"/x/caf\xe9.cdown");
        assert_eq!(
            super::file_uri(Path::new(name), Path::new("/w")),
            "file:///x/caf%E9.cdown"
        );
    }
}

#[test]
fn every_format_renders_broken_input() {
    let (ws, ids) = workspace(&[(
        "a.cdown",
        "[x]{#c @nobody rebuts=#missing status=false\n\n[y]{@ ^}\n",
    )]);
    let input = Input {
        ws: &ws,
        files: &ids,
        cwd: Path::new("/w"),
        coverage: None,
    };
    for format in Format::ALL {
        assert!(export(format, &input).ends_with('\n'), "{}", format.name());
    }
}

/// Markup-heavy text: annotations, escapes, blocks, headings, blanks and line breaks.
pub(super) fn markup() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("]{#c1 @a}".to_owned()),
        Just("]{#c2 @a rebuts=#c1 status=false}".to_owned()),
        Just("]{^s supports=#c2\n quote}".to_owned()),
        Just("\\[".to_owned()),
        Just("\\]".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\n::: #b1 quote @a\n".to_owned()),
        Just("\n:::\n".to_owned()),
        Just("\n# Head ".to_owned()),
        Just("%% note\n".to_owned()),
        Just("\n[@a]: A\n  kind: person\n".to_owned()),
        Just("\n[^s]: S\n  url: https://e.org\n".to_owned()),
        Just("  \t ".to_owned()),
        "[a-zé😀 ]{1,6}",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 400, ..Default::default() })]

    /// Every claim with text is found in its article's plain text, exactly; and no format
    /// fails on any input.
    #[test]
    fn claims_are_located_in_any_text(text in markup()) {
        let (ws, ids) = workspace(&[("a.cdown", text.as_str())]);
        let Some(file) = ws.file(ids[0]) else { panic!("no file") };
        let article = ArticleText::new(file);
        for claim in &file.model.claims {
            let exact = file.model.claim_text(&file.text, claim);
            match article.locate(file, claim) {
                Some(quote) => {
                    proptest::prop_assert_eq!(&quote.exact, &exact);
                    let found: String = article.text.chars().skip(quote.start).take(quote.end - quote.start).collect();
                    proptest::prop_assert_eq!(found, exact);
                }
                None => proptest::prop_assert!(exact.is_empty(), "{:?} not found in {:?}", exact, article.text),
            }
        }
        let input = Input { ws: &ws, files: &ids, cwd: Path::new("/w"), coverage: None };
        for format in Format::ALL {
            let out = export(format, &input);
            if matches!(format, Format::Json | Format::ClaimReview | Format::WebAnnotation) {
                proptest::prop_assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok());
            }
        }
    }
}

pub(super) const SCHEMA_ID: &str =
    "https://github.com/claimdown/claimdown/blob/main/docs/schema/claimdown-export.schema.json";
const SCHEMA_PATH: &str = "docs/schema/claimdown-export.schema.json";

pub(super) fn claim_kinds(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let kinds = crate::model::ClaimKind::ALL.map(crate::model::ClaimKind::as_str);
    schemars::json_schema!({ "enum": kinds })
}

pub(super) fn statuses(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let statuses = crate::model::vocabulary::Status::ALL.map(|status| status.as_str());
    schemars::json_schema!({ "enum": statuses })
}

fn generated_schema() -> String {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<super::json::Export<'_>>();
    let mut value = schema.to_value();
    tidy(&mut value);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// Doc comments' wrapped lines become one line; a property that is not required is left
/// out when empty (`skip_serializing_if`, on every optional field), so it is never null.
fn tidy(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if let Some(Value::String(text)) = map.get_mut("description") {
                *text = text.replace('\n', " ");
            }
            let required: Vec<Value> = match map.get("required") {
                Some(Value::Array(required)) => required.clone(),
                _ => Vec::new(),
            };
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                for (name, property) in properties.iter_mut() {
                    if !required.contains(&Value::String(name.clone())) {
                        not_null(property);
                    }
                }
            }
            map.values_mut().for_each(tidy);
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => (),
    }
}

/// `{"type": ["string", "null"]}` → `{"type": "string"}`; `{"anyOf": [S, {"type": "null"}]}` → S.
fn not_null(schema: &mut serde_json::Value) {
    use serde_json::Value;
    let null = serde_json::json!({ "type": "null" });
    let Value::Object(map) = schema else {
        return;
    };
    if let Some(Value::Array(types)) = map.get_mut("type") {
        types.retain(|kind| kind != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            map.insert("type".to_owned(), only);
        }
    }
    let any_of = match map.get("anyOf") {
        Some(Value::Array(any_of)) => any_of.clone(),
        _ => return,
    };
    if let [some, none] = any_of.as_slice() {
        if *none == null {
            map.remove("anyOf");
            let Value::Object(some) = some else {
                return;
            };
            for (key, value) in some {
                map.insert(key.clone(), value.clone());
            }
        }
    }
}

/// The committed schema is the one the export's types generate: it cannot drift from what
/// `export --format json` writes. `CLAIMDOWN_WRITE_SCHEMA=1` writes it anew.
#[test]
fn the_committed_schema_is_generated_from_the_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA_PATH);
    let generated = generated_schema();
    if std::env::var_os("CLAIMDOWN_WRITE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap_or_else(|err| panic!("{err}"));
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{SCHEMA_PATH} differs from the schema of src/export/json.rs: run \
         `CLAIMDOWN_WRITE_SCHEMA=1 cargo test --lib export` and review the diff"
    );
}

/// Every field the language knows lands in its own key of the export, not in `extra`.
#[test]
fn every_known_field_has_its_key() {
    use crate::model::vocabulary::{FieldSpec, ACTOR_FIELDS, FRONT_MATTER_FIELDS, SOURCE_FIELDS};
    let lines = |fields: &[FieldSpec], indent: &str| -> String {
        fields
            .iter()
            .map(|field| format!("{indent}{}: @v\n", field.key))
            .collect()
    };
    let text = format!(
        "---\n{}---\n\n[@a]: A\n{}\n[^s]: S\n{}",
        lines(FRONT_MATTER_FIELDS, ""),
        lines(ACTOR_FIELDS, "  "),
        lines(SOURCE_FIELDS, "  ")
    );
    let (ws, ids) = workspace(&[("a.cdown", &text)]);
    let input = Input {
        ws: &ws,
        files: &ids,
        cwd: Path::new("/"),
        coverage: None,
    };
    let value = serde_json::to_value(super::json::export(&input)).unwrap_or_default();
    let cases = [
        (FRONT_MATTER_FIELDS, &value["articles"][0]["front_matter"]),
        (ACTOR_FIELDS, &value["actors"][0]),
        (SOURCE_FIELDS, &value["sources"][0]),
    ];
    for (fields, object) in cases {
        assert_eq!(object["extra"], serde_json::json!({}), "{text}\n{object}");
        for field in fields {
            // A repeatable field is a list: `alias` → `aliases`.
            let key = match field.repeatable {
                true => format!("{}es", field.key),
                false => field.key.to_owned(),
            };
            assert!(object.get(&key).is_some(), "`{key}` is missing: {object}");
        }
    }
}
