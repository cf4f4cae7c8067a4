//! Properties of diff and plan over arbitrary valid catalogs.

use crate::arb::arb_catalog;
use godwit::diff::diff;
use godwit::ir::Meta;
use godwit::plan::{Mode, PlanOptions, dependency_edges, plan};
use godwit::render::sql_script;
use indexmap::IndexMap;
use proptest::prelude::*;

fn direct() -> PlanOptions {
    PlanOptions { mode: Mode::Direct }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn diff_with_itself_is_empty(catalog in arb_catalog()) {
        let changes = diff(&catalog, &catalog, &Meta::default());
        prop_assert!(changes.changes.is_empty(), "changes: {:#?}", changes.changes);
        prop_assert!(changes.hazards.is_empty(), "hazards: {:#?}", changes.hazards);
    }

    #[test]
    fn plan_respects_every_dependency_edge(from in arb_catalog(), to in arb_catalog()) {
        let meta = Meta::default();
        let plan = plan(&from, &to, &meta, &direct());
        let mut position: IndexMap<String, usize> = IndexMap::new();
        for (idx, step) in plan.steps().enumerate() {
            let previous = position.insert(step.summary.clone(), idx);
            prop_assert!(previous.is_none(), "two steps are summarized as {:?}", step.summary);
        }
        prop_assert!(
            plan.hazards.iter().all(|hazard| hazard.code != "dependency-cycle"),
            "{:#?}\n{}",
            plan.hazards,
            sql_script(&plan)
        );
        for (before, after) in dependency_edges(&from, &to, &meta) {
            let (Some(before_idx), Some(after_idx)) = (position.get(&before), position.get(&after)) else {
                panic!("an edge names a change without a step: {before:?} → {after:?}");
            };
            prop_assert!(before_idx < after_idx, "{before:?} must run before {after:?}\n{}", sql_script(&plan));
        }
    }

    #[test]
    fn plan_is_deterministic(from in arb_catalog(), to in arb_catalog()) {
        let meta = Meta::default();
        for options in [direct(), godwit::plan::PlanOptions { mode: godwit::plan::Mode::ZeroDowntime }] {
            let first = plan(&from, &to, &meta, &options);
            let second = plan(&from.clone(), &to.clone(), &meta, &options);
            prop_assert_eq!(sql_script(&first), sql_script(&second));
            prop_assert_eq!(godwit::render::rollback_script(&first), godwit::render::rollback_script(&second));
        }
    }

    #[test]
    fn plan_from_nothing_creates_everything_in_order(to in arb_catalog()) {
        let plan = plan(&godwit::ir::Catalog::default(), &to, &Meta::default(), &direct());
        prop_assert!(plan.hazards.is_empty(), "{:#?}", plan.hazards);
        // Nothing is dropped, except privileges on `public`, which always exists.
        let on_public = |step: &godwit::plan::Step| matches!(
            &step.object,
            Some(godwit::ir::ObjectKey::Privilege(godwit::ir::GrantTarget::Schema(schema), ..)) if schema == "public"
        );
        prop_assert!(plan.steps().all(|step| step.sign != godwit::diff::Sign::Drop || on_public(step)));
    }
}
