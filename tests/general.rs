//! The general part's texts are the law's, character for character.

use cailiang::citation::{article_text, contains_verbatim};
use cailiang::general::Provision;

#[test]
fn general_provisions_quote_the_law_file() {
    let law = std::fs::read_to_string("rulesets/laws/行政处罚法(2021-01-22).md").unwrap();
    for provision in Provision::ALL {
        let citation = provision.citation();
        let article = article_text(&law, &citation.article)
            .unwrap_or_else(|| panic!("{} is not in the law file", citation.article));
        assert!(
            contains_verbatim(article, &citation.text),
            "{:?}: the text differs from {} in the law file",
            provision,
            citation.article
        );
    }
}

#[test]
fn a_changed_character_is_caught() {
    let law = std::fs::read_to_string("rulesets/laws/行政处罚法(2021-01-22).md").unwrap();
    let article = article_text(&law, "第三十条").unwrap();
    let text = Provision::Minors.text().replace("十四", "十五");
    assert!(!contains_verbatim(article, &text));
}
