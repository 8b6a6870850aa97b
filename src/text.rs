//! Strings of a ruleset: [`Str`] as the file is read, [`Text`] once it is loaded.
//!
//! A ruleset is mostly strings: names, labels, the verbatim texts of provisions, the
//! wording of every tier and circumstance. Read from a published text, a string is not
//! copied: the raw model borrows it ([`Str`]) and the loaded ruleset refers to its place
//! in the text ([`Text`]), which the ruleset keeps once. A string that is not found
//! as it is in the text (JSON with escapes, a raw model built by hand) has a text of
//! its own.

use std::borrow::Cow;
use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A string of the raw model: borrowed from the text being read where the format
/// allows, owned otherwise.
#[derive(Clone, PartialEq, Eq)]
pub struct Str<'a>(pub Cow<'a, str>);

impl Str<'_> {
    /// The string.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The string, owned.
    #[must_use]
    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl Deref for Str<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'a> From<&'a str> for Str<'a> {
    fn from(s: &'a str) -> Str<'a> {
        Str(Cow::Borrowed(s))
    }
}

impl From<String> for Str<'_> {
    fn from(s: String) -> Self {
        Str(Cow::Owned(s))
    }
}

impl PartialEq<str> for Str<'_> {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Str<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl Serialize for Str<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StrVisitor)
    }
}

struct StrVisitor;

impl<'de> serde::de::Visitor<'de> for StrVisitor {
    type Value = Str<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Str<'de>, E> {
        Ok(Str(Cow::Borrowed(v)))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Str<'de>, E> {
        Ok(Str(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Str<'de>, E> {
        Ok(Str(Cow::Owned(v)))
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Str<'_> {
    fn inline_schema() -> bool {
        <String as schemars::JsonSchema>::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        <String as schemars::JsonSchema>::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        <String as schemars::JsonSchema>::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <String as schemars::JsonSchema>::json_schema(generator)
    }
}

/// A string of a loaded ruleset: a place in a text shared with the ruleset's other
/// strings. Cloning one copies no characters.
#[derive(Clone)]
pub struct Text {
    whole: Arc<str>,
    start: usize,
    end: usize,
}

impl Text {
    /// The string, as `&str`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.whole.get(self.start..self.end).unwrap_or_default()
    }

    /// Its length in bytes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether it is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// `s`, found in `text` when it was borrowed from it, copied otherwise.
    #[must_use]
    pub fn within(text: Option<&Arc<str>>, s: Str<'_>) -> Text {
        match (text, s.0) {
            (Some(text), Cow::Borrowed(s)) => match place(text, s) {
                Some(range) => Text {
                    whole: Arc::clone(text),
                    start: range.start,
                    end: range.end,
                },
                None => Text::from(s),
            },
            (_, s) => Text::from(&*s),
        }
    }
}

/// Where `part` lies in `whole`, if it is a slice of it.
fn place(whole: &str, part: &str) -> Option<Range<usize>> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    let end = start.checked_add(part.len())?;
    (end <= whole.len()).then_some(start..end)
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text {
            whole: Arc::from(s),
            start: 0,
            end: s.len(),
        }
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

// Strings of different lengths differ: checked first, since reading a `Text` as `&str`
// costs more than its length.
impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.len() == other.len() && self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.len() == other.len() && self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self == **other
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_borrowed_string_is_found_in_its_text() {
        let text: Arc<str> = Arc::from("名称 = \"违法行为\"");
        let part = &text[10..text.len() - 1];
        let found = Text::within(Some(&text), Str::from(part));
        assert_eq!(found, "违法行为");
        assert!(Arc::ptr_eq(&found.whole, &text));
    }

    #[test]
    fn a_string_from_elsewhere_is_copied() {
        let text: Arc<str> = Arc::from("abc");
        let elsewhere = String::from("abc");
        let copied = Text::within(Some(&text), Str::from(elsewhere.as_str()));
        assert_eq!(copied, "abc");
        assert!(!Arc::ptr_eq(&copied.whole, &text));
        let owned = Text::within(Some(&text), Str::from(String::from("b")));
        assert!(!Arc::ptr_eq(&owned.whole, &text));
        assert_eq!(Text::within(None, Str::from("xyz")), "xyz");
    }

    #[test]
    fn a_string_partly_outside_the_text_is_copied() {
        let both = String::from("abcdef");
        let text: Arc<str> = Arc::from(&both[..3]);
        // Not a slice of `text` at all, though its address may follow it.
        let copied = Text::within(Some(&text), Str::from(&both[2..]));
        assert_eq!(copied, "cdef");
    }
}
