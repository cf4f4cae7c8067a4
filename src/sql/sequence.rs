//! The SQL of changes of sequences.

use super::*;

pub(super) fn statements(change: &SequenceChange) -> Vec<String> {
    match change {
        SequenceChange::CreateSequence(sequence) => vec![create_sequence(sequence)],
        SequenceChange::DropSequence(sequence) => {
            vec![format!("DROP SEQUENCE {}", qualified(&sequence.name))]
        }
        SequenceChange::AlterSequence { name, from, to } => {
            vec![format!("ALTER SEQUENCE {}{}", qualified(name), sequence_options_diff(from, to))]
        }
        SequenceChange::SetSequenceOwner { name, owned_by, .. } => {
            let owner = match owned_by {
                Some((table, column)) => format!("{}.{}", qualified(table), ident(column)),
                None => "NONE".to_string(),
            };
            vec![format!("ALTER SEQUENCE {} OWNED BY {owner}", qualified(name))]
        }
    }
}

pub(crate) fn create_sequence(sequence: &Sequence) -> String {
    let options = &sequence.options;
    let defaults = creation_defaults(options);
    let mut res = format!("CREATE SEQUENCE {}", qualified(&sequence.name));
    if options.data_type != "bigint" {
        res.push_str(&format!(" AS {}", options.data_type));
    }
    for option in sequence_option_changes(&defaults, options, false) {
        res.push(' ');
        res.push_str(&option);
    }
    res
}

/// What `CREATE SEQUENCE` assumes for the options it is not given: the
/// defaults for the sequence's type and increment, with the increment itself
/// 1 (so that any other increment is written out).
pub(super) fn creation_defaults(options: &SequenceOptions) -> SequenceOptions {
    let mut defaults = SequenceOptions::defaults(&options.data_type, options.increment);
    defaults.increment = 1;
    defaults
}

/// The options of `to` that differ from `from`, each as a clause.
/// `with_type` includes `AS type`.
pub(super) fn sequence_option_changes(from: &SequenceOptions, to: &SequenceOptions, with_type: bool) -> Vec<String> {
    let mut res = Vec::new();
    if with_type && from.data_type != to.data_type {
        res.push(format!("AS {}", to.data_type));
    }
    if from.increment != to.increment {
        res.push(format!("INCREMENT BY {}", to.increment));
    }
    if from.min_value != to.min_value {
        res.push(format!("MINVALUE {}", to.min_value));
    }
    if from.max_value != to.max_value {
        res.push(format!("MAXVALUE {}", to.max_value));
    }
    if from.start != to.start {
        res.push(format!("START WITH {}", to.start));
    }
    if from.cache != to.cache {
        res.push(format!("CACHE {}", to.cache));
    }
    if from.cycle != to.cycle {
        res.push(if to.cycle { "CYCLE".to_string() } else { "NO CYCLE".to_string() });
    }
    res
}

pub(super) fn sequence_options_diff(from: &SequenceOptions, to: &SequenceOptions) -> String {
    let mut res = String::new();
    for option in sequence_option_changes(from, to, true) {
        res.push(' ');
        res.push_str(&option);
    }
    res
}
