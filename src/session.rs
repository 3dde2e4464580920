//! The one session every interface uses: the shell, `query`/`run`, export/validate and the
//! Flight SQL endpoint all get their tables and functions from [`build`].

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use arrow::array::RecordBatch;
use arrow::datatypes::DataType;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{ParamValues, ScalarValue};
use datafusion::execution::memory_pool::FairSpillPool;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::execution::session_state::SessionStateBuilder;
use datafusion::logical_expr::{Expr, LogicalPlan};
use datafusion::prelude::{DataFrame, SessionConfig, SessionContext};
use datafusion::sql::parser::{DFParserBuilder, Statement};
use datafusion::sql::sqlparser::dialect::dialect_from_str;
use focusql_catalogs::catalog::register_sources;
use focusql_catalogs::mapping::Strictness;
use focusql_catalogs::{FocusVersion, LoadedSource, SourceSpec, diagnose};
use futures::StreamExt;
use object_store::memory::InMemory;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use url::Url;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::yielding::YieldInJoins;
use crate::{currency_guard, dialect_ast, identifiers, suggest};

/// The catalog name every interface shows.
pub const CATALOG: &str = "focusql";
/// The schema that holds the FOCUS tables.
pub const SCHEMA: &str = "public";
/// Where the demo files live (an in-memory object store).
pub const DEMO_URL: &str = "demo://focusql/";

/// A session: the DataFusion context with every source registered, and what was loaded.
pub struct FocusSession {
    pub ctx: SessionContext,
    pub version: FocusVersion,
    pub sources: Vec<LoadedSource>,
}

/// Options for building a session beyond the configuration.
#[derive(Debug, Clone, Copy)]
pub struct BuildOptions {
    /// How text is parsed into typed FOCUS columns.
    pub strictness: Strictness,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            strictness: Strictness::Strict,
        }
    }
}

/// Build the session for a configuration.
pub async fn build(config: &Config) -> Result<FocusSession> {
    build_with(config, BuildOptions::default()).await
}

/// Build the session with explicit options.
pub async fn build_with(config: &Config, options: BuildOptions) -> Result<FocusSession> {
    let ctx = new_context(config)?;
    crate::stores::register(&ctx, &config.sources, &config.store_options).await?;
    let mut specs = config.sources.clone();
    if config.demo {
        specs.extend(register_demo(&ctx).await?);
    }
    let mut sources = Vec::with_capacity(specs.len());
    for spec in &specs {
        sources.push(focusql_catalogs::source::load(&ctx, spec).await?);
    }
    register_sources(&ctx, &sources, config.focus_version, options.strictness)?;
    let book = focusql_catalogs::prices::price_book(config.prices.as_deref())?;
    focusql_catalogs::prices::register_pricing(&ctx, book).await?;
    Ok(FocusSession {
        ctx,
        version: config.focus_version,
        sources,
    })
}

/// A DataFusion context with focusql's settings and functions, and no tables yet.
pub fn new_context(config: &Config) -> Result<SessionContext> {
    let mut session_config = SessionConfig::new()
        .with_information_schema(true)
        .with_default_catalog_and_schema(CATALOG, SCHEMA)
        .with_create_default_catalog_and_schema(true);
    let options = session_config.options_mut();
    options.sql_parser.enable_ident_normalization = false;
    options.execution.parquet.pushdown_filters = false;
    // `0.125` is an exact DECIMAL as in DuckDB and PostgreSQL, not a binary float.
    options.sql_parser.parse_float_as_decimal = true;
    let mut runtime = RuntimeEnvBuilder::new();
    if let Some(limit) = config.memory_limit {
        runtime = runtime.with_memory_pool(Arc::new(FairSpillPool::new(limit)));
    }
    let base = SessionContext::new_with_config_rt(session_config, runtime.build_arc()?);
    // The physical rule is added before focusql's functions are registered: rebuilding a state
    // re-registers its functions in hash order, and DataFusion's `date_format` (an alias of
    // `to_char`) could then replace focusql's MySQL-style `date_format`.
    let mut state = SessionStateBuilder::new_from_existing(base.state())
        .with_physical_optimizer_rule(Arc::new(YieldInJoins))
        .build();
    focusql_udfs::register_all(&mut state)?;
    focusql_udfs::register_settings(&mut state, &finops_settings(config)?)?;
    focusql_udfs::register_table_functions(&mut state);
    let ctx = SessionContext::new_with_state(state);
    // DataFusion 55's leaf-projection pushdown fails on the JSON functions over unioned sources
    // ("Schema contains qualified field name ?table?…"); without it the plans are unchanged
    // apart from where struct field access is evaluated.
    ctx.remove_optimizer_rule("extract_leaf_expressions");
    ctx.remove_optimizer_rule("push_down_leaf_projections");
    Ok(ctx)
}

