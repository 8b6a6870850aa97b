//! The disclosure table (公示): the whole benchmark of a ruleset, as an agency publishes
//! it, in HTML or Markdown. Every string from the ruleset is escaped.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::assessment::{kind_name, tier_name};
use crate::citation::Citation;
use crate::money::Percent;
use crate::raw::{Effect, PenaltyMode};
use crate::ruleset::{Bands, Fine, Model, Ruleset, Violation};

/// A cell of the table: plain text, escaped when written.
struct Section {
    title: &'static str,
    lines: Vec<String>,
}

/// The sections describing one violation, in order.
fn sections(ruleset: &Ruleset, v: &Violation) -> Vec<Section> {
    let mut out = Vec::new();
    let cite = |c: &Citation| format!("{}：{}", c.label(), c.text);
    if let Some(d) = &v.description {
        out.push(Section {
            title: "说明",
            lines: vec![d.to_string()],
        });
    }
    out.push(Section {
        title: "违法依据",
        lines: v.violates.iter().map(cite).collect(),
    });
    out.push(Section {
        title: "处罚依据",
        lines: vec![cite(&v.punishes)],
    });
    let penalties = v
        .penalties
        .iter()
        .map(|p| {
            let mode = match p.mode {
                PenaltyMode::Must => "应当",
                PenaltyMode::May => "可以",
                PenaltyMode::Either => "择一",
            };
            let mut line = format!(
                "{mode}：{}",
                p.text.as_deref().unwrap_or_else(|| kind_name(p.kind))
            );
            if let Some(w) = &p.when {
                let _ = write!(
                    line,
                    "（条件：{}）",
                    ruleset.describe_condition(&v.id, w.source())
                );
            }
            line
        })
        .collect();
    out.push(Section {
        title: "处罚种类",
        lines: penalties,
    });
    if let Some(f) = &v.fine {
        out.push(Section {
            title: "法定罚款",
            lines: fine_lines(ruleset, v, f),
        });
    }
    if let Some(m) = &v.model {
        out.push(Section {
            title: "裁量基准",
            lines: model_lines(ruleset, v, m),
        });
    }
    let circumstances: Vec<String> = ruleset
        .circumstances
        .iter()
        .chain(&v.circumstances)
        .map(|c| {
            let effect = match c.effect {
                Effect::Lighter => "从轻",
                Effect::Heavier => "从重",
                Effect::LighterOrMitigated => "从轻或者减轻",
            };
            let may = if c.mandatory { "应当" } else { "可以" };
            let mut line = format!("{may}{effect}：{}（{}）", c.text, c.basis.label());
            if let Some(k) = c.coefficient {
                let _ = write!(line, "，系数{}", k.normalize());
            }
            line
        })
        .collect();
    if !circumstances.is_empty() {
        out.push(Section {
            title: "裁量情节",
            lines: circumstances,
        });
    }
    if !v.no_penalty.is_empty() || !ruleset.no_penalty.is_empty() {
        let lines = ruleset
            .no_penalty
            .iter()
            .chain(&v.no_penalty)
            .map(|n| {
                format!(
                    "{}：{}（{}）",
                    if n.mandatory {
                        "不予处罚"
                    } else {
                        "可以不予处罚"
                    },
                    n.text,
                    n.basis.label()
                )
            })
            .collect();
        out.push(Section {
            title: "不予处罚情形",
            lines,
        });
    }
    if !v.benchmark.is_empty() {
        let mut lines: Vec<String> = v.benchmark.iter().map(Citation::label).collect();
        lines.dedup();
        out.push(Section {
            title: "基准出处",
            lines,
        });
    }
    out
}

fn yuan(d: Decimal) -> String {
    format!("{}元", d.normalize())
}

