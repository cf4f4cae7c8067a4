//! Type names → PostgreSQL's canonical spelling (what `format_type` prints).

use crate::syntax::ast::TypeBase;

/// What a written type means, before user types are looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// Canonical built-in spelling, modifiers included.
    Builtin(String),
    /// `serial` and friends: the canonical integer type of the column.
    Serial(&'static str),
    /// A pseudo-type (`trigger`, `void`, `record`, …): only for functions.
    Pseudo(String),
    /// Provided by an extension (`citext`, `hstore`, `vector`, …).
    Extension { name: String, extension: &'static str },
    /// Not a built-in name: a user type, or unknown.
    NotBuiltin,
}

/// Resolves a built-in type from its modifiers as written (integers, or
/// words for extension types). `Err` is a message about invalid modifiers.
pub(crate) fn resolve(base: &TypeBase, written: &[String]) -> Result<Resolved, String> {
    let name = match base {
        TypeBase::Named(name) => {
            if let Some(schema) = &name.schema
                && schema.text != "pg_catalog"
            {
                return Ok(Resolved::NotBuiltin);
            }
            // `"char"` is the one-byte internal type; `char` is `character(1)`.
            if name.name.quoted && name.name.text == "char" {
                return no_mods("\"char\"", &ints(written)?);
            }
            name.name.text.as_str()
        }
        TypeBase::Interval(fields) => return interval(fields.as_deref(), &ints(written)?),
        other => return multiword(other, &ints(written)?),
    };
    if let Some(extension) = extension_type(name) {
        let spelled = if written.is_empty() { name.to_string() } else { format!("{name}({})", written.join(",")) };
        return Ok(Resolved::Extension { name: spelled, extension });
    }
    match ints(written) {
        Ok(mods) => named(name, &mods),
        // Words suit only extension types (checked by the shadow database).
        Err(message) => match named(name, &[]) {
            Ok(Resolved::NotBuiltin) => Ok(Resolved::NotBuiltin),
            _ => Err(message),
        },
    }
}

/// The modifiers as integers, or why they are not.
fn ints(written: &[String]) -> Result<Vec<i64>, String> {
    written
        .iter()
        .map(|text| {
            text.parse::<i64>().map_err(|_| {
                if text.trim_start_matches('-').chars().all(|ch| ch.is_ascii_digit()) {
                    format!("`{text}` does not fit in a 64-bit integer")
                } else {
                    format!("the modifier `{text}` is not a number; only extension types take words")
                }
            })
        })
        .collect()
}

fn multiword(base: &TypeBase, mods: &[i64]) -> Result<Resolved, String> {
    match base {
        TypeBase::DoublePrecision => no_mods("double precision", mods),
        TypeBase::CharacterVarying => length_type("character varying", mods, false),
        TypeBase::Character => length_type("character", mods, true),
        TypeBase::BitVarying => length_type("bit varying", mods, false),
        TypeBase::Timestamp(tz) => time_type("timestamp", *tz == Some(true), mods),
        TypeBase::Time(tz) => time_type("time", *tz == Some(true), mods),
        TypeBase::Interval(fields) => interval(fields.as_deref(), mods),
        TypeBase::Named(_) => Ok(Resolved::NotBuiltin),
    }
}

/// `interval`, `interval(3)`, `interval day to second(3)` as `format_type` spells them.
fn interval(fields: Option<&str>, mods: &[i64]) -> Result<Resolved, String> {
    let head = match fields {
        Some(fields) => format!("interval {fields}"),
        None => "interval".to_string(),
    };
    match mods {
        [] => Ok(Resolved::Builtin(head)),
        [p] if (0..=6).contains(p) && fields.is_none_or(|fields| fields.ends_with("second")) => {
            Ok(Resolved::Builtin(format!("{head}({p})")))
        }
        [_] if fields.is_some() => Err("an interval takes a precision only with fields that end in second".into()),
        _ => Err("interval precision must be between 0 and 6".into()),
    }
}

/// A built-in type by name (one word), with integer modifiers.
fn named(name: &str, mods: &[i64]) -> Result<Resolved, String> {
    Ok(match name {
        "smallint" | "int2" => return no_mods("smallint", mods),
        "integer" | "int" | "int4" => return no_mods("integer", mods),
        "bigint" | "int8" => return no_mods("bigint", mods),
        "real" | "float4" => return no_mods("real", mods),
        "float8" => return no_mods("double precision", mods),
        "float" => match mods {
            [] => Resolved::Builtin("double precision".into()),
            [p] if (1..=24).contains(p) => Resolved::Builtin("real".into()),
            [p] if (25..=53).contains(p) => Resolved::Builtin("double precision".into()),
            _ => return Err("precision for type float must be between 1 and 53".into()),
        },
        "numeric" | "decimal" => match mods {
            [] => Resolved::Builtin("numeric".into()),
            [p] if (1..=1000).contains(p) => Resolved::Builtin(format!("numeric({p},0)")),
            [p, s] if (1..=1000).contains(p) && (-1000..=1000).contains(s) => {
                Resolved::Builtin(format!("numeric({p},{s})"))
            }
            _ => return Err("numeric takes a precision from 1 to 1000 and an optional scale".into()),
        },
        "varchar" => return length_type("character varying", mods, false),
        "char" => return length_type("character", mods, true),
        "bpchar" => return length_type("bpchar", mods, false),
        "bit" => return length_type("bit", mods, true),
        "varbit" => return length_type("bit varying", mods, false),
        "bool" | "boolean" => return no_mods("boolean", mods),
        "timestamp" => return time_type("timestamp", false, mods),
        "timestamptz" => return time_type("timestamp", true, mods),
        "time" => return time_type("time", false, mods),
        "timetz" => return time_type("time", true, mods),
        "interval" => return interval(None, mods),
        "serial" | "serial4" => Resolved::Serial("integer"),
        "bigserial" | "serial8" => Resolved::Serial("bigint"),
        "smallserial" | "serial2" => Resolved::Serial("smallint"),
        "text" | "bytea" | "date" | "uuid" | "json" | "jsonb" | "xml" | "inet" | "cidr" | "macaddr" | "macaddr8"
        | "money" | "tsvector" | "tsquery" | "point" | "line" | "lseg" | "box" | "path" | "polygon" | "circle"
        | "int4range" | "int8range" | "numrange" | "tsrange" | "tstzrange" | "daterange" | "int4multirange"
        | "int8multirange" | "nummultirange" | "tsmultirange" | "tstzmultirange" | "datemultirange" | "pg_lsn"
        | "pg_snapshot" | "txid_snapshot" | "oid" | "regclass" | "regtype" | "regproc" | "regprocedure"
        | "regnamespace" | "regrole" | "regconfig" | "name" | "jsonpath" => return no_mods(name, mods),
        "trigger" | "event_trigger" | "void" | "record" | "anyelement" | "anyarray" | "anynonarray" | "anyenum"
        | "anyrange" | "anymultirange" | "anycompatible" | "anycompatiblearray" | "internal" | "cstring" => {
            Resolved::Pseudo(name.to_string())
        }
        _ => Resolved::NotBuiltin,
    })
}

/// Types provided by common extensions, and the extension providing each.
pub(crate) fn extension_type(name: &str) -> Option<&'static str> {
    Some(match name {
        "citext" => "citext",
        "hstore" => "hstore",
        "ltree" | "lquery" | "ltxtquery" => "ltree",
        "vector" | "halfvec" | "sparsevec" => "vector",
        "geometry" | "geography" | "box2d" | "box3d" => "postgis",
        "cube" => "cube",
        "isbn" | "isbn13" | "ean13" | "issn" | "issn13" | "ismn" | "ismn13" | "upc" => "isn",
        _ => return None,
    })
}

