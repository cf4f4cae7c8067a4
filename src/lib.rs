//! godwit: a compiler for PostgreSQL schemas.
//!
//! See `ARCHITECTURE.md` for the pipeline and the code map.

pub mod apply;
pub mod diagnostics;
pub mod diff;
pub mod hazard;
pub mod introspect;
pub mod ir;
pub mod lower;
pub mod pg;
pub mod plan;
pub mod print;
pub mod render;
pub mod script;
pub mod shadow;
pub mod source;
pub mod sql;
pub mod sqltext;
pub mod state;
pub mod syntax;