fn fine_text(ruleset: &Ruleset, v: &Violation, fine: &Fine) -> String {
    let fact = |id| {
        ruleset
            .fact(v, id)
            .map_or_else(String::new, |d| d.label.to_string())
    };
    match fine {
        Fine::Fixed(a) => yuan(*a),
        Fine::Range {
            min: Some(a),
            max: Some(b),
        } => format!("{}以上{}以下", yuan(*a), yuan(*b)),
        Fine::Range {
            min: None,
            max: Some(b),
        } => format!("{}以下", yuan(*b)),
        Fine::Range {
            min: Some(a),
            max: None,
        } => format!("{}以上", yuan(*a)),
        Fine::Range {
            min: None,
            max: None,
        } => String::new(),
        Fine::Multiple { of, min, max } => {
            let bound = |d: &Option<Decimal>, word| {
                d.map(|d| format!("{}倍{word}", d.normalize()))
                    .unwrap_or_default()
            };
            format!("{}{}{}", fact(*of), bound(min, "以上"), bound(max, "以下"))
        }
        Fine::Cases(cases) => cases
            .iter()
            .map(|c| format!("{}：{}", c.text, fine_text(ruleset, v, &c.fine)))
            .collect::<Vec<_>>()
            .join("；"),
        Fine::Either {
            primary,
            fallback,
            text,
            ..
        } => {
            format!(
                "{}；{}：{}",
                fine_text(ruleset, v, primary),
                text,
                fine_text(ruleset, v, fallback)
            )
        }
        Fine::PerDay { days, daily, unit } if unit == "日" => {
            format!(
                "按日连续处罚（{}）：每日{}",
                fact(*days),
                fine_text(ruleset, v, daily)
            )
        }
        Fine::PerDay { days, daily, unit } => {
            format!(
                "按{unit}计罚（{}）：每{unit}{}",
                fact(*days),
                fine_text(ruleset, v, daily)
            )
        }
    }
}

fn fine_lines(ruleset: &Ruleset, v: &Violation, fine: &Fine) -> Vec<String> {
    match fine {
        Fine::Cases(cases) => cases
            .iter()
            .map(|c| format!("{}：{}", c.text, fine_text(ruleset, v, &c.fine)))
            .collect(),
        other => vec![fine_text(ruleset, v, other)],
    }
}

fn bands_lines(bands: &Bands) -> Vec<String> {
    [
        ("从轻", bands.lighter),
        ("一般", bands.ordinary),
        ("从重", bands.heavier),
    ]
    .iter()
    .map(|(name, [a, b])| format!("{name}：{a}至{b}"))
    .collect()
}

