//! Registering loaded sources in a session: one FOCUS table per source, the `costs` union, the
//! other FOCUS datasets, the raw tables in the `raw` schema and the `focus_columns` registry.

use std::collections::HashMap;
use std::sync::Arc;

use arrow::array::{ArrayRef, BooleanArray, RecordBatch, StringArray};
use arrow::datatypes::{DataType, Field, Schema};
use datafusion::catalog::MemorySchemaProvider;
use datafusion::common::TableReference;
use datafusion::datasource::MemTable;
use datafusion::logical_expr::{Expr, cast, lit};
use datafusion::prelude::{DataFrame, SessionContext};

use crate::error::{CatalogError, Result};
use crate::formats::Format;
use crate::formats::cloud_ai::Bill;
use crate::formats::common::lookup;
use crate::mapping::{Strictness, raw_column, typed_null};
use crate::registry::{Dataset, FocusVersion, registry};
use crate::source::LoadedSource;
use crate::tokens::{TOKEN_USAGE_TABLE, token_usage_schema};

/// The schema that holds the raw (unmapped) form of each source.
pub const RAW_SCHEMA: &str = "raw";
/// The table that exposes the FOCUS column registry.
pub const FOCUS_COLUMNS_TABLE: &str = "focus_columns";

/// Align FOCUS frames that share the FOCUS columns but may carry different extension columns:
/// the result has the FOCUS columns, then every extension column of any frame (null where a
/// frame lacks it; text where frames disagree on its type), and is their UNION ALL.
pub fn align_and_union(
    frames: Vec<DataFrame>,
    focus_columns: &[String],
) -> Result<Option<DataFrame>> {
    let mut extensions: Vec<(String, DataType)> = Vec::new();
    for frame in &frames {
        for field in frame.schema().fields() {
            if focus_columns.contains(field.name()) {
                continue;
            }
            match extensions.iter_mut().find(|(n, _)| n == field.name()) {
                Some((_, ty)) if ty != field.data_type() => *ty = DataType::Utf8,
                Some(_) => {}
                None => extensions.push((field.name().clone(), field.data_type().clone())),
            }
        }
    }
    let mut result: Option<DataFrame> = None;
    for frame in frames {
        let present: HashMap<String, DataType> = frame
            .schema()
            .fields()
            .iter()
            .map(|f| (f.name().clone(), f.data_type().clone()))
            .collect();
        let mut exprs: Vec<Expr> = focus_columns.iter().map(|c| raw_column(c)).collect();
        for (name, ty) in &extensions {
            let expr = match present.get(name) {
                Some(t) if t == ty => raw_column(name),
                Some(_) => cast(raw_column(name), ty.clone()),
                None => typed_null(ty),
            };
            exprs.push(expr.alias(name));
        }
        let aligned = frame.select(exprs)?;
        result = Some(match result {
            None => aligned,
            Some(acc) => acc.union(aligned)?,
        });
    }
    Ok(result)
}

/// An empty table with the FOCUS schema of a dataset.
fn empty_table(version: FocusVersion, dataset: Dataset) -> Result<Arc<MemTable>> {
    let schema = registry().arrow_schema(version, dataset);
    Ok(Arc::new(MemTable::try_new(schema, vec![vec![]])?))
}

/// The source's FOCUS `dataset` in `version` as one aligned frame.
pub fn source_dataset(
    ctx: &SessionContext,
    source: &LoadedSource,
    dataset: Dataset,
    version: FocusVersion,
    strict: Strictness,
) -> Result<Option<DataFrame>> {
    let names: Vec<String> = registry()
        .columns(version, dataset)
        .iter()
        .map(|c| c.name.clone())
        .collect();
    let frames = source.focus_dataframes(ctx, dataset, version, strict)?;
    align_and_union(frames, &names)
}

