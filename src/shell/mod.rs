//! The interactive SQL shell: `focusql` with no command. It runs on the one session
//! ([`crate::session::build`]), so every table and function of `focusql query` works here.
//!
//! On a terminal it reads statements with rustyline (history, Ctrl-R search, completion,
//! multi-line statements ended by `;`); with standard input not a terminal it runs every
//! statement it reads and stops at the first error.

mod chart;
mod complete;
mod input;
mod meta;

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{CompletionType, Editor};
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::output::{OutputFormat, TableStyle, render_table_styled, write_batches};
use crate::session::{FocusSession, build};
use complete::{Names, ShellHelper};
use input::{Input, Reader};

/// The prompt.
const PROMPT: &str = "focusql> ";
/// How long Ctrl-C waits for a query to stop before the prompt comes back anyway.
const CANCEL_WAIT: Duration = Duration::from_millis(500);
/// Queries running longer than this get a spinner.
const SPINNER_AFTER: Duration = Duration::from_secs(1);

/// What to do after an input.
pub(crate) enum Flow {
    Continue,
    /// The session was rebuilt (new FOCUS version): reload completion names.
    Reload,
    Quit,
}

/// Display settings the meta commands change.
struct Settings {
    format: OutputFormat,
    timing: bool,
    expanded: bool,
    max_rows: usize,
}

/// The shell's state: the session, settings, output target and the last result.
pub(crate) struct Shell {
    config: Config,
    session: Arc<FocusSession>,
    settings: Settings,
    /// `\o FILE`: results go to this file.
    output: Option<(PathBuf, std::fs::File)>,
    /// The last query result, for `\chart`.
    last: Option<(SchemaRef, Vec<RecordBatch>)>,
    interactive: bool,
    /// Queries run here, apart from the runtime that watches Ctrl-C and draws the spinner,
    /// so a query busy on every core cannot keep them from running.
    queries: QueryRuntime,
}

/// A runtime for queries, shut down without waiting when the shell ends.
struct QueryRuntime {
    handle: tokio::runtime::Handle,
    /// Taken out on drop to shut down in the background (a runtime dropped inside another
    /// one's async context would panic).
    runtime: Option<tokio::runtime::Runtime>,
}

impl QueryRuntime {
    fn new() -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .thread_name("focusql-query")
            .enable_all()
            .build()?;
        Ok(QueryRuntime {
            handle: runtime.handle().clone(),
            runtime: Some(runtime),
        })
    }

    /// Run a query future on this runtime.
    fn spawn<T: Send + 'static>(
        &self,
        future: impl Future<Output = Result<T>> + Send + 'static,
    ) -> JoinHandle<Result<T>> {
        self.handle.spawn(future)
    }
}

impl Drop for QueryRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// Start the shell on a configuration: interactive on a terminal, else run standard input.
pub async fn run(config: Config) -> Result<()> {
    let session = build(&config).await?;
    let interactive = std::io::stdin().is_terminal();
    let mut shell = Shell {
        config,
        session: Arc::new(session),
        settings: Settings {
            format: OutputFormat::Table,
            timing: true,
            expanded: false,
            max_rows: 40,
        },
        output: None,
        last: None,
        interactive,
        queries: QueryRuntime::new()?,
    };
    if interactive {
        shell.interactive().await
    } else {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        shell.script(&text).await
    }
}

/// The history file: `$FOCUSQL_HISTORY`, else `~/.focusql_history`.
fn history_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("FOCUSQL_HISTORY") {
        return Some(PathBuf::from(path));
    }
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".focusql_history"))
}

/// The terminal's width in characters (80 when unknown).
pub(crate) fn terminal_width() -> usize {
    match crossterm::terminal::size() {
        Ok((columns, _)) if columns > 0 => columns as usize,
        _ => 80,
    }
}

