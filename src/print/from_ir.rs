//! IR → syntax tree, so that a catalog prints with the one printer.
//!
//! Constraint, index and trigger names are always written out (so that
//! lowering gives the same names back), except a primary key whose name is
//! PostgreSQL's default. Values equal to PostgreSQL's defaults are left out.

use crate::ir::*;
use crate::lower::default_pkey_name;
use crate::syntax::ast::*;
use indexmap::IndexMap;

fn name(text: &str) -> Name {
    Name { text: text.to_string(), span: 0..0 }
}

fn names(texts: &[Ident]) -> Vec<Name> {
    texts.iter().map(|text| name(text)).collect()
}

/// A qualified name; `public` is left implicit.
fn qualified(qual: &QualName) -> QualifiedName {
    QualifiedName { schema: (qual.schema != "public").then(|| name(&qual.schema)), name: name(&qual.name), span: 0..0 }
}

fn string(value: &str) -> StringLit {
    StringLit { value: value.to_string(), span: 0..0 }
}

fn comment(value: &Option<String>) -> Option<StringLit> {
    value.as_deref().map(string)
}

fn sql(text: &str) -> Sql {
    Sql { text: text.to_string(), span: 0..0 }
}

fn int(value: i64) -> IntLit {
    IntLit { text: value.to_string(), span: 0..0 }
}

fn definition(attributes: Vec<Attribute>, kind: DefinitionKind) -> Definition {
    Definition { attributes, kind, span: 0..0 }
}

/// A canonical type as a syntax tree.
fn type_expr(ty: &DataType) -> TypeExpr {
    let (base, mods) = match &ty.base {
        // A user type named like a built-in (`public.money`) keeps its schema.
        BaseType::Named(qual) if qual.schema == "public" && crate::lower::is_builtin_type_name(&qual.name) => {
            let mut name = qualified(qual);
            name.schema = Some(self::name("public"));
            (TypeBase::Named(name), Vec::new())
        }
        BaseType::Named(qual) => (TypeBase::Named(qualified(qual)), Vec::new()),
        BaseType::Builtin(text) => builtin_type(text),
    };
    TypeExpr { base, mods, array_dims: ty.array_dims, span: 0..0 }
}

fn builtin_type(text: &str) -> (TypeBase, Vec<IntLit>) {
    let (head, mods, tail) = match text.find('(') {
        Some(open) => {
            let close = text[open..].find(')').map_or(text.len(), |idx| open + idx);
            let mods: Vec<IntLit> =
                text[open + 1..close].split(',').filter_map(|part| part.trim().parse::<i64>().ok()).map(int).collect();
            (&text[..open], mods, text.get(close + 1..).unwrap_or("").trim())
        }
        None => (text, Vec::new(), ""),
    };
    let zone = |rest: &str| {
        if rest.ends_with("with time zone") && !rest.ends_with("without time zone") {
            Some(true)
        } else if rest.ends_with("without time zone") {
            Some(false)
        } else {
            None
        }
    };
    let base = match head.trim() {
        "double precision" => TypeBase::DoublePrecision,
        "character varying" => TypeBase::CharacterVarying,
        "character" => TypeBase::Character,
        "bit varying" => TypeBase::BitVarying,
        word if word.starts_with("timestamp") => TypeBase::Timestamp(zone(if tail.is_empty() { word } else { tail })),
        word if word.starts_with("time") => TypeBase::Time(zone(if tail.is_empty() { word } else { tail })),
        word => {
            // An extension's type outside the search path is qualified (`ext.citext`).
            let (schema, type_name) = split_type_name(word);
            TypeBase::Named(QualifiedName { schema: schema.as_deref().map(name), name: name(&type_name), span: 0..0 })
        }
    };
    (base, mods)
}

/// `schema.name` as `format_type` spells it (either part quoted when needed)
/// → the schema and the name, unquoted; other spellings stay one name.
fn split_type_name(text: &str) -> (Option<String>, String) {
    match crate::sqltext::split_quoted_name(text).as_slice() {
        [schema, type_name] if !schema.is_empty() && !type_name.is_empty() && !text.ends_with('.') => {
            (Some(schema.clone()), type_name.clone())
        }
        _ => (None, text.to_string()),
    }
}

