//! Functions and procedures: the rows of the `queries/` file and how they enter the catalog.

use super::assemble::*;
use super::*;
use crate::ir::*;

pub(super) struct FunctionRow {
    pub(super) oid: u32,
    pub(super) schema: String,
    pub(super) name: String,
    pub(super) kind: String,
    pub(super) language: String,
    pub(super) volatility: String,
    pub(super) strict: bool,
    pub(super) security_definer: bool,
    pub(super) leakproof: bool,
    pub(super) parallel: String,
    pub(super) cost: String,
    pub(super) rows: String,
    pub(super) config: Vec<String>,
    pub(super) returns_set: bool,
    pub(super) return_oid: u32,
    pub(super) arg_types: Vec<u32>,
    pub(super) arg_modes: Option<Vec<String>>,
    pub(super) arg_names: Option<Vec<String>>,
    pub(super) arg_defaults: Vec<Option<String>>,
    pub(super) body: String,
    pub(super) standard_body: bool,
}

impl FunctionRow {
    pub(super) fn decode(kind: QueryKind, row: &Row) -> Result<Self, IntrospectError> {
        Ok(FunctionRow {
            oid: get(kind, row, "oid")?,
            schema: get(kind, row, "schema")?,
            name: get(kind, row, "name")?,
            kind: get(kind, row, "kind")?,
            language: get(kind, row, "language")?,
            volatility: get(kind, row, "volatility")?,
            strict: get(kind, row, "strict")?,
            security_definer: get(kind, row, "security_definer")?,
            leakproof: get(kind, row, "leakproof")?,
            parallel: get(kind, row, "parallel")?,
            cost: get(kind, row, "cost")?,
            rows: get(kind, row, "rows")?,
            config: get(kind, row, "config")?,
            returns_set: get(kind, row, "returns_set")?,
            return_oid: get(kind, row, "return_oid")?,
            arg_types: get(kind, row, "arg_types")?,
            arg_modes: get(kind, row, "arg_modes")?,
            arg_names: get(kind, row, "arg_names")?,
            arg_defaults: get(kind, row, "arg_defaults")?,
            body: get(kind, row, "body")?,
            standard_body: get(kind, row, "standard_body")?,
        })
    }
}

impl Builder<'_> {
    pub(super) fn functions(&mut self, rows: Vec<FunctionRow>) -> Result<(), IntrospectError> {
        for row in rows {
            let name = QualName::new(row.schema, row.name);
            let mut args = Vec::new();
            let mut table_columns = Vec::new();
            for (idx, &type_oid) in row.arg_types.iter().enumerate() {
                let ty = self.data_type((type_oid, None))?;
                let arg_name = row
                    .arg_names
                    .as_ref()
                    .and_then(|names| names.get(idx))
                    .filter(|arg_name| !arg_name.is_empty())
                    .cloned();
                let mode = row.arg_modes.as_ref().and_then(|modes| modes.get(idx)).map_or("i", String::as_str);
                let mode = match mode {
                    "i" => ArgMode::In,
                    "o" => ArgMode::Out,
                    "b" => ArgMode::InOut,
                    "v" => ArgMode::Variadic,
                    "t" => {
                        table_columns.push((arg_name.unwrap_or_default(), ty));
                        continue;
                    }
                    other => {
                        return Err(IntrospectError::Inconsistent(format!(
                            "function {name} has an argument of unknown mode '{other}'"
                        )));
                    }
                };
                let default = row.arg_defaults.get(idx).cloned().flatten().as_deref().map(text::expr);
                args.push(FunctionArg { mode, name: arg_name, ty, default });
            }
            let procedure = row.kind == "p";
            let returns = if procedure {
                None
            } else if !table_columns.is_empty() {
                Some(Returns::Table(table_columns))
            } else if row.returns_set {
                Some(Returns::SetOf(self.data_type((row.return_oid, None))?))
            } else {
                Some(Returns::Type(self.data_type((row.return_oid, None))?))
            };
            let volatility = match row.volatility.as_str() {
                "i" => Volatility::Immutable,
                "s" => Volatility::Stable,
                _ => Volatility::Volatile,
            };
            if row.standard_body {
                self.unmodelled.push(Unmodelled::new(
                    "function body",
                    name.to_string(),
                    "SQL-standard bodies (BEGIN ATOMIC) are not modelled",
                ));
            }
            let function = Function {
                name,
                procedure,
                args,
                returns,
                language: row.language,
                volatility,
                strict: row.strict,
                security_definer: row.security_definer,
                options: FunctionOptions {
                    leakproof: row.leakproof,
                    parallel: match row.parallel.as_str() {
                        "s" => Parallel::Safe,
                        "r" => Parallel::Restricted,
                        _ => Parallel::Unsafe,
                    },
                    cost: canonical_number(&row.cost).unwrap_or(row.cost),
                    rows: canonical_number(&row.rows).unwrap_or(row.rows),
                    config: row
                        .config
                        .iter()
                        .map(|entry| match entry.split_once('=') {
                            Some((name, value)) => (name.to_string(), value.to_string()),
                            None => (entry.clone(), String::new()),
                        })
                        .collect(),
                },
                body: row.body,
                comment: None,
            };
            let key = function.key();
            self.oids.functions.insert(row.oid, ObjectKey::Function(key.clone()));
            self.catalog.functions.insert(key, function);
        }
        Ok(())
    }
}
