//! Hazards: what a person should know before running a step.

use crate::ir::{ObjectKey, Span};

/// A risk the plan carries: data loss, a step that may fail on existing rows,
/// a likely missed rename, an ordering the planner could not satisfy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hazard {
    /// A stable kebab-case code, e.g. `data-loss`.
    pub code: &'static str,
    pub severity: HazardSeverity,
    pub message: String,
    pub object: Option<ObjectKey>,
    /// Where the object is defined in the target schema files, when it is.
    pub span: Option<Span>,
}

impl Hazard {
    /// A hazard of `object`, without a span (the planner adds it).
    pub fn of(code: &'static str, severity: HazardSeverity, message: String, object: Option<ObjectKey>) -> Hazard {
        Hazard { code, severity, message, object, span: None }
    }
}

/// Every hazard code (the catalogue is `docs/hazards.md`).
pub const CODES: &[&str] = &[
    "data-loss",
    "table-rewrite",
    "long-lock",
    "index-build",
    "full-scan",
    "may-fail",
    "irreversible",
    "breaks-clients",
    "possible-rename",
    "not-transactional",
    "unsupported-change",
    "ignored-rename-hint",
    "dependency-cycle",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HazardSeverity {
    Info,
    Warning,
    Error,
}

impl HazardSeverity {
    /// The severity that `as_str` spells `text`.
    pub fn parse(text: &str) -> Option<HazardSeverity> {
        [HazardSeverity::Info, HazardSeverity::Warning, HazardSeverity::Error]
            .into_iter()
            .find(|severity| severity.as_str() == text)
    }

    /// `info`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            HazardSeverity::Info => "info",
            HazardSeverity::Warning => "warning",
            HazardSeverity::Error => "error",
        }
    }
}