/// Sequence options that differ from PostgreSQL's defaults for their type.
fn seq_options(options: &SequenceOptions, default_type: &str) -> Vec<SeqOption> {
    let defaults = SequenceOptions::defaults(&options.data_type, options.increment);
    let mut res = Vec::new();
    if options.data_type != default_type {
        res.push(SeqOption::As(type_expr(&DataType::builtin(options.data_type.clone()))));
    }
    if options.increment != 1 {
        res.push(SeqOption::Increment(int(options.increment)));
    }
    if options.min_value != defaults.min_value {
        res.push(SeqOption::MinValue(Some(int(options.min_value))));
    }
    if options.max_value != defaults.max_value {
        res.push(SeqOption::MaxValue(Some(int(options.max_value))));
    }
    let default_start = if options.increment > 0 { options.min_value } else { options.max_value };
    if options.start != default_start {
        res.push(SeqOption::Start(int(options.start)));
    }
    if options.cache != 1 {
        res.push(SeqOption::Cache(int(options.cache)));
    }
    if options.cycle {
        res.push(SeqOption::Cycle(true));
    }
    res
}

fn renamed_attribute(renamed: &RenamedFrom, own_schema: &str) -> Attribute {
    let name = match renamed {
        RenamedFrom::Local(old) => QualifiedName { schema: None, name: ast_name(old), span: 0..0 },
        RenamedFrom::Qualified(old) => QualifiedName {
            schema: (old.schema != own_schema).then(|| ast_name(&old.schema)),
            name: ast_name(&old.name),
            span: 0..0,
        },
    };
    Attribute::RenamedFrom { name, span: 0..0 }
}

fn ast_name(text: &str) -> Name {
    name(text)
}

fn attributes(meta: &Meta, key: &ObjectKey, own_schema: &str) -> Vec<Attribute> {
    let mut res = Vec::new();
    if let Some(renamed) = meta.renamed_from.get(key) {
        res.push(renamed_attribute(renamed, own_schema));
    }
    if let ObjectKey::Column(table, column) = key
        && let Some(expr) = meta.backfill.get(&(table.clone(), column.clone()))
    {
        res.push(Attribute::Backfill { expr: sql(expr), span: 0..0 });
    }
    if meta.deprecated.contains(key) {
        res.push(Attribute::Deprecated { span: 0..0 });
    }
    res
}

fn fk_action(action: FkAction) -> FkActionAst {
    match action {
        FkAction::NoAction => FkActionAst::NoAction,
        FkAction::Restrict => FkActionAst::Restrict,
        FkAction::Cascade => FkActionAst::Cascade,
        FkAction::SetNull => FkActionAst::SetNull,
        FkAction::SetDefault => FkActionAst::SetDefault,
    }
}

fn deferrable(value: Deferrable) -> Option<DeferrableAst> {
    match value {
        Deferrable::NotDeferrable => None,
        Deferrable::Deferrable => Some(DeferrableAst::Deferrable),
        Deferrable::InitiallyDeferred => Some(DeferrableAst::InitiallyDeferred),
    }
}

