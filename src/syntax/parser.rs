//! pest parse tree → [`ast`](super::ast).

use super::SyntaxError;
use super::ast::*;
use pest::Parser;
use pest::iterators::Pair;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/godwit.pest"]
struct GodwitParser;

/// Whether `text` is, as a whole, an instance of `rule` (used by the printer to
/// decide whether an expression needs parentheses).
pub fn parse_rule_matches(rule: Rule, text: &str) -> bool {
    match GodwitParser::parse(rule, text) {
        Ok(mut pairs) => pairs.next().is_some_and(|pair| pair.as_span().end() == text.len()),
        Err(_) => false,
    }
}

pub(super) fn parse_file(text: &str) -> (File, Vec<SyntaxError>) {
    let mut file = File::default();
    let mut errors = Vec::new();
    let mut offset = 0;
    loop {
        let rest = &text[offset..];
        match GodwitParser::parse(Rule::file, rest) {
            Ok(mut pairs) => {
                if let Some(pair) = pairs.next() {
                    build_file(pair, offset, &mut file, &mut errors);
                }
                break;
            }
            Err(err) => {
                // Parse again recording the tokens expected at the error, for a
                // better message. (Costly, so only after an error; the switch is
                // global and is never turned off again, so messages do not depend
                // on what ran before.)
                pest::set_error_detail(true);
                let err = GodwitParser::parse(Rule::file, rest).err().unwrap_or(err);
                let pos = match err.location {
                    pest::error::InputLocation::Pos(pos) => pos,
                    pest::error::InputLocation::Span((start, _)) => start,
                };
                // Keep what parsed before the error.
                if let Some(end) = last_definition_boundary(rest, pos)
                    && let Ok(mut pairs) = GodwitParser::parse(Rule::file, &rest[..end])
                    && let Some(pair) = pairs.next()
                {
                    build_file(pair, offset, &mut file, &mut errors);
                }
                errors.push(syntax_error(&err, rest, offset + pos));
                match next_definition_start(rest, pos) {
                    Some(next) => offset += next,
                    None => break,
                }
            }
        }
    }
    (file, errors)
}

const DEFINITION_KEYWORDS: &[&str] = &[
    "extension",
    "schema",
    "enum",
    "type",
    "domain",
    "sequence",
    "table",
    "unlogged",
    "view",
    "materialized",
    "function",
    "procedure",
    "aggregate",
    "cast",
    "collation",
    "conversion",
    "event",
    "foreign",
    "language",
    "operator",
    "publication",
    "rule",
    "server",
    "statistics",
    "text",
    "user",
    "grant",
    "revoke",
    "owner",
    "default",
];

fn starts_definition(line: &str) -> bool {
    if line.starts_with('@') {
        return true;
    }
    let word: String = line.chars().take_while(|ch| ch.is_ascii_alphabetic()).collect();
    let word = word.to_ascii_lowercase();
    DEFINITION_KEYWORDS.contains(&word.as_str()) && line[word.len()..].starts_with([' ', '\t'])
}

/// Byte offsets of lines that start (in column 0) with a definition keyword.
fn definition_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut offset = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let start = offset;
        offset += line.len();
        starts_definition(line).then_some(start)
    })
}

fn next_definition_start(text: &str, pos: usize) -> Option<usize> {
    definition_starts(text).find(|&start| start > pos)
}

fn last_definition_boundary(text: &str, pos: usize) -> Option<usize> {
    definition_starts(text).take_while(|&start| start <= pos).last().filter(|&start| start > 0)
}

fn syntax_error(err: &pest::error::Error<Rule>, text: &str, abs_pos: usize) -> SyntaxError {
    let rel_pos = match err.location {
        pest::error::InputLocation::Pos(pos) => pos,
        pest::error::InputLocation::Span((start, _)) => start,
    }
    .min(text.len());
    let found = describe_found(&text[rel_pos..]);
    let mut expected: Vec<String> = match &err.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().filter_map(|rule| friendly(*rule)).collect()
        }
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
    };
    if let Some(attempts) = err.parse_attempts() {
        for token in attempts.expected_tokens() {
            // Literal tokens print as written, case-insensitive ones (keywords) upper-cased.
            // Only closing punctuation is worth naming; the rest is noise from inside lexemes.
            let token = token.to_string();
            let token = token.trim();
            if matches!(token, "{" | "}" | "," | ")" | "]") {
                expected.push(format!("`{token}`"));
            } else if token.len() > 1 && token.chars().all(|ch| ch.is_ascii_uppercase()) && expected.len() < 12 {
                expected.push(format!("`{}`", token.to_lowercase()));
            }
        }
    }
    expected.sort();
    expected.dedup();
    let message = if expected.is_empty() {
        format!("unexpected {found}")
    } else {
        format!("expected {}, found {found}", join_alternatives(&expected))
    };
    let end = abs_pos + text[rel_pos..].chars().next().map_or(0, char::len_utf8);
    let mut notes = Vec::new();
    let line_start = text[..rel_pos].rfind('\n').map_or(0, |idx| idx + 1);
    let at_line_start = text[line_start..rel_pos].trim().is_empty();
    let word: String = text[rel_pos..].chars().take_while(|ch| ch.is_ascii_alphabetic()).collect();
    const CLAUSE_WORDS: &[&str] = &[
        "not",
        "null",
        "default",
        "check",
        "references",
        "on",
        "constraint",
        "generated",
        "collate",
        "unique",
        "primary",
        "match",
        "deferrable",
        "include",
        "where",
        "comment",
    ];
    if at_line_start && CLAUSE_WORDS.contains(&word.to_ascii_lowercase().as_str()) {
        notes.push(format!(
            "inside a table, each item is one line: a clause such as `{}` must stay on the line of the item it belongs to",
            word.to_ascii_lowercase()
        ));
    }
    notes.push("see docs/language.md for the syntax of each definition".to_string());
    SyntaxError { code: "syntax-error", message, label: "unexpected here".to_string(), span: abs_pos..end, notes }
}

fn describe_found(rest: &str) -> String {
    let token: String = rest.trim_start().chars().take_while(|ch| !ch.is_whitespace()).take(20).collect();
    if rest.trim().is_empty() {
        "end of file".to_string()
    } else if token.is_empty() {
        "white space".to_string()
    } else {
        format!("`{token}`")
    }
}

