//! The integration-test binary (one binary: see ARCHITECTURE.md, "Testing").

mod arb;
mod cli;
mod diff;
mod fmt;
mod lower;
mod parse;
mod plan;
mod plan_props;
mod props;
