//! The sqllogictest harness: every `tests/slt/*.slt` file runs against a focusql session built
//! from the `# focusql:` directives at the top of the file, e.g.
//!
//! ```text
//! # focusql: --source aws=focus:focus/focus-1.2 --focus-version 1.2
//! ```
//!
//! Source paths are relative to `tests/data`. `--demo` adds the demo sources. `--config FILE`
//! (first, if used) starts from a focusql.toml under `tests/data` (tag aliases, rates file).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{Array, RecordBatch};
use arrow::datatypes::DataType;
use arrow::util::display::{ArrayFormatter, FormatOptions};
use focusql::output::trim_decimal;
use focusql::{Config, FocusSession};
use sqllogictest::{AsyncDB, DBOutput, DefaultColumnType};

use super::{data, data_dir};

/// A focusql session as a sqllogictest database.
struct FocusDb {
    session: Arc<FocusSession>,
}

#[derive(Debug)]
struct DbError(String);

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DbError {}

#[async_trait::async_trait]
impl AsyncDB for FocusDb {
    type Error = DbError;
    type ColumnType = DefaultColumnType;

    async fn run(&mut self, sql: &str) -> Result<DBOutput<DefaultColumnType>, DbError> {
        let frame = self
            .session
            .sql(sql)
            .await
            .map_err(|e| DbError(e.one_line()))?;
        let batches = self
            .session
            .collect(frame)
            .await
            .map_err(|e| DbError(e.one_line()))?;
        let rows = format_rows(&batches).map_err(DbError)?;
        let width = batches.first().map(|b| b.num_columns()).unwrap_or(0);
        if width == 0 {
            return Ok(DBOutput::StatementComplete(0));
        }
        Ok(DBOutput::Rows {
            types: vec![DefaultColumnType::Any; width],
            rows,
        })
    }

    async fn shutdown(&mut self) {}

    fn engine_name(&self) -> &str {
        "focusql"
    }
}

/// Cells as the .slt files write them: NULL, (empty), decimals without trailing zeros beyond
/// two places, UTC timestamps with a Z.
fn format_rows(batches: &[RecordBatch]) -> Result<Vec<Vec<String>>, String> {
    let options = FormatOptions::default()
        .with_null("NULL")
        .with_timestamp_tz_format(Some("%Y-%m-%dT%H:%M:%SZ"));
    let mut rows = Vec::new();
    for batch in batches {
        let formatters = batch
            .columns()
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        for row in 0..batch.num_rows() {
            let cells = formatters
                .iter()
                .zip(batch.columns())
                .map(|(f, column)| {
                    let text = f.value(row).to_string();
                    match column.data_type() {
                        DataType::Decimal128(..) if column.is_valid(row) => trim_decimal(&text),
                        _ if text.is_empty() => "(empty)".to_string(),
                        _ => text,
                    }
                })
                .collect();
            rows.push(cells);
        }
    }
    Ok(rows)
}

/// The configuration a .slt file asks for in its `# focusql:` directives.
fn config_for(path: &Path) -> Config {
    let text = std::fs::read_to_string(path).expect("readable .slt file");
    let mut args: Vec<String> = vec!["focusql".into()];
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# focusql:") {
            args.extend(rest.split_whitespace().map(str::to_string));
        }
    }
    let mut i = 1;
    let mut config = Config::default();
    while i < args.len() {
        match args[i].as_str() {
            "--demo" => config.demo = true,
            "--config" => {
                i += 1;
                config = Config::from_file(Path::new(&data(&args[i]))).expect("valid config");
            }
            "--focus-version" => {
                i += 1;
                config.focus_version = args[i].parse().expect("version");
            }
            "--source" => {
                i += 1;
                let (name, rest) = args[i].split_once('=').expect("NAME=FORMAT:PATH");
                let (format, path) = rest.split_once(':').expect("FORMAT:PATH");
                let spec =
                    focusql::config::parse_source_arg(&format!("{name}={format}:{}", data(path)))
                        .expect("valid source");
                config.add_source(spec).expect("unique source");
            }
            "--prices" => {
                i += 1;
                config.prices = Some(data(&args[i]).into());
            }
            other => panic!("{}: unknown directive {other}", path.display()),
        }
        i += 1;
    }
    config
}

fn slt_files() -> Vec<PathBuf> {
    let dir = data_dir().parent().expect("tests dir").join("slt");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/slt exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "slt"))
        .collect();
    files.sort();
    files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqllogictests() {
    let filter = std::env::var("SLT").ok();
    let mut failures = Vec::new();
    let files = slt_files();
    assert!(!files.is_empty(), "no .slt files found");
    for path in files {
        if filter
            .as_deref()
            .is_some_and(|f| !path.to_string_lossy().contains(f))
        {
            continue;
        }
        let config = config_for(&path);
        let session = match focusql::build(&config).await {
            Ok(s) => Arc::new(s),
            Err(e) => {
                failures.push(format!("{}: session: {}", path.display(), e.one_line()));
                continue;
            }
        };
        let mut runner = sqllogictest::Runner::new(move || {
            let session = Arc::clone(&session);
            async move { Ok::<_, DbError>(FocusDb { session }) }
        });
        if let Err(e) = runner.run_file_async(&path).await {
            failures.push(format!("{e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The dialect corpus's expected answers are DuckDB's: tests/golden/dialect_corpus.py runs every
/// `# golden: duckdb` query in DuckDB (from PyPI, in the test venv) over the same files and
/// compares its answers with the expected blocks, to the cent.
#[test]
fn dialect_corpus_answers_are_duckdbs() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/dialect_corpus.py");
    let out = std::process::Command::new(super::python::python())
        .arg(&script)
        .output()
        .expect("run the dialect corpus checker");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{report}");
    assert!(report.contains(" 0 mismatches"), "{report}");
}