/// Register every source and the shared tables in the session:
/// `<source>` (its Cost and Usage in FOCUS form), `raw.<source>`, `costs`,
/// `contract_commitments`, `billing_periods`, `invoice_details` (where the version has them,
/// empty when no source provides them), `focus_columns` and `token_usage`.
pub fn register_sources(
    ctx: &SessionContext,
    sources: &[LoadedSource],
    version: FocusVersion,
    strict: Strictness,
) -> Result<()> {
    let state = ctx.state();
    let catalog_name = state.config_options().catalog.default_catalog.clone();
    let catalog = ctx
        .catalog(&catalog_name)
        .ok_or_else(|| CatalogError::Registry(format!("no catalog '{catalog_name}'")))?;
    if catalog.schema(RAW_SCHEMA).is_none() {
        catalog.register_schema(RAW_SCHEMA, Arc::new(MemorySchemaProvider::new()))?;
    }
    let mut cloud_tokens = Vec::new();
    for dataset in Dataset::ALL {
        if !registry().versions_of(dataset).contains(&version) {
            continue;
        }
        let names: Vec<String> = registry()
            .columns(version, dataset)
            .iter()
            .map(|c| c.name.clone())
            .collect();
        let mut all = Vec::new();
        for source in sources {
            let Some(frame) = source_dataset(ctx, source, dataset, version, strict)? else {
                continue;
            };
            let table_name = match dataset {
                Dataset::CostAndUsage => source.spec.name.clone(),
                other => format!("{}_{}", source.spec.name, other.table_name()),
            };
            ctx.register_table(table_name.as_str(), frame.clone().into_view())?;
            if let Some(raw) = source.raw_dataframe(ctx, dataset)? {
                ctx.register_table(
                    TableReference::partial(RAW_SCHEMA, table_name.as_str()),
                    raw.into_view(),
                )?;
            }
            if dataset == Dataset::CostAndUsage {
                cloud_tokens.extend(cloud_token_rows(&frame)?);
            }
            all.push(frame);
        }
        match align_and_union(all, &names)? {
            Some(union) => ctx.register_table(dataset.table_name(), union.into_view())?,
            None => ctx.register_table(dataset.table_name(), empty_table(version, dataset)?)?,
        };
    }
    ctx.register_table(FOCUS_COLUMNS_TABLE, focus_columns_table()?)?;
    let token_usage = cloud_tokens
        .into_iter()
        .try_fold(token_usage_frame(ctx, sources)?, |acc, frame| {
            acc.union(frame)
        })?;
    ctx.register_table(TOKEN_USAGE_TABLE, token_usage.into_view())?;
    Ok(())
}

/// The token lines of a cloud bill source's FOCUS frame as `token_usage` rows (None when its
/// rows carry no token columns).
fn cloud_token_rows(frame: &DataFrame) -> Result<Option<DataFrame>> {
    let schema = frame.schema();
    let has = |c: &str| schema.has_column_with_unqualified_name(c);
    let needed = [
        "x_SourceSystem",
        "x_Modality",
        "x_Phase",
        "ChargePeriodStart",
        "ChargePeriodEnd",
        "BillingAccountId",
        "SubAccountId",
        "BilledCost",
        "BillingCurrency",
        "ConsumedQuantity",
        "ConsumedUnit",
        "ChargeDescription",
    ];
    if !needed.iter().all(|c| has(c)) {
        return Ok(None);
    }
    let system = raw_column("x_SourceSystem");
    let rows = frame.clone().filter(
        system
            .clone()
            .in_list(
                Bill::ALL.iter().map(|b| lit(b.source_system())).collect(),
                false,
            )
            .and(raw_column("ConsumedUnit").eq(lit("Tokens"))),
    )?;
    let text_null = || typed_null(&DataType::Utf8);
    let columns: Vec<(&str, Expr)> = vec![
        ("source_system", system.clone()),
        (
            "provider",
            lookup(
                system,
                &Bill::ALL.map(|b| (b.source_system(), b.provider())),
                None,
            ),
        ),
        ("period_start", raw_column("ChargePeriodStart")),
        ("period_end", raw_column("ChargePeriodEnd")),
        ("billing_account_id", raw_column("BillingAccountId")),
        ("sub_account_id", raw_column("SubAccountId")),
        ("api_key_id", text_null()),
        ("user_id", text_null()),
        ("session_id", text_null()),
        ("trace_id", text_null()),
        ("span_id", text_null()),
        ("request_id", text_null()),
        ("model_developer", text_null()),
        ("model_id", raw_column("x_ModelId")),
        ("model_family", raw_column("x_ModelId")),
        ("model_version", text_null()),
        ("token_type", raw_column("x_TokenType")),
        ("token_direction", raw_column("x_TokenDirection")),
        ("cache_action", raw_column("x_TokenCacheAction")),
        ("cache_ttl", raw_column("x_CacheTtl")),
        ("modality", raw_column("x_Modality")),
        ("phase", raw_column("x_Phase")),
        ("service_tier", raw_column("x_ServiceTier")),
        ("context_band", raw_column("x_ContextBand")),
        ("region_scope", raw_column("x_RegionScope")),
        ("quantity", raw_column("ConsumedQuantity")),
        ("usage_unit", raw_column("ConsumedUnit")),
        ("request_count", typed_null(&DataType::Int64)),
        (
            "request_input_tokens",
            typed_null(&crate::registry::QUANTITY_TYPE),
        ),
        ("billed_cost", raw_column("BilledCost")),
        ("billed_quantity", raw_column("ConsumedQuantity")),
        ("currency", raw_column("BillingCurrency")),
        ("charge_description", raw_column("ChargeDescription")),
        ("source_file", text_null()),
    ];
    let target = token_usage_schema();
    let exprs = columns
        .into_iter()
        .zip(target.fields())
        .map(|((name, e), f)| cast(e, f.data_type().clone()).alias(name))
        .collect::<Vec<_>>();
    Ok(Some(rows.select(exprs)?))
}

