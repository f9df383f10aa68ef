//! The words of reported speech, by the article's language (front matter `language:`):
//! quotation marks, reporting phrases (`said`, `according to`) and vague attributions
//! (`reportedly`). English, French, German, Spanish and Arabic are shipped; `claimdown.toml`
//! extends them or adds a language (`[language.xx]`, see `docs/rules/unannotated-quote.md`).
//! Phrases are found by one Aho-Corasick automaton per list: a linear scan however many.

use std::sync::{Arc, LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// The default for `[unannotated-quote] min-words`.
pub const DEFAULT_MIN_WORDS: usize = 4;

/// Every language's tables, and the settings of the rules that use them.
#[derive(Clone, Debug)]
pub struct Speech {
    languages: Vec<Entry>,
    /// Fewer words between quotation marks are a quote only with a reporting phrase.
    pub min_words: usize,
    /// Whether `unannotated-quote` looks for clauses reported without quotation marks
    /// (`[unannotated-quote] reported-speech`).
    pub reported_speech: bool,
}

/// A language's tables, built the first time an article in it is checked: most projects
/// write in one language, and building the automata of all of them was most of the time
/// `claimdown check` spent before it could read a file.
#[derive(Clone, Debug)]
struct Entry {
    tag: String,
    shipped: Option<&'static Shipped>,
    extension: Option<LanguageExtension>,
    built: OnceLock<Arc<Language>>,
}

impl Entry {
    fn language(&self) -> &Language {
        self.built.get_or_init(|| {
            Arc::new(Language::new(
                self.shipped.unwrap_or(&UNSHIPPED),
                self.extension.as_ref(),
            ))
        })
    }
}

/// The tables of a language only `claimdown.toml` speaks of.
const UNSHIPPED: Shipped = Shipped {
    tag: "",
    quotes: &[],
    reporting: &[],
    according: &[],
    vague: &[],
    complementizers: &[],
};

#[derive(Clone, Debug)]
pub struct Language {
    /// Opening and closing mark; an opening mark may have several closings (`„` … `“`/`”`).
    pub pairs: Vec<(char, char)>,
    /// Verbs that report speech: `said`, `a déclaré`.
    reporting: Phrases,
    /// Phrases that name where a claim comes from before or after it: `according to`.
    according: Phrases,
    /// Phrases that attribute to no one in particular: `reportedly`, `sources say`.
    vague: Phrases,
    /// Words that open a reported clause and are not part of the claim: `that`, `que`.
    complementizers: Vec<String>,
}

/// What a reporting phrase is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reporting {
    /// `said`: the reported clause usually follows (`X said the strikes …`).
    Verb,
    /// `according to`: the name of a source follows, the clause is around it.
    According,
}

/// Additions to one language, from `claimdown.toml`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LanguageExtension {
    pub quotes: Vec<(char, char)>,
    pub reporting: Vec<String>,
    pub according: Vec<String>,
    pub vague: Vec<String>,
}

#[derive(Clone, Debug)]
struct Phrases {
    matcher: Option<AhoCorasick>,
}

#[derive(Debug)]
struct Shipped {
    tag: &'static str,
    quotes: &'static [(char, char)],
    reporting: &'static [&'static str],
    according: &'static [&'static str],
    vague: &'static [&'static str],
    complementizers: &'static [&'static str],
}