/// The tag aliases and exchange rates of a configuration, for the FinOps functions.
fn finops_settings(config: &Config) -> Result<focusql_udfs::FinopsSettings> {
    let tag_aliases = focusql_udfs::TagAliases::new(
        config
            .tag_aliases
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice())),
    );
    let rates = match &config.rates_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Error::config(format!("rates file {path}: {e}")))?;
            focusql_udfs::Rates::from_csv(&text, path).map_err(Error::config)?
        }
        None => focusql_udfs::Rates::default(),
    };
    Ok(focusql_udfs::FinopsSettings {
        tag_aliases,
        rates: Arc::new(rates),
    })
}

/// Write the demo dataset as Parquet files into an in-memory object store and return the
/// sources that read it, so the demo goes through the same path as real files.
async fn register_demo(ctx: &SessionContext) -> Result<Vec<SourceSpec>> {
    let store = Arc::new(InMemory::new());
    let url = Url::parse(DEMO_URL).map_err(|e| Error::msg(e.to_string()))?;
    let mut specs = Vec::new();
    for source in focusql_catalogs::demo::demo_sources() {
        let mut buffer = Vec::new();
        let mut writer =
            parquet::arrow::ArrowWriter::try_new(&mut buffer, source.batch.schema(), None)?;
        writer.write(&source.batch)?;
        writer.close()?;
        let path = StorePath::from(format!("{}/{}.parquet", source.name, source.name));
        store
            .put(&path, PutPayload::from(buffer))
            .await
            .map_err(|e| Error::msg(format!("demo data: {e}")))?;
        specs.push(SourceSpec {
            name: source.name.to_string(),
            format: Some(focusql_catalogs::Format::Focus),
            location: format!("{DEMO_URL}{}/", source.name),
        });
    }
    ctx.register_object_store(&url, store as Arc<dyn ObjectStore>);
    Ok(specs)
}

impl FocusSession {
    /// Plan every statement of a SQL text, with named parameters (`$name` or `:name`) bound from
    /// `params`. Returns one DataFrame per statement.
    pub async fn plan_all(
        &self,
        sql: &str,
        params: &HashMap<String, String>,
    ) -> Result<Vec<DataFrame>> {
        self.plan_statements(sql, params, false).await
    }

    async fn plan_statements(
        &self,
        sql: &str,
        params: &HashMap<String, String>,
        report: bool,
    ) -> Result<Vec<DataFrame>> {
        let statements = self.parse(sql)?;
        let mut frames = Vec::with_capacity(statements.len());
        for statement in statements {
            let mut plan = self.plan_statement(statement, params).await?;
            if report {
                plan = currency_guard::guard(plan)?;
            }
            frames.push(self.ctx.execute_logical_plan(plan).await?);
        }
        Ok(frames)
    }

    /// Parse SQL text into statements with the session's dialect.
    pub fn parse(&self, sql: &str) -> Result<Vec<Statement>> {
        let state = self.ctx.state();
        let options = &state.config().options().sql_parser;
        let dialect = dialect_from_str(options.dialect)
            .ok_or_else(|| Error::msg(format!("unsupported SQL dialect {}", options.dialect)))?;
        let statements = DFParserBuilder::new(sql)
            .with_dialect(dialect.as_ref())
            .with_recursion_limit(options.recursion_limit.get())
            .build()?
            .parse_statements()
            .map_err(suggest::explain_parse_error)?;
        Ok(statements.into_iter().collect())
    }

    /// Plan one statement and bind its named parameters.
    async fn plan_statement(
        &self,
        statement: Statement,
        params: &HashMap<String, String>,
    ) -> Result<LogicalPlan> {
        bind_parameters(self.plan(statement).await?, params)
    }

    /// Plan one parsed statement, leaving placeholders unbound. Every interface plans through
    /// here, so the session's SQL rules hold for all of them.
    pub async fn plan(&self, mut statement: Statement) -> Result<LogicalPlan> {
        dialect_ast::rewrite(&mut statement);
        identifiers::resolve(&self.ctx, &mut statement).await?;
        let state = self.ctx.state();
        state
            .statement_to_plan(statement)
            .await
            .map_err(suggest::explain_planning_error)
    }