fn join_alternatives(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// A name for a rule in "expected …" messages, or `None` to leave it out.
fn friendly(rule: Rule) -> Option<String> {
    let debug = format!("{rule:?}");
    if let Some(keyword) = debug.strip_prefix("kw_") {
        return Some(format!("`{keyword}`"));
    }
    let text = match rule {
        Rule::EOI => "end of file",
        Rule::definition | Rule::attribute => "a definition",
        Rule::ident | Rule::plain_ident | Rule::quoted_ident => "a name",
        Rule::qualified_name => "a name",
        Rule::data_type | Rule::type_base | Rule::type_name | Rule::multiword_type => "a type",
        Rule::string | Rule::string_raw => "a string",
        Rule::signed_integer => "an integer",
        Rule::paren_sql => "`(`",
        Rule::sql_term => "an expression (a literal, a function call or a parenthesized expression)",
        Rule::dollar_quoted | Rule::dollar_raw => "a `$$`-quoted body",
        Rule::table_item | Rule::column_def => "a column, constraint, index, trigger or `}`",
        Rule::column_clause => "a column clause",
        Rule::column_list => "a column list `(…)`",
        Rule::index_element => "an index element",
        Rule::trigger_timing => "`before`, `after` or `instead of`",
        Rule::trigger_event => "`insert`, `update`, `delete` or `truncate`",
        Rule::fk_action => "`no action`, `restrict`, `cascade`, `set null` or `set default`",
        Rule::function_arg => "an argument",
        Rule::function_option => "a function option",
        Rule::sequence_option => "a sequence option",
        Rule::comment_clause | Rule::table_comment => "`comment`",
        Rule::privilege_list | Rule::privilege_item | Rule::all_privileges => "a privilege",
        Rule::grant_object => {
            "`table`, `sequence`, `schema`, `function`, `procedure`, `type`, `domain`, `language` or `foreign …`"
        }
        Rule::grantee_list => "a role",
        Rule::grant_option => "`with grant option`",
        Rule::owner_object => "an object (`table`, `view`, `schema`, `function`, …)",
        Rule::default_objects => "`tables`, `sequences`, `functions`, `types` or `schemas`",
        Rule::function_ref => "a function",
        _ => return None,
    };
    Some(text.to_string())
}

// ---------------------------------------------------------------------------
// Building the tree.

struct Ctx {
    /// Byte offset of the parsed slice within the file.
    offset: usize,
    /// Problems found while building the tree (overlong identifiers).
    errors: std::cell::RefCell<Vec<SyntaxError>>,
}

/// PostgreSQL's `NAMEDATALEN - 1`.
const MAX_IDENTIFIER_BYTES: usize = 63;

impl Ctx {
    fn span(&self, pair: &Pair<'_, Rule>) -> ByteSpan {
        let span = pair.as_span();
        span.start() + self.offset..span.end() + self.offset
    }

    /// The span of a pair without the white space and comments that pest's
    /// implicit skipping may have left at its end.
    fn content_span(&self, pair: &Pair<'_, Rule>) -> ByteSpan {
        self.span(pair).start..content_end(pair) + self.offset
    }
}

fn content_end(pair: &Pair<'_, Rule>) -> usize {
    let comments: Vec<(usize, usize)> = pair
        .clone()
        .into_inner()
        .flatten()
        .filter(|child| child.as_rule() == Rule::COMMENT)
        .map(|child| (child.as_span().start(), child.as_span().end()))
        .collect();
    let start = pair.as_span().start();
    let text = pair.as_str();
    let mut end = pair.as_span().end();
    loop {
        let trimmed = start + text[..end - start].trim_end().len();
        match comments.iter().find(|(_, comment_end)| *comment_end == trimmed) {
            Some((comment_start, _)) => end = *comment_start,
            None => return trimmed,
        }
    }
}

fn build_file(pair: Pair<'_, Rule>, offset: usize, file: &mut File, errors: &mut Vec<SyntaxError>) {
    let ctx = Ctx { offset, errors: Default::default() };
    for node in pair.clone().into_inner().flatten() {
        if node.as_rule() == Rule::COMMENT {
            file.comments.push(Comment { text: node.as_str().trim_end().to_string(), span: ctx.span(&node) });
        }
    }
    for node in children(pair) {
        if node.as_rule() == Rule::definition {
            file.definitions.push(definition(&ctx, node));
        }
    }
    errors.append(&mut ctx.errors.borrow_mut());
}

fn is_keyword(rule: Rule) -> bool {
    format!("{rule:?}").starts_with("kw_")
}

/// The meaningful children of a pair: no comments, no keywords.
fn children<'i>(pair: Pair<'i, Rule>) -> impl Iterator<Item = Pair<'i, Rule>> {
    pair.into_inner().filter(|child| child.as_rule() != Rule::COMMENT && !is_keyword(child.as_rule()))
}

fn first<'i>(pair: Pair<'i, Rule>) -> Pair<'i, Rule> {
    match children(pair.clone()).next() {
        Some(child) => child,
        None => panic!("grammar invariant: {:?} has no child", pair.as_rule()),
    }
}

/// Whether the pair's own keywords include `keyword` (case-insensitive).
fn has_keyword(pair: &Pair<'_, Rule>, keyword: &str) -> bool {
    pair.clone().into_inner().any(|child| is_keyword(child.as_rule()) && child.as_str().eq_ignore_ascii_case(keyword))
}

fn name(ctx: &Ctx, pair: Pair<'_, Rule>) -> Name {
    let span = ctx.span(&pair);
    let inner = match pair.as_rule() {
        Rule::ident => first(pair),
        _ => pair,
    };
    let quoted = inner.as_rule() == Rule::quoted_ident;
    let text = match inner.as_rule() {
        Rule::quoted_ident => {
            let raw = inner.as_str();
            raw[1..raw.len() - 1].replace("\"\"", "\"")
        }
        // PostgreSQL folds only ASCII letters (`downcase_identifier`).
        _ => inner.as_str().to_ascii_lowercase(),
    };
    if text.len() > MAX_IDENTIFIER_BYTES {
        let mut end = MAX_IDENTIFIER_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        ctx.errors.borrow_mut().push(SyntaxError {
            code: "identifier-too-long",
            message: format!("identifier is longer than {MAX_IDENTIFIER_BYTES} bytes"),
            label: "too long".to_string(),
            span: span.clone(),
            notes: vec![format!("PostgreSQL would silently truncate it to `{}`; shorten the name", &text[..end])],
        });
    }
    Name { text, span, quoted }
}

fn qualified_name(ctx: &Ctx, pair: Pair<'_, Rule>) -> QualifiedName {
    let span = ctx.span(&pair);
    let mut parts: Vec<Name> = children(pair).map(|part| name(ctx, part)).collect();
    let last = parts.pop().unwrap_or_else(|| panic!("grammar invariant: empty qualified name"));
    QualifiedName { schema: parts.pop(), name: last, span }
}

fn string_lit(ctx: &Ctx, pair: Pair<'_, Rule>) -> StringLit {
    let span = ctx.span(&pair);
    StringLit { value: unescape_string(pair.as_str()), span }
}

/// The value of a SQL string literal (`'it''s'`, `E'a\nb'`).
pub(crate) fn unescape_string(raw: &str) -> String {
    let escapes = raw.starts_with(['e', 'E']);
    let body = raw.trim_start_matches(['e', 'E']);
    let body = &body[1..body.len().saturating_sub(1).max(1)];
    let mut res = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\'' if chars.peek() == Some(&'\'') => {
                chars.next();
                res.push('\'');
            }
            '\\' if escapes => match chars.next() {
                Some('n') => res.push('\n'),
                Some('t') => res.push('\t'),
                Some('r') => res.push('\r'),
                Some('b') => res.push('\u{8}'),
                Some('f') => res.push('\u{c}'),
                Some(other) => res.push(other),
                None => res.push('\\'),
            },
            _ => res.push(ch),
        }
    }
    res
}

fn sql(ctx: &Ctx, pair: Pair<'_, Rule>) -> Sql {
    // paren_sql → its sql_inner; dollar_quoted → the text between the tags.
    match pair.as_rule() {
        Rule::paren_sql => sql(ctx, first(pair)),
        Rule::dollar_quoted => {
            let raw = pair.as_str();
            let tag_len = raw[1..].find('$').map_or(1, |idx| idx + 2);
            let body = &raw[tag_len..raw.len() - tag_len];
            let start = ctx.span(&pair).start + tag_len;
            Sql { text: body.to_string(), span: start..start + body.len() }
        }
        _ => {
            let raw = pair.as_str();
            let trimmed_start = raw.len() - raw.trim_start().len();
            let text = raw.trim();
            let start = ctx.span(&pair).start + trimmed_start;
            Sql { text: text.to_string(), span: start..start + text.len() }
        }
    }
}