fn model_lines(ruleset: &Ruleset, v: &Violation, model: &Model) -> Vec<String> {
    match model {
        Model::Tiers(tiers) => tiers
            .iter()
            .map(|t| {
                format!(
                    "{}：{}——{}",
                    tier_name(t.tier),
                    t.text,
                    fine_text(ruleset, v, &t.fine)
                )
            })
            .collect(),
        Model::Bands(bands) => {
            let mut lines = vec!["按法定幅度分档（根据从轻、从重情节确定档次）".to_owned()];
            lines.extend(bands_lines(bands));
            lines
        }
        Model::Weights(w) => {
            let mut lines = vec![format!("权重累加：裁量起点{}", Percent(w.start))];
            for f in &w.factors {
                let levels: Vec<String> = f
                    .levels
                    .iter()
                    .map(|l| format!("{} {}", l.text, Percent(l.weight)))
                    .collect();
                lines.push(format!("{}：{}", f.name, levels.join("；")));
            }
            let base = w.base.map_or_else(|| "法定最高罚款数额".to_owned(), yuan);
            let mut rule = format!(
                "罚款金额 = 裁量百分值总和（最高{}）× {base}",
                Percent(w.cap)
            );
            if let Some(floor) = w.floor {
                let _ = write!(rule, "；总和不足{0}的，按{0}计算", Percent(floor));
            }
            lines.push(rule);
            lines
        }
        Model::FactBands(rows) | Model::FixedBands(rows) => rows
            .iter()
            .map(|r| format!("{}：{}", r.text, fine_text(ruleset, v, &r.fine)))
            .collect(),
        Model::Coefficients { base } => vec![format!(
            "基础裁量值{}，乘以（1 + 各情节系数之和），不超出法定幅度",
            yuan(*base)
        )],
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn heading(ruleset: &Ruleset) -> Vec<(&'static str, String)> {
    let m = &ruleset.meta;
    let mut rows = vec![
        ("制定机关", m.authority.to_string()),
        (
            "适用地区",
            format!("{}（{}）", m.jurisdiction_name, m.jurisdiction_code),
        ),
        ("版本", m.version.to_string()),
        (
            "施行日期",
            match m.effective_until {
                Some(until) => format!("{} 至 {until}", m.effective_from),
                None => format!("{} 起", m.effective_from),
            },
        ),
    ];
    if let Some(n) = &m.document_number {
        rows.insert(1, ("文号", n.to_string()));
    }
    if let Some(t) = &m.title_en {
        rows.push(("English title", t.to_string()));
    }
    let conventions: Vec<String> = ruleset
        .conventions
        .basis
        .iter()
        .map(|c| format!("{}：{}", c.label(), c.text))
        .collect();
    if !conventions.is_empty() {
        rows.push(("裁量规则", conventions.join("\n")));
    }
    if let Some(sha) = &ruleset.sha256 {
        rows.push(("SHA-256", sha.clone()));
    }
    rows
}

fn sources(ruleset: &Ruleset) -> Vec<String> {
    ruleset
        .meta
        .sources
        .iter()
        .map(|s| {
            let mut line = format!("{}（{}）", s.title, s.version);
            if let Some(url) = &s.url {
                let _ = write!(line, " {url}");
            }
            if let Some(note) = &s.note {
                let _ = write!(line, "（{note}）");
            }
            line
        })
        .collect()
}

/// The disclosure table as a standalone HTML page.
#[must_use]
pub fn html(ruleset: &Ruleset) -> String {
    let m = &ruleset.meta;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{0}</title>\n<style>\nbody{{font-family:system-ui,\"Noto Sans CJK SC\",sans-serif;margin:1rem auto;max-width:64rem;padding:0 1rem;line-height:1.6;color:#1a1a1a}}\ntable{{border-collapse:collapse;width:100%;margin:0 0 1.5rem}}\nth,td{{border:1px solid #999;padding:.4rem .6rem;vertical-align:top;text-align:left}}\nth{{background:#f1f1f1;width:8rem;white-space:nowrap}}\nh2{{font-size:1.15rem;margin:2rem 0 .5rem}}\n@media print{{h2{{break-after:avoid}}table{{break-inside:auto}}}}\n</style>\n</head>\n<body>\n<h1>{0}</h1>\n<table class=\"meta\">\n",
        escape(&m.title)
    );
    for (k, v) in heading(ruleset) {
        let _ = writeln!(
            out,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape(k),
            escape(&v).replace('\n', "<br>")
        );
    }
    let _ = writeln!(
        out,
        "<tr><th>依据</th><td>{}</td></tr>",
        sources(ruleset)
            .iter()
            .map(|s| escape(s))
            .collect::<Vec<_>>()
            .join("<br>")
    );
    if let Some(d) = &m.description {
        let _ = writeln!(out, "<tr><th>说明</th><td>{}</td></tr>", escape(d));
    }
    out.push_str("</table>\n");
    for (i, v) in ruleset.violations.iter().enumerate() {
        let _ = writeln!(
            out,
            "<h2 id=\"{}\">{}. {}</h2>\n<table>",
            escape(&v.id),
            i + 1,
            escape(&v.name)
        );
        for s in sections(ruleset, v) {
            let cell = s
                .lines
                .iter()
                .map(|l| escape(l))
                .collect::<Vec<_>>()
                .join("<br>");
            let _ = writeln!(out, "<tr><th>{}</th><td>{cell}</td></tr>", s.title);
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The disclosure table as Markdown.
#[must_use]
pub fn markdown(ruleset: &Ruleset) -> String {
    let cell = |s: &str| escape(s).replace('|', "\\|").replace('\n', "<br>");
    let mut out = format!(
        "# {}\n\n| 项目 | 内容 |\n| --- | --- |\n",
        cell(&ruleset.meta.title)
    );
    for (k, v) in heading(ruleset) {
        let _ = writeln!(out, "| {k} | {} |", cell(&v));
    }
    let _ = writeln!(
        out,
        "| 依据 | {} |",
        sources(ruleset)
            .iter()
            .map(|s| cell(s))
            .collect::<Vec<_>>()
            .join("<br>")
    );
    for (i, v) in ruleset.violations.iter().enumerate() {
        let _ = write!(
            out,
            "\n## {}. {}\n\n| 项目 | 内容 |\n| --- | --- |\n",
            i + 1,
            cell(&v.name)
        );
        for s in sections(ruleset, v) {
            let _ = writeln!(
                out,
                "| {} | {} |",
                s.title,
                s.lines
                    .iter()
                    .map(|l| cell(l))
                    .collect::<Vec<_>>()
                    .join("<br>")
            );
        }
    }
    out
}