    /// Run SQL (one or more statements) and return the result of the last one.
    pub async fn sql(&self, sql: &str) -> Result<DataFrame> {
        self.sql_with_params(sql, &HashMap::new()).await
    }

    /// Run SQL with named parameters; the result of the last statement is returned, earlier
    /// statements (e.g. `CREATE VIEW`) are executed for their effect.
    pub async fn sql_with_params(
        &self,
        sql: &str,
        params: &HashMap<String, String>,
    ) -> Result<DataFrame> {
        self.run_statements(self.plan_all(sql, params).await?).await
    }

    /// Run a saved report (`focusql run`, the shell's `\i`): as [`Self::sql_with_params`], but a
    /// `SUM` of a cost column over more than one billing currency is an error
    /// ([`currency_guard`]).
    pub async fn report_with_params(
        &self,
        sql: &str,
        params: &HashMap<String, String>,
    ) -> Result<DataFrame> {
        self.run_statements(self.plan_statements(sql, params, true).await?)
            .await
    }

    /// Execute every frame but the last for its effect; return the last.
    async fn run_statements(&self, mut frames: Vec<DataFrame>) -> Result<DataFrame> {
        let last = frames
            .pop()
            .ok_or_else(|| Error::msg("no SQL statement to run"))?;
        for frame in frames {
            self.collect(frame).await?;
        }
        Ok(last)
    }

    /// Execute a DataFrame and collect its batches, turning errors about bad values into
    /// errors that name the file and row.
    pub async fn collect(&self, frame: DataFrame) -> Result<Vec<RecordBatch>> {
        let mut stream = frame.execute_stream().await?;
        let mut batches = Vec::new();
        while let Some(batch) = stream.next().await {
            match batch {
                Ok(b) => batches.push(b),
                Err(e) => return Err(self.explain_error(e.into()).await),
            }
        }
        Ok(batches)
    }

    /// Add the file and row to an error about a bad value, when it can be found.
    pub async fn explain_error(&self, error: Error) -> Error {
        let text = error.one_line();
        match diagnose::locate_bad_value(&self.sources, &text).await {
            Some(located) => Error::msg(located),
            None => error,
        }
    }
}

/// Bind named parameters to a plan's placeholders, casting each value (given as text) to the
/// type the planner inferred for it; a `LIMIT` or `OFFSET` placeholder, which the planner gives
/// no type, is a BIGINT. A placeholder without a value is an error naming it.
pub fn bind_parameters(plan: LogicalPlan, params: &HashMap<String, String>) -> Result<LogicalPlan> {
    let types = plan.get_parameter_types()?;
    if types.is_empty() {
        return Ok(plan);
    }
    let counts = limit_placeholders(&plan);
    let mut values = HashMap::new();
    for (id, data_type) in types {
        let data_type = match data_type {
            None if counts.contains(&id) => Some(DataType::Int64),
            other => other,
        };
        let name = id.trim_start_matches(['$', ':']).to_string();
        let text = params.get(&name).ok_or_else(|| {
            Error::msg(format!(
                "parameter '{name}' has no value (pass --param {name}=VALUE)"
            ))
        })?;
        let value = ScalarValue::Utf8(Some(text.clone()));
        let value = match data_type {
            Some(DataType::Utf8) | None => value,
            Some(ty) => value.cast_to(&ty).map_err(|e| {
                Error::msg(format!(
                    "parameter '{name}': '{text}' is not a valid {ty}: {}",
                    e.find_root()
                ))
            })?,
        };
        values.insert(name, value.into());
    }
    Ok(plan.with_param_values(ParamValues::Map(values))?)
}

/// The ids of the placeholders that are a `LIMIT` or `OFFSET` count.
fn limit_placeholders(plan: &LogicalPlan) -> HashSet<String> {
    let mut ids = HashSet::new();
    let _ = plan.apply_with_subqueries(|node| {
        if let LogicalPlan::Limit(limit) = node {
            for count in [&limit.skip, &limit.fetch].into_iter().flatten() {
                if let Expr::Placeholder(placeholder) = count.as_ref() {
                    ids.insert(placeholder.id.clone());
                }
            }
        }
        Ok(TreeNodeRecursion::Continue)
    });
    ids
}
