//! Meta commands: `\d`, `\dt`, `\d TABLE`, `\df`, `\timing`, `\format`, `\o`, `\i`, `\x`,
//! `\sources`, `\version`, `\chart`, `\maxrows`, `\?`, `\q`.

use std::path::PathBuf;
use std::sync::Arc;

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use arrow::util::display::array_value_to_string;
use focusql_catalogs::{Dataset, FocusVersion, registry};

use super::{Flow, Shell, chart, terminal_width};
use crate::cli::sources_table;
use crate::config::parse_version;
use crate::error::{Error, Result};
use crate::output::{OutputFormat, text_table};
use crate::report::{Report, parse_param_args};
use crate::session::build;

/// A meta command as `\?` lists it.
pub struct Command {
    pub name: &'static str,
    pub args: &'static str,
    pub help: &'static str,
}

/// Every meta command.
pub const COMMANDS: &[Command] = &[
    Command {
        name: "\\d",
        args: "[TABLE]",
        help: "list tables; with TABLE, its columns with FOCUS feature level and description",
    },
    Command {
        name: "\\dt",
        args: "",
        help: "list tables",
    },
    Command {
        name: "\\df",
        args: "[PATTERN]",
        help: "list functions (name containing PATTERN) with signatures",
    },
    Command {
        name: "\\sources",
        args: "",
        help: "the sources: format, FOCUS version, files, rows, periods, currencies",
    },
    Command {
        name: "\\version",
        args: "[V]",
        help: "show or switch the FOCUS version tables are presented in (1.0 to 1.4)",
    },
    Command {
        name: "\\timing",
        args: "[on|off]",
        help: "show the elapsed time after each result (on by default)",
    },
    Command {
        name: "\\format",
        args: "table|csv|json|ndjson",
        help: "how results are printed (csv and json carry full precision)",
    },
    Command {
        name: "\\x",
        args: "[on|off]",
        help: "expanded display: one block per row",
    },
    Command {
        name: "\\maxrows",
        args: "N",
        help: "rows shown before a long table is cut (0: all)",
    },
    Command {
        name: "\\o",
        args: "[FILE]",
        help: "send results to FILE; without FILE, back to the terminal",
    },
    Command {
        name: "\\i",
        args: "FILE [NAME=VALUE ...]",
        help: "run a .sql file, a saved report with its parameters",
    },
    Command {
        name: "\\chart",
        args: "[COLUMN]",
        help: "bar chart of the last result: first column as labels, COLUMN (or the first numeric one) as bars",
    },
    Command {
        name: "\\?",
        args: "",
        help: "this help",
    },
    Command {
        name: "\\q",
        args: "",
        help: "quit (Ctrl-D too)",
    },
];

/// Parse `on`/`off`, or flip the current value when no argument is given.
fn toggle(current: bool, arg: Option<&str>) -> Result<bool> {
    match arg {
        None => Ok(!current),
        Some("on") => Ok(true),
        Some("off") => Ok(false),
        Some(other) => Err(Error::msg(format!("expected on or off, got '{other}'"))),
    }
}

/// `on` or `off`.
fn on_off(value: bool) -> &'static str {
    if value { "on" } else { "off" }
}

impl Shell {
    /// Run one meta command line (starting with `\`).
    pub(super) async fn meta(&mut self, line: &str) -> Result<Flow> {
        let line = line.trim().trim_end_matches(';');
        let mut words = line.split_whitespace();
        let command = words.next().unwrap_or("");
        let args: Vec<&str> = words.collect();
        let first = args.first().copied();
        match command {
            "\\q" | "\\quit" => return Ok(Flow::Quit),
            "\\?" | "\\h" | "\\help" => self.show_help()?,
            "\\d" | "\\dt" if first.is_none() => {
                let (schema, batches) = self.query(TABLES_SQL).await?;
                self.print(&schema, &batches)?;
            }
            "\\d" => {
                let (schema, batches) = self.describe(first.unwrap_or_default()).await?;
                self.print(&schema, &batches)?;
            }
            "\\df" => {
                let (schema, batches) = self.functions(first.unwrap_or("")).await?;
                self.print(&schema, &batches)?;
            }
            "\\sources" => {
                let (schema, batches) = sources_table(&self.session).await?;
                self.print(&schema, &batches)?;
            }
            "\\version" => match first {
                None => self.note(&format!("FOCUS {}", self.session.version)),
                Some(v) => {
                    let mut config = self.config.clone();
                    config.focus_version = parse_version(v)?;
                    self.session = Arc::new(build(&config).await?);
                    self.config = config;
                    self.note(&format!("tables are now presented in FOCUS {v}"));
                    return Ok(Flow::Reload);
                }
            },
            "\\timing" => {
                self.settings.timing = toggle(self.settings.timing, first)?;
                self.note(&format!("timing {}", on_off(self.settings.timing)));
            }
            "\\x" => {
                self.settings.expanded = toggle(self.settings.expanded, first)?;
                self.note(&format!(
                    "expanded display {}",
                    on_off(self.settings.expanded)
                ));
            }
            "\\format" => {
                let format: OutputFormat = first
                    .ok_or_else(|| Error::msg("\\format needs table, csv, json or ndjson"))?
                    .parse()?;
                if format == OutputFormat::Parquet {
                    return Err(Error::msg(
                        "the shell prints table, csv, json or ndjson; use `focusql query --format parquet --output FILE`",
                    ));
                }
                self.settings.format = format;
            }
            "\\maxrows" => {
                let n: usize = first
                    .and_then(|n| n.parse().ok())
                    .ok_or_else(|| Error::msg("\\maxrows needs a number of rows (0 shows all)"))?;
                self.settings.max_rows = n;
            }
            "\\o" => match first {
                None => self.output = None,
                Some(path) => {
                    let file = std::fs::File::create(path)
                        .map_err(|e| Error::msg(format!("{path}: {e}")))?;
                    self.output = Some((PathBuf::from(path), file));
                    self.note(&format!(
                        "results go to {path}; \\o alone sends them back here"
                    ));
                }
            },
            "\\i" => {
                let path = first.ok_or_else(|| Error::msg("\\i needs a file name"))?;
                let report = Report::from_file(path.as_ref())?;
                let given: Vec<String> = args[1..].iter().map(|a| a.to_string()).collect();
                let params = report.resolve_params(&parse_param_args(&given)?)?;
                self.execute(report.sql.clone(), params)
                    .await
                    .map_err(|e| Error::msg(format!("{path}: {}", e.one_line())))?;
            }
            "\\chart" => {
                let (schema, batches) = self
                    .last
                    .as_ref()
                    .ok_or_else(|| Error::msg("nothing to chart yet: run a query first"))?;
                let text = chart::render(schema, batches, first, terminal_width())?;
                self.write(&text)?;
            }
            other => {
                return Err(Error::msg(format!(
                    "unknown command {other}: \\? lists the commands"
                )));
            }
        }
        Ok(Flow::Continue)
    }

