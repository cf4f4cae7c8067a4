//! SQL text: the statements of one change ([`statements`]) and the only
//! place identifiers and literals are quoted ([`quote`]).
//!
//! **Architecture Invariant:** pure functions of their inputs; `sql` imports
//! `diff` and `ir`, never `plan` or `render`.

mod ddl;
pub mod quote;

pub use ddl::*;