/// Turns a catalog (and its hints) into a syntax tree.
pub fn catalog_to_ast(catalog: &Catalog, meta: &Meta) -> File {
    let mut definitions = Vec::new();
    for ext in catalog.extensions.values() {
        definitions.push(definition(
            Vec::new(),
            DefinitionKind::Extension(ExtensionDef {
                name: name(&ext.name),
                schema: ext.schema.as_deref().map(name),
                comment: comment(&ext.comment),
            }),
        ));
    }
    for schema in catalog.schemas.values() {
        definitions.push(definition(
            Vec::new(),
            DefinitionKind::Schema(SchemaDef { name: name(&schema.name), comment: comment(&schema.comment) }),
        ));
    }
    for def_enum in catalog.enums.values() {
        definitions.push(definition(
            attributes(meta, &ObjectKey::Enum(def_enum.name.clone()), &def_enum.name.schema),
            DefinitionKind::Enum(EnumDef {
                name: qualified(&def_enum.name),
                labels: def_enum.labels.iter().map(|label| string(label)).collect(),
                comment: comment(&def_enum.comment),
            }),
        ));
    }
    for domain in catalog.domains.values() {
        let mut clauses = Vec::new();
        if let Some(collation) = &domain.collation {
            clauses.push(DomainClause::Collate(name(collation)));
        }
        if domain.not_null {
            clauses.push(DomainClause::NotNull(0..0));
        }
        if let Some(default) = &domain.default {
            clauses.push(DomainClause::Default(sql(default)));
        }
        for (check_name, expr) in &domain.checks {
            clauses.push(DomainClause::Check { name: Some(name(check_name)), expr: sql(expr), span: 0..0 });
        }
        definitions.push(definition(
            attributes(meta, &ObjectKey::Domain(domain.name.clone()), &domain.name.schema),
            DefinitionKind::Domain(DomainDef {
                name: qualified(&domain.name),
                base: type_expr(&domain.base),
                clauses,
                comment: comment(&domain.comment),
            }),
        ));
    }
    for sequence in catalog.sequences.values() {
        definitions.push(definition(
            attributes(meta, &ObjectKey::Sequence(sequence.name.clone()), &sequence.name.schema),
            DefinitionKind::Sequence(SequenceDef {
                name: qualified(&sequence.name),
                options: seq_options(&sequence.options, "bigint"),
                owned_by: sequence.owned_by.as_ref().map(|(table, column)| {
                    Some(ColumnPath {
                        schema: (table.schema != "public").then(|| name(&table.schema)),
                        table: name(&table.name),
                        column: name(column),
                        span: 0..0,
                    })
                }),
                comment: comment(&sequence.comment),
            }),
        ));
    }
    let name_counts = schema_name_counts(catalog);
    for table in catalog.tables.values() {
        definitions.push(definition(
            attributes(meta, &ObjectKey::Table(table.name.clone()), &table.name.schema),
            DefinitionKind::Table(table_def(table, meta, &name_counts)),
        ));
    }
    for view in catalog.views.values() {
        definitions.push(definition(
            attributes(meta, &ObjectKey::View(view.name.clone()), &view.name.schema),
            DefinitionKind::View(ViewDef {
                materialized: view.materialized,
                name: qualified(&view.name),
                body: sql(&format!("\n{}\n", view.body)),
                comment: comment(&view.comment),
            }),
        ));
    }
    for function in catalog.functions.values() {
        definitions.push(definition(
            attributes(meta, &ObjectKey::Function(function.key()), &function.name.schema),
            DefinitionKind::Function(function_def(function)),
        ));
    }
    File { definitions, comments: Vec::new() }
}

/// How many relations and constraints of each schema carry each name.
fn schema_name_counts(catalog: &Catalog) -> IndexMap<(Ident, Ident), usize> {
    let mut res: IndexMap<(Ident, Ident), usize> = IndexMap::new();
    let mut bump = |schema: &str, name: &str| *res.entry((schema.to_string(), name.to_string())).or_default() += 1;
    for name in catalog.sequences.keys().chain(catalog.tables.keys()).chain(catalog.views.keys()) {
        bump(&name.schema, &name.name);
    }
    for table in catalog.tables.values() {
        for name in table.constraints.keys().chain(table.indexes.keys()) {
            bump(&table.name.schema, name);
        }
    }
    res
}

