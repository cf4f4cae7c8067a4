//! godwit: a compiler for PostgreSQL schemas.
//!
//! See `ARCHITECTURE.md` for the pipeline and the code map.

pub mod diagnostics;
pub mod diff;
pub mod ir;
pub mod lower;
pub mod plan;
pub mod print;
pub mod render;
pub mod source;
pub mod sqltext;
pub mod syntax;
