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

/// Resolves a built-in type. `Err` is a message about invalid modifiers.
pub(crate) fn resolve(base: &TypeBase, mods: &[i64]) -> Result<Resolved, String> {
    let name = match base {
        TypeBase::DoublePrecision => return no_mods("double precision", mods),
        TypeBase::CharacterVarying => return length_type("character varying", mods, false),
        TypeBase::Character => return length_type("character", mods, true),
        TypeBase::BitVarying => return length_type("bit varying", mods, false),
        TypeBase::Timestamp(tz) => return time_type("timestamp", *tz == Some(true), mods),
        TypeBase::Time(tz) => return time_type("time", *tz == Some(true), mods),
        TypeBase::Named(name) => {
            if let Some(schema) = &name.schema
                && schema.text != "pg_catalog"
            {
                return Ok(Resolved::NotBuiltin);
            }
            name.name.text.as_str()
        }
    };
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
        "interval" => match mods {
            [] => Resolved::Builtin("interval".into()),
            [p] if (0..=6).contains(p) => Resolved::Builtin(format!("interval({p})")),
            _ => return Err("interval precision must be between 0 and 6".into()),
        },
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
        _ => match extension_type(name) {
            Some(extension) => {
                let spelled = match mods {
                    [] => name.to_string(),
                    _ => format!("{name}({})", mods.iter().map(i64::to_string).collect::<Vec<_>>().join(",")),
                };
                Resolved::Extension { name: spelled, extension }
            }
            None => Resolved::NotBuiltin,
        },
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
