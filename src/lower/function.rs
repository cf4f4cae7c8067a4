//! Functions and procedures: arguments, result, options.

use super::*;

impl Ctx {
    pub(super) fn lower_functions(&mut self, definitions: &[(usize, &ast::Definition)]) {
        for &(file, def) in definitions {
            let ast::DefinitionKind::Function(function) = &def.kind else { continue };
            self.lower_function(file, function);
        }
    }

    pub(super) fn lower_function(&mut self, file: usize, function: &ast::FunctionDef) {
        let name = qual(&function.name);
        let name_span = span(file, &function.name.span);
        let mut args = Vec::new();
        for arg in &function.args {
            let ty = self.function_type(file, &arg.ty);
            let mode = match arg.mode {
                None | Some(ast::ArgModeAst::In) => ArgMode::In,
                Some(ast::ArgModeAst::Out) => ArgMode::Out,
                Some(ast::ArgModeAst::InOut) => ArgMode::InOut,
                Some(ast::ArgModeAst::Variadic) => ArgMode::Variadic,
            };
            args.push(FunctionArg {
                mode,
                name: arg.name.as_ref().map(|name| name.text.clone()),
                ty,
                default: arg.default.as_ref().map(|expr| strip_outer_parens(&expr.text)),
            });
        }
        let returns = match &function.returns {
            None => None,
            Some(ast::ReturnsAst::Type(ty)) => Some(Returns::Type(self.function_type(file, ty))),
            Some(ast::ReturnsAst::SetOf(ty)) => Some(Returns::SetOf(self.function_type(file, ty))),
            Some(ast::ReturnsAst::Table(columns)) => Some(Returns::Table(
                columns.iter().map(|(name, ty)| (name.text.clone(), self.function_type(file, ty))).collect(),
            )),
        };
        if function.procedure && returns.is_some() {
            self.error("invalid-function", "a procedure has no `returns` clause", name_span, "this procedure");
        }
        if !function.procedure && returns.is_none() {
            let idx = self.error("invalid-function", "a function needs a `returns` clause", name_span, "this function");
            self.note(idx, "add e.g. `returns void` or `returns trigger`");
        }
        let mut language = None;
        let mut volatility = Volatility::Volatile;
        let mut strict = false;
        let mut security_definer = false;
        let mut leakproof = false;
        let mut parallel = Parallel::Unsafe;
        let mut cost = None;
        let mut rows = None;
        let mut config: Vec<(Ident, String)> = Vec::new();
        for option in &function.options {
            match option {
                ast::FunctionOption::Language(lang) => language = Some(lang.text.clone()),
                ast::FunctionOption::Volatility(value, _) => {
                    volatility = match value {
                        ast::VolatilityAst::Immutable => Volatility::Immutable,
                        ast::VolatilityAst::Stable => Volatility::Stable,
                        ast::VolatilityAst::Volatile => Volatility::Volatile,
                    }
                }
                ast::FunctionOption::Strict(value, _) => strict = *value,
                ast::FunctionOption::SecurityDefiner(value, _) => security_definer = *value,
                ast::FunctionOption::Leakproof(value, _) => leakproof = *value,
                ast::FunctionOption::Parallel(value, _) => {
                    parallel = match value {
                        ast::ParallelAst::Unsafe => Parallel::Unsafe,
                        ast::ParallelAst::Restricted => Parallel::Restricted,
                        ast::ParallelAst::Safe => Parallel::Safe,
                    }
                }
                ast::FunctionOption::Cost(number) => cost = self.estimate(file, number, "cost"),
                ast::FunctionOption::Rows(number) => rows = self.estimate(file, number, "rows"),
                ast::FunctionOption::Set { name: setting, value, span: at } => {
                    if config.iter().any(|(existing, _)| existing == setting) {
                        self.error(
                            "duplicate-definition",
                            format!("`set {setting}` appears more than once"),
                            span(file, at),
                            "set again here",
                        );
                        continue;
                    }
                    config.push((setting.clone(), config_value_as_stored(value)));
                }
            }
        }
        let returns_set = matches!(returns, Some(Returns::SetOf(_) | Returns::Table(_)));
        if rows.is_some() && !returns_set {
            let idx = self.error(
                "invalid-function",
                "`rows` applies only to functions that return a set",
                name_span,
                "this function",
            );
            self.note(idx, "remove `rows`, or return `setof …` or `table (…)`");
        }
        let language = language.unwrap_or_else(|| {
            let idx = self.error(
                "missing-language",
                format!("function {name} does not say its language"),
                name_span,
                "no `language` clause",
            );
            self.note(idx, "add `language sql` or `language plpgsql`");
            "sql".to_string()
        });
        let mut options = FunctionOptions::defaults(&language, returns_set);
        options.leakproof = leakproof;
        options.parallel = parallel;
        options.config = config;
        if let Some(cost) = cost {
            options.cost = cost;
        }
        if let Some(rows) = rows {
            options.rows = rows;
        }
        let ir_function = Function {
            name,
            procedure: function.procedure,
            args,
            returns,
            language,
            volatility,
            strict,
            security_definer,
            options,
            body: function.body.text.clone(),
            comment: comment_of(&function.comment),
        };
        let key = ir_function.key();
        let object = ObjectKey::Function(key.clone());
        if let Some(first) = self.meta.span(&object) {
            self.duplicate("function", &key.to_string(), name_span, first);
            return;
        }
        self.meta.spans.insert(object, name_span);
        self.catalog.functions.insert(key, ir_function);
    }

    /// A `cost` or `rows` estimate: a number ≥ 0, spelled canonically.
    fn estimate(&mut self, file: usize, number: &ast::IntLit, what: &str) -> Option<String> {
        let res = canonical_number(&number.text);
        if res.is_none() {
            self.error(
                "invalid-function",
                format!("`{what}` must be a number of at least 0"),
                span(file, &number.span),
                "this number",
            );
        }
        res
    }

    /// A function argument or result type: PostgreSQL keeps no type modifiers
    /// there (`varchar(10)` is `character varying`).
    pub(super) fn function_type(&mut self, file: usize, ty: &ast::TypeExpr) -> DataType {
        match self.resolve_type(file, ty, TypeContext::Function) {
            Some(ResolvedType::Plain(DataType { base: BaseType::Builtin(name), array_dims })) => {
                DataType { base: BaseType::Builtin(without_modifiers(&name)), array_dims }
            }
            Some(ResolvedType::Plain(ty)) => ty,
            _ => DataType::builtin("void"),
        }
    }
}

/// A built-in type without its modifiers: `numeric(10,2)` → `numeric`,
/// `timestamp(3) with time zone` → `timestamp with time zone`.
pub(super) fn without_modifiers(name: &str) -> String {
    match (name.find('('), name.find(')')) {
        (Some(open), Some(close)) if open < close => {
            format!("{}{}", &name[..open], &name[close + 1..]).trim().to_string()
        }
        _ => name.to_string(),
    }
}

/// A `set` value as PostgreSQL stores it, where that is plain to see: one
/// string literal is its text (`'1kB'` → `1kB`); anything else stays as
/// written, for the shadow database to normalize.
fn config_value_as_stored(value: &str) -> String {
    let value = value.trim();
    let inner = value.strip_prefix('\'').and_then(|rest| rest.strip_suffix('\''));
    match inner {
        // PostgreSQL stores an empty list as `""`.
        Some("") => "\"\"".to_string(),
        Some(inner) if !inner.replace("''", "").contains('\'') => inner.replace("''", "'"),
        _ => value.to_string(),
    }
}
