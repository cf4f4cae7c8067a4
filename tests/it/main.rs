//! The integration-test binary (one binary: see ARCHITECTURE.md, "Testing").

mod apply;
mod arb;
mod cli;
mod cli_pg;
mod conformance;
mod diff;
mod fmt;
mod introspect;
mod lower;
mod names_props;
mod parse;
mod pg;
mod pg_props;
mod plan;
mod plan_props;
mod props;
mod zero;