// One table, kept as written: a word a line would make it five screens long.
#[rustfmt::skip]
const SHIPPED: &[Shipped] = &[
    Shipped {
        tag: "en",
        quotes: &[('“', '”'), ('"', '"'), ('「', '」')],
        reporting: &[
            "said", "says", "say", "told", "tells", "added", "adds", "claimed", "claims",
            "denied", "denies", "insisted", "insists", "argued", "argues", "warned", "warns",
            "stated", "asserted", "asserts", "announced", "declared", "maintained",
            "alleged", "alleges", "acknowledged", "admitted", "replied", "wrote", "noted",
            "explained", "confirmed", "promised", "vowed",
        ],
        according: &["according to"],
        vague: &[
            "officials said", "officials say", "sources said", "sources say",
            "sources told", "it is reported", "it was reported", "it is said",
            "it is claimed", "it is believed", "reportedly", "allegedly", "some experts",
            "experts say", "critics say", "people familiar with", "insiders",
            "observers say", "according to sources", "according to reports",
        ],
        complementizers: &["that"],
    },
    Shipped {
        tag: "fr",
        quotes: &[('«', '»'), ('“', '”'), ('"', '"'), ('‹', '›'), ('「', '」')],
        reporting: &[
            "a déclaré", "déclare", "a dit", "dit", "a affirmé", "affirme", "a ajouté",
            "ajoute", "a assuré", "assure", "a démenti", "dément", "a nié", "a indiqué",
            "indique", "a expliqué", "explique", "a estimé", "estime", "a souligné",
            "souligne", "a précisé", "précise", "a averti", "a répondu", "a reconnu",
            "a confirmé",
        ],
        according: &["selon", "d'après", "d’après"],
        vague: &[
            "selon des sources", "de source sûre", "selon certains", "selon des experts",
            "selon des responsables", "des responsables ont", "prétendument",
            "il semblerait", "on dit que", "dit-on", "selon la presse",
        ],
        complementizers: &["que", "qu'", "qu’"],
    },
    Shipped {
        tag: "de",
        quotes: &[
            ('„', '“'),
            ('„', '”'),
            ('»', '«'),
            ('›', '‹'),
            ('"', '"'),
            ('«', '»'),
            ('「', '」'),
        ],
        reporting: &[
            "sagte", "sagt", "sagten", "erklärte", "erklärt", "erklärten", "betonte",
            "betont", "behauptete", "behauptet", "bestritt", "bestreitet", "dementierte",
            "warnte", "versicherte", "fügte", "hinzu", "teilte", "räumte", "bestätigte",
            "schrieb", "antwortete",
        ],
        according: &["laut", "zufolge", "nach angaben"],
        vague: &[
            "angeblich", "berichten zufolge", "quellen zufolge", "aus kreisen",
            "heißt es", "hieß es", "mutmaßlich", "einige experten", "wie verlautete",
        ],
        complementizers: &["dass"],
    },
    Shipped {
        tag: "es",
        quotes: &[('«', '»'), ('“', '”'), ('"', '"'), ('「', '」')],
        reporting: &[
            "dijo", "dice", "afirmó", "afirma", "declaró", "añadió", "agregó", "aseguró",
            "asegura", "negó", "niega", "explicó", "señaló", "advirtió", "indicó",
            "sostuvo", "reconoció", "confirmó", "respondió",
        ],
        according: &["según", "de acuerdo con"],
        vague: &[
            "supuestamente", "presuntamente", "según fuentes", "fuentes cercanas",
            "se informó", "al parecer", "algunos expertos", "se dice que",
        ],
        complementizers: &["que"],
    },
    Shipped {
        tag: "ar",
        quotes: &[('«', '»'), ('“', '”'), ('"', '"'), ('「', '」')],
        reporting: &[
            "قال", "وقال", "قالت", "وقالت", "صرح", "صرّح", "وصرح", "أضاف", "وأضاف",
            "أضافت", "وأضافت", "أكد", "وأكد", "أكدت", "وأكدت", "نفى", "ونفى", "نفت",
            "ونفت", "أعلن", "وأعلن", "أعلنت", "زعم", "أوضح", "وأوضح", "حذر", "وحذر",
        ],
        according: &["وفقا ل", "وفقاً ل", "بحسب", "حسب", "طبقا ل"],
        vague: &[
            "بحسب مصادر", "حسب مصادر", "مصادر مطلعة", "قالت مصادر", "أفادت تقارير",
            "يُزعم", "يزعم", "بعض الخبراء", "وفقا لمصادر",
        ],
        complementizers: &["أن", "إن"],
    },
];

static DEFAULT: LazyLock<Arc<Speech>> =
    LazyLock::new(|| Arc::new(Speech::with_extensions(DEFAULT_MIN_WORDS, false, &[])));

impl Speech {
    /// The shipped tables and settings, built once.
    pub fn shipped() -> Arc<Speech> {
        DEFAULT.clone()
    }