fn int_lit(ctx: &Ctx, pair: Pair<'_, Rule>) -> IntLit {
    IntLit { text: pair.as_str().to_string(), span: ctx.span(&pair) }
}

fn attribute(ctx: &Ctx, pair: Pair<'_, Rule>) -> Attribute {
    let attr = first(pair);
    let span = ctx.span(&attr);
    match attr.as_rule() {
        Rule::renamed_from_attr => Attribute::RenamedFrom { name: qualified_name(ctx, first(attr)), span },
        Rule::backfill_attr => Attribute::Backfill { expr: sql(ctx, first(attr)), span },
        Rule::external_partitions_attr => Attribute::ExternalPartitions { span },
        _ => Attribute::Deprecated { span },
    }
}

fn definition(ctx: &Ctx, pair: Pair<'_, Rule>) -> Definition {
    let span = ctx.content_span(&pair);
    let mut attributes = Vec::new();
    let mut kind = None;
    for child in children(pair) {
        match child.as_rule() {
            Rule::attribute => attributes.push(attribute(ctx, child)),
            Rule::extension_def => kind = Some(DefinitionKind::Extension(extension_def(ctx, child))),
            Rule::schema_def => {
                let mut parts = children(child);
                let name = name(ctx, parts.next().unwrap_or_else(|| panic!("grammar invariant: schema name")));
                let comment = parts.next().map(|comment| comment_clause(ctx, comment));
                kind = Some(DefinitionKind::Schema(SchemaDef { name, comment }))
            }
            Rule::enum_def => kind = Some(DefinitionKind::Enum(enum_def(ctx, child))),
            Rule::composite_def => kind = Some(DefinitionKind::Composite(composite_def(ctx, child))),
            Rule::domain_def => kind = Some(DefinitionKind::Domain(domain_def(ctx, child))),
            Rule::sequence_def => kind = Some(DefinitionKind::Sequence(sequence_def(ctx, child))),
            Rule::table_def => kind = Some(DefinitionKind::Table(table_def(ctx, child))),
            Rule::view_def => kind = Some(DefinitionKind::View(view_def(ctx, child))),
            Rule::function_def => kind = Some(DefinitionKind::Function(function_def(ctx, child))),
            Rule::object_def => kind = Some(DefinitionKind::Object(object_def(ctx, child))),
            Rule::grant_def | Rule::revoke_def => kind = Some(DefinitionKind::Grant(grant_def(ctx, child))),
            Rule::owner_def => kind = Some(DefinitionKind::Owner(owner_def(ctx, child))),
            Rule::default_privileges_def => {
                kind = Some(DefinitionKind::DefaultPrivileges(default_privileges_def(ctx, child)))
            }
            other => panic!("grammar invariant: unexpected {other:?} in definition"),
        }
    }
    let kind = kind.unwrap_or_else(|| panic!("grammar invariant: definition without a body"));
    Definition { attributes, kind, span }
}

fn comment_clause(ctx: &Ctx, pair: Pair<'_, Rule>) -> StringLit {
    string_lit(ctx, first(pair))
}

fn extension_def(ctx: &Ctx, pair: Pair<'_, Rule>) -> ExtensionDef {
    let mut def =
        ExtensionDef { name: Name { text: String::new(), span: 0..0, quoted: false }, schema: None, comment: None };
    let mut seen_name = false;
    for child in children(pair) {
        match child.as_rule() {
            Rule::ident if !seen_name => {
                def.name = name(ctx, child);
                seen_name = true;
            }
            Rule::ident => def.schema = Some(name(ctx, child)),
            Rule::comment_clause => def.comment = Some(comment_clause(ctx, child)),
            _ => {}
        }
    }
    def
}

fn enum_def(ctx: &Ctx, pair: Pair<'_, Rule>) -> EnumDef {
    let mut labels = Vec::new();
    let mut def_name = None;
    let mut comment = None;
    for child in children(pair) {
        match child.as_rule() {
            Rule::qualified_name => def_name = Some(qualified_name(ctx, child)),
            Rule::string => labels.push(string_lit(ctx, child)),
            Rule::comment_clause => comment = Some(comment_clause(ctx, child)),
            _ => {}
        }
    }
    EnumDef { name: def_name.unwrap_or_else(|| panic!("grammar invariant: enum name")), labels, comment }
}

fn domain_def(ctx: &Ctx, pair: Pair<'_, Rule>) -> DomainDef {
    let mut def_name = None;
    let mut base = None;
    let mut clauses = Vec::new();
    let mut comment = None;
    for child in children(pair) {
        match child.as_rule() {
            Rule::qualified_name => def_name = Some(qualified_name(ctx, child)),
            Rule::data_type => base = Some(type_expr(ctx, child)),
            Rule::domain_clause => {
                let clause = first(child);
                let span = ctx.span(&clause);
                clauses.push(match clause.as_rule() {
                    Rule::collate_clause => DomainClause::Collate(name(ctx, first(clause))),
                    Rule::not_null => DomainClause::NotNull(span),
                    Rule::null_clause => DomainClause::Null(span),
                    Rule::default_clause => DomainClause::Default(sql(ctx, first(clause))),
                    _ => {
                        let mut check_name = None;
                        let mut expr = None;
                        for part in children(clause) {
                            match part.as_rule() {
                                Rule::ident => check_name = Some(name(ctx, part)),
                                _ => expr = Some(sql(ctx, part)),
                            }
                        }
                        DomainClause::Check {
                            name: check_name,
                            expr: expr.unwrap_or_else(|| panic!("grammar invariant: domain check")),
                            span,
                        }
                    }
                });
            }
            Rule::comment_clause => comment = Some(comment_clause(ctx, child)),
            _ => {}
        }
    }
    DomainDef {
        name: def_name.unwrap_or_else(|| panic!("grammar invariant: domain name")),
        base: base.unwrap_or_else(|| panic!("grammar invariant: domain type")),
        clauses,
        comment,
    }
}

fn sequence_option(ctx: &Ctx, pair: Pair<'_, Rule>) -> SeqOption {
    let option = first(pair);
    match option.as_rule() {
        Rule::seq_as => SeqOption::As(type_expr(ctx, first(option))),
        Rule::seq_increment => SeqOption::Increment(int_lit(ctx, first(option))),
        Rule::seq_minvalue => SeqOption::MinValue(Some(int_lit(ctx, first(option)))),
        Rule::seq_no_minvalue => SeqOption::MinValue(None),
        Rule::seq_maxvalue => SeqOption::MaxValue(Some(int_lit(ctx, first(option)))),
        Rule::seq_no_maxvalue => SeqOption::MaxValue(None),
        Rule::seq_start => SeqOption::Start(int_lit(ctx, first(option))),
        Rule::seq_cache => SeqOption::Cache(int_lit(ctx, first(option))),
        Rule::seq_cycle => SeqOption::Cycle(true),
        _ => SeqOption::Cycle(false),
    }
}