impl Shell {
    /// Read, run, print, until `\q` or Ctrl-D.
    async fn interactive(&mut self) -> Result<()> {
        let config = rustyline::Config::builder()
            .completion_type(CompletionType::List)
            .history_ignore_dups(true)
            .map_err(terminal_error)?
            .max_history_size(10_000)
            .map_err(terminal_error)?
            .auto_add_history(false)
            .build();
        let mut editor: Editor<ShellHelper, DefaultHistory> =
            Editor::with_config(config).map_err(terminal_error)?;
        editor.set_helper(Some(ShellHelper::new(Names::load(&self.session).await)));
        let history = history_path();
        if let Some(path) = &history
            && path.exists()
            && let Err(e) = editor.load_history(path)
        {
            eprintln!("warning: history {}: {e}", path.display());
        }
        println!("{}", self.banner());
        let mut reader = Reader::default();
        loop {
            let line = match editor.readline(PROMPT) {
                Ok(line) => line,
                Err(ReadlineError::Interrupted) => {
                    reader.clear();
                    continue;
                }
                Err(ReadlineError::Eof) => return Ok(()),
                Err(e) => return Err(terminal_error(e)),
            };
            if !line.trim().is_empty() {
                let _ = editor.add_history_entry(line.as_str());
                if let Some(path) = &history
                    && let Err(e) = editor.save_history(path)
                {
                    eprintln!("warning: history {}: {e}", path.display());
                }
            }
            for input in reader.push(&line) {
                match self.handle(input).await {
                    Ok(Flow::Continue) => {}
                    Ok(Flow::Reload) => {
                        editor.set_helper(Some(ShellHelper::new(Names::load(&self.session).await)));
                    }
                    Ok(Flow::Quit) => return Ok(()),
                    Err(e) => eprintln!("error: {}", e.one_line()),
                }
            }
        }
    }

    /// Run every statement and meta command of a text; stop at the first error.
    async fn script(&mut self, text: &str) -> Result<()> {
        let mut reader = Reader::default();
        let mut inputs = reader.push(text);
        inputs.extend(reader.finish());
        for input in inputs {
            if let Flow::Quit = self
                .handle(input)
                .await
                .map_err(|e| Error::msg(e.one_line()))?
            {
                break;
            }
        }
        Ok(())
    }

    /// The one-line banner: version, sources, FOCUS version, how to get help.
    fn banner(&self) -> String {
        let sources: Vec<&str> = self
            .session
            .sources
            .iter()
            .map(|s| s.spec.name.as_str())
            .collect();
        let sources = if sources.is_empty() {
            "no sources (use --source, a focusql.toml or --demo)".to_string()
        } else {
            format!("sources: {}", sources.join(", "))
        };
        format!(
            "focusql {} · FOCUS {} · {sources} · \\? for help, \\q to quit",
            env!("CARGO_PKG_VERSION"),
            self.session.version
        )
    }

    /// Run one input.
    async fn handle(&mut self, input: Input) -> Result<Flow> {
        match input {
            Input::Meta(line) => self.meta(&line).await,
            Input::Sql(sql) => {
                self.execute(sql, HashMap::new()).await?;
                Ok(Flow::Continue)
            }
        }
    }

    /// Run SQL with parameters, print its result with the row count and time, and keep it
    /// for `\chart`. Ctrl-C cancels it.
    async fn execute(&mut self, sql: String, params: HashMap<String, String>) -> Result<()> {
        let started = Instant::now();
        let session = Arc::clone(&self.session);
        let task = self.queries.spawn(async move {
            let frame = session.sql_with_params(&sql, &params).await?;
            let schema: SchemaRef = frame.schema().inner().clone();
            let batches = session.collect(frame).await?;
            Ok((schema, batches))
        });
        let spinner = self.interactive && std::io::stderr().is_terminal();
        let (schema, batches) = wait_cancellable(task, spinner).await?;
        let elapsed = started.elapsed();
        if schema.fields().is_empty() {
            self.note("OK");
            return Ok(());
        }
        self.print(&schema, &batches)?;
        let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
        let rows = if rows == 1 {
            "1 row".to_string()
        } else {
            format!("{rows} rows")
        };
        if self.settings.timing {
            self.note(&format!("{rows} in {:.3} s", elapsed.as_secs_f64()));
        } else {
            self.note(&rows);
        }
        self.last = Some((schema, batches));
        Ok(())
    }

