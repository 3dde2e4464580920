//! The command line: arguments (clap) and one function per command.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use arrow::util::display::array_value_to_string;
use clap::{Args, Parser, Subcommand};
use focusql_catalogs::Dataset;

use crate::config::{
    Config, DEFAULT_CONFIG_FILE, ServeConfig, parse_duration, parse_size, parse_source_arg,
    parse_version,
};
use crate::error::{Error, Result};
use crate::export::{ExportFormat, export};
use crate::output::{OutputFormat, render_table, text_table, write_results};
use crate::report::{Report, parse_param_args};
use crate::session::{FocusSession, build};
use crate::validate::validate;

/// focusql: SQL over cloud and AI billing files, presented as FOCUS tables.
#[derive(Debug, Parser)]
#[command(name = "focusql", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Configuration file (default: ./focusql.toml when it exists)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// A source: NAME=FORMAT:PATH or NAME=PATH (format detected); repeatable
    #[arg(long = "source", global = true, value_name = "NAME=FORMAT:PATH")]
    pub sources: Vec<String>,
    /// Add the built-in demo data (AWS, Azure, GCP, OCI, OpenAI, Anthropic)
    #[arg(long, global = true)]
    pub demo: bool,
    /// FOCUS version to present tables in: 1.0, 1.1, 1.2, 1.3 or 1.4 (default 1.4)
    #[arg(long = "focus-version", global = true, value_name = "V")]
    pub focus_version: Option<String>,
    /// Memory limit for queries, e.g. 4g or 512m (spills or fails beyond it)
    #[arg(long = "memory-limit", global = true, value_name = "SIZE")]
    pub memory_limit: Option<String>,
    /// Contracted token prices (CSV) that win over the shipped price catalog
    #[arg(long, global = true, value_name = "FILE")]
    pub prices: Option<PathBuf>,
    /// Log what happens (-v: skipped files and timings, -vv: plans)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// Output options of commands that print results.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// table, csv, json, ndjson or parquet
    #[arg(long, default_value = "table")]
    pub format: String,
    /// Write to this file instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run SQL and print the result
    Query {
        /// The SQL (one or more statements; the last one's result is printed)
        sql: String,
        /// A named parameter for $name placeholders: NAME=VALUE; repeatable
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Run a saved report (.sql file) with named parameters
    Run {
        /// The report file
        file: PathBuf,
        /// A parameter: NAME=VALUE; repeatable (defaults come from the report's header)
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// List the configured sources: format, FOCUS version, files, rows, periods, currencies
    Sources,
    /// Write a source or table as FOCUS files
    Export {
        /// Source or table name
        name: String,
        /// Output directory
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
        /// parquet or csv
        #[arg(long, default_value = "parquet")]
        format: String,
    },
    /// Check a FOCUS dataset (file, directory or glob) against the spec's rules
    Validate {
        /// What to validate
        path: String,
    },
    /// A short tour on the built-in demo data
    Demo,
    /// Serve the tables over Arrow Flight SQL (BI tools, notebooks, ADBC/JDBC/ODBC)
    Serve(ServeArgs),
}

/// Options of `focusql serve` (each overrides the `[serve]` setting of focusql.toml).
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:50051)
    #[arg(long, value_name = "HOST:PORT")]
    pub listen: Option<String>,
    /// TLS certificate chain (PEM)
    #[arg(long = "tls-cert", value_name = "FILE")]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM)
    #[arg(long = "tls-key", value_name = "FILE")]
    pub tls_key: Option<PathBuf>,
    /// A user who may log in: NAME:PASSWORD; repeatable
    #[arg(long = "user", value_name = "NAME:PASSWORD")]
    pub users: Vec<String>,
    /// A bearer token accepted as is; repeatable
    #[arg(long = "token", value_name = "TOKEN")]
    pub tokens: Vec<String>,
    /// Accept calls without credentials (loopback addresses only)
    #[arg(long = "no-auth")]
    pub no_auth: bool,
    /// Allow DDL, DML and COPY (the server is read-only by default)
    #[arg(long = "read-write")]
    pub read_write: bool,
    /// Memory limit of one query, e.g. 2g
    #[arg(long = "query-memory-limit", value_name = "SIZE")]
    pub query_memory_limit: Option<String>,
    /// Time limit of one query, e.g. 5m or 30s
    #[arg(long = "query-timeout", value_name = "DURATION")]
    pub query_timeout: Option<String>,
    /// Queries running at once; more wait for a slot (default 16)
    #[arg(long = "max-concurrent-queries", value_name = "N")]
    pub max_concurrent_queries: Option<usize>,
    /// Folder of saved reports served as views in the `reports` schema (default ./queries)
    #[arg(long, value_name = "DIR")]
    pub reports: Option<PathBuf>,
}