fn sequence_def(ctx: &Ctx, pair: Pair<'_, Rule>) -> SequenceDef {
    let mut def_name = None;
    let mut options = Vec::new();
    let mut owned_by = None;
    let mut comment = None;
    for child in children(pair) {
        match child.as_rule() {
            Rule::qualified_name => def_name = Some(qualified_name(ctx, child)),
            Rule::sequence_option => options.push(sequence_option(ctx, child)),
            Rule::owned_by => {
                owned_by = Some(children(child).next().map(|path| {
                    let span = ctx.span(&path);
                    let mut parts: Vec<Name> = children(path).map(|part| name(ctx, part)).collect();
                    let column = parts.pop().unwrap_or_else(|| panic!("grammar invariant: column path"));
                    let table = parts.pop().unwrap_or_else(|| panic!("grammar invariant: column path"));
                    ColumnPath { schema: parts.pop(), table, column, span }
                }))
            }
            Rule::comment_clause => comment = Some(comment_clause(ctx, child)),
            _ => {}
        }
    }
    SequenceDef {
        name: def_name.unwrap_or_else(|| panic!("grammar invariant: sequence name")),
        options,
        owned_by,
        comment,
    }
}

fn type_expr(ctx: &Ctx, pair: Pair<'_, Rule>) -> TypeExpr {
    let span = ctx.span(&pair);
    let mut array_dims = 0u8;
    let mut base = None;
    let mut mods = Vec::new();
    for child in children(pair) {
        match child.as_rule() {
            Rule::type_base => {
                let inner = first(child.clone());
                match inner.as_rule() {
                    Rule::multiword_type => {
                        let word = first(inner);
                        let time_zone = children(word.clone())
                            .find(|part| part.as_rule() == Rule::time_zone)
                            .map(|zone| first(zone).as_rule() == Rule::with_time_zone);
                        let mut fields = None;
                        for part in children(word.clone()) {
                            match part.as_rule() {
                                Rule::type_mods => mods = type_mods(ctx, part),
                                Rule::interval_fields => {
                                    let words: Vec<String> =
                                        part.as_str().split_whitespace().map(str::to_ascii_lowercase).collect();
                                    fields = Some(words.join(" "));
                                }
                                _ => {}
                            }
                        }
                        base = Some(match word.as_rule() {
                            Rule::mw_interval => TypeBase::Interval(fields),
                            Rule::mw_double_precision => TypeBase::DoublePrecision,
                            Rule::mw_varchar => TypeBase::CharacterVarying,
                            Rule::mw_char => TypeBase::Character,
                            Rule::mw_varbit => TypeBase::BitVarying,
                            Rule::mw_timestamp => TypeBase::Timestamp(time_zone),
                            _ => TypeBase::Time(time_zone),
                        });
                    }
                    _ => {
                        for part in children(child) {
                            match part.as_rule() {
                                Rule::type_name => base = Some(TypeBase::Named(qualified_name(ctx, part))),
                                Rule::type_mods => mods = type_mods(ctx, part),
                                _ => {}
                            }
                        }
                    }
                }
            }
            Rule::array_suffix => array_dims = array_dims.saturating_add(1),
            _ => {}
        }
    }
    TypeExpr { base: base.unwrap_or_else(|| panic!("grammar invariant: type without base")), mods, array_dims, span }
}

fn type_mods(ctx: &Ctx, pair: Pair<'_, Rule>) -> Vec<TypeMod> {
    children(pair).map(|part| TypeMod { text: part.as_str().to_string(), span: ctx.span(&part) }).collect()
}

fn table_def(ctx: &Ctx, pair: Pair<'_, Rule>) -> TableDef {
    let mut def = TableDef {
        unlogged: false,
        name: QualifiedName { schema: None, name: Name { text: String::new(), span: 0..0, quoted: false }, span: 0..0 },
        partition_by: None,
        partition_of: None,
        items: Vec::new(),
    };
    for child in children(pair) {
        match child.as_rule() {
            Rule::unlogged => def.unlogged = true,
            Rule::partition_by => {
                let span = ctx.span(&child);
                let mut parts = children(child);
                let strategy = parts.next().map_or(String::new(), |part| part.as_str().to_ascii_lowercase());
                let key = sql(ctx, parts.next().unwrap_or_else(|| panic!("grammar invariant: partition key")));
                def.partition_by = Some(PartitionByAst { strategy, key, span });
            }
            Rule::partition_of => {
                let span = ctx.span(&child);
                let mut parts = children(child);
                let parent = qualified_name(ctx, parts.next().unwrap_or_else(|| panic!("grammar invariant: parent")));
                let bound = match parts.next() {
                    Some(bound) if bound.as_rule() == Rule::partition_bound => {
                        let inner = first(bound);
                        let mut values = children(inner.clone()).map(|value| sql(ctx, value));
                        let mut next = || values.next().unwrap_or_else(|| panic!("grammar invariant: bound"));
                        match inner.as_rule() {
                            Rule::bound_in => PartitionBoundAst::In(next()),
                            Rule::bound_range => {
                                let from = next();
                                PartitionBoundAst::Range { from, to: next() }
                            }
                            _ => PartitionBoundAst::With(next()),
                        }
                    }
                    _ => PartitionBoundAst::Default,
                };
                def.partition_of = Some(PartitionOfAst { parent, bound, span });
            }
            Rule::qualified_name => def.name = qualified_name(ctx, child),
            Rule::table_body => {
                for item in children(child) {
                    if item.as_rule() == Rule::table_item {
                        def.items.push(table_item(ctx, item));
                    }
                }
            }
            _ => {}
        }
    }
    def
}

fn names_of(ctx: &Ctx, column_list: Pair<'_, Rule>) -> Vec<Name> {
    children(column_list).map(|part| name(ctx, part)).collect()
}

fn table_item(ctx: &Ctx, pair: Pair<'_, Rule>) -> TableItem {
    let mut attributes = Vec::new();
    let mut kind = None;
    let mut span = ctx.span(&pair);
    for child in children(pair) {
        if child.as_rule() == Rule::attribute {
            attributes.push(attribute(ctx, child));
            continue;
        }
        span = ctx.content_span(&child);
        kind = Some(match child.as_rule() {
            Rule::table_comment => TableItemKind::Comment(string_lit(ctx, first(child))),
            Rule::column_def => TableItemKind::Column(column_def(ctx, child)),
            Rule::row_security_def => {
                TableItemKind::RowSecurity { force: children(child).any(|part| part.as_rule() == Rule::rls_force) }
            }
            Rule::replica_identity_def => {
                let which = children(child).last().unwrap_or_else(|| panic!("grammar invariant: replica identity"));
                TableItemKind::ReplicaIdentity(match which.as_rule() {
                    Rule::identity_full => ReplicaIdentityAst::Full,
                    Rule::identity_nothing => ReplicaIdentityAst::Nothing,
                    Rule::identity_index => ReplicaIdentityAst::Index(name(ctx, first(which))),
                    _ => ReplicaIdentityAst::Default,
                })
            }
            Rule::policy_def => TableItemKind::Policy(Box::new(policy_def(ctx, child))),
            Rule::view_column => {
                let mut parts = children(child);
                let column = name(ctx, parts.next().unwrap_or_else(|| panic!("grammar invariant: column name")));
                let mut default = None;
                let mut comment = None;
                for part in parts {
                    match part.as_rule() {
                        Rule::default_clause => default = Some(sql(ctx, first(part))),
                        Rule::comment_clause => comment = Some(comment_clause(ctx, part)),
                        _ => {}
                    }
                }
                TableItemKind::ViewColumn { name: column, default, comment }
            }
            Rule::primary_key_def => {
                let mut pk_name = None;
                let mut columns = Vec::new();
                let mut comment = None;
                for part in children(child) {
                    match part.as_rule() {
                        Rule::ident => pk_name = Some(name(ctx, part)),
                        Rule::constraint_name => pk_name = Some(name(ctx, first(part))),
                        Rule::column_list => columns = names_of(ctx, part),
                        Rule::comment_clause => comment = Some(comment_clause(ctx, part)),
                        _ => {}
                    }
                }
                TableItemKind::PrimaryKey { name: pk_name, columns, comment }
            }
            Rule::unique_def => {
                let mut def = UniqueDef {
                    name: None,
                    columns: Vec::new(),
                    nulls_not_distinct: false,
                    deferrable: None,
                    comment: None,
                };
                for part in children(child) {
                    match part.as_rule() {
                        Rule::ident => def.name = Some(name(ctx, part)),
                        Rule::constraint_name => def.name = Some(name(ctx, first(part))),
                        Rule::column_list => def.columns = names_of(ctx, part),
                        Rule::nulls_not_distinct => def.nulls_not_distinct = true,
                        Rule::deferrable_clause => def.deferrable = Some(deferrable(part)),
                        Rule::comment_clause => def.comment = Some(comment_clause(ctx, part)),
                        _ => {}
                    }
                }
                TableItemKind::Unique(def)
            }
            Rule::check_def => {
                let mut check_name = None;
                let mut expr = None;
                let mut comment = None;
                for part in children(child) {
                    match part.as_rule() {
                        Rule::ident => check_name = Some(name(ctx, part)),
                        Rule::constraint_name => check_name = Some(name(ctx, first(part))),
                        Rule::paren_sql => expr = Some(sql(ctx, part)),
                        Rule::comment_clause => comment = Some(comment_clause(ctx, part)),
                        _ => {}
                    }
                }
                TableItemKind::Check {
                    name: check_name,
                    expr: expr.unwrap_or_else(|| panic!("grammar invariant: check expression")),
                    comment,
                }
            }
            Rule::foreign_key_def => TableItemKind::ForeignKey(foreign_key_def(ctx, child)),
            Rule::index_def => TableItemKind::Index(index_def(ctx, child)),
            Rule::trigger_def => TableItemKind::Trigger(Box::new(trigger_def(ctx, child))),
            other => panic!("grammar invariant: unexpected {other:?} in table"),
        });
    }
    TableItem { attributes, kind: kind.unwrap_or_else(|| panic!("grammar invariant: empty table item")), span }
}