/// `token_usage` of the AI sources: the API page rows read at load (empty when there are
/// none) and a scan of every source's span files.
fn token_usage_frame(ctx: &SessionContext, sources: &[LoadedSource]) -> Result<DataFrame> {
    let groups = || sources.iter().flat_map(|s| s.groups.iter());
    let batches: Vec<RecordBatch> = groups()
        .flat_map(|g| g.token_rows.iter().cloned())
        .collect();
    let pages = MemTable::try_new(token_usage_schema(), vec![batches])?;
    groups()
        .filter(|g| g.recognised.format == Format::Otel)
        .try_fold(ctx.read_table(Arc::new(pages))?, |acc, group| {
            Ok(acc.union(group.scan(ctx)?)?)
        })
}

/// The registry as a table: one row per version × dataset × column.
pub fn focus_columns_table() -> Result<Arc<MemTable>> {
    let reg = registry();
    let cols = reg.all();
    let text = |f: &dyn Fn(&crate::registry::ColumnDef) -> Option<String>| -> ArrayRef {
        Arc::new(cols.iter().map(f).collect::<StringArray>())
    };
    let schema = Arc::new(Schema::new(vec![
        Field::new("version", DataType::Utf8, false),
        Field::new("dataset", DataType::Utf8, false),
        Field::new("column_name", DataType::Utf8, false),
        Field::new("feature_level", DataType::Utf8, false),
        Field::new("data_type", DataType::Utf8, false),
        Field::new("arrow_type", DataType::Utf8, false),
        Field::new("nullable", DataType::Boolean, false),
        Field::new("allowed_values", DataType::Utf8, true),
        Field::new("introduced_in", DataType::Utf8, true),
        Field::new("removed_after", DataType::Utf8, true),
        Field::new("notes", DataType::Utf8, true),
        Field::new("description", DataType::Utf8, false),
    ]));
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let columns: Vec<ArrayRef> = vec![
        text(&|c| Some(c.version.to_string())),
        text(&|c| Some(c.dataset.as_str().to_string())),
        text(&|c| Some(c.name.clone())),
        text(&|c| Some(c.feature_level.as_str().to_string())),
        text(&|c| Some(format!("{:?}", c.focus_type))),
        text(&|c| Some(c.arrow_type().to_string())),
        Arc::new(
            cols.iter()
                .map(|c| Some(c.nullable))
                .collect::<BooleanArray>(),
        ),
        text(&|c| non_empty(&c.allowed_values.join(";"))),
        text(&|c| non_empty(&c.introduced_in)),
        text(&|c| reg.removed_after(c.dataset, &c.name).map(|v| v.to_string())),
        text(&|c| non_empty(&c.notes)),
        text(&|c| Some(c.description.clone())),
    ];
    let batch = RecordBatch::try_new(Arc::clone(&schema), columns)
        .map_err(datafusion::error::DataFusionError::from)?;
    Ok(Arc::new(MemTable::try_new(schema, vec![vec![batch]])?))
}
