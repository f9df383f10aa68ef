//! Node kind and field ids of the grammar, looked up once: comparing ids is much cheaper
//! than comparing names on every node of a large file, and the names stay in this module.

use std::sync::OnceLock;

macro_rules! kinds {
    (
        named { $($field:ident = $name:literal),* $(,)? }
        anonymous { $($token:ident = $text:literal),* $(,)? }
    ) => {
        /// The kind id of each node the analysis looks at.
        #[derive(Debug)]
        pub struct Kinds {
            $(pub $field: u16,)*
            $(pub $token: u16,)*
        }

        fn load() -> Kinds {
            let language = super::language();
            Kinds {
                $($field: language.id_for_node_kind($name, true),)*
                $($token: language.id_for_node_kind($text, false),)*
            }
        }
    };
}

kinds! {
    named {
        document = "document",
        front_matter = "front_matter",
        front_matter_field = "front_matter_field",
        section = "section",
        heading = "heading",
        inline = "inline",
        paragraph = "paragraph",
        text = "text",
        escape = "escape",
        comment = "comment",
        annotation = "annotation",
        span = "span",
        attribute_list = "attribute_list",
        block_annotation = "block_annotation",
        fence_attributes = "fence_attributes",
        block_body = "block_body",
        claim_id = "claim_id",
        actor_reference = "actor_reference",
        source_reference = "source_reference",
        key_value = "key_value",
        flag = "flag",
        attribute_name = "attribute_name",
        quoted_value = "quoted_value",
        value_list = "value_list",
        claim_reference = "claim_reference",
        value = "value",
        invalid_attribute = "invalid_attribute",
        actor_definition = "actor_definition",
        source_definition = "source_definition",
        definition_id = "definition_id",
        display_name = "display_name",
        definition_field = "definition_field",
        field_name = "field_name",
        field_value = "field_value",
        atx_h1_marker = "atx_h1_marker",
        atx_h2_marker = "atx_h2_marker",
        atx_h3_marker = "atx_h3_marker",
        atx_h4_marker = "atx_h4_marker",
        atx_h5_marker = "atx_h5_marker",
        atx_h6_marker = "atx_h6_marker",
    }
    anonymous {
        colon = ":",
    }
}

macro_rules! fields {
    ($($field:ident = $name:literal),* $(,)?) => {
        /// The id of each field name the analysis reads children by.
        #[derive(Debug)]
        pub struct Fields {
            $(pub $field: u16,)*
        }

        fn load_fields() -> Fields {
            let language = super::language();
            Fields {
                // 0 is no field: `child_by_field_id(0)` finds nothing, and a test checks
                // that every name exists.
                $($field: language.field_id_for_name($name).map_or(0, |id| id.get()),)*
            }
        }
    };
}

fields! {
    attributes = "attributes",
    body = "body",
    content = "content",
    id = "id",
    key = "key",
    marker = "marker",
    name = "name",
    value = "value",
}

/// The field ids, computed on first use.
pub fn fields() -> &'static Fields {
    static FIELDS: OnceLock<Fields> = OnceLock::new();
    FIELDS.get_or_init(load_fields)
}

/// The kind ids, computed on first use.
pub fn kinds() -> &'static Kinds {
    static KINDS: OnceLock<Kinds> = OnceLock::new();
    KINDS.get_or_init(load)
}

impl Kinds {
    /// Whether a node of this kind stands among blocks in a readable file: a section, a
    /// heading, a paragraph, a block annotation, a definition or the front matter. Any
    /// other node there is a fragment of markup the parser could not read.
    pub fn is_block(&self, kind: u16) -> bool {
        [
            self.section,
            self.heading,
            self.paragraph,
            self.block_annotation,
            self.actor_definition,
            self.source_definition,
            self.front_matter,
        ]
        .contains(&kind)
    }

    /// The heading level of a marker kind, if it is one.
    pub fn heading_level(&self, kind: u16) -> Option<u8> {
        [
            self.atx_h1_marker,
            self.atx_h2_marker,
            self.atx_h3_marker,
            self.atx_h4_marker,
            self.atx_h5_marker,
            self.atx_h6_marker,
        ]
        .iter()
        .position(|&marker| marker == kind)
        .map(|idx| idx as u8 + 1)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_kind_exists_in_the_grammar() {
        let kinds = super::kinds();
        let debug = format!("{kinds:?}");
        // id_for_node_kind returns 0 for unknown names.
        assert!(
            !debug.contains(": 0,") && !debug.contains(": 0 }"),
            "{debug}"
        );
    }

    #[test]
    fn every_field_exists_in_the_grammar() {
        let debug = format!("{:?}", super::fields());
        assert!(
            !debug.contains(": 0,") && !debug.contains(": 0 }"),
            "{debug}"
        );
    }
}