fn foreign_key_def(ctx: &Ctx, pair: Pair<'_, Rule>) -> ForeignKeyDef {
    let mut def = ForeignKeyDef {
        name: None,
        columns: Vec::new(),
        ref_table: QualifiedName {
            schema: None,
            name: Name { text: String::new(), span: 0..0, quoted: false },
            span: 0..0,
        },
        ref_columns: None,
        options: Vec::new(),
        comment: None,
    };
    let mut lists = 0;
    for part in children(pair) {
        match part.as_rule() {
            Rule::ident => def.name = Some(name(ctx, part)),
            Rule::constraint_name => def.name = Some(name(ctx, first(part))),
            Rule::column_list if lists == 0 => {
                def.columns = names_of(ctx, part);
                lists += 1;
            }
            Rule::column_list => def.ref_columns = Some(names_of(ctx, part)),
            Rule::qualified_name => def.ref_table = qualified_name(ctx, part),
            Rule::fk_option => def.options.push(fk_option(part)),
            Rule::comment_clause => def.comment = Some(comment_clause(ctx, part)),
            _ => {}
        }
    }
    def
}

fn fk_option(pair: Pair<'_, Rule>) -> FkOption {
    let option = first(pair);
    match option.as_rule() {
        Rule::fk_match => FkOption::Match { full: first(option).as_rule() == Rule::match_full },
        Rule::fk_on_delete => FkOption::OnDelete(fk_action(first(option))),
        Rule::fk_on_update => FkOption::OnUpdate(fk_action(first(option))),
        _ => FkOption::Deferrable(deferrable(option)),
    }
}

fn fk_action(pair: Pair<'_, Rule>) -> FkActionAst {
    match first(pair).as_rule() {
        Rule::action_no_action => FkActionAst::NoAction,
        Rule::action_restrict => FkActionAst::Restrict,
        Rule::action_cascade => FkActionAst::Cascade,
        Rule::action_set_null => FkActionAst::SetNull,
        _ => FkActionAst::SetDefault,
    }
}

fn deferrable(pair: Pair<'_, Rule>) -> DeferrableAst {
    match first(pair).as_rule() {
        Rule::not_deferrable => DeferrableAst::NotDeferrable,
        Rule::deferrable_initially_deferred => DeferrableAst::InitiallyDeferred,
        Rule::deferrable_initially_immediate => DeferrableAst::InitiallyImmediate,
        _ => DeferrableAst::Deferrable,
    }
}

fn column_def(ctx: &Ctx, pair: Pair<'_, Rule>) -> ColumnDef {
    let mut parts = children(pair);
    let column_name = name(ctx, parts.next().unwrap_or_else(|| panic!("grammar invariant: column name")));
    let ty = type_expr(ctx, parts.next().unwrap_or_else(|| panic!("grammar invariant: column type")));
    let clauses = parts.map(|clause| column_clause(ctx, first(clause))).collect();
    ColumnDef { name: column_name, ty, clauses }
}

fn optional_constraint_name(ctx: &Ctx, pair: &Pair<'_, Rule>) -> Option<Name> {
    children(pair.clone()).find(|part| part.as_rule() == Rule::constraint_name).map(|part| name(ctx, first(part)))
}

fn column_clause(ctx: &Ctx, clause: Pair<'_, Rule>) -> ColumnClause {
    let span = ctx.span(&clause);
    let kind = match clause.as_rule() {
        Rule::not_null => ColumnClauseKind::NotNull,
        Rule::null_clause => ColumnClauseKind::Null,
        Rule::default_clause => ColumnClauseKind::Default(sql(ctx, first(clause))),
        Rule::identity_clause => {
            let mut always = false;
            let mut options = Vec::new();
            for part in children(clause) {
                match part.as_rule() {
                    Rule::identity_always => always = true,
                    Rule::sequence_option => options.push(sequence_option(ctx, part)),
                    _ => {}
                }
            }
            ColumnClauseKind::Identity { always, options }
        }
        Rule::generated_clause => ColumnClauseKind::Generated(sql(ctx, first(clause))),
        Rule::collate_clause => ColumnClauseKind::Collate(name(ctx, first(clause))),
        Rule::inline_primary_key => ColumnClauseKind::PrimaryKey { name: optional_constraint_name(ctx, &clause) },
        Rule::inline_unique => ColumnClauseKind::Unique {
            name: optional_constraint_name(ctx, &clause),
            nulls_not_distinct: children(clause).any(|part| part.as_rule() == Rule::nulls_not_distinct),
        },
        Rule::inline_check => ColumnClauseKind::Check {
            name: optional_constraint_name(ctx, &clause),
            expr: sql(
                ctx,
                children(clause.clone())
                    .find(|part| part.as_rule() == Rule::paren_sql)
                    .unwrap_or_else(|| panic!("grammar invariant: check expression")),
            ),
        },
        Rule::inline_references => {
            let constraint = optional_constraint_name(ctx, &clause);
            let mut table = None;
            let mut columns = None;
            let mut options = Vec::new();
            for part in children(clause) {
                match part.as_rule() {
                    Rule::qualified_name => table = Some(qualified_name(ctx, part)),
                    Rule::column_list => columns = Some(names_of(ctx, part)),
                    Rule::fk_option => options.push(fk_option(part)),
                    _ => {}
                }
            }
            ColumnClauseKind::References {
                name: constraint,
                table: table.unwrap_or_else(|| panic!("grammar invariant: references table")),
                columns,
                options,
            }
        }
        _ => ColumnClauseKind::Comment(comment_clause(ctx, clause)),
    };
    ColumnClause { kind, span }
}