impl ServeArgs {
    /// Apply the flags over the configuration's `[serve]` settings.
    pub fn apply(self, serve: &mut ServeConfig) -> Result<()> {
        if let Some(listen) = self.listen {
            serve.listen = listen;
        }
        serve.tls_cert = self.tls_cert.or(serve.tls_cert.take());
        serve.tls_key = self.tls_key.or(serve.tls_key.take());
        for user in self.users {
            let (name, password) = user
                .split_once(':')
                .filter(|(n, p)| !n.is_empty() && !p.is_empty())
                .ok_or_else(|| Error::msg(format!("--user '{user}': expected NAME:PASSWORD")))?;
            serve.users.insert(name.to_string(), password.to_string());
        }
        serve.tokens.extend(self.tokens);
        serve.auth &= !self.no_auth;
        serve.read_only &= !self.read_write;
        if let Some(m) = &self.query_memory_limit {
            serve.query_memory_limit = Some(parse_size(m)?);
        }
        if let Some(t) = &self.query_timeout {
            serve.query_timeout = Some(parse_duration(t)?);
        }
        match self.max_concurrent_queries {
            Some(0) => return Err(Error::msg("--max-concurrent-queries must be at least 1")),
            Some(n) => serve.max_concurrent_queries = n,
            None => {}
        }
        if let Some(dir) = self.reports {
            serve.reports = dir;
        }
        Ok(())
    }
}

/// The configuration from the global options (config file, sources, version, limits).
pub fn config_from(global: &GlobalArgs) -> Result<Config> {
    let mut config = match &global.config {
        Some(path) => Config::from_file(path)?,
        None if Path::new(DEFAULT_CONFIG_FILE).exists() => {
            Config::from_file(Path::new(DEFAULT_CONFIG_FILE))?
        }
        None => Config::default(),
    };
    for arg in &global.sources {
        config.add_source(parse_source_arg(arg)?)?;
    }
    if let Some(v) = &global.focus_version {
        config.focus_version = parse_version(v)?;
    }
    if let Some(m) = &global.memory_limit {
        config.memory_limit = Some(parse_size(m)?);
    }
    config.demo |= global.demo;
    if let Some(p) = &global.prices {
        config.prices = Some(p.clone());
    }
    Ok(config)
}

/// Run a command.
pub async fn run(cli: Cli) -> Result<()> {
    let mut config = config_from(&cli.global)?;
    match cli.command {
        None => crate::shell::run(config).await,
        Some(Command::Query {
            sql,
            params,
            output,
        }) => {
            let session = open(&config).await?;
            let params = parse_param_args(&params)?;
            print_query(&session, &sql, &params, &output, false).await
        }
        Some(Command::Run {
            file,
            params,
            output,
        }) => {
            let report = Report::from_file(&file)?;
            if cli.global.focus_version.is_none()
                && let Some(v) = report.focus_version
            {
                config.focus_version = v;
            }
            let session = open(&config).await?;
            let params = report.resolve_params(&parse_param_args(&params)?)?;
            print_query(&session, &report.sql, &params, &output, true)
                .await
                .map_err(|e| Error::msg(format!("{}: {}", file.display(), e.one_line())))
        }
        Some(Command::Sources) => {
            let session = open(&config).await?;
            let (schema, batches) = sources_table(&session).await?;
            println!("{}", render_table(&schema, &batches)?);
            Ok(())
        }
        Some(Command::Export { name, to, format }) => {
            let format: ExportFormat = format.parse()?;
            let session = open(&config).await?;
            for (path, rows) in export(&session, &name, &to, format).await? {
                println!(
                    "wrote {} ({rows} rows, FOCUS {})",
                    path.display(),
                    session.version
                );
            }
            Ok(())
        }
        Some(Command::Validate { path }) => {
            let version = cli
                .global
                .focus_version
                .as_deref()
                .map(parse_version)
                .transpose()?;
            let validation = validate(&path, version).await?;
            print!("{}", validation.render());
            match validation.failed() {
                0 => Ok(()),
                n => Err(Error::msg(format!(
                    "{path}: {n} rule(s) of FOCUS {} failed",
                    validation.version
                ))),
            }
        }
        Some(Command::Demo) => {
            config.demo = true;
            let session = open(&config).await?;
            crate::demo::tour(&session).await
        }
        Some(Command::Serve(args)) => {
            args.apply(&mut config.serve)?;
            crate::flight::serve(&config).await
        }
    }
}

