//! Diagnostics as data, and the one place that turns them into text.
//!
//! Parsing, lowering and planning return `Diagnostic`s; only [`render`] knows
//! about codespan-reporting.

use crate::ir::Span;
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use codespan_reporting::term::termcolor::{Ansi, NoColor};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

impl Label {
    pub fn new(span: Span, message: impl Into<String>) -> Label {
        Label { span, message: message.into() }
    }
}

/// One problem found in the user's input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// A stable kebab-case code, e.g. `unknown-type`.
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub primary: Label,
    pub secondary: Vec<Label>,
    /// How to fix it, and other notes.
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>, primary: Label) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            primary,
            secondary: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>, primary: Label) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, message, primary) }
    }

    pub fn with_secondary(mut self, label: Label) -> Diagnostic {
        self.secondary.push(label);
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The text of every source file of a run; `Span::file` indexes it.
#[derive(Clone, Debug, Default)]
pub struct SourceFiles {
    files: Vec<(String, String)>,
}

impl SourceFiles {
    pub fn new() -> SourceFiles {
        SourceFiles::default()
    }

    /// Adds a file and returns its index for `Span::file`.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> usize {
        self.files.push((name.into(), text.into()));
        self.files.len() - 1
    }

    pub fn name(&self, file: usize) -> &str {
        &self.files[file].0
    }

    pub fn text(&self, file: usize) -> &str {
        &self.files[file].1
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (usize, &str, &str)> {
        self.files.iter().enumerate().map(|(idx, (name, text))| (idx, name.as_str(), text.as_str()))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, file: usize, offset: usize) -> (usize, usize) {
        let text = self.text(file);
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |idx| idx + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    /// `file:line:column` of a span's start.
    pub fn locate(&self, span: Span) -> String {
        let (line, column) = self.line_column(span.file, span.start);
        format!("{}:{line}:{column}", self.name(span.file))
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Renders diagnostics rustc-style, in order, followed by nothing else.
pub fn render(diagnostics: &[Diagnostic], files: &SourceFiles, color: bool) -> String {
    let mut simple = SimpleFiles::new();
    for (_, name, text) in files.iter() {
        simple.add(name.to_string(), text.to_string());
    }
    let config = term::Config::default();
    let mut out = Vec::new();
    for diagnostic in diagnostics {
        let cs_diagnostic = to_codespan(diagnostic, files);
        let res = if color {
            let mut writer = Ansi::new(&mut out);
            term::emit(&mut writer, &config, &simple, &cs_diagnostic)
        } else {
            let mut writer = NoColor::new(&mut out);
            term::emit(&mut writer, &config, &simple, &cs_diagnostic)
        };
        if res.is_err() {
            // A span outside its file is a bug; still say something useful.
            out.extend_from_slice(format!("error[{}]: {}\n", diagnostic.code, diagnostic.message).as_bytes());
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn to_codespan(diagnostic: &Diagnostic, files: &SourceFiles) -> cs::Diagnostic<usize> {
    let clamp = |span: Span| {
        let len = files.text(span.file).len();
        let start = floor_char_boundary(files.text(span.file), span.start.min(len));
        let end = floor_char_boundary(files.text(span.file), span.end.min(len)).max(start);
        start..end
    };
    let mut labels = vec![
        cs::Label::primary(diagnostic.primary.span.file, clamp(diagnostic.primary.span))
            .with_message(diagnostic.primary.message.clone()),
    ];
    for label in &diagnostic.secondary {
        labels.push(cs::Label::secondary(label.span.file, clamp(label.span)).with_message(label.message.clone()));
    }
    let base = match diagnostic.severity {
        Severity::Error => cs::Diagnostic::error(),
        Severity::Warning => cs::Diagnostic::warning(),
    };
    base.with_code(diagnostic.code)
        .with_message(diagnostic.message.clone())
        .with_labels(labels)
        .with_notes(diagnostic.notes.clone())
}
