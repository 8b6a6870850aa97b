//! What a ruleset offers a user interface: its metadata, its violations with their
//! 处罚依据 for search and browsing, and the facts each violation's form asks for.

use serde::Serialize;

use crate::citation::Citation;
use crate::date::Date;
use crate::facts::FactDecl;
use crate::raw::RawSource;
use crate::ruleset::Ruleset;
use crate::text::Text;

/// A ruleset's metadata and violations.
#[derive(Debug, Clone, Serialize)]
pub struct Info<'r> {
    /// Id shared by the ruleset's versions.
    pub id: &'r str,
    /// Title.
    pub title: &'r str,
    /// English title.
    pub title_en: Option<&'r str>,
    /// Issuing authority.
    pub authority: &'r str,
    /// Document number (文号).
    pub document_number: Option<&'r str>,
    /// Jurisdiction name.
    pub jurisdiction: &'r str,
    /// Six-digit administrative division code.
    pub jurisdiction_code: &'r str,
    /// Version label.
    pub version: &'r str,
    /// First day in force.
    pub effective_from: Date,
    /// Last day in force.
    pub effective_until: Option<Date>,
    /// Description.
    pub description: Option<&'r str>,
    /// Source documents.
    pub sources: &'r [RawSource],
    /// SHA-256 of the file as published.
    pub sha256: Option<&'r str>,
    /// The violations.
    pub violations: Vec<Entry<'r>>,
}

/// One violation, for search and browsing.
#[derive(Debug, Clone, Serialize)]
pub struct Entry<'r> {
    /// Id.
    pub id: &'r str,
    /// Name.
    pub name: &'r str,
    /// English name.
    pub name_en: Option<&'r str>,
    /// Category.
    pub category: Option<&'r str>,
    /// Search words.
    pub keywords: &'r [Text],
    /// 处罚依据.
    pub punishes: &'r Citation,
}

/// The facts a violation's form asks for: the general facts, then the ruleset's and
/// the violation's own.
#[derive(Debug, Clone, Serialize)]
pub struct Form<'r> {
    /// The violation.
    pub violation: Entry<'r>,
    /// The facts, in order.
    pub facts: Vec<&'r FactDecl>,
}

impl Ruleset {
    /// Metadata and violations.
    #[must_use]
    pub fn info(&self) -> Info<'_> {
        let m = &self.meta;
        Info {
            id: &m.id,
            title: &m.title,
            title_en: m.title_en.as_deref(),
            authority: &m.authority,
            document_number: m.document_number.as_deref(),
            jurisdiction: &m.jurisdiction_name,
            jurisdiction_code: &m.jurisdiction_code,
            version: &m.version,
            effective_from: m.effective_from,
            effective_until: m.effective_until,
            description: m.description.as_deref(),
            sources: &m.sources,
            sha256: self.sha256.as_deref(),
            violations: self.violations.iter().map(entry).collect(),
        }
    }

    /// The form of one violation, if the ruleset has it.
    #[must_use]
    pub fn form(&self, violation: &str) -> Option<Form<'_>> {
        let v = self.violation(violation)?;
        Some(Form {
            violation: entry(v),
            facts: self.facts.iter().chain(&v.facts).collect(),
        })
    }
}

fn entry(v: &crate::ruleset::Violation) -> Entry<'_> {
    Entry {
        id: &v.id,
        name: &v.name,
        name_en: v.name_en.as_deref(),
        category: v.category.as_deref(),
        keywords: &v.keywords,
        punishes: &v.punishes,
    }
}

impl Ruleset {
    /// A condition in words a citizen reads: fact names become their labels, choice
    /// values their labels, operators Chinese words (`not serious` → `非 情节严重`).
    #[must_use]
    pub fn describe_condition(&self, violation: &str, source: &str) -> String {
        let facts: Vec<&FactDecl> = match self.violation(violation) {
            Some(v) => self.facts.iter().chain(&v.facts).collect(),
            None => self.facts.iter().collect(),
        };
        let mut out = String::with_capacity(source.len() * 2);
        let mut chars = source.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if c == '\'' || c == '"' {
                let mut end = source.len();
                for (i, d) in chars.by_ref() {
                    if d == c {
                        end = i;
                        break;
                    }
                }
                let value = source.get(start + c.len_utf8()..end).unwrap_or_default();
                let label = facts
                    .iter()
                    .flat_map(|f| &f.choices)
                    .find(|ch| *ch.value == *value);
                out.push('“');
                out.push_str(label.map_or(value, |ch| ch.label.as_str()));
                out.push('”');
            } else if c.is_ascii_alphabetic() || c == '_' {
                let mut end = start + 1;
                while let Some(&(i, d)) = chars.peek() {
                    if d.is_ascii_alphanumeric() || d == '_' {
                        end = i + 1;
                        chars.next();
                    } else {
                        break;
                    }
                }
                let word = &source[start..end];
                let text = match word {
                    "and" => "且",
                    "or" => "或",
                    "not" => "非",
                    "true" => "是",
                    "false" => "否",
                    "known" => "已填写",
                    "in" => "属于",
                    "contains" => "包含",
                    name => facts
                        .iter()
                        .find(|f| *f.name == *name)
                        .map_or(name, |f| f.label.as_str()),
                };
                out.push_str(text);
            } else if matches!(c, '=' | '!' | '<' | '>') {
                let double = chars.peek().is_some_and(|&(_, d)| d == '=');
                if double {
                    chars.next();
                }
                out.push_str(match (c, double) {
                    ('=', _) => "为",
                    ('!', _) => "不为",
                    ('<', true) => "≤",
                    ('>', true) => "≥",
                    ('<', false) => "<",
                    _ => ">",
                });
            } else {
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::Ruleset;

    #[test]
    fn conditions_read_as_words() {
        let text = std::fs::read_to_string("tests/fixtures/fire.toml").unwrap();
        let ruleset = Ruleset::from_toml(&text).unwrap();
        let describe = |s| ruleset.describe_condition("smoking", s);
        assert_eq!(describe("not serious"), "非 情节严重");
        assert_eq!(
            describe("party == 'individual' and refused_correction"),
            "当事人类型 为 “公民” 且 经责令改正拒不改正"
        );
        assert_eq!(
            describe("age >= 14 or mitigation contains \"confessed\""),
            "年龄（周岁） ≥ 14 或 法定从轻或者减轻情形 包含 “主动供述行政机关尚未掌握的违法行为”"
        );
        assert_eq!(
            describe("known(x) 且 'unterminated"),
            "已填写(x) 且 “unterminated”"
        );
    }
}