fn table_def(table: &Table, meta: &Meta, name_counts: &IndexMap<(Ident, Ident), usize>) -> TableDef {
    let pk = table.primary_key();
    let pk_columns: &[Ident] = match pk.map(|pk| &pk.kind) {
        Some(ConstraintKind::PrimaryKey { columns }) => columns,
        _ => &[],
    };
    let default_pk_name = default_pkey_name(&table.name.name);
    let pk_default_named = pk.is_some_and(|pk| {
        pk.name == default_pk_name
            && pk.comment.is_none()
            && name_counts.get(&(table.name.schema.clone(), default_pk_name.clone())).copied() == Some(1)
    });
    let inline_pk = pk_default_named && pk_columns.len() == 1;
    let mut items = Vec::new();
    let item = |attrs: Vec<Attribute>, kind: TableItemKind| TableItem { attributes: attrs, kind, span: 0..0 };
    for column in table.columns.values() {
        let mut clauses = Vec::new();
        let mut clause = |kind: ColumnClauseKind| clauses.push(ColumnClause { kind, span: 0..0 });
        if let Some(identity) = &column.identity {
            let int_type = match &column.ty.base {
                BaseType::Builtin(name) => name.as_str(),
                BaseType::Named(_) => "bigint",
            };
            clause(ColumnClauseKind::Identity {
                always: identity.always,
                options: seq_options(&identity.options, int_type),
            });
        }
        if let Some(generated) = &column.generated {
            clause(ColumnClauseKind::Generated(sql(generated)));
        }
        if let Some(collation) = &column.collation {
            clause(ColumnClauseKind::Collate(name(collation)));
        }
        let implied_not_null = pk_columns.contains(&column.name) || column.identity.is_some();
        if column.not_null && !implied_not_null {
            clause(ColumnClauseKind::NotNull);
        }
        if let Some(default) = &column.default {
            clause(ColumnClauseKind::Default(sql(default)));
        }
        if inline_pk && pk_columns[0] == column.name {
            clause(ColumnClauseKind::PrimaryKey { name: None });
        }
        if let Some(text) = &column.comment {
            clause(ColumnClauseKind::Comment(string(text)));
        }
        let key = ObjectKey::Column(table.name.clone(), column.name.clone());
        items.push(item(
            attributes(meta, &key, &table.name.schema),
            TableItemKind::Column(ColumnDef { name: name(&column.name), ty: type_expr(&column.ty), clauses }),
        ));
    }
    for constraint in table.constraints.values() {
        let key = ObjectKey::Constraint(table.name.clone(), constraint.name.clone());
        let attrs = attributes(meta, &key, &table.name.schema);
        let explicit = Some(name(&constraint.name));
        let kind = match &constraint.kind {
            ConstraintKind::PrimaryKey { .. } if inline_pk => continue,
            ConstraintKind::PrimaryKey { columns } => TableItemKind::PrimaryKey {
                name: if pk_default_named { None } else { explicit },
                columns: names(columns),
                comment: comment(&constraint.comment),
            },
            ConstraintKind::Unique { columns, nulls_not_distinct } => TableItemKind::Unique(UniqueDef {
                name: explicit,
                columns: names(columns),
                nulls_not_distinct: *nulls_not_distinct,
                deferrable: deferrable(constraint.deferrable),
                comment: comment(&constraint.comment),
            }),
            ConstraintKind::Check { expr } => {
                TableItemKind::Check { name: explicit, expr: sql(expr), comment: comment(&constraint.comment) }
            }
            ConstraintKind::ForeignKey(fk) => {
                let mut options = Vec::new();
                if fk.match_full {
                    options.push(FkOption::Match { full: true });
                }
                if fk.on_delete != FkAction::NoAction {
                    options.push(FkOption::OnDelete(fk_action(fk.on_delete)));
                }
                if fk.on_update != FkAction::NoAction {
                    options.push(FkOption::OnUpdate(fk_action(fk.on_update)));
                }
                if let Some(value) = deferrable(constraint.deferrable) {
                    options.push(FkOption::Deferrable(value));
                }
                TableItemKind::ForeignKey(ForeignKeyDef {
                    name: explicit,
                    columns: names(&fk.columns),
                    ref_table: qualified(&fk.ref_table),
                    ref_columns: Some(names(&fk.ref_columns)),
                    options,
                    comment: comment(&constraint.comment),
                })
            }
        };
        items.push(item(attrs, kind));
    }
    for index in table.indexes.values() {
        let key = ObjectKey::Index(table.name.clone(), index.name.clone());
        let elements = index
            .elements
            .iter()
            .map(|element| IndexElementAst {
                key: match &element.key {
                    IndexKey::Column(column) => IndexKeyAst::Column(name(column)),
                    IndexKey::Expr(expr)
                        if crate::syntax::parse_rule_matches(crate::syntax::Rule::function_call, expr) =>
                    {
                        IndexKeyAst::Call(sql(expr))
                    }
                    IndexKey::Expr(expr) => IndexKeyAst::Expr(sql(expr)),
                },
                collation: element.collation.as_deref().map(name),
                opclass: element.opclass.as_deref().map(|opclass| match opclass.split_once('.') {
                    Some((schema, opclass)) => {
                        QualifiedName { schema: Some(name(schema)), name: name(opclass), span: 0..0 }
                    }
                    None => QualifiedName { schema: None, name: name(opclass), span: 0..0 },
                }),
                descending: element.descending.then_some(true),
                nulls_first: (element.nulls_first != element.descending).then_some(element.nulls_first),
                span: 0..0,
            })
            .collect();
        items.push(item(
            attributes(meta, &key, &table.name.schema),
            TableItemKind::Index(IndexDef {
                name: Some(name(&index.name)),
                unique: index.unique,
                method: (index.method != "btree").then(|| name(&index.method)),
                elements,
                include: names(&index.include),
                nulls_not_distinct: index.nulls_not_distinct,
                predicate: index.predicate.as_deref().map(sql),
                comment: comment(&index.comment),
            }),
        ));
    }
    for trigger in table.triggers.values() {
        items.push(item(
            Vec::new(),
            TableItemKind::Trigger(TriggerDef {
                name: name(&trigger.name),
                timing: match trigger.timing {
                    TriggerTiming::Before => TimingAst::Before,
                    TriggerTiming::After => TimingAst::After,
                    TriggerTiming::InsteadOf => TimingAst::InsteadOf,
                },
                events: trigger
                    .events
                    .iter()
                    .map(|event| match event {
                        TriggerEvent::Insert => EventAst::Insert,
                        TriggerEvent::Update(columns) => EventAst::Update(names(columns)),
                        TriggerEvent::Delete => EventAst::Delete,
                        TriggerEvent::Truncate => EventAst::Truncate,
                    })
                    .collect(),
                for_each_row: Some(trigger.for_each_row),
                when: trigger.when.as_deref().map(sql),
                function: qualified(&trigger.function),
                args: trigger.args.iter().map(|arg| string(arg)).collect(),
                comment: comment(&trigger.comment),
            }),
        ));
    }
    if let Some(text) = &table.comment {
        items.push(item(Vec::new(), TableItemKind::Comment(string(text))));
    }
    TableDef { unlogged: table.unlogged, name: qualified(&table.name), items }
}

