//! The rustyline helper: completion of SQL keywords, table and column names (FOCUS columns
//! first), function names, FOCUS allowed values inside quotes and meta commands; and the
//! validator that keeps Enter adding lines until a statement ends with `;`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use focusql_catalogs::registry;
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};

use super::input::is_complete;
use super::meta::COMMANDS;
use crate::session::{CATALOG, FocusSession, SCHEMA};

/// SQL keywords offered for completion.
const KEYWORDS: &[&str] = &[
    "SELECT",
    "FROM",
    "WHERE",
    "GROUP",
    "BY",
    "ORDER",
    "HAVING",
    "LIMIT",
    "OFFSET",
    "JOIN",
    "LEFT",
    "RIGHT",
    "FULL",
    "INNER",
    "OUTER",
    "CROSS",
    "ON",
    "USING",
    "AS",
    "AND",
    "OR",
    "NOT",
    "IN",
    "IS",
    "NULL",
    "LIKE",
    "ILIKE",
    "BETWEEN",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "DISTINCT",
    "UNION",
    "ALL",
    "EXCEPT",
    "INTERSECT",
    "WITH",
    "ASC",
    "DESC",
    "NULLS",
    "FIRST",
    "LAST",
    "OVER",
    "PARTITION",
    "ROWS",
    "RANGE",
    "INTERVAL",
    "CAST",
    "TRUE",
    "FALSE",
    "EXPLAIN",
    "ANALYZE",
    "SHOW",
    "TABLES",
    "COLUMNS",
    "DESCRIBE",
    "CREATE",
    "VIEW",
    "TABLE",
    "DROP",
    "VALUES",
    "TIMESTAMP",
    "DATE",
    "DECIMAL",
    "VARCHAR",
    "EXTRACT",
    "FILTER",
];

/// Everything completion offers, loaded from the session.
#[derive(Debug, Default)]
pub struct Names {
    /// FOCUS column names of the session's version, sorted.
    focus_columns: Vec<String>,
    /// Table names (`costs`, `raw.aws`, ...).
    pub tables: Vec<String>,
    /// Other column names of the tables (extension and raw columns).
    other_columns: Vec<String>,
    /// Function names.
    functions: Vec<String>,
    /// Allowed values of FOCUS columns that have a closed list.
    allowed: BTreeMap<String, Vec<String>>,
}

impl Names {
    /// Collect the names of a session: its tables and their columns, functions, and the
    /// registry's columns and allowed values for the session's FOCUS version.
    pub async fn load(session: &FocusSession) -> Names {
        let mut names = Names::default();
        for column in registry().all() {
            if column.version != session.version {
                continue;
            }
            names.focus_columns.push(column.name.clone());
            if !column.allowed_values.is_empty() {
                names
                    .allowed
                    .insert(column.name.clone(), column.allowed_values.clone());
            }
        }
        if let Some(catalog) = session.ctx.catalog(CATALOG) {
            for schema_name in catalog.schema_names() {
                let Some(schema) = catalog.schema(&schema_name) else {
                    continue;
                };
                for table in schema.table_names() {
                    if let Ok(Some(provider)) = schema.table(&table).await {
                        for field in provider.schema().fields() {
                            names.other_columns.push(field.name().clone());
                        }
                    }
                    names.tables.push(if schema_name == SCHEMA {
                        table
                    } else {
                        format!("{schema_name}.{table}")
                    });
                }
            }
        }
        let state = session.ctx.state();
        names
            .functions
            .extend(state.scalar_functions().keys().cloned());
        names
            .functions
            .extend(state.aggregate_functions().keys().cloned());
        names
            .functions
            .extend(state.window_functions().keys().cloned());
        names
            .functions
            .extend(state.table_functions().keys().cloned());
        for list in [
            &mut names.focus_columns,
            &mut names.tables,
            &mut names.other_columns,
            &mut names.functions,
        ] {
            list.sort();
            list.dedup();
        }
        let focus = names.focus_columns.clone();
        names
            .other_columns
            .retain(|c| focus.binary_search(c).is_err());
        names
    }

    /// Identifier candidates for a prefix, FOCUS columns first, then tables, other columns,
    /// functions and keywords (in the prefix's case).
    fn identifiers(&self, prefix: &str) -> Vec<String> {
        let matches = |name: &str| starts_with_ignore_case(name, prefix);
        let mut out: Vec<String> = Vec::new();
        for list in [
            &self.focus_columns,
            &self.tables,
            &self.other_columns,
            &self.functions,
        ] {
            out.extend(list.iter().filter(|n| matches(n)).cloned());
        }
        let lower = prefix.chars().next().is_some_and(char::is_lowercase);
        out.extend(KEYWORDS.iter().filter(|k| matches(k)).map(|k| {
            if lower {
                k.to_ascii_lowercase()
            } else {
                k.to_string()
            }
        }));
        let mut seen = std::collections::HashSet::new();
        out.retain(|n| seen.insert(n.clone()));
        out
    }

