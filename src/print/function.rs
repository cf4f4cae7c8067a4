//! Functions and procedures.

use super::from_ir::*;
use super::*;
use crate::ir::*;
use crate::syntax::ast::*;

pub(super) fn function_text(function: &FunctionDef) -> String {
    let args: Vec<String> = function
        .args
        .iter()
        .map(|arg| {
            let mut res = String::new();
            match arg.mode {
                None => {}
                Some(ArgModeAst::In) => res.push_str("in "),
                Some(ArgModeAst::Out) => res.push_str("out "),
                Some(ArgModeAst::InOut) => res.push_str("inout "),
                Some(ArgModeAst::Variadic) => res.push_str("variadic "),
            }
            if let Some(name) = &arg.name {
                res.push_str(&arg_name(&name.text));
                res.push(' ');
            }
            res.push_str(&type_text(&arg.ty));
            if let Some(default) = &arg.default {
                res.push_str(&format!(" default {}", term_text(&default.text)));
            }
            res
        })
        .collect();
    let mut res = format!(
        "{} {}({})",
        if function.procedure { "procedure" } else { "function" },
        qualified(&function.name),
        args.join(", ")
    );
    match &function.returns {
        None => {}
        Some(ReturnsAst::Type(ty)) => res.push_str(&format!(" returns {}", type_text(ty))),
        Some(ReturnsAst::SetOf(ty)) => res.push_str(&format!(" returns setof {}", type_text(ty))),
        Some(ReturnsAst::Table(columns)) => {
            let columns: Vec<String> =
                columns.iter().map(|(name, ty)| format!("{} {}", quote::ident(&name.text), type_text(ty))).collect();
            res.push_str(&format!(" returns table ({})", columns.join(", ")));
        }
    }
    for option in &function.options {
        res.push(' ');
        res.push_str(&match option {
            FunctionOption::Language(name) => format!("language {}", quote::ident(&name.text)),
            FunctionOption::Volatility(VolatilityAst::Immutable, _) => "immutable".to_string(),
            FunctionOption::Volatility(VolatilityAst::Stable, _) => "stable".to_string(),
            FunctionOption::Volatility(VolatilityAst::Volatile, _) => "volatile".to_string(),
            FunctionOption::Strict(true, _) => "strict".to_string(),
            FunctionOption::Strict(false, _) => "called on null input".to_string(),
            FunctionOption::SecurityDefiner(true, _) => "security definer".to_string(),
            FunctionOption::SecurityDefiner(false, _) => "security invoker".to_string(),
            FunctionOption::Leakproof(true, _) => "leakproof".to_string(),
            FunctionOption::Leakproof(false, _) => "not leakproof".to_string(),
            FunctionOption::Parallel(ParallelAst::Safe, _) => "parallel safe".to_string(),
            FunctionOption::Parallel(ParallelAst::Restricted, _) => "parallel restricted".to_string(),
            FunctionOption::Parallel(ParallelAst::Unsafe, _) => "parallel unsafe".to_string(),
            FunctionOption::Cost(number) => format!("cost {}", number.text),
            FunctionOption::Rows(number) => format!("rows {}", number.text),
            FunctionOption::Set { name, value, .. } => format!("set {name} = {value}"),
        });
    }
    res.push_str(" as ");
    res.push_str(&dollar_quote(&function.body.text));
    push_comment(&mut res, &function.comment);
    res
}

pub(super) fn function_def(function: &Function) -> FunctionDef {
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
    let returns_set = matches!(function.returns, Some(Returns::SetOf(_) | Returns::Table(_)));
    let defaults = FunctionOptions::defaults(&function.language, returns_set);
    let given = &function.options;
    if given.leakproof {
        options.push(FunctionOption::Leakproof(true, 0..0));
    }
    match given.parallel {
        Parallel::Unsafe => {}
        Parallel::Restricted => options.push(FunctionOption::Parallel(ParallelAst::Restricted, 0..0)),
        Parallel::Safe => options.push(FunctionOption::Parallel(ParallelAst::Safe, 0..0)),
    }
    if given.cost != defaults.cost {
        options.push(FunctionOption::Cost(IntLit { text: given.cost.clone(), span: 0..0 }));
    }
    if given.rows != defaults.rows {
        options.push(FunctionOption::Rows(IntLit { text: given.rows.clone(), span: 0..0 }));
    }
    for (setting, value) in &given.config {
        let value = crate::sql::config_value(value);
        options.push(FunctionOption::Set { name: setting.clone(), value, span: 0..0 });
    }
    FunctionDef {
        procedure: function.procedure,
        name: ast_qualified(&function.name),
        args,
        returns,
        options,
        body: sql(&function.body),
        comment: comment(&function.comment),
    }
}

/// An argument name, quoted when the grammar would read it as an argument
/// mode or the start of a type of several words (`double precision`).
fn arg_name(name: &str) -> String {
    const AMBIGUOUS: &[&str] =
        &["bit", "character", "double", "in", "inout", "interval", "national", "out", "time", "timestamp", "variadic"];
    if AMBIGUOUS.contains(&name) { quote::quoted(name) } else { quote::ident(name) }
}