fn index_def(ctx: &Ctx, pair: Pair<'_, Rule>) -> IndexDef {
    let mut def = IndexDef {
        name: None,
        unique: false,
        method: None,
        elements: Vec::new(),
        include: Vec::new(),
        nulls_not_distinct: false,
        predicate: None,
        comment: None,
    };
    for part in children(pair) {
        match part.as_rule() {
            Rule::index_name => def.name = Some(name(ctx, first(part))),
            Rule::index_unique => def.unique = true,
            Rule::index_method => def.method = Some(name(ctx, first(part))),
            Rule::index_element => def.elements.push(index_element(ctx, part)),
            Rule::index_include => def.include = names_of(ctx, first(part)),
            Rule::nulls_not_distinct => def.nulls_not_distinct = true,
            Rule::index_where => def.predicate = Some(sql(ctx, first(part))),
            Rule::comment_clause => def.comment = Some(comment_clause(ctx, part)),
            _ => {}
        }
    }
    def
}

fn index_element(ctx: &Ctx, pair: Pair<'_, Rule>) -> IndexElementAst {
    let span = ctx.span(&pair);
    let mut element = IndexElementAst {
        key: IndexKeyAst::Column(Name { text: String::new(), span: 0..0, quoted: false }),
        collation: None,
        opclass: None,
        descending: None,
        nulls_first: None,
        span,
    };
    for part in children(pair) {
        match part.as_rule() {
            Rule::paren_sql => element.key = IndexKeyAst::Expr(sql(ctx, part)),
            Rule::function_call => {
                let span = ctx.span(&part);
                element.key = IndexKeyAst::Call(Sql { text: part.as_str().to_string(), span })
            }
            Rule::ident => element.key = IndexKeyAst::Column(name(ctx, part)),
            Rule::collate_clause => element.collation = Some(name(ctx, first(part))),
            Rule::opclass => element.opclass = Some(qualified_name(ctx, first(part))),
            Rule::sort_order => element.descending = Some(part.as_str().eq_ignore_ascii_case("desc")),
            Rule::nulls_order => element.nulls_first = Some(has_keyword(&part, "first")),
            _ => {}
        }
    }
    element
}

fn policy_def(ctx: &Ctx, pair: Pair<'_, Rule>) -> PolicyDef {
    let mut def = PolicyDef {
        name: Name { text: String::new(), span: 0..0, quoted: false },
        restrictive: false,
        command: "all".to_string(),
        roles: Vec::new(),
        using: None,
        check: None,
        comment: None,
    };
    for part in children(pair) {
        match part.as_rule() {
            Rule::ident => def.name = name(ctx, part),
            Rule::policy_restrictive => def.restrictive = true,
            Rule::policy_command => def.command = part.as_str().to_ascii_lowercase(),
            Rule::policy_roles => def.roles = children(part).map(|role| name(ctx, role)).collect(),
            Rule::policy_using => def.using = Some(sql(ctx, first(part))),
            Rule::policy_check => def.check = Some(sql(ctx, first(part))),
            Rule::comment_clause => def.comment = Some(comment_clause(ctx, part)),
            _ => {}
        }
    }
    def
}

/// `with (name = value, …)`: names lower case, values as written.
fn storage_options(ctx: &Ctx, pair: Pair<'_, Rule>) -> Vec<StorageOption> {
    children(pair)
        .map(|option| {
            let span = ctx.span(&option);
            let mut parts = children(option);
            let name = parts.next().map_or(String::new(), |part| part.as_str().to_ascii_lowercase());
            let value = parts.next().map(|part| part.as_str().to_string());
            StorageOption { name, value, span }
        })
        .collect()
}

fn trigger_def(ctx: &Ctx, pair: Pair<'_, Rule>) -> TriggerDef {
    let mut def = TriggerDef {
        constraint: false,
        name: Name { text: String::new(), span: 0..0, quoted: false },
        timing: TimingAst::Before,
        events: Vec::new(),
        for_each_row: None,
        when: None,
        function: QualifiedName {
            schema: None,
            name: Name { text: String::new(), span: 0..0, quoted: false },
            span: 0..0,
        },
        args: Vec::new(),
        from: None,
        deferrable: None,
        old_table: None,
        new_table: None,
        state: None,
        comment: None,
    };
    for part in children(pair) {
        match part.as_rule() {
            Rule::constraint_trigger => def.constraint = true,
            Rule::trigger_from => def.from = Some(qualified_name(ctx, first(part))),
            Rule::deferrable_clause => def.deferrable = Some(deferrable(part)),
            Rule::referencing => {
                for transition in children(part) {
                    let mut inner = children(transition);
                    let which = inner.next().map(|which| which.as_rule());
                    let Some(table_name) = inner.next() else { continue };
                    match which {
                        Some(Rule::old_table) => def.old_table = Some(name(ctx, table_name)),
                        _ => def.new_table = Some(name(ctx, table_name)),
                    }
                }
            }
            Rule::trigger_state => {
                def.state = Some(match first(part).as_rule() {
                    Rule::state_disabled => TriggerStateAst::Disabled,
                    Rule::state_always => TriggerStateAst::Always,
                    _ => TriggerStateAst::Replica,
                })
            }
            Rule::ident => def.name = name(ctx, part),
            Rule::trigger_timing => {
                def.timing = match first(part).as_rule() {
                    Rule::timing_before => TimingAst::Before,
                    Rule::timing_after => TimingAst::After,
                    _ => TimingAst::InsteadOf,
                }
            }
            Rule::trigger_event => {
                let event = first(part);
                def.events.push(match event.as_rule() {
                    Rule::event_insert => EventAst::Insert,
                    Rule::event_update => EventAst::Update(children(event).map(|col| name(ctx, col)).collect()),
                    Rule::event_delete => EventAst::Delete,
                    _ => EventAst::Truncate,
                });
            }
            Rule::for_row => def.for_each_row = Some(true),
            Rule::for_statement => def.for_each_row = Some(false),
            Rule::paren_sql => def.when = Some(sql(ctx, part)),
            Rule::qualified_name => def.function = qualified_name(ctx, part),
            Rule::string => def.args.push(string_lit(ctx, part)),
            Rule::comment_clause => def.comment = Some(comment_clause(ctx, part)),
            _ => {}
        }
    }
    def
}

fn view_def(ctx: &Ctx, pair: Pair<'_, Rule>) -> ViewDef {
    let mut materialized = false;
    let mut view_name = None;
    let mut body = None;
    let mut comment = None;
    let mut options = Vec::new();
    let mut items = Vec::new();
    let mut columns = Vec::new();
    for part in children(pair) {
        match part.as_rule() {
            Rule::materialized => materialized = true,
            Rule::qualified_name => view_name = Some(qualified_name(ctx, part)),
            Rule::view_columns => columns = children(part).map(|attr| composite_attr(ctx, attr)).collect(),
            Rule::view_options => options = storage_options(ctx, part),
            Rule::dollar_quoted => body = Some(sql(ctx, part)),
            Rule::view_body => items = children(part).map(|item| table_item(ctx, item)).collect(),
            Rule::comment_clause => comment = Some(comment_clause(ctx, part)),
            _ => {}
        }
    }
    ViewDef {
        materialized,
        name: view_name.unwrap_or_else(|| panic!("grammar invariant: view name")),
        columns,
        options,
        body: body.unwrap_or_else(|| panic!("grammar invariant: view body")),
        items,
        comment,
    }
}

