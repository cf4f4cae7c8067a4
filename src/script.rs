//! psql scripts (`.sql` sources): split into statements the way psql does.
//!
//! The lexer follows psql's (`psqlscan.l`) as far as splitting goes: a `;`
//! ends a statement unless it is inside a single-quoted string (`E'…'` with
//! backslash escapes), a double-quoted identifier, a dollar-quoted body
//! (`$$…$$`, `$tag$…$tag$`), a `--` or nested `/* */` comment, parentheses,
//! or the `BEGIN ATOMIC … END` body of a `CREATE [OR REPLACE]
//! FUNCTION|PROCEDURE`. A backslash outside those starts a psql
//! meta-command, which runs to the end of its line: those that only set up a
//! psql session (`\restrict`, `\unrestrict` and `\connect` of `pg_dump`,
//! `\set ON_ERROR_STOP on`, `\echo`, …) are left out, `\g` ends a statement,
//! `\q` ends the script, and those that change what the script does (`\i`,
//! `\copy`, `\if`, `\gexec`, …) are a [`ScriptError`]. `COPY … FROM stdin`
//! takes the lines after it, up to `\.`, as its data.
//!
//! Plain strings follow `standard_conforming_strings = on` (backslashes are
//! ordinary characters), PostgreSQL's default. It is not a SQL parser:
//! PostgreSQL judges each statement.

/// One statement of a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// The line (from 1) of its first token.
    pub line: usize,
    /// Its text, from its first token to before the `;` that ends it, without
    /// the meta-commands inside it.
    pub text: String,
    /// For `COPY … FROM stdin`: the data lines that follow it (without `\.`).
    pub copy_data: Option<String>,
}

/// A meta-command godwit cannot honour.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ScriptError {
    /// Its line (from 1).
    pub line: usize,
    /// What it is and what to do instead (one line).
    pub message: String,
}

/// Meta-commands that only set up or report on a psql session: without them
/// the script means the same to a schema.
const SESSION_ONLY: &[&str] = &[
    "restrict",
    "unrestrict",
    "connect",
    "c",
    "set",
    "unset",
    "pset",
    "echo",
    "qecho",
    "warn",
    "timing",
    "encoding",
    "conninfo",
    "o",
    "out",
    "x",
    "a",
    "t",
    "H",
    "html",
    "f",
    "C",
    "T",
    "prompt",
    "setenv",
    "cd",
];

/// The statements of `text`, in order, or the first meta-command that cannot
/// be honoured. Statements holding only comments are left out; text after the
/// last `;` is a statement of its own (as psql sends it at the end of input).
pub fn split(text: &str) -> Result<Vec<Statement>, ScriptError> {
    Lexer::new(text).run()
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    res: Vec<Statement>,
    // The statement being read.
    buf: String,
    /// Where the part of the statement not yet in `buf` starts.
    segment: Option<usize>,
    /// The line of its first token.
    start_line: Option<usize>,
    paren_depth: usize,
    begin_depth: usize,
    /// The first letters of its first identifiers when they are `create`,
    /// `or`, `replace`, `function` or `procedure` (psql's heuristic for
    /// `BEGIN ATOMIC` bodies).
    identifiers: [u8; 4],
    identifier_count: usize,
}

fn is_ident_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_' || byte >= 0x80
}

