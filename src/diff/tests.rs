use super::scan::{nextval_sequences, parse_qualified};
use super::*;

fn labels(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| item.to_string()).collect()
}

#[test]
fn appended_and_inserted_labels_are_added_in_place() {
    let added = added_labels(&labels(&["a", "c"]), &labels(&["x", "a", "b", "c", "d"])).unwrap_or_default();
    assert_eq!(
        added,
        vec![
            ("x".to_string(), Some(EnumPosition::Before("a".to_string()))),
            ("b".to_string(), Some(EnumPosition::After("a".to_string()))),
            ("d".to_string(), Some(EnumPosition::After("c".to_string()))),
        ]
    );
    // New labels in a row chain after each other.
    let added = added_labels(&labels(&["c"]), &labels(&["a", "b", "c"])).unwrap_or_default();
    assert_eq!(added[1], ("b".to_string(), Some(EnumPosition::After("a".to_string()))));
    assert_eq!(added_labels(&[], &labels(&["a"])), Some(vec![("a".to_string(), None)]));
}

#[test]
fn removed_or_moved_labels_need_a_new_type() {
    assert_eq!(added_labels(&labels(&["a", "b"]), &labels(&["a"])), None);
    assert_eq!(added_labels(&labels(&["a", "b"]), &labels(&["b", "a"])), None);
    assert_eq!(added_labels(&labels(&["a", "b"]), &labels(&["b", "x", "a"])), None);
}

#[test]
fn widening_type_changes() {
    let ty = |text: &str| DataType::builtin(text);
    assert!(is_widening(&ty("character varying(40)"), &ty("character varying(120)")));
    assert!(is_widening(&ty("character varying(40)"), &ty("character varying")));
    assert!(is_widening(&ty("character varying(40)"), &ty("text")));
    assert!(is_widening(&ty("integer"), &ty("bigint")));
    assert!(is_widening(&ty("smallint"), &ty("integer")));
    assert!(is_widening(&ty("numeric(10,2)"), &ty("numeric(12,2)")));
    assert!(!is_widening(&ty("character varying(120)"), &ty("character varying(40)")));
    assert!(!is_widening(&ty("bigint"), &ty("integer")));
    assert!(!is_widening(&ty("numeric(10,2)"), &ty("numeric(12,3)")));
    assert!(!is_widening(&ty("text"), &ty("integer")));
    assert!(!is_widening(&ty("integer"), &DataType { array_dims: 1, ..ty("integer") }));
    assert!(is_binary_coercible(&ty("character varying(40)"), &ty("text")));
    assert!(!is_binary_coercible(&ty("integer"), &ty("bigint")));
}

#[test]
fn nextval_names_its_sequence() {
    assert_eq!(
        nextval_sequences("nextval('billing.invoice_number_seq'::regclass)"),
        vec![QualName::new("billing", "invoice_number_seq")]
    );
    assert_eq!(nextval_sequences("NEXTVAL ( 'Seq' )"), vec![QualName::new("public", "seq")]);
    assert_eq!(nextval_sequences("nextval('\"Sales\".\"My Seq\"')"), vec![QualName::new("Sales", "My Seq")]);
    assert_eq!(nextval_sequences("nextval('unterminated"), Vec::<QualName>::new());
    assert_eq!(parse_qualified("a..b"), None);
}