    /// The shipped tables with additions; a language the tables lack is added.
    pub fn with_extensions(
        min_words: usize,
        reported_speech: bool,
        extensions: &[(String, LanguageExtension)],
    ) -> Speech {
        let extension_of = |tag: &str| {
            extensions
                .iter()
                .find(|(known, _)| known == tag)
                .map(|(_, extension)| extension.clone())
        };
        let mut languages: Vec<Entry> = SHIPPED
            .iter()
            .map(|shipped| Entry {
                tag: shipped.tag.to_owned(),
                shipped: Some(shipped),
                extension: extension_of(shipped.tag),
                built: OnceLock::new(),
            })
            .collect();
        for (tag, extension) in extensions {
            if SHIPPED.iter().any(|shipped| shipped.tag == tag) {
                continue;
            }
            languages.push(Entry {
                tag: tag.clone(),
                shipped: None,
                extension: Some(extension.clone()),
                built: OnceLock::new(),
            });
        }
        Speech {
            languages,
            min_words,
            reported_speech,
        }
    }

    /// The tables of a language tag (`fr`, `fr-CA`, `AR`); English for none or an unknown one.
    pub fn language(&self, tag: Option<&str>) -> &Language {
        let primary = tag
            .unwrap_or("en")
            .split(['-', '_'])
            .next()
            .unwrap_or("en")
            .trim()
            .to_ascii_lowercase();
        let found = self
            .languages
            .iter()
            .find(|entry| entry.tag == primary)
            .or_else(|| self.languages.first());
        match found {
            Some(entry) => entry.language(),
            // Never empty: the shipped languages are always there.
            None => &EMPTY,
        }
    }
}

static EMPTY: LazyLock<Language> = LazyLock::new(|| Language {
    pairs: Vec::new(),
    reporting: Phrases::new(Vec::new()),
    according: Phrases::new(Vec::new()),
    vague: Phrases::new(Vec::new()),
    complementizers: Vec::new(),
});

impl Language {
    fn new(shipped: &Shipped, extension: Option<&LanguageExtension>) -> Language {
        let words = |base: &[&str], more: Option<&Vec<String>>| -> Vec<String> {
            base.iter()
                .map(|word| (*word).to_owned())
                .chain(more.into_iter().flatten().cloned())
                .collect()
        };
        let mut pairs = shipped.quotes.to_vec();
        pairs.extend(extension.map_or(&[][..], |e| &e.quotes));
        Language {
            pairs,
            reporting: Phrases::new(words(shipped.reporting, extension.map(|e| &e.reporting))),
            according: Phrases::new(words(shipped.according, extension.map(|e| &e.according))),
            vague: Phrases::new(words(shipped.vague, extension.map(|e| &e.vague))),
            complementizers: words(shipped.complementizers, None),
        }
    }

    pub fn is_opening(&self, ch: char) -> bool {
        self.pairs.iter().any(|&(open, _)| open == ch)
    }

    pub fn closes(&self, open: char, ch: char) -> bool {
        self.pairs
            .iter()
            .any(|&(o, close)| o == open && close == ch)
    }

    /// The reporting phrases in `text`, as whole words: byte ranges into it.
    pub fn reporting_in<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (std::ops::Range<usize>, Reporting)> + 'a {
        let verbs = self.reporting.find_in(text).map(|r| (r, Reporting::Verb));
        let according = self
            .according
            .find_in(text)
            .map(|r| (r, Reporting::According));
        verbs.chain(according)
    }

    /// The first vague attribution in `text` and its phrase.
    pub fn vague_in<'a>(&'a self, text: &'a str) -> Option<&'a str> {
        let range = self.vague.find_in(text).next()?;
        text.get(range)
    }

    /// `text` without a leading complementizer (`that`, `que`) and the blanks after it.
    pub fn strip_complementizer<'a>(&self, text: &'a str) -> &'a str {
        for word in &self.complementizers {
            let Some(head) = text.get(..word.len()) else {
                continue;
            };
            if !head.eq_ignore_ascii_case(word) {
                continue;
            }
            let rest = &text[word.len()..];
            // `qu'` ends in its apostrophe; other words must end at a blank.
            let elided = word.ends_with(['\'', '’']);
            if elided || rest.starts_with(char::is_whitespace) {
                return rest.trim_start();
            }
        }
        text
    }
}

