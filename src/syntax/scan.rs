//! A small lexical pre-pass that finds unterminated strings, quoted
//! identifiers, dollar quotes and block comments, so that they are reported at
//! their opening instead of as a confusing "expected …" at the end of the file.

use super::SyntaxError;

pub(super) fn unterminated(text: &str) -> Vec<SyntaxError> {
    let bytes = text.as_bytes();
    let mut res = Vec::new();
    let mut idx = 0;
    while idx < bytes.len() {
        let byte = bytes[idx];
        let next = bytes.get(idx + 1).copied();
        match byte {
            b'/' if next == Some(b'/') => idx = skip_line(bytes, idx),
            b'-' if next == Some(b'-') => idx = skip_line(bytes, idx),
            b'/' if next == Some(b'*') => match skip_block_comment(bytes, idx) {
                Some(end) => idx = end,
                None => {
                    res.push(error(
                        "unterminated-comment",
                        "unterminated block comment",
                        "this `/*` is never closed",
                        idx..idx + 2,
                        "close the comment with `*/`",
                    ));
                    return res;
                }
            },
            b'\'' => {
                let escapes = idx > 0 && matches!(bytes[idx - 1], b'e' | b'E') && !is_ident_byte_before(bytes, idx - 1);
                match skip_string(bytes, idx, escapes) {
                    Some(end) => idx = end,
                    None => {
                        res.push(error(
                            "unterminated-string",
                            "unterminated string literal",
                            "this string is never closed",
                            idx..idx + 1,
                            "close the string with `'`; write a quote inside a string as `''`",
                        ));
                        return res;
                    }
                }
            }
            b'"' => match memchr_from(bytes, idx + 1, b'"') {
                Some(end) => idx = end + 1,
                None => {
                    res.push(error(
                        "unterminated-identifier",
                        "unterminated quoted identifier",
                        "this `\"` is never closed",
                        idx..idx + 1,
                        "close the identifier with `\"`; write a quote inside it as `\"\"`",
                    ));
                    return res;
                }
            },
            b'$' if !is_ident_byte_before(bytes, idx) => match dollar_tag(bytes, idx) {
                Some(tag_end) => {
                    let tag = &text[idx..tag_end];
                    match text[tag_end..].find(tag) {
                        Some(offset) => idx = tag_end + offset + tag.len(),
                        None => {
                            res.push(error(
                                "unterminated-dollar-quote",
                                format!("unterminated dollar-quoted text `{tag}`"),
                                format!("this `{tag}` is never closed"),
                                idx..tag_end,
                                format!("close the body with a matching `{tag}`"),
                            ));
                            return res;
                        }
                    }
                }
                None => idx += 1,
            },
            _ if is_ident_byte(byte) => {
                while idx < bytes.len() && (is_ident_byte(bytes[idx]) || bytes[idx] == b'$') {
                    idx += 1;
                }
            }
            _ => idx += 1,
        }
    }
    res
}

fn error(
    code: &'static str,
    message: impl Into<String>,
    label: impl Into<String>,
    span: std::ops::Range<usize>,
    note: impl Into<String>,
) -> SyntaxError {
    SyntaxError { code, message: message.into(), label: label.into(), span, notes: vec![note.into()] }
}

fn is_ident_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80
}

fn is_ident_byte_before(bytes: &[u8], idx: usize) -> bool {
    idx > 0 && (is_ident_byte(bytes[idx - 1]) || bytes[idx - 1] == b'$')
}

fn skip_line(bytes: &[u8], idx: usize) -> usize {
    memchr_from(bytes, idx, b'\n').map_or(bytes.len(), |end| end + 1)
}

fn skip_block_comment(bytes: &[u8], mut idx: usize) -> Option<usize> {
    let mut depth = 0usize;
    while idx + 1 < bytes.len() {
        if bytes[idx] == b'/' && bytes[idx + 1] == b'*' {
            depth += 1;
            idx += 2;
        } else if bytes[idx] == b'*' && bytes[idx + 1] == b'/' {
            depth -= 1;
            idx += 2;
            if depth == 0 {
                return Some(idx);
            }
        } else {
            idx += 1;
        }
    }
    None
}

fn skip_string(bytes: &[u8], start: usize, escapes: bool) -> Option<usize> {
    let mut idx = start + 1;
    while idx < bytes.len() {
        match bytes[idx] {
            b'\\' if escapes => idx += 2,
            b'\'' if bytes.get(idx + 1) == Some(&b'\'') => idx += 2,
            b'\'' => return Some(idx + 1),
            _ => idx += 1,
        }
    }
    None
}

/// The end of a dollar-quote opening tag (`$$`, `$body$`) starting at `idx`.
fn dollar_tag(bytes: &[u8], idx: usize) -> Option<usize> {
    let mut end = idx + 1;
    if end < bytes.len() && bytes[end].is_ascii_digit() {
        return None; // `$1` is a parameter
    }
    while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
        end += 1;
    }
    (end < bytes.len() && bytes[end] == b'$').then_some(end + 1)
}

fn memchr_from(bytes: &[u8], start: usize, needle: u8) -> Option<usize> {
    bytes.get(start..)?.iter().position(|&byte| byte == needle).map(|pos| pos + start)
}