fn is_ident_cont(byte: u8) -> bool {
    is_ident_start(byte) || byte.is_ascii_digit() || byte == b'$'
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Lexer<'a> {
        Lexer {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
            res: Vec::new(),
            buf: String::new(),
            segment: None,
            start_line: None,
            paren_depth: 0,
            begin_depth: 0,
            identifiers: [0; 4],
            identifier_count: 0,
        }
    }

    fn peek(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.pos + offset).copied()
    }

    /// Moves to `to`, counting the lines passed.
    fn advance_to(&mut self, to: usize) {
        let to = to.min(self.bytes.len());
        self.line += self.bytes[self.pos..to].iter().filter(|&&byte| byte == b'\n').count();
        self.pos = to;
    }

    /// A token starts here: the statement starts here if it has not yet.
    fn token(&mut self) {
        if self.segment.is_none() {
            self.segment = Some(self.pos);
        }
        if self.start_line.is_none() {
            self.start_line = Some(self.line);
        }
    }

    /// Moves what is read of the statement up to here into `buf`.
    fn flush_segment(&mut self) {
        if let Some(start) = self.segment.take() {
            self.buf.push_str(&self.text[start..self.pos]);
        }
    }

    /// Ends the statement here (before `pos`).
    fn end_statement(&mut self) -> Option<usize> {
        self.flush_segment();
        let text = std::mem::take(&mut self.buf).trim_end().to_string();
        let line = self.start_line.take();
        self.paren_depth = 0;
        self.begin_depth = 0;
        self.identifiers = [0; 4];
        self.identifier_count = 0;
        let line = line?;
        self.res.push(Statement { line, text, copy_data: None });
        Some(self.res.len() - 1)
    }

    fn run(mut self) -> Result<Vec<Statement>, ScriptError> {
        while let Some(byte) = self.peek(0) {
            match byte {
                b'-' if self.peek(1) == Some(b'-') => {
                    let end = self.text[self.pos..].find('\n').map_or(self.bytes.len(), |at| self.pos + at);
                    self.advance_to(end);
                }
                b'/' if self.peek(1) == Some(b'*') => self.block_comment(),
                b'\'' => {
                    self.token();
                    self.quoted(b'\'', false);
                }
                b'"' => {
                    self.token();
                    self.quoted(b'"', false);
                }
                b'$' => {
                    self.token();
                    self.dollar();
                }
                b'(' => {
                    self.token();
                    self.paren_depth += 1;
                    self.pos += 1;
                }
                b')' => {
                    self.token();
                    self.paren_depth = self.paren_depth.saturating_sub(1);
                    self.pos += 1;
                }
                b';' => {
                    if self.paren_depth == 0 && self.begin_depth == 0 {
                        let index = self.end_statement();
                        self.pos += 1;
                        if let Some(index) = index {
                            self.copy_data(index);
                        }
                    } else {
                        self.token();
                        self.pos += 1;
                    }
                }
                b'\\' => {
                    if self.meta_command()? {
                        return Ok(self.res);
                    }
                }
                byte if is_ident_start(byte) => {
                    self.token();
                    self.identifier();
                }
                byte if byte.is_ascii_whitespace() => self.advance_to(self.pos + 1),
                _ => {
                    self.token();
                    // One whole character (a multi-byte one stays whole).
                    let width = self.text[self.pos..].chars().next().map_or(1, char::len_utf8);
                    self.pos += width;
                }
            }
        }
        self.end_statement();
        Ok(self.res)
    }

    fn block_comment(&mut self) {
        let mut depth = 0usize;
        let mut at = self.pos;
        while at < self.bytes.len() {
            if self.bytes[at] == b'/' && self.bytes.get(at + 1) == Some(&b'*') {
                depth += 1;
                at += 2;
            } else if self.bytes[at] == b'*' && self.bytes.get(at + 1) == Some(&b'/') {
                depth -= 1;
                at += 2;
                if depth == 0 {
                    break;
                }
            } else {
                at += 1;
            }
        }
        self.advance_to(at);
    }

    /// A quoted string or identifier from its opening `quote`; a doubled
    /// quote is one character; with `escapes`, a backslash escapes the next
    /// character. Unterminated: to the end of the text.
    fn quoted(&mut self, quote: u8, escapes: bool) {
        let mut at = self.pos + 1;
        while at < self.bytes.len() {
            let byte = self.bytes[at];
            if escapes && byte == b'\\' {
                at += 2;
            } else if byte == quote {
                if self.bytes.get(at + 1) == Some(&quote) {
                    at += 2;
                } else {
                    at += 1;
                    break;
                }
            } else {
                at += 1;
            }
        }
        self.advance_to(at);
    }

    /// A dollar-quoted body, or a `$1` parameter, or a lone `$`.
    fn dollar(&mut self) {
        let rest = &self.bytes[self.pos + 1..];
        let tag_len = match rest.first() {
            Some(&byte) if is_ident_start(byte) => {
                rest.iter().position(|&byte| !(is_ident_start(byte) || byte.is_ascii_digit())).unwrap_or(rest.len())
            }
            _ => 0,
        };
        if rest.get(tag_len) != Some(&b'$') {
            // A parameter ($1) or an operator character.
            let digits = rest.iter().take_while(|byte| byte.is_ascii_digit()).count();
            self.pos += 1 + digits;
            return;
        }
        let delimiter = &self.text[self.pos..self.pos + tag_len + 2];
        let body = self.pos + delimiter.len();
        let end = self.text[body..].find(delimiter).map_or(self.bytes.len(), |at| body + at + delimiter.len());
        self.advance_to(end);
    }

    fn identifier(&mut self) {
        let start = self.pos;
        let len = self.bytes[start..].iter().position(|&byte| !is_ident_cont(byte)).unwrap_or(self.bytes.len() - start);
        let word = &self.text[start..start + len];
        self.pos += len;
        // E'…' strings take backslash escapes.
        if word.eq_ignore_ascii_case("e") && self.peek(0) == Some(b'\'') {
            self.quoted(b'\'', true);
            return;
        }
        let lower = word.to_ascii_lowercase();
        if self.identifier_count < self.identifiers.len()
            && matches!(lower.as_str(), "create" | "function" | "procedure" | "or" | "replace")
        {
            self.identifiers[self.identifier_count] = lower.as_bytes()[0];
        }
        self.identifier_count += 1;
        let ids = self.identifiers;
        let routine = ids[0] == b'c'
            && (ids[1] == b'f'
                || ids[1] == b'p'
                || (ids[1] == b'o' && ids[2] == b'r' && matches!(ids[3], b'f' | b'p')));
        if routine && self.paren_depth == 0 {
            match lower.as_str() {
                "begin" => self.begin_depth += 1,
                // CASE also ends with END; it counts only inside a BEGIN.
                "case" if self.begin_depth >= 1 => self.begin_depth += 1,
                "end" => self.begin_depth = self.begin_depth.saturating_sub(1),
                _ => {}
            }
        }
    }

    /// A meta-command from its backslash to the end of its line. Returns
    /// whether the script ends here (`\q`).
    fn meta_command(&mut self) -> Result<bool, ScriptError> {
        let line = self.line;
        let after = self.pos + 1;
        // `\;` and `\:` put the character itself into the statement.
        if let Some(byte @ (b';' | b':')) = self.bytes.get(after).copied() {
            self.token();
            self.flush_segment();
            self.buf.push(byte as char);
            self.pos = after + 1;
            self.segment = Some(self.pos);
            return Ok(false);
        }
        let name_len = self.bytes[after..]
            .iter()
            .position(|&byte| byte.is_ascii_whitespace() || byte == b'\\')
            .unwrap_or(self.bytes.len() - after);
        let name = &self.text[after..after + name_len];
        let end = self.text[self.pos..].find('\n').map_or(self.bytes.len(), |at| self.pos + at);
        let shown = self.text[self.pos..end].trim_end();
        match name {
            "g" | "gx" => {
                let index = self.end_statement();
                self.pos = end;
                if let Some(index) = index {
                    self.copy_data(index);
                }
                Ok(false)
            }
            "q" | "quit" => Ok(true),
            _ if SESSION_ONLY.contains(&name) => {
                self.flush_segment();
                if !self.buf.is_empty() {
                    self.buf.push('\n');
                }
                self.pos = end;
                Ok(false)
            }
            _ => Err(ScriptError { line, message: unsupported(name, shown) }),
        }
    }

    /// After a `COPY … FROM stdin` statement, its data: the lines after the
    /// one the statement ends on, up to a line `\.` (or the end).
    fn copy_data(&mut self, index: usize) {
        if !is_copy_from_stdin(&self.res[index].text) {
            return;
        }
        let start = self.text[self.pos..].find('\n').map_or(self.bytes.len(), |at| self.pos + at + 1);
        self.advance_to(start);
        let mut data = String::new();
        while self.pos < self.bytes.len() {
            let end = self.text[self.pos..].find('\n').map_or(self.bytes.len(), |at| self.pos + at + 1);
            let line = &self.text[self.pos..end];
            self.advance_to(end);
            if line.trim_end_matches(['\n', '\r']) == "\\." {
                break;
            }
            data.push_str(line);
        }
        self.res[index].copy_data = Some(data);
    }
}