impl Phrases {
    /// Matches each phrase as written, lowercased or capitalised (`said`, `Said`,
    /// `According to`): spelling the cases out rather than folding them lets the automaton
    /// use its SIMD prefilter, several times faster on prose.
    fn new(words: Vec<String>) -> Phrases {
        let mut variants: Vec<String> = Vec::with_capacity(words.len() * 3);
        for word in &words {
            let mut chars = word.chars();
            let Some(first) = chars.next() else {
                continue;
            };
            let rest = chars.as_str();
            variants.push(word.clone());
            variants.push(first.to_lowercase().chain(rest.chars()).collect());
            variants.push(first.to_uppercase().chain(rest.chars()).collect());
        }
        variants.sort_unstable();
        variants.dedup();
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&variants)
            .ok();
        Phrases { matcher }
    }

    /// Matches that stand as whole words (not `unsaid`, not `saidra`).
    fn find_in<'a>(&'a self, text: &'a str) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
        self.matcher
            .iter()
            .flat_map(move |matcher| matcher.find_iter(text))
            .map(|found| found.range())
            .filter(move |range| {
                let before = text[..range.start].chars().next_back();
                let after = text[range.end..].chars().next();
                let last = text[range.clone()].chars().next_back();
                // A phrase ending in a separator (`وفقا ل`, `qu'`) may run into the next word.
                let open_end = last.is_some_and(|ch| !ch.is_alphanumeric());
                !before.is_some_and(char::is_alphanumeric)
                    && (open_end || !after.is_some_and(char::is_alphanumeric))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only the languages asked for have their automata built.
    #[test]
    fn a_language_is_built_when_first_asked_for() {
        let speech = Speech::with_extensions(DEFAULT_MIN_WORDS, false, &[]);
        fn built(speech: &Speech) -> Vec<&str> {
            let languages = speech.languages.iter();
            let built = languages.filter(|entry| entry.built.get().is_some());
            built.map(|entry| entry.tag.as_str()).collect()
        }
        assert!(built(&speech).is_empty());
        assert!(speech.language(Some("fr")).is_opening('«'));
        assert_eq!(built(&speech), ["fr"]);
    }

    #[test]
    fn languages_by_tag_with_english_as_fallback() {
        let speech = Speech::shipped();
        assert!(speech.language(Some("fr-CA")).is_opening('«'));
        assert!(speech.language(Some("DE")).closes('„', '“'));
        assert!(!speech.language(Some("en")).is_opening('«'));
        assert!(speech.language(Some("xx")).is_opening('“'));
        assert!(speech.language(None).is_opening('"'));
    }

    #[test]
    fn phrases_are_whole_words_in_any_case() {
        let speech = Speech::shipped();
        let en = speech.language(Some("en"));
        let found: Vec<_> = en
            .reporting_in("Unsaid, he said; According to Reuters")
            .collect();
        assert_eq!(
            found,
            vec![(11..15, Reporting::Verb), (17..29, Reporting::According)]
        );
        let ar = speech.language(Some("ar"));
        let text = "وقال المتحدث";
        assert_eq!(ar.reporting_in(text).count(), 1);
        assert_eq!(
            en.vague_in("The ship was Reportedly hit"),
            Some("Reportedly")
        );
        assert_eq!(
            en.vague_in("REPORTEDLY"),
            None,
            "only the first letter's case varies"
        );
        assert_eq!(en.vague_in("unreportedly"), None);
    }

    #[test]
    fn extensions_add_words_and_languages() {
        let extension = LanguageExtension {
            quotes: vec![('‘', '’')],
            reporting: vec!["quipped".to_owned()],
            ..LanguageExtension::default()
        };
        let it = LanguageExtension {
            reporting: vec!["ha detto".to_owned()],
            quotes: vec![('«', '»')],
            ..LanguageExtension::default()
        };
        let speech = Speech::with_extensions(
            3,
            false,
            &[("en".to_owned(), extension), ("it".to_owned(), it)],
        );
        let en = speech.language(Some("en"));
        assert!(en.is_opening('‘') && en.is_opening('“'));
        assert_eq!(en.reporting_in("she quipped").count(), 1);
        assert_eq!(
            speech.language(Some("it")).reporting_in("ha detto").count(),
            1
        );
        assert_eq!(speech.min_words, 3);
    }

    #[test]
    fn complementizers() {
        let speech = Speech::shipped();
        assert_eq!(
            speech.language(Some("en")).strip_complementizer("that it"),
            "it"
        );
        assert_eq!(
            speech.language(Some("en")).strip_complementizer("thatch"),
            "thatch"
        );
        assert_eq!(
            speech.language(Some("fr")).strip_complementizer("qu’il"),
            "il"
        );
    }
}