    /// Allowed-value candidates inside a quote: of the last FOCUS column named in `before`
    /// (`ServiceCategory = '`, `ChargeCategory IN ('Usage', '`), else of every column.
    fn allowed_values(&self, before: &str, prefix: &str) -> Vec<String> {
        let column = identifiers_in(before)
            .into_iter()
            .rev()
            .find(|w| self.allowed.contains_key(*w));
        let values: Vec<&String> = match column {
            Some(c) => self.allowed[c].iter().collect(),
            None => self.allowed.values().flatten().collect(),
        };
        let mut out: Vec<String> = values
            .into_iter()
            .filter(|v| starts_with_ignore_case(v, prefix))
            .cloned()
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// True when `name` starts with `prefix`, ignoring ASCII case.
fn starts_with_ignore_case(name: &str, prefix: &str) -> bool {
    name.len() >= prefix.len()
        && name.is_char_boundary(prefix.len())
        && name[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// The identifier-like words of a text, in order.
fn identifiers_in(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The byte offset of the opening quote when `pos` is inside a single-quoted string.
fn open_quote(line: &str, pos: usize) -> Option<usize> {
    let mut open = None;
    for (i, c) in line[..pos].char_indices() {
        if c == '\'' {
            open = if open.is_some() { None } else { Some(i) };
        }
    }
    open
}

/// The shell's rustyline helper.
pub struct ShellHelper {
    names: Names,
    files: FilenameCompleter,
}

impl ShellHelper {
    /// A helper completing from these names.
    pub fn new(names: Names) -> Self {
        ShellHelper {
            names,
            files: FilenameCompleter::new(),
        }
    }

    /// Completion of a meta command line (`\d co`, `\i rep`).
    fn complete_meta(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let start = line[..pos].rfind(' ').map_or(0, |i| i + 1);
        let word = &line[start..pos];
        let command = line.split_whitespace().next().unwrap_or("");
        let candidates: Vec<String> = if start == 0 {
            COMMANDS
                .iter()
                .map(|c| c.name.to_string())
                .filter(|n| n.starts_with(word))
                .collect()
        } else {
            match command {
                "\\d" => self
                    .names
                    .tables
                    .iter()
                    .filter(|t| starts_with_ignore_case(t, word))
                    .cloned()
                    .collect(),
                "\\i" | "\\o" => return self.files.complete(line, pos, ctx),
                _ => Vec::new(),
            }
        };
        Ok((start, pairs(candidates, "")))
    }
}

/// Completion pairs, each replacement followed by `suffix`.
fn pairs(candidates: Vec<String>, suffix: &str) -> Vec<Pair> {
    candidates
        .into_iter()
        .map(|c| Pair {
            display: c.clone(),
            replacement: format!("{c}{suffix}"),
        })
        .collect()
}

impl Completer for ShellHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        if line.trim_start().starts_with('\\') {
            return self.complete_meta(line, pos, ctx);
        }
        if let Some(quote) = open_quote(line, pos) {
            let prefix = &line[quote + 1..pos];
            let values = self.names.allowed_values(&line[..quote], prefix);
            return Ok((quote + 1, pairs(values, "'")));
        }
        let start = line[..pos]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
            .last()
            .map_or(pos, |(i, _)| i);
        let quoted = start > 0 && line[..start].ends_with('"');
        let prefix = &line[start..pos];
        if prefix.is_empty() && !quoted {
            return Ok((pos, Vec::new()));
        }
        let suffix = if quoted { "\"" } else { "" };
        Ok((start, pairs(self.names.identifiers(prefix), suffix)))
    }
}

impl Hinter for ShellHelper {
    type Hint = String;
}

impl Highlighter for ShellHelper {
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        Cow::Borrowed(prompt)
    }
}

impl Validator for ShellHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(if is_complete(ctx.input()) {
            ValidationResult::Valid(None)
        } else {
            ValidationResult::Incomplete
        })
    }
}

impl Helper for ShellHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        let mut allowed = BTreeMap::new();
        allowed.insert(
            "ServiceCategory".to_string(),
            vec!["Compute".to_string(), "Storage".to_string()],
        );
        allowed.insert("ChargeCategory".to_string(), vec!["Credit".to_string()]);
        Names {
            focus_columns: vec!["ServiceCategory".into(), "ServiceName".into()],
            tables: vec!["costs".into()],
            other_columns: vec!["x_Service".into()],
            functions: vec!["sum".into()],
            allowed,
        }
    }

    #[test]
    fn focus_columns_come_first_and_keywords_follow_the_case() {
        let n = names();
        assert_eq!(n.identifiers("serv"), ["ServiceCategory", "ServiceName"]);
        assert_eq!(n.identifiers("co"), ["costs", "columns"]);
        assert_eq!(n.identifiers("sel"), ["select"]);
        assert_eq!(n.identifiers("SU"), ["sum"]);
    }

    #[test]
    fn allowed_values_of_the_column_before_the_quote() {
        let n = names();
        let line = "SELECT * FROM costs WHERE ServiceCategory = '";
        assert_eq!(open_quote(line, line.len()), Some(line.len() - 1));
        assert_eq!(
            n.allowed_values("WHERE ServiceCategory = ", "c"),
            ["Compute"]
        );
        assert_eq!(n.allowed_values("WHERE x = ", "c"), ["Compute", "Credit"]);
        assert_eq!(open_quote("a = 'x' AND b", 13), None);
    }
}