fn composite_def(ctx: &Ctx, pair: Pair<'_, Rule>) -> CompositeDef {
    let mut def = CompositeDef {
        name: QualifiedName { schema: None, name: Name { text: String::new(), span: 0..0, quoted: false }, span: 0..0 },
        attributes: Vec::new(),
        comment: None,
    };
    for part in children(pair) {
        match part.as_rule() {
            Rule::qualified_name => def.name = qualified_name(ctx, part),
            Rule::composite_attr => def.attributes.push(composite_attr(ctx, part)),
            Rule::comment_clause => def.comment = Some(comment_clause(ctx, part)),
            _ => {}
        }
    }
    def
}

/// `name type [collate c]`: an attribute of a composite type, a column of a view.
fn composite_attr(ctx: &Ctx, pair: Pair<'_, Rule>) -> CompositeAttr {
    let span = ctx.span(&pair);
    let mut inner = children(pair);
    let attr_name = name(ctx, inner.next().unwrap_or_else(|| panic!("grammar invariant: attribute name")));
    let ty = type_expr(ctx, inner.next().unwrap_or_else(|| panic!("grammar invariant: attribute type")));
    let collation = inner.next().map(|collate| name(ctx, first(collate)));
    CompositeAttr { name: attr_name, ty, collation, span }
}

fn object_def(ctx: &Ctx, pair: Pair<'_, Rule>) -> ObjectDef {
    let mut def = ObjectDef {
        kind: String::new(),
        identity: String::new(),
        identity_span: 0..0,
        definition: Sql { text: String::new(), span: 0..0 },
        comment: None,
    };
    for part in children(pair) {
        match part.as_rule() {
            Rule::object_kind => {
                let words: Vec<String> = part.as_str().split_whitespace().map(str::to_ascii_lowercase).collect();
                def.kind = words.join(" ");
            }
            Rule::object_identity => {
                def.identity = part.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
                def.identity_span = ctx.span(&part);
            }
            Rule::dollar_quoted => def.definition = sql(ctx, part),
            Rule::comment_clause => def.comment = Some(comment_clause(ctx, part)),
            _ => {}
        }
    }
    def
}

fn grant_def(ctx: &Ctx, pair: Pair<'_, Rule>) -> GrantDef {
    let mut def = GrantDef {
        revoke: pair.as_rule() == Rule::revoke_def,
        privileges: PrivilegesAst::List(Vec::new()),
        object: GrantObject { kind: GrantObjectKind::Schemas(Vec::new()), span: 0..0 },
        grantees: Vec::new(),
        grant_option: false,
    };
    for part in children(pair) {
        match part.as_rule() {
            Rule::privilege_list => def.privileges = privilege_list(ctx, part),
            Rule::grant_object => def.object = grant_object(ctx, part),
            Rule::grantee_list => def.grantees = children(part).map(|role| name(ctx, role)).collect(),
            Rule::grant_option => def.grant_option = true,
            _ => {}
        }
    }
    def
}

fn privilege_list(ctx: &Ctx, pair: Pair<'_, Rule>) -> PrivilegesAst {
    let mut items = Vec::new();
    for part in children(pair) {
        match part.as_rule() {
            Rule::all_privileges => {
                let span = ctx.span(&part);
                let columns = children(part).next().map(|list| names_of(ctx, list)).unwrap_or_default();
                return PrivilegesAst::All { columns, span };
            }
            Rule::privilege_item => {
                let span = ctx.content_span(&part);
                let mut parts = children(part);
                let word = name(ctx, parts.next().unwrap_or_else(|| panic!("grammar invariant: privilege name")));
                let columns = parts.next().map(|list| names_of(ctx, list)).unwrap_or_default();
                items.push(PrivilegeAst { name: word, columns, span });
            }
            _ => {}
        }
    }
    PrivilegesAst::List(items)
}

fn qualified_names(ctx: &Ctx, pair: Pair<'_, Rule>) -> Vec<QualifiedName> {
    children(pair).filter(|part| part.as_rule() == Rule::qualified_name).map(|part| qualified_name(ctx, part)).collect()
}

fn idents(ctx: &Ctx, pair: Pair<'_, Rule>) -> Vec<Name> {
    children(pair).filter(|part| part.as_rule() == Rule::ident).map(|part| name(ctx, part)).collect()
}

fn grant_object(ctx: &Ctx, pair: Pair<'_, Rule>) -> GrantObject {
    let span = ctx.content_span(&pair);
    let inner = first(pair);
    let kind = match inner.as_rule() {
        Rule::on_table => GrantObjectKind::Tables(qualified_names(ctx, inner)),
        Rule::on_foreign_table => GrantObjectKind::ForeignTables(qualified_names(ctx, inner)),
        Rule::on_sequence => GrantObjectKind::Sequences(qualified_names(ctx, inner)),
        Rule::on_schema => GrantObjectKind::Schemas(idents(ctx, inner)),
        Rule::on_function => {
            let mut procedure = Some(false);
            let mut refs = Vec::new();
            for part in children(inner) {
                match part.as_rule() {
                    Rule::procedure_kw => procedure = Some(true),
                    Rule::routine_kw => procedure = None,
                    Rule::function_ref => refs.push(function_ref(ctx, part)),
                    _ => {}
                }
            }
            GrantObjectKind::Functions { procedure, refs }
        }
        Rule::on_type => {
            let domain = children(inner.clone()).any(|part| part.as_rule() == Rule::domain_kw);
            GrantObjectKind::Types { domain, names: qualified_names(ctx, inner) }
        }
        Rule::on_foreign_server => GrantObjectKind::Servers(idents(ctx, inner)),
        Rule::on_foreign_data_wrapper => GrantObjectKind::ForeignDataWrappers(idents(ctx, inner)),
        Rule::on_language => GrantObjectKind::Languages(idents(ctx, inner)),
        other => panic!("grammar invariant: unexpected {other:?} in a grant object"),
    };
    GrantObject { kind, span }
}

fn function_ref(ctx: &Ctx, pair: Pair<'_, Rule>) -> FunctionRef {
    let span = ctx.content_span(&pair);
    let mut res = FunctionRef {
        name: QualifiedName { schema: None, name: Name { text: String::new(), span: 0..0, quoted: false }, span: 0..0 },
        args: None,
        span,
    };
    for part in children(pair) {
        match part.as_rule() {
            Rule::qualified_name => res.name = qualified_name(ctx, part),
            Rule::function_ref_args => {
                res.args = Some(children(part).map(|arg| function_arg(ctx, arg)).collect());
            }
            _ => {}
        }
    }
    res
}

