//! The procedure that follows a result: 当场处罚 (第五十一条), the right to a hearing
//! (第六十三条) and legal review (第五十八条).

use super::case::Case;
use super::words::{Note, StepKind};
use super::{Applies, FineRange, PenaltyOut, PenaltyStatus, Procedure, Role, Step, Trail};
use crate::facts::ids;
use crate::general::Provision;
use crate::money::{Yuan, order};
use crate::raw::{PenaltyKind, PenaltyMode};
use crate::ruleset::Thresholds;

/// Kinds that always carry the right to a hearing (第六十三条 (三)(四)).
const HEAVY_KINDS: [PenaltyKind; 5] = [
    PenaltyKind::DowngradeQualification,
    PenaltyKind::RevokeLicence,
    PenaltyKind::SuspendBusiness,
    PenaltyKind::Close,
    PenaltyKind::RestrictPractice,
];

impl<'r> Case<'r, '_> {
    pub(super) fn procedure(
        &self,
        fine: Option<&FineRange>,
        penalties: &[PenaltyOut<'r>],
        trail: &mut Trail<'r>,
    ) -> Procedure<'r> {
        let party = self.text(ids::PARTY);
        let person = party == Some("individual");
        let who =
            |t: &Thresholds| party.map(|_| if person { t.individual } else { t.organization });
        let conventions = &self.ruleset.conventions;
        let only_light = penalties
            .iter()
            .filter(|p| p.mode != PenaltyMode::May && p.status == PenaltyStatus::Applies)
            .all(|p| {
                matches!(
                    p.kind,
                    PenaltyKind::Warning | PenaltyKind::Fine | PenaltyKind::Points
                )
            });

        let summary_threshold = who(&conventions.summary);
        let (applies, note) = match (only_light, fine, summary_threshold) {
            (false, _, _) => (Applies::No, Note::NotOnlyLight),
            (true, None, _) if penalties.iter().any(|p| p.kind == PenaltyKind::Warning) => {
                (Applies::Yes, Note::WarningOnly)
            }
            (true, None, _) => (Applies::No, Note::NotFineOrWarning),
            (true, Some(_), None) => (Applies::Unknown, Note::SummaryNoParty),
            (true, Some(f), Some(t)) => {
                if f.max.is_some_and(|m| order(m.0, t).is_le()) {
                    (Applies::Yes, Note::SummaryWithin(t))
                } else if order(f.min.0, t).is_le() {
                    (Applies::IfFineAtMost, Note::SummaryIfAtMost(t))
                } else {
                    (Applies::No, Note::SummaryOver(t))
                }
            }
        };
        let summary = Step {
            kind: StepKind::Summary,
            applies,
            threshold: summary_threshold.map(Yuan),
            note,
            basis: conventions
                .summary
                .basis
                .as_ref()
                .unwrap_or_else(|| Provision::Summary.cited()),
        };

        let heavy: Vec<&'static str> = penalties
            .iter()
            .filter(|p| HEAVY_KINDS.contains(&p.kind))
            .map(|p| p.name)
            .collect();
        let heavy_certain = penalties.iter().any(|p| {
            HEAVY_KINDS.contains(&p.kind)
                && p.mode == PenaltyMode::Must
                && p.status == PenaltyStatus::Applies
        });
        let hearing_threshold = conventions.hearing.as_ref().and_then(who);
        let (applies, note) = if heavy_certain {
            (Applies::Yes, Note::HeavyKinds(heavy))
        } else {
            let by_fine = match (fine, hearing_threshold) {
                (None, _) => (Applies::No, None),
                (Some(_), None) if conventions.hearing.is_none() => {
                    (Applies::Unknown, Some(Note::NoHearingThreshold))
                }
                (Some(_), None) => (Applies::Unknown, Some(Note::HearingNoParty)),
                (Some(f), Some(t)) => {
                    if order(f.min.0, t).is_ge() {
                        (Applies::Yes, Some(Note::HearingReached(t)))
                    } else if f.max.is_none_or(|m| order(m.0, t).is_ge()) {
                        (Applies::IfFineAtLeast, Some(Note::HearingIfAtLeast(t)))
                    } else {
                        (Applies::No, Some(Note::HearingBelow(t)))
                    }
                }
            };
            match by_fine {
                (Applies::No, _) if !heavy.is_empty() => {
                    (Applies::Conditional, Note::IfHeavyKinds(heavy))
                }
                (Applies::No, note) => (Applies::No, note.unwrap_or(Note::NoHearing)),
                (applies, note) => {
                    let note = note.unwrap_or(Note::NoHearing);
                    if heavy.is_empty() {
                        (applies, note)
                    } else {
                        (applies, Note::AlsoIfHeavyKinds(Box::new(note), heavy))
                    }
                }
            }
        };
        if let Some(basis) = conventions.hearing.as_ref().and_then(|t| t.basis.as_ref()) {
            trail.cite(Role::Convention, basis);
        }
        let hearing = Step {
            kind: StepKind::Hearing,
            applies,
            threshold: hearing_threshold.map(Yuan),
            note,
            basis: Provision::Hearing.cited(),
        };

        let (applies, note) = if hearing.applies == Applies::No {
            (Applies::Unknown, Note::ReviewIfGrave)
        } else {
            (Applies::Conditional, Note::ReviewAfterHearing)
        };
        let legal_review = Step {
            kind: StepKind::LegalReview,
            applies,
            threshold: None,
            note,
            basis: Provision::LegalReview.cited(),
        };
        Procedure {
            summary_procedure: summary,
            hearing,
            legal_review,
        }
    }
}
