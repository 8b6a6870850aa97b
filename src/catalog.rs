//! What a ruleset offers a user interface: its metadata, its violations with their
//! 处罚依据 for search and browsing, and the facts each violation's form asks for.

use serde::Serialize;

use crate::citation::Citation;
use crate::date::Date;
use crate::facts::FactDecl;
use crate::raw::RawSource;
use crate::ruleset::Ruleset;

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
    pub keywords: &'r [String],
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
