//! Citations of provisions, and the check that a citation's text is the law's text.

use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;

use crate::raw::RawCitation;
use crate::text::Text;

/// A cited provision with its verbatim text. An assessment borrows its citations from
/// the ruleset. The title and version are shared by every citation of the same source;
/// the article and text are the ruleset file's own strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// Law or document title.
    pub law: Arc<str>,
    /// Version date of the law or document.
    pub version: Arc<str>,
    /// Article or table row.
    pub article: Text,
    /// Paragraph (款), from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    /// Item (项), from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<u32>,
    /// The text.
    pub text: Text,
}

impl Citation {
    /// A citation of a source that is not shared with others; its strings are found in
    /// `file`, the text it was read from (see [`Text::within`]).
    pub(crate) fn from_raw(raw: RawCitation, file: Option<&Arc<str>>) -> Citation {
        let (law, version) = (Arc::from(&*raw.law), Arc::from(&*raw.version));
        Citation::with_source(law, version, raw, file)
    }

    /// A citation of `law` and `version` (shared with the other citations of that
    /// source); the article and text are found in `file`.
    pub(crate) fn with_source(
        law: Arc<str>,
        version: Arc<str>,
        raw: RawCitation,
        file: Option<&Arc<str>>,
    ) -> Citation {
        Citation {
            law,
            version,
            article: Text::within(file, raw.article),
            paragraph: raw.paragraph,
            item: raw.item,
            text: Text::within(file, raw.text),
        }
    }

    /// `食品安全法 第一百二十四条第一款第二项`.
    #[must_use]
    pub fn label(&self) -> String {
        let mut label = format!("{} {}", self.law, self.article);
        if let Some(p) = self.paragraph {
            let _ = write!(label, "第{}款", chinese_number(p));
        }
        if let Some(i) = self.item {
            let _ = write!(label, "第{}项", chinese_number(i));
        }
        label
    }
}

/// Writes 1..=999 in Chinese numerals as articles number them (十二, 一百二十四).
#[must_use]
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: u32| DIGITS[(d % 10) as usize];
    match n {
        0..=9 => digit(n).to_owned(),
        10..=19 => format!("十{}", if n % 10 == 0 { "" } else { digit(n % 10) }),
        20..=99 => {
            format!(
                "{}十{}",
                digit(n / 10),
                if n % 10 == 0 { "" } else { digit(n % 10) }
            )
        }
        100..=999 => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", digit(rest)),
                10..=19 => format!("一{}", chinese_number(rest)),
                _ => chinese_number(rest),
            };
            format!("{}百{tail}", digit(n / 100))
        }
        _ => n.to_string(),
    }
}

/// The text of one article of a law file: from the line that starts with the article
/// number to the next article or heading. `None` if the file has no such article.
#[must_use]
pub fn article_text<'a>(law: &'a str, article: &str) -> Option<&'a str> {
    let mut start = None;
    let mut offset = 0;
    for line in law.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        match start {
            None => {
                let rest = line.strip_prefix(article);
                if rest.is_some_and(|r| r.starts_with([' ', '　'])) {
                    start = Some(here);
                }
            }
            Some(begin) => {
                if line.starts_with('#') || starts_article(line) {
                    return law.get(begin..here);
                }
            }
        }
    }
    start.and_then(|begin| law.get(begin..))
}

fn starts_article(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('第') else {
        return false;
    };
    let numeral_end = rest
        .char_indices()
        .find(|(_, c)| !"零一二三四五六七八九十百千".contains(*c))
        .map_or(rest.len(), |(i, _)| i);
    numeral_end > 0
        && rest[numeral_end..].starts_with('条')
        && rest[numeral_end + '条'.len_utf8()..].starts_with([' ', '　'])
}

/// Whether `cited` appears in `source`, ignoring whitespace (PDF text wraps lines).
#[must_use]
pub fn contains_verbatim(source: &str, cited: &str) -> bool {
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let cited = squash(cited);
    !cited.is_empty() && squash(source).contains(&cited)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAW: &str = "## 第一章\n\n第一条 甲。\n\n乙。\n\n第二条 丙。\n## 第二章\n第十条 丁。\n";

    #[test]
    fn finds_an_article_up_to_the_next() {
        assert_eq!(article_text(LAW, "第一条"), Some("第一条 甲。\n\n乙。\n\n"));
        assert_eq!(article_text(LAW, "第二条"), Some("第二条 丙。\n"));
        assert_eq!(article_text(LAW, "第十条"), Some("第十条 丁。\n"));
        assert_eq!(article_text(LAW, "第三条"), None);
    }

    #[test]
    fn compares_ignoring_whitespace() {
        assert!(contains_verbatim("第一条 甲。\n\n乙。", "甲。乙。"));
        assert!(!contains_verbatim("第一条 甲。", "甲！"));
        assert!(!contains_verbatim("第一条 甲。", " "));
    }

    #[test]
    fn numbers_articles_in_chinese() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (12, "十二"),
            (20, "二十"),
            (35, "三十五"),
        ];
        for (n, text) in cases {
            assert_eq!(chinese_number(n), text);
        }
        assert_eq!(chinese_number(100), "一百");
        assert_eq!(chinese_number(105), "一百零五");
        assert_eq!(chinese_number(110), "一百一十");
        assert_eq!(chinese_number(124), "一百二十四");
    }
}
