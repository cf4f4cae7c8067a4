//! Schema files → syntax trees.
//!
//! Parsing never fails: [`parse`] returns the definitions it could read and a
//! list of errors. After a syntax error the parser skips to the next line that
//! starts a definition, so one run reports the problems of a whole file.
//!
//! **Architecture Invariant:** this module knows nothing about the IR or PostgreSQL.

pub mod ast;
mod parser;
mod scan;

pub use parser::{Rule, parse_rule_matches};

use ast::ByteSpan;

/// A syntax problem, with a byte span into the parsed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub code: &'static str,
    pub message: String,
    pub label: String,
    pub span: ByteSpan,
    pub notes: Vec<String>,
}

/// Parses one schema file.
pub fn parse(text: &str) -> (ast::File, Vec<SyntaxError>) {
    let unterminated = scan::unterminated(text);
    if !unterminated.is_empty() {
        // Everything after an unterminated quote is swallowed by it; a parse
        // error there would only confuse.
        return (ast::File::default(), unterminated);
    }
    parser::parse_file(text)
}