fn function_def(function: &Function) -> FunctionDef {
    let args = function
        .args
        .iter()
        .map(|arg| FunctionArgAst {
            mode: match arg.mode {
                ArgMode::In => None,
                ArgMode::Out => Some(ArgModeAst::Out),
                ArgMode::InOut => Some(ArgModeAst::InOut),
                ArgMode::Variadic => Some(ArgModeAst::Variadic),
            },
            name: arg.name.as_deref().map(name),
            ty: type_expr(&arg.ty),
            default: arg.default.as_deref().map(sql),
            span: 0..0,
        })
        .collect();
    let returns = function.returns.as_ref().map(|returns| match returns {
        Returns::Type(ty) => ReturnsAst::Type(type_expr(ty)),
        Returns::SetOf(ty) => ReturnsAst::SetOf(type_expr(ty)),
        Returns::Table(columns) => {
            ReturnsAst::Table(columns.iter().map(|(column, ty)| (name(column), type_expr(ty))).collect())
        }
    });
    let mut options = vec![FunctionOption::Language(name(&function.language))];
    match function.volatility {
        Volatility::Volatile => {}
        Volatility::Stable => options.push(FunctionOption::Volatility(VolatilityAst::Stable, 0..0)),
        Volatility::Immutable => options.push(FunctionOption::Volatility(VolatilityAst::Immutable, 0..0)),
    }
    if function.strict {
        options.push(FunctionOption::Strict(true, 0..0));
    }
    if function.security_definer {
        options.push(FunctionOption::SecurityDefiner(true, 0..0));
    }
    FunctionDef {
        procedure: function.procedure,
        name: qualified(&function.name),
        args,
        returns,
        options,
        body: sql(&function.body),
        comment: comment(&function.comment),
    }
}
