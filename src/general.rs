//! The general part of 行政处罚法 (2021-01-22): the provisions the engine applies to
//! every violation, with their verbatim text. A test compares each text with
//! `rulesets/laws/行政处罚法(2021-01-22).md`.

use std::sync::{Arc, OnceLock};

use crate::citation::Citation;

/// The law's title as cited.
pub const LAW: &str = "行政处罚法";
/// The version in force.
pub const VERSION: &str = "2021-01-22";

/// A provision of the general part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provision {
    /// 第二十九条: one act, one fine, the higher norm.
    OneFine,
    /// 第三十条: minors.
    Minors,
    /// 第三十一条: mental capacity.
    Capacity,
    /// 第三十二条: 应当从轻或者减轻.
    Mitigation,
    /// 第三十三条第一款: minor violations, first offences.
    MinorViolation,
    /// 第三十三条第二款: no fault.
    NoFault,
    /// 第三十六条第一款: two and five years.
    Limitation,
    /// 第三十六条第二款: counted from the end of a continuing act.
    LimitationStart,
    /// 第三十七条: 从旧兼从轻.
    Versions,
    /// 第五十一条: on-the-spot decisions.
    Summary,
    /// 第五十八条: legal review.
    LegalReview,
    /// 第六十三条: hearings.
    Hearing,
}

impl Provision {
    /// Article and paragraph.
    fn place(self) -> (&'static str, Option<u32>) {
        match self {
            Provision::OneFine => ("第二十九条", None),
            Provision::Minors => ("第三十条", None),
            Provision::Capacity => ("第三十一条", None),
            Provision::Mitigation => ("第三十二条", None),
            Provision::MinorViolation => ("第三十三条", Some(1)),
            Provision::NoFault => ("第三十三条", Some(2)),
            Provision::Limitation => ("第三十六条", Some(1)),
            Provision::LimitationStart => ("第三十六条", Some(2)),
            Provision::Versions => ("第三十七条", None),
            Provision::Summary => ("第五十一条", None),
            Provision::LegalReview => ("第五十八条", None),
            Provision::Hearing => ("第六十三条", None),
        }
    }

    /// The verbatim text.
    #[must_use]
    pub fn text(self) -> &'static str {
        match self {
            Provision::OneFine => {
                "对当事人的同一个违法行为，不得给予两次以上罚款的行政处罚。同一个违法行为违反多个法律规范应当给予罚款处罚的，按照罚款数额高的规定处罚。"
            }
            Provision::Minors => {
                "不满十四周岁的未成年人有违法行为的，不予行政处罚，责令监护人加以管教；已满十四周岁不满十八周岁的未成年人有违法行为的，应当从轻或者减轻行政处罚。"
            }
            Provision::Capacity => {
                "精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为的，不予行政处罚，但应当责令其监护人严加看管和治疗。间歇性精神病人在精神正常时有违法行为的，应当给予行政处罚。尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人有违法行为的，可以从轻或者减轻行政处罚。"
            }
            Provision::Mitigation => {
                "当事人有下列情形之一，应当从轻或者减轻行政处罚：\n（一）主动消除或者减轻违法行为危害后果的；\n（二）受他人胁迫或者诱骗实施违法行为的；\n（三）主动供述行政机关尚未掌握的违法行为的；\n（四）配合行政机关查处违法行为有立功表现的；\n（五）法律、法规、规章规定其他应当从轻或者减轻行政处罚的。"
            }
            Provision::MinorViolation => {
                "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。初次违法且危害后果轻微并及时改正的，可以不予行政处罚。"
            }
            Provision::NoFault => {
                "当事人有证据足以证明没有主观过错的，不予行政处罚。法律、行政法规另有规定的，从其规定。"
            }
            Provision::Limitation => {
                "违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的，上述期限延长至五年。法律另有规定的除外。"
            }
            Provision::LimitationStart => {
                "前款规定的期限，从违法行为发生之日起计算；违法行为有连续或者继续状态的，从行为终了之日起计算。"
            }
            Provision::Versions => {
                "实施行政处罚，适用违法行为发生时的法律、法规、规章的规定。但是，作出行政处罚决定时，法律、法规、规章已被修改或者废止，且新的规定处罚较轻或者不认为是违法的，适用新的规定。"
            }
            Provision::Summary => {
                "违法事实确凿并有法定依据，对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款或者警告的行政处罚的，可以当场作出行政处罚决定。法律另有规定的，从其规定。"
            }
            Provision::LegalReview => {
                "有下列情形之一，在行政机关负责人作出行政处罚的决定之前，应当由从事行政处罚决定法制审核的人员进行法制审核；未经法制审核或者审核未通过的，不得作出决定：\n（一）涉及重大公共利益的；\n（二）直接关系当事人或者第三人重大权益，经过听证程序的；\n（三）案件情况疑难复杂、涉及多个法律关系的；\n（四）法律、法规规定应当进行法制审核的其他情形。"
            }
            Provision::Hearing => {
                "行政机关拟作出下列行政处罚决定，应当告知当事人有要求听证的权利，当事人要求听证的，行政机关应当组织听证：\n（一）较大数额罚款；\n（二）没收较大数额违法所得、没收较大价值非法财物；\n（三）降低资质等级、吊销许可证件；\n（四）责令停产停业、责令关闭、限制从业；\n（五）其他较重的行政处罚；\n（六）法律、法规、规章规定的其他情形。"
            }
        }
    }

    /// The provision as a citation.
    #[must_use]
    pub fn citation(self) -> Citation {
        self.cited().clone()
    }

    /// The provision as a citation, built once.
    #[must_use]
    pub fn cited(self) -> &'static Citation {
        static CITATIONS: OnceLock<Vec<Citation>> = OnceLock::new();
        let all = CITATIONS.get_or_init(|| {
            let (law, version): (Arc<str>, Arc<str>) = (Arc::from(LAW), Arc::from(VERSION));
            Provision::ALL
                .iter()
                .map(|p| {
                    let (article, paragraph) = p.place();
                    Citation {
                        law: law.clone(),
                        version: version.clone(),
                        article: article.into(),
                        paragraph,
                        item: None,
                        text: p.text().into(),
                    }
                })
                .collect()
        });
        // Every provision is in ALL, so the index is always found.
        &all[Provision::ALL.iter().position(|p| *p == self).unwrap_or(0)]
    }

    /// Every provision.
    pub const ALL: [Provision; 12] = [
        Provision::OneFine,
        Provision::Minors,
        Provision::Capacity,
        Provision::Mitigation,
        Provision::MinorViolation,
        Provision::NoFault,
        Provision::Limitation,
        Provision::LimitationStart,
        Provision::Versions,
        Provision::Summary,
        Provision::LegalReview,
        Provision::Hearing,
    ];
}
