//! Functions and procedures.
//!
//! The changes of the kind (what each says, its sign, hazards, tables and
//! undo) and the part of the diff that finds them.

use super::*;

/// Changes of functions and procedures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FunctionChange {
    CreateFunction(Function),
    /// `CREATE OR REPLACE` of a function whose signature and result stay the same.
    ReplaceFunction {
        function: Function,
        previous: Box<Function>,
    },
    DropFunction(Function),
}

impl FunctionChange {
    /// A one-line description for people: `add column public.accounts.nickname`.
    pub fn summary(&self) -> String {
        match self {
            FunctionChange::CreateFunction(it) => {
                format!("create {} {}", routine_word(it.procedure), it.key())
            }
            FunctionChange::ReplaceFunction { function: it, .. } => {
                format!("replace {} {}", routine_word(it.procedure), it.key())
            }
            FunctionChange::DropFunction(it) => {
                format!("drop {} {}", routine_word(it.procedure), it.key())
            }
        }
    }

    /// The object the change concerns, as a key into `Meta::spans`.
    pub fn object(&self) -> Option<ObjectKey> {
        let key = match self {
            FunctionChange::CreateFunction(it)
            | FunctionChange::ReplaceFunction { function: it, .. }
            | FunctionChange::DropFunction(it) => ObjectKey::Function(it.key()),
        };
        Some(key)
    }

    /// `+` for what is created, `-` for what is dropped, `~` for the rest.
    pub fn sign(&self) -> Sign {
        match self {
            FunctionChange::CreateFunction(_) => Sign::Add,
            FunctionChange::DropFunction(_) => Sign::Drop,
            _ => Sign::Change,
        }
    }

    /// The hazards the change carries on its own (without spans; the planner
    /// adds them).
    pub fn hazards(&self) -> Vec<Hazard> {
        Vec::new()
    }

    /// Which tables the change locks or touches, by their names when it runs.
    pub fn tables(&self) -> Vec<QualName> {
        Vec::new()
    }

    /// The changes that undo this one, in order, or why it cannot be undone.
    pub fn undo(&self) -> Result<Vec<Change>, String> {
        let one = |change: Change| Ok(vec![change]);
        match self {
            FunctionChange::CreateFunction(it) => one(Change::Function(FunctionChange::DropFunction(it.clone()))),
            FunctionChange::ReplaceFunction { function, previous } => {
                one(Change::Function(FunctionChange::ReplaceFunction {
                    function: previous.as_ref().clone(),
                    previous: Box::new(function.clone()),
                }))
            }
            FunctionChange::DropFunction(it) => Ok(with_comment(
                Change::Function(FunctionChange::CreateFunction(it.clone())),
                function_target(it),
                &it.comment,
            )),
        }
    }
}

impl<'a> Ctx<'a> {
    /// Functions of `from` (by name) that are dropped, or dropped and created
    /// again because `CREATE OR REPLACE` cannot change them: views calling them
    /// must go first.
    pub(super) fn functions_dropped(&self) -> IndexSet<QualName> {
        let types_going = self.types_going();
        self.from
            .functions
            .iter()
            .filter(|(key, old)| match self.to.functions.get(*key) {
                None => true,
                Some(new) => !replaceable(old, new, &types_going),
            })
            .map(|(key, _)| key.name.clone())
            .collect()
    }

    pub(super) fn functions(&mut self) {
        let (pairs, _) = pair_up(&self.from.functions, &self.to.functions, |_| None);
        let types_going = self.types_going();
        for pair in pairs {
            match (pair.old, pair.new) {
                (None, Some((_, new))) => self.create_function(new),
                (Some((_, old)), None) => self.push(Change::Function(FunctionChange::DropFunction(old.clone()))),
                (Some((_, old)), Some((_, new))) => {
                    let replaceable = replaceable(old, new, &types_going);
                    let same = replaceable
                        && old.language == new.language
                        && old.volatility == new.volatility
                        && old.strict == new.strict
                        && old.security_definer == new.security_definer
                        && old.options == new.options
                        && old.body == new.body;
                    if same {
                        self.comment(function_target(new), old.comment.as_ref(), new.comment.as_ref());
                    } else if replaceable {
                        self.push(Change::Function(FunctionChange::ReplaceFunction {
                            function: new.clone(),
                            previous: Box::new(old.clone()),
                        }));
                        self.comment(function_target(new), old.comment.as_ref(), new.comment.as_ref());
                    } else {
                        self.push(Change::Function(FunctionChange::DropFunction(old.clone())));
                        self.create_function(new);
                    }
                }
                (None, None) => {}
            }
        }
    }

    pub(super) fn create_function(&mut self, function: &Function) {
        self.push(Change::Function(FunctionChange::CreateFunction(function.clone())));
        self.comment(function_target(function), None, function.comment.as_ref());
    }
}

/// Whether `CREATE OR REPLACE` can turn `old` into `new`: same kind, result
/// and arguments, and no argument or result of a type that is dropped or
/// recreated (the function would hold on to the old type).
pub(super) fn replaceable(old: &Function, new: &Function, types_going: &IndexSet<QualName>) -> bool {
    let uses_going = |function: &Function| {
        let returned: Vec<&DataType> = match &function.returns {
            Some(crate::ir::Returns::Type(ty) | crate::ir::Returns::SetOf(ty)) => vec![ty],
            Some(crate::ir::Returns::Table(columns)) => columns.iter().map(|(_, ty)| ty).collect(),
            None => Vec::new(),
        };
        function
            .args
            .iter()
            .map(|arg| &arg.ty)
            .chain(returned)
            .any(|ty| matches!(&ty.base, BaseType::Named(name) if types_going.contains(name)))
    };
    old.procedure == new.procedure && old.returns == new.returns && old.args == new.args && !uses_going(old)
}

pub(crate) fn function_target(function: &Function) -> CommentTarget {
    CommentTarget::Function {
        name: function.name.clone(),
        procedure: function.procedure,
        arg_types: input_arg_types(function),
    }
}

/// The types of the input arguments: the function's signature.
pub(crate) fn input_arg_types(function: &Function) -> Vec<DataType> {
    function.args.iter().filter(|arg| arg.mode != crate::ir::ArgMode::Out).map(|arg| arg.ty.clone()).collect()
}
