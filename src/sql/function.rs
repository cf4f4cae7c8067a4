//! The SQL of changes of functions and procedures.

use super::*;

pub(super) fn statements(change: &FunctionChange) -> Vec<String> {
    match change {
        FunctionChange::CreateFunction(function) => vec![create_function(function, false)],
        FunctionChange::ReplaceFunction { function, .. } => vec![create_function(function, true)],
        FunctionChange::DropFunction(function) => {
            let what = if function.procedure { "PROCEDURE" } else { "FUNCTION" };
            vec![format!("DROP {what} {}", signature(&function.name, &input_types(function)))]
        }
    }
}

pub(super) fn input_types(function: &Function) -> Vec<DataType> {
    function.args.iter().filter(|arg| arg.mode != ArgMode::Out).map(|arg| arg.ty.clone()).collect()
}

/// `schema.name(type, …)`.
pub(super) fn signature(name: &QualName, arg_types: &[DataType]) -> String {
    let types: Vec<String> = arg_types.iter().map(data_type).collect();
    format!("{}({})", qualified(name), types.join(", "))
}

/// A dollar-quote tag that does not occur in `body`: `$$`, else `$godwit$`,
/// `$godwit1$`, …
pub(crate) fn dollar_tag(body: &str) -> String {
    if !body.contains("$$") {
        return "$$".to_string();
    }
    let mut idx = 0usize;
    loop {
        let tag = if idx == 0 { "$godwit$".to_string() } else { format!("$godwit{idx}$") };
        if !body.contains(&tag) {
            return tag;
        }
        idx += 1;
    }
}

pub(super) fn create_function(function: &Function, replace: bool) -> String {
    let what = if function.procedure { "PROCEDURE" } else { "FUNCTION" };
    let or_replace = if replace { "OR REPLACE " } else { "" };
    let args: Vec<String> = function
        .args
        .iter()
        .map(|arg| {
            let mut res = String::new();
            match arg.mode {
                ArgMode::In => {}
                ArgMode::Out => res.push_str("OUT "),
                ArgMode::InOut => res.push_str("INOUT "),
                ArgMode::Variadic => res.push_str("VARIADIC "),
            }
            if let Some(name) = &arg.name {
                res.push_str(&ident(name));
                res.push(' ');
            }
            res.push_str(&data_type(&arg.ty));
            if let Some(default) = &arg.default {
                res.push_str(&format!(" DEFAULT {default}"));
            }
            res
        })
        .collect();
    let mut res = format!("CREATE {or_replace}{what} {}({})", qualified(&function.name), args.join(", "));
    match &function.returns {
        Some(Returns::Type(ty)) => res.push_str(&format!(" RETURNS {}", data_type(ty))),
        Some(Returns::SetOf(ty)) => res.push_str(&format!(" RETURNS SETOF {}", data_type(ty))),
        Some(Returns::Table(columns)) => {
            let columns: Vec<String> =
                columns.iter().map(|(name, ty)| format!("{} {}", ident(name), data_type(ty))).collect();
            res.push_str(&format!(" RETURNS TABLE ({})", columns.join(", ")));
        }
        None => {}
    }
    res.push_str(&format!("\nLANGUAGE {}", ident(&function.language)));
    if !function.procedure {
        match function.volatility {
            Volatility::Immutable => res.push_str(" IMMUTABLE"),
            Volatility::Stable => res.push_str(" STABLE"),
            Volatility::Volatile => {}
        }
        if function.strict {
            res.push_str(" STRICT");
        }
    }
    if function.security_definer {
        res.push_str(" SECURITY DEFINER");
    }
    let options = &function.options;
    if !function.procedure {
        let returns_set = matches!(function.returns, Some(Returns::SetOf(_) | Returns::Table(_)));
        let defaults = FunctionOptions::defaults(&function.language, returns_set);
        if options.leakproof {
            res.push_str(" LEAKPROOF");
        }
        match options.parallel {
            Parallel::Unsafe => {}
            Parallel::Restricted => res.push_str(" PARALLEL RESTRICTED"),
            Parallel::Safe => res.push_str(" PARALLEL SAFE"),
        }
        if options.cost != defaults.cost {
            res.push_str(&format!(" COST {}", options.cost));
        }
        if options.rows != defaults.rows {
            res.push_str(&format!(" ROWS {}", options.rows));
        }
    }
    for (setting, value) in &options.config {
        res.push_str(&format!("\nSET {setting} = {}", config_value(value)));
    }
    let tag = dollar_tag(&function.body);
    res.push_str(&format!("\nAS {tag}{}{tag}", function.body));
    res
}

/// A `SET` value in SQL: as it is when it reads as a list of names, strings
/// and numbers (`auth, public`, `'1kB'`, `"$user", public`), else as one
/// string literal (`1kB` stored by PostgreSQL becomes `'1kB'`).
pub(crate) fn config_value(value: &str) -> String {
    // An empty list (`search_path = ''`) is stored as `""`, which SQL cannot say.
    if value.trim() == "\"\"" {
        return "''".to_string();
    }
    let plain = crate::sqltext::split_top_level(value, ",").iter().all(|term| is_config_term(term));
    if plain && !value.trim().is_empty() { value.trim().to_string() } else { literal(value) }
}

fn is_config_term(term: &str) -> bool {
    let term = term.trim();
    let quoted = |open: char| {
        term.len() >= 2 && term.starts_with(open) && term.ends_with(open) && !term[1..term.len() - 1].contains(open)
    };
    let number = term.trim_start_matches('-').parse::<f64>().is_ok();
    let word = term.chars().next().is_some_and(|ch| ch.is_ascii_alphabetic() || ch == '_')
        && term.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '$');
    quoted('\'') || quoted('"') || number || word
}