/// Every built-in spelling, for "did you mean" suggestions.
pub(crate) const BUILTIN_NAMES: &[&str] = &[
    "smallint",
    "integer",
    "int",
    "bigint",
    "real",
    "float",
    "numeric",
    "decimal",
    "varchar",
    "char",
    "text",
    "bytea",
    "boolean",
    "bool",
    "date",
    "timestamp",
    "timestamptz",
    "time",
    "timetz",
    "interval",
    "uuid",
    "json",
    "jsonb",
    "xml",
    "inet",
    "cidr",
    "macaddr",
    "money",
    "tsvector",
    "tsquery",
    "serial",
    "bigserial",
    "smallserial",
    "int4range",
    "int8range",
    "numrange",
    "tsrange",
    "tstzrange",
    "daterange",
    "bit",
    "varbit",
    "oid",
    "regclass",
    "name",
    "double precision",
    "character varying",
    "character",
];

fn no_mods(name: &str, mods: &[i64]) -> Result<Resolved, String> {
    if mods.is_empty() {
        Ok(Resolved::Builtin(name.to_string()))
    } else {
        Err(format!("type {name} takes no modifiers"))
    }
}

fn length_type(name: &str, mods: &[i64], default_one: bool) -> Result<Resolved, String> {
    match mods {
        [] if default_one => Ok(Resolved::Builtin(format!("{name}(1)"))),
        [] => Ok(Resolved::Builtin(name.to_string())),
        [n] if (1..=10_485_760).contains(n) => Ok(Resolved::Builtin(format!("{name}({n})"))),
        _ => Err(format!("length for type {name} must be between 1 and 10485760")),
    }
}

fn time_type(name: &str, with_time_zone: bool, mods: &[i64]) -> Result<Resolved, String> {
    let zone = if with_time_zone { "with time zone" } else { "without time zone" };
    match mods {
        [] => Ok(Resolved::Builtin(format!("{name} {zone}"))),
        [p] if (0..=6).contains(p) => Ok(Resolved::Builtin(format!("{name}({p}) {zone}"))),
        _ => Err(format!("{name} precision must be between 0 and 6")),
    }
}