    /// Run a query the shell itself needs (listings), cancellable too.
    async fn query(&self, sql: &str) -> Result<(SchemaRef, Vec<RecordBatch>)> {
        let session = Arc::clone(&self.session);
        let sql = sql.to_string();
        let task = self.queries.spawn(async move {
            let frame = session.sql(&sql).await?;
            let schema: SchemaRef = frame.schema().inner().clone();
            Ok((schema, session.collect(frame).await?))
        });
        wait_cancellable(task, false).await
    }

    /// Print a result in the current format to the output (`\o` file or standard output).
    /// On a terminal, tables fit its width and long ones are cut; money shows 2 decimals in
    /// tables, full precision in csv and json.
    fn print(&mut self, schema: &SchemaRef, batches: &[RecordBatch]) -> Result<()> {
        let to_terminal = self.output.is_none() && std::io::stdout().is_terminal();
        let mut text = Vec::new();
        if self.settings.format == OutputFormat::Table {
            let style = TableStyle {
                max_rows: (to_terminal && self.settings.max_rows > 0)
                    .then_some(self.settings.max_rows),
                width: to_terminal.then(|| terminal_width() as u16),
                money_decimals: Some(2),
                expanded: self.settings.expanded,
            };
            writeln!(text, "{}", render_table_styled(schema, batches, &style)?)?;
        } else {
            write_batches(
                schema,
                batches,
                self.settings.format,
                &mut text,
                to_terminal,
            )?;
        }
        self.write_bytes(&text)
    }

    /// Write text (and a newline) to the output.
    fn write(&mut self, text: &str) -> Result<()> {
        self.write_bytes(format!("{text}\n").as_bytes())
    }

    /// Write bytes to the `\o` file or standard output.
    fn write_bytes(&mut self, bytes: &[u8]) -> Result<()> {
        match &mut self.output {
            Some((path, file)) => file
                .write_all(bytes)
                .map_err(|e| Error::msg(format!("{}: {e}", path.display()))),
            None => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes)?;
                Ok(out.flush()?)
            }
        }
    }

    /// A status line (row count, time, confirmations) on standard error, so piped results
    /// stay clean.
    fn note(&self, text: &str) {
        eprintln!("{text}");
    }
}

/// Wait for a query task; Ctrl-C aborts it (dropping its stream stops DataFusion's work).
/// With `spinner`, a spinner with the elapsed time is drawn on standard error once the query
/// has run for a second.
async fn wait_cancellable<T: Send + 'static>(
    mut task: JoinHandle<Result<T>>,
    spinner: bool,
) -> Result<T> {
    const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
    let started = Instant::now();
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    let mut frame = 0;
    let result = loop {
        tokio::select! {
            joined = &mut task => {
                break joined.unwrap_or_else(|e| Err(Error::msg(format!("query failed: {e}"))));
            }
            _ = &mut ctrl_c => {
                // The task (and with it DataFusion's streams) is dropped at its next yield
                // point; wait for that a moment, but give the prompt back regardless.
                task.abort();
                let _ = tokio::time::timeout(CANCEL_WAIT, &mut task).await;
                break Err(Error::msg("query cancelled"));
            }
            _ = tick.tick() => {
                if spinner && started.elapsed() >= SPINNER_AFTER {
                    eprint!("\r{} {:.1} s ", FRAMES[frame % FRAMES.len()], started.elapsed().as_secs_f64());
                    frame += 1;
                }
            }
        }
    };
    if frame > 0 {
        eprint!("\r\x1b[2K");
    }
    result
}

/// A terminal (rustyline) error as a focusql error.
fn terminal_error(e: ReadlineError) -> Error {
    Error::msg(format!("terminal: {e}"))
}