fn owner_def(ctx: &Ctx, pair: Pair<'_, Rule>) -> OwnerDef {
    let mut parts = children(pair);
    let object_pair = parts.next().unwrap_or_else(|| panic!("grammar invariant: owner object"));
    let object_span = ctx.content_span(&object_pair);
    let owner = name(ctx, parts.next().unwrap_or_else(|| panic!("grammar invariant: owner role")));
    let inner = first(object_pair);
    let object = match inner.as_rule() {
        Rule::owner_schema => OwnerObject::Schema(name(ctx, first(inner))),
        Rule::owner_table => OwnerObject::Table(qualified_name(ctx, first(inner))),
        Rule::owner_view => {
            let materialized = children(inner.clone()).any(|part| part.as_rule() == Rule::materialized);
            let view_name = qualified_names(ctx, inner).pop().unwrap_or_else(|| panic!("grammar invariant: view name"));
            OwnerObject::View { materialized, name: view_name }
        }
        Rule::owner_sequence => OwnerObject::Sequence(qualified_name(ctx, first(inner))),
        Rule::owner_function => {
            let procedure = children(inner.clone()).any(|part| part.as_rule() == Rule::procedure_kw);
            let function = children(inner)
                .find(|part| part.as_rule() == Rule::function_ref)
                .map(|part| function_ref(ctx, part))
                .unwrap_or_else(|| panic!("grammar invariant: owner function"));
            OwnerObject::Function { procedure, function }
        }
        Rule::owner_type => OwnerObject::Type(qualified_name(ctx, first(inner))),
        Rule::owner_domain => OwnerObject::Domain(qualified_name(ctx, first(inner))),
        Rule::owner_whole => {
            let mut kind = String::new();
            let mut identity = String::new();
            for part in children(inner) {
                match part.as_rule() {
                    Rule::object_kind => {
                        kind =
                            part.as_str().split_whitespace().map(str::to_ascii_lowercase).collect::<Vec<_>>().join(" ")
                    }
                    Rule::owner_identity => {
                        identity = part.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
                    }
                    _ => {}
                }
            }
            OwnerObject::Whole { kind, identity }
        }
        other => panic!("grammar invariant: unexpected {other:?} in an owner object"),
    };
    OwnerDef { object, object_span, owner }
}

fn default_privileges_def(ctx: &Ctx, pair: Pair<'_, Rule>) -> DefaultPrivilegesDef {
    let mut def = DefaultPrivilegesDef {
        roles: Vec::new(),
        schemas: Vec::new(),
        revoke: false,
        privileges: PrivilegesAst::List(Vec::new()),
        objects: String::new(),
        objects_span: 0..0,
        grantees: Vec::new(),
        grant_option: false,
    };
    for part in children(pair) {
        match part.as_rule() {
            Rule::ident => def.roles.push(name(ctx, part)),
            Rule::default_in_schema => def.schemas = idents(ctx, part),
            Rule::default_grant | Rule::default_revoke => {
                def.revoke = part.as_rule() == Rule::default_revoke;
                for item in children(part) {
                    match item.as_rule() {
                        Rule::privilege_list => def.privileges = privilege_list(ctx, item),
                        Rule::default_objects => {
                            def.objects = item.as_str().to_ascii_lowercase();
                            def.objects_span = ctx.span(&item);
                        }
                        Rule::grantee_list => def.grantees = children(item).map(|role| name(ctx, role)).collect(),
                        Rule::grant_option => def.grant_option = true,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    def
}

fn function_def(ctx: &Ctx, pair: Pair<'_, Rule>) -> FunctionDef {
    let mut procedure = false;
    let mut function_name = None;
    let mut args = Vec::new();
    let mut returns = None;
    let mut options = Vec::new();
    let mut body = None;
    let mut comment = None;
    for part in children(pair) {
        match part.as_rule() {
            Rule::procedure_kw => procedure = true,
            Rule::qualified_name => function_name = Some(qualified_name(ctx, part)),
            Rule::function_arg => args.push(function_arg(ctx, part)),
            Rule::returns_clause => {
                let inner = first(part);
                returns = Some(match inner.as_rule() {
                    Rule::returns_setof => ReturnsAst::SetOf(type_expr(ctx, first(inner))),
                    Rule::returns_table => {
                        let mut columns = Vec::new();
                        let mut pending = None;
                        for column in children(inner) {
                            match column.as_rule() {
                                Rule::ident => pending = Some(name(ctx, column)),
                                _ => {
                                    if let Some(column_name) = pending.take() {
                                        columns.push((column_name, type_expr(ctx, column)));
                                    }
                                }
                            }
                        }
                        ReturnsAst::Table(columns)
                    }
                    _ => ReturnsAst::Type(type_expr(ctx, inner)),
                });
            }
            Rule::function_option => options.push(function_option(ctx, part)),
            Rule::dollar_quoted => body = Some(sql(ctx, part)),
            Rule::comment_clause => comment = Some(comment_clause(ctx, part)),
            _ => {}
        }
    }
    FunctionDef {
        procedure,
        name: function_name.unwrap_or_else(|| panic!("grammar invariant: function name")),
        args,
        returns,
        options,
        body: body.unwrap_or_else(|| panic!("grammar invariant: function body")),
        comment,
    }
}

fn function_arg(ctx: &Ctx, pair: Pair<'_, Rule>) -> FunctionArgAst {
    let span = ctx.span(&pair);
    let mut arg = FunctionArgAst { mode: None, name: None, ty: placeholder_type(), default: None, span };
    for part in children(pair) {
        match part.as_rule() {
            Rule::arg_mode => {
                let text = part.as_str().to_ascii_lowercase();
                arg.mode = Some(match text.as_str() {
                    "in" => ArgModeAst::In,
                    "out" => ArgModeAst::Out,
                    "inout" => ArgModeAst::InOut,
                    _ => ArgModeAst::Variadic,
                });
            }
            Rule::ident => arg.name = Some(name(ctx, part)),
            Rule::data_type => arg.ty = type_expr(ctx, part),
            Rule::sql_term => arg.default = Some(sql(ctx, part)),
            _ => {}
        }
    }
    arg
}

fn placeholder_type() -> TypeExpr {
    TypeExpr {
        base: TypeBase::Named(QualifiedName {
            schema: None,
            name: Name { text: String::new(), span: 0..0, quoted: false },
            span: 0..0,
        }),
        mods: Vec::new(),
        array_dims: 0,
        span: 0..0,
    }
}

fn function_option(ctx: &Ctx, pair: Pair<'_, Rule>) -> FunctionOption {
    let span = ctx.span(&pair);
    match children(pair.clone()).next() {
        Some(inner) => match inner.as_rule() {
            Rule::ident => FunctionOption::Language(name(ctx, inner)),
            Rule::volatility => FunctionOption::Volatility(
                match inner.as_str().to_ascii_lowercase().as_str() {
                    "immutable" => VolatilityAst::Immutable,
                    "stable" => VolatilityAst::Stable,
                    _ => VolatilityAst::Volatile,
                },
                span,
            ),
            Rule::strict => FunctionOption::Strict(true, span),
            Rule::called_on_null => FunctionOption::Strict(false, span),
            Rule::security_definer => FunctionOption::SecurityDefiner(true, span),
            Rule::security_invoker => FunctionOption::SecurityDefiner(false, span),
            Rule::leakproof => FunctionOption::Leakproof(true, span),
            Rule::not_leakproof => FunctionOption::Leakproof(false, span),
            Rule::parallel => FunctionOption::Parallel(
                match inner.as_str().split_whitespace().last().unwrap_or("").to_ascii_lowercase().as_str() {
                    "safe" => ParallelAst::Safe,
                    "restricted" => ParallelAst::Restricted,
                    _ => ParallelAst::Unsafe,
                },
                span,
            ),
            Rule::cost => FunctionOption::Cost(int_lit(ctx, first(inner))),
            Rule::rows_estimate => FunctionOption::Rows(int_lit(ctx, first(inner))),
            Rule::set_config => {
                let mut parts = children(inner);
                let name = parts.next().map_or(String::new(), |part| part.as_str().to_ascii_lowercase());
                let value = parts.next().map_or(String::new(), |part| part.as_str().to_string());
                FunctionOption::Set { name, value, span }
            }
            other => panic!("grammar invariant: function option {other:?}"),
        },
        None => panic!("grammar invariant: empty function option"),
    }
}
