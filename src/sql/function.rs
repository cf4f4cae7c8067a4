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
    let tag = dollar_tag(&function.body);
    res.push_str(&format!("\nAS {tag}{}{tag}", function.body));
    res
}