/// Build the session, failing clearly when there is nothing to query.
async fn open(config: &Config) -> Result<FocusSession> {
    if config.sources.is_empty() && !config.demo {
        tracing::info!("no sources configured; only focus_columns is available");
    }
    build(config).await
}

/// Run SQL (a saved report when `report`) and write its result as the output options say.
async fn print_query(
    session: &FocusSession,
    sql: &str,
    params: &HashMap<String, String>,
    output: &OutputArgs,
    report: bool,
) -> Result<()> {
    let format: OutputFormat = output.format.parse()?;
    let frame = if report {
        session.report_with_params(sql, params).await?
    } else {
        session.sql_with_params(sql, params).await?
    };
    let schema: SchemaRef = frame.schema().inner().clone();
    let batches = session.collect(frame).await?;
    write_results(&schema, &batches, format, output.output.as_deref())
}

/// One row per source: name, format, FOCUS versions, files, rows, billing periods, currencies,
/// and for AI sources the rows they give `token_usage`.
pub async fn sources_table(session: &FocusSession) -> Result<(SchemaRef, Vec<RecordBatch>)> {
    if session.sources.is_empty() {
        return Err(Error::msg(
            "no sources: use --source NAME=PATH, a focusql.toml, or --demo",
        ));
    }
    let mut columns: [Vec<String>; 8] = Default::default();
    for source in &session.sources {
        let name = &source.spec.name;
        let formats: Vec<&str> = source.formats().iter().map(|f| f.name()).collect();
        let versions: Vec<&str> = source.versions().iter().map(|v| v.as_str()).collect();
        let (count, periods, currencies) = if source.datasets().contains(&Dataset::CostAndUsage) {
            let sql = format!(
                "SELECT count(*), \
                 array_to_string(array_sort(array_agg(DISTINCT to_char(\"BillingPeriodStart\", '%Y-%m'))), ', '), \
                 array_to_string(array_sort(array_agg(DISTINCT \"BillingCurrency\")), ', ') \
                 FROM \"{name}\""
            );
            let frame = session.sql(&sql).await?;
            let batches = session.collect(frame).await?;
            let cell = |col: usize| -> String {
                batches
                    .first()
                    .and_then(|b| array_value_to_string(b.column(col), 0).ok())
                    .unwrap_or_default()
            };
            (cell(0), cell(1), cell(2))
        } else {
            ("0".into(), String::new(), String::new())
        };
        let token_rows = source.token_row_count(&session.ctx).await?;
        let has_tokens = source.formats().iter().any(|f| f.is_token_format());
        let values = [
            name.clone(),
            formats.join(", "),
            versions.join(", "),
            source.files().count().to_string(),
            count,
            periods,
            currencies,
            if has_tokens {
                token_rows.to_string()
            } else {
                String::new()
            },
        ];
        for (column, value) in columns.iter_mut().zip(values) {
            column.push(value);
        }
    }
    text_table(
        &[
            "name",
            "format",
            "focus_version",
            "files",
            "rows",
            "billing_periods",
            "currencies",
            "token_rows",
        ],
        columns.into(),
    )
}