    /// Print every meta command.
    fn show_help(&mut self) -> Result<()> {
        let column = |f: fn(&Command) -> &str| COMMANDS.iter().map(|c| f(c).to_string()).collect();
        let (schema, batches) = text_table(
            &["command", "arguments", "meaning"],
            vec![column(|c| c.name), column(|c| c.args), column(|c| c.help)],
        )?;
        self.print(&schema, &batches)?;
        self.note("SQL statements end with ';' and may span lines. TAB completes, Ctrl-R searches history, Ctrl-C cancels, Ctrl-D quits.");
        Ok(())
    }

    /// The columns of a table: name, type, and for FOCUS columns the feature level and the
    /// registry's description (with the version that introduced the column, when after 1.0).
    async fn describe(&self, table: &str) -> Result<(SchemaRef, Vec<RecordBatch>)> {
        let frame = self.session.ctx.table(table).await?;
        let base = table.rsplit('.').next().unwrap_or(table);
        let dataset = Dataset::ALL
            .into_iter()
            .find(|d| d.table_name() == base)
            .unwrap_or(Dataset::CostAndUsage);
        let mut columns: Vec<Vec<String>> = vec![Vec::new(); 4];
        for field in frame.schema().fields() {
            let name = field.name();
            let def = registry().column(self.session.version, dataset, name);
            let (level, description) = match def {
                Some(def) => {
                    let mut description = def.description.clone();
                    if let Ok(since) = def.introduced_in.parse::<FocusVersion>()
                        && since > FocusVersion::V1_0
                    {
                        description.push_str(&format!(" Since {since}."));
                    }
                    (def.feature_level.as_str().to_string(), description)
                }
                None if name.starts_with("x_") => (String::new(), "extension column".into()),
                None => (String::new(), String::new()),
            };
            columns[0].push(name.clone());
            columns[1].push(field.data_type().to_string());
            columns[2].push(level);
            columns[3].push(description);
        }
        text_table(&["column", "type", "feature_level", "description"], columns)
    }

    /// Functions whose name contains `pattern`, one row per signature.
    async fn functions(&self, pattern: &str) -> Result<(SchemaRef, Vec<RecordBatch>)> {
        let like = format!("%{}%", pattern.replace('\'', "''"));
        let (schema, batches) = self.query(&format!("SHOW FUNCTIONS LIKE '{like}'")).await?;
        let index = |name: &str| schema.index_of(name).map_err(Error::from);
        let (name, kind, params, ret) = (
            index("function_name")?,
            index("function_type")?,
            index("parameter_types")?,
            index("return_type")?,
        );
        let mut rows: Vec<[String; 3]> = Vec::new();
        for batch in &batches {
            for row in 0..batch.num_rows() {
                let cell = |c: usize| array_value_to_string(batch.column(c), row);
                let params = cell(params)?;
                let params = params.trim_start_matches('[').trim_end_matches(']');
                rows.push([
                    cell(name)?,
                    cell(kind)?.to_lowercase(),
                    format!("({params}) → {}", cell(ret)?),
                ]);
            }
        }
        rows.sort();
        rows.dedup();
        let mut columns: Vec<Vec<String>> = vec![Vec::new(); 3];
        for row in rows {
            for (column, value) in columns.iter_mut().zip(row) {
                column.push(value);
            }
        }
        text_table(&["function", "kind", "signature"], columns)
    }
}

/// The tables `\d` and `\dt` list.
const TABLES_SQL: &str = "SELECT table_schema AS schema, table_name AS name, \
     lower(table_type) AS type FROM information_schema.tables \
     WHERE table_schema <> 'information_schema' ORDER BY 1, 2";
