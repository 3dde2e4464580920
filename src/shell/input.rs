//! Splitting typed or piped text into SQL statements ended by `;` (outside quotes and
//! comments) and meta commands (a line starting with `\`).

/// One thing to run: a SQL statement or a meta command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Sql(String),
    Meta(String),
}

/// The byte offsets of the `;` that end statements in `text` (not those inside quotes or
/// comments).
fn terminators(text: &str) -> Vec<usize> {
    #[derive(PartialEq)]
    enum State {
        Code,
        Quoted(u8),
        LineComment,
        BlockComment,
    }
    let bytes = text.as_bytes();
    let mut state = State::Code;
    let mut ends = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        match state {
            State::Code => match b {
                b'\'' | b'"' => state = State::Quoted(b),
                b'-' if next == Some(b'-') => state = State::LineComment,
                b'/' if next == Some(b'*') => {
                    state = State::BlockComment;
                    i += 1;
                }
                b';' => ends.push(i),
                _ => {}
            },
            State::Quoted(q) if b == q => state = State::Code,
            State::Quoted(_) => {}
            State::LineComment if b == b'\n' => state = State::Code,
            State::LineComment => {}
            State::BlockComment if b == b'*' && next == Some(b'/') => {
                state = State::Code;
                i += 1;
            }
            State::BlockComment => {}
        }
        i += 1;
    }
    ends
}

/// True when `text` is ready to run: blank, a meta command, or SQL whose last non-blank
/// character (outside comments) is a terminating `;`.
pub fn is_complete(text: &str) -> bool {
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed.starts_with('\\') {
        return true;
    }
    let (_, rest) = split_statements(text);
    rest.trim().is_empty() || only_comments(&rest)
}

/// True when `text` holds nothing but comments and blanks.
fn only_comments(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with("--")
    })
}

/// Split text into complete statements (each with its `;`) and the unfinished rest.
pub fn split_statements(text: &str) -> (Vec<String>, String) {
    let mut statements = Vec::new();
    let mut start = 0;
    for end in terminators(text) {
        let statement = text[start..=end].trim();
        if statement != ";" && !only_comments(statement.trim_end_matches(';')) {
            statements.push(statement.to_string());
        }
        start = end + 1;
    }
    (statements, text[start..].to_string())
}

/// Collects lines into inputs: a line starting with `\` outside a statement is a meta command,
/// other lines accumulate until a `;` ends the statement.
#[derive(Debug, Default)]
pub struct Reader {
    pending: String,
}

impl Reader {
    /// Add one line (or a block of lines typed as one entry); returns what is ready to run.
    pub fn push(&mut self, text: &str) -> Vec<Input> {
        let mut inputs = Vec::new();
        for line in text.lines() {
            if self.pending.trim().is_empty() && line.trim_start().starts_with('\\') {
                self.pending.clear();
                inputs.push(Input::Meta(line.trim().to_string()));
                continue;
            }
            self.pending.push_str(line);
            self.pending.push('\n');
            let (statements, rest) = split_statements(&self.pending);
            inputs.extend(statements.into_iter().map(Input::Sql));
            self.pending = rest;
        }
        inputs
    }

    /// The unfinished statement at the end of input (run without its `;`), if any.
    pub fn finish(&mut self) -> Option<Input> {
        let rest = std::mem::take(&mut self.pending);
        (!rest.trim().is_empty() && !only_comments(&rest)).then(|| Input::Sql(rest.trim().into()))
    }

    /// Forget an unfinished statement (Ctrl-C at the prompt).
    pub fn clear(&mut self) {
        self.pending.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_end_at_semicolons_outside_quotes_and_comments() {
        let (s, rest) =
            split_statements("SELECT ';' AS a; -- x;\nSELECT \"b;\" /* ; */ FROM t;\nSELECT");
        assert_eq!(
            s,
            ["SELECT ';' AS a;", "-- x;\nSELECT \"b;\" /* ; */ FROM t;"]
        );
        assert_eq!(rest, "\nSELECT");
        assert!(is_complete("SELECT 1;  -- done\n"));
        assert!(!is_complete("SELECT 1\nFROM t"));
        assert!(!is_complete("SELECT ';"));
        assert!(is_complete("\\d costs"));
    }

    #[test]
    fn reader_collects_lines_and_meta_commands() {
        let mut r = Reader::default();
        assert_eq!(r.push("SELECT 1"), []);
        assert_eq!(r.push("  + 1;"), [Input::Sql("SELECT 1\n  + 1;".into())]);
        assert_eq!(r.push("\\timing"), [Input::Meta("\\timing".into())]);
        assert_eq!(
            r.push("SELECT 2; SELECT 3"),
            [Input::Sql("SELECT 2;".into())]
        );
        assert_eq!(r.finish(), Some(Input::Sql("SELECT 3".into())));
        assert_eq!(r.finish(), None);
    }
}