/// Whether a statement is `COPY … FROM STDIN` (its data follows in the script).
fn is_copy_from_stdin(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    words.first().is_some_and(|word| word == "copy")
        && words.windows(2).any(|pair| pair[0] == "from" && (pair[1] == "stdin" || pair[1] == "pstdin"))
}

/// Why a meta-command cannot be honoured, and what to do instead.
fn unsupported(name: &str, shown: &str) -> String {
    let what = match name {
        "i" | "include" | "ir" | "include_relative" => {
            "includes another file, which godwit does not follow: put that file's statements in its place \
             (e.g. concatenate the files into one .sql file)"
        }
        "copy" => {
            "reads or writes a client-side file, which godwit cannot: remove it (a schema needs no data) or use \
             COPY … FROM stdin with the data inline"
        }
        "if" | "elif" | "else" | "endif" => {
            "is a psql conditional, which godwit does not evaluate: keep only the branch you mean"
        }
        "gexec" | "gset" | "gdesc" | "crosstabview" | "watch" => {
            "runs or reads the result of a query, which godwit does not: write the statements it produces instead"
        }
        "!" => "runs a shell command, which godwit does not: remove it",
        _ => "is a psql meta-command godwit cannot honour: remove it or write the SQL it stands for",
    };
    format!("`{shown}` {what}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (script, [(line, statement)]) pairs.
    const CASES: &[(&str, &[(usize, &str)])] = &[
        ("", &[]),
        ("   \n\n", &[]),
        ("select 1", &[(1, "select 1")]),
        ("select 1;", &[(1, "select 1")]),
        ("select 1; select 2;", &[(1, "select 1"), (1, "select 2")]),
        ("select 1;\n\nselect 2;\n", &[(1, "select 1"), (3, "select 2")]),
        (";;;", &[]),
        ("-- only a comment\n", &[]),
        ("-- a; b\nselect 1;", &[(2, "select 1")]),
        ("/* a; b */ select 1;", &[(1, "select 1")]),
        ("/* a /* nested; */ still; */\nselect 1;", &[(2, "select 1")]),
        ("select 1 -- trailing; comment\n, 2;", &[(1, "select 1 -- trailing; comment\n, 2")]),
        ("select 'a;b';", &[(1, "select 'a;b'")]),
        ("select 'it''s; fine';", &[(1, "select 'it''s; fine'")]),
        ("select 'back\\';select 2;", &[(1, "select 'back\\'"), (1, "select 2")]),
        ("select E'it\\'s; fine';", &[(1, "select E'it\\'s; fine'")]),
        ("select e'\\\\';select 2;", &[(1, "select e'\\\\'"), (1, "select 2")]),
        ("select E'a''b;c';", &[(1, "select E'a''b;c'")]),
        ("select \"a;b\" from t;", &[(1, "select \"a;b\" from t")]),
        ("select \"a\"\";b\";", &[(1, "select \"a\"\";b\"")]),
        ("select $$a;b$$;", &[(1, "select $$a;b$$")]),
        ("select $fn$ $$; $fn$;", &[(1, "select $fn$ $$; $fn$")]),
        ("select $a$ $b$; $a$;", &[(1, "select $a$ $b$; $a$")]),
        ("select $1; select 2;", &[(1, "select $1"), (1, "select 2")]),
        ("select a$b$c; select 2;", &[(1, "select a$b$c"), (1, "select 2")]),
        (
            "create function f() returns int language plpgsql as $body$\nbegin\n  return 1;\nend\n$body$;\nselect 2;",
            &[
                (1, "create function f() returns int language plpgsql as $body$\nbegin\n  return 1;\nend\n$body$"),
                (6, "select 2"),
            ],
        ),
        (
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND;\nselect 3;",
            &[
                (1, "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND"),
                (6, "select 3"),
            ],
        ),
        (
            "create or replace procedure p() begin atomic select case when true then 1 end; end; select 1;",
            &[
                (1, "create or replace procedure p() begin atomic select case when true then 1 end; end"),
                (1, "select 1"),
            ],
        ),
        ("begin; select 1; end;", &[(1, "begin"), (1, "select 1"), (1, "end")]),
        ("select (1;\n2);", &[(1, "select (1;\n2)")]),
        ("select (1));select 2;", &[(1, "select (1))"), (1, "select 2")]),
        ("\\restrict abc123\nselect 1;\n\\unrestrict abc123\n", &[(2, "select 1")]),
        ("\\set ON_ERROR_STOP on\n\\connect app\nselect 1;", &[(3, "select 1")]),
        ("select 1\n\\echo hi\n, 2;", &[(1, "select 1\n\n, 2")]),
        ("select 1 \\g\nselect 2 \\gx\n", &[(1, "select 1"), (2, "select 2")]),
        ("select 1 \\; select 2;", &[(1, "select 1 ; select 2")]),
        ("select 1;\n\\q\nselect 2;", &[(1, "select 1")]),
        ("select '\\i x';", &[(1, "select '\\i x'")]),
        ("-- \\i x\nselect 1;", &[(2, "select 1")]),
        ("select 'unterminated;\nselect 2;", &[(1, "select 'unterminated;\nselect 2;")]),
        ("select $$unterminated;", &[(1, "select $$unterminated;")]),
        ("select 'é;ü', \"ñ\";", &[(1, "select 'é;ü', \"ñ\"")]),
        ("\n  /* c */  -- d\n\n   select\n 1 ;", &[(4, "select\n 1")]),
        ("select 1 /* unterminated", &[(1, "select 1 /* unterminated")]),
    ];

    #[test]
    fn splits_like_psql() {
        for (script, expected) in CASES {
            let got = split(script).unwrap_or_else(|err| panic!("{script:?}: {err}"));
            let got: Vec<(usize, &str)> =
                got.iter().map(|statement| (statement.line, statement.text.as_str())).collect();
            assert_eq!(&got, expected, "{script:?}");
        }
    }

    #[test]
    fn copy_from_stdin_takes_its_data() {
        let script = "COPY t (a, b) FROM stdin;\n1\tx;y\n2\t'\n\\.\nselect 1;\n";
        let got = split(script).unwrap();
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].text, "COPY t (a, b) FROM stdin");
        assert_eq!(got[0].copy_data.as_deref(), Some("1\tx;y\n2\t'\n"));
        assert_eq!((got[1].line, got[1].text.as_str(), got[1].copy_data.as_deref()), (5, "select 1", None));
        let no_data = split("copy t to stdout;\nselect 1;").unwrap();
        assert_eq!(no_data.iter().map(|statement| statement.copy_data.is_some()).collect::<Vec<_>>(), [false, false]);
    }

    #[test]
    fn meta_commands_that_change_meaning_are_errors_with_their_line() {
        for (script, line, needle) in [
            ("select 1;\n\\i other.sql\n", 2, "`\\i other.sql` includes another file"),
            ("\n\n\\ir other.sql", 3, "includes another file"),
            ("\\copy t from 'data.csv'\n", 1, "client-side file"),
            ("\\if :x\nselect 1;\n\\endif\n", 1, "conditional"),
            ("select 'a' \\gexec\n", 1, "runs or reads the result"),
            ("\\! rm -rf /\n", 1, "shell command"),
            ("\\lo_import x\n", 1, "cannot honour"),
        ] {
            let err = split(script).expect_err(script);
            assert_eq!(err.line, line, "{script:?}: {err}");
            assert!(err.message.contains(needle), "{script:?}: {err}");
            assert!(!err.message.contains('\n'), "{script:?}: {err}");
        }
    }
}
