//! The integration-test binary (one binary: see ARCHITECTURE.md, "Testing").

mod fmt;
mod lower;
mod parse;
