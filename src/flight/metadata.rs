//! What BI tools ask on connect: SqlInfo, XDBC type info, catalogs, schemas, tables and table
//! types, all read from the session's catalog.

use std::collections::BTreeSet;

use arrow::array::RecordBatch;
use arrow_flight::error::FlightError;
use arrow_flight::sql::metadata::{
    SqlInfoData, SqlInfoDataBuilder, XdbcTypeInfo, XdbcTypeInfoData, XdbcTypeInfoDataBuilder,
};
use arrow_flight::sql::{
    CommandGetCatalogs, CommandGetDbSchemas, CommandGetTableTypes, CommandGetTables, Nullable,
    Searchable, SqlInfo, SqlNullOrdering, SqlSupportedCaseSensitivity, SqlSupportedTransaction,
    XdbcDataType,
};
use datafusion::datasource::TableType;
use datafusion::prelude::SessionContext;

use super::types::client_schema;

/// The table types the server shows.
pub const TABLE_TYPES: [&str; 3] = ["TABLE", "VIEW", "LOCAL TEMPORARY"];

fn table_type_name(table_type: TableType) -> &'static str {
    match table_type {
        TableType::Base => TABLE_TYPES[0],
        TableType::View => TABLE_TYPES[1],
        TableType::Temporary => TABLE_TYPES[2],
    }
}

/// Function names of the session by kind, for SqlInfo.
const NUMERIC: &[&str] = &[
    "abs", "acos", "asin", "atan", "atan2", "cbrt", "ceil", "cos", "exp", "floor", "ln", "log",
    "log10", "log2", "pi", "power", "round", "signum", "sin", "sqrt", "tan", "trunc",
];
const STRING: &[&str] = &[
    "ascii",
    "btrim",
    "concat",
    "concat_ws",
    "initcap",
    "left",
    "length",
    "lower",
    "lpad",
    "ltrim",
    "regexp_replace",
    "repeat",
    "replace",
    "right",
    "rpad",
    "rtrim",
    "split_part",
    "starts_with",
    "strpos",
    "substr",
    "trim",
    "upper",
];
const DATETIME: &[&str] = &[
    "current_date",
    "current_time",
    "date_bin",
    "date_part",
    "date_trunc",
    "from_unixtime",
    "now",
    "to_char",
    "to_date",
    "to_timestamp",
];

/// SqlInfo: server name and version, read-only, dialect facts, identifier quoting, functions.
pub fn sql_info(ctx: &SessionContext, read_only: bool) -> Result<SqlInfoData, FlightError> {
    let state = ctx.state();
    let present = |names: &[&str]| -> Vec<String> {
        names
            .iter()
            .filter(|n| state.scalar_functions().contains_key(**n))
            .map(|n| n.to_string())
            .collect()
    };
    let known: BTreeSet<&str> = NUMERIC
        .iter()
        .chain(STRING)
        .chain(DATETIME)
        .copied()
        .collect();
    let system: Vec<String> = state
        .scalar_functions()
        .keys()
        .chain(state.aggregate_functions().keys())
        .chain(state.window_functions().keys())
        .filter(|n| !known.contains(n.as_str()))
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut b = SqlInfoDataBuilder::new();
    b.append(SqlInfo::FlightSqlServerName, "focusql");
    b.append(SqlInfo::FlightSqlServerVersion, env!("CARGO_PKG_VERSION"));
    b.append(SqlInfo::FlightSqlServerArrowVersion, "1.3");
    b.append(SqlInfo::FlightSqlServerReadOnly, read_only);
    b.append(SqlInfo::FlightSqlServerSql, true);
    b.append(SqlInfo::FlightSqlServerSubstrait, false);
    b.append(
        SqlInfo::FlightSqlServerTransaction,
        SqlSupportedTransaction::None as i32,
    );
    b.append(SqlInfo::FlightSqlServerCancel, true);
    b.append(SqlInfo::FlightSqlServerBulkIngestion, false);
    b.append(SqlInfo::SqlDdlCatalog, false);
    b.append(SqlInfo::SqlDdlSchema, false);
    b.append(SqlInfo::SqlDdlTable, !read_only);
    // The session resolves unquoted names (FOCUS PascalCase columns) in one place; quote with ".
    b.append(
        SqlInfo::SqlIdentifierCase,
        SqlSupportedCaseSensitivity::SqlCaseSensitivityCaseInsensitive as i32,
    );
    b.append(SqlInfo::SqlIdentifierQuoteChar, "\"");
    b.append(
        SqlInfo::SqlQuotedIdentifierCase,
        SqlSupportedCaseSensitivity::SqlCaseSensitivityCaseInsensitive as i32,
    );
    b.append(SqlInfo::SqlAllTablesAreSelectable, true);
    b.append(
        SqlInfo::SqlNullOrdering,
        SqlNullOrdering::SqlNullsSortedHigh as i32,
    );
    b.append(SqlInfo::SqlNumericFunctions, present(NUMERIC));
    b.append(SqlInfo::SqlStringFunctions, present(STRING));
    b.append(SqlInfo::SqlDatetimeFunctions, present(DATETIME));
    b.append(SqlInfo::SqlSystemFunctions, system);
    b.append(SqlInfo::SqlSearchStringEscape, "\\");
    b.append(SqlInfo::SqlSupportsColumnAliasing, true);
    b.append(SqlInfo::SqlNullPlusNullIsNull, true);
    b.append(SqlInfo::SqlSupportsTableCorrelationNames, true);
    b.append(SqlInfo::SqlSupportsExpressionsInOrderBy, true);
    b.append(SqlInfo::SqlSupportsOrderByUnrelated, true);
    b.append(SqlInfo::SqlSupportsLikeEscapeClause, true);
    b.append(SqlInfo::SqlSchemaTerm, "schema");
    b.append(SqlInfo::SqlCatalogTerm, "catalog");
    b.append(SqlInfo::SqlCatalogAtStart, true);
    b.append(SqlInfo::SqlSelectForUpdateSupported, false);
    b.append(SqlInfo::SqlStoredProceduresSupported, false);
    b.append(SqlInfo::SqlCorrelatedSubqueriesSupported, true);
    b.append(SqlInfo::SqlTransactionsSupported, false);
    b.build()
}

/// One XDBC entry.
fn xdbc(
    name: &str,
    data_type: XdbcDataType,
    column_size: Option<i32>,
    literal: Option<&str>,
    scale: Option<(i32, i32)>,
) -> XdbcTypeInfo {
    XdbcTypeInfo {
        type_name: name.into(),
        data_type,
        column_size,
        literal_prefix: literal.map(Into::into),
        literal_suffix: literal.map(Into::into),
        create_params: None,
        nullable: Nullable::NullabilityNullable,
        case_sensitive: matches!(data_type, XdbcDataType::XdbcVarchar),
        searchable: Searchable::Full,
        unsigned_attribute: Some(false),
        fixed_prec_scale: scale.is_some(),
        auto_increment: Some(false),
        local_type_name: Some(name.into()),
        minimum_scale: scale.map(|s| s.0),
        maximum_scale: scale.map(|s| s.1),
        sql_data_type: data_type,
        datetime_subcode: None,
        num_prec_radix: if literal.is_none() { Some(10) } else { None },
        interval_precision: None,
    }
}

/// GetXdbcTypeInfo: the SQL types results and parameters use.
pub fn xdbc_type_info() -> Result<XdbcTypeInfoData, FlightError> {
    use XdbcDataType::*;
    let mut b = XdbcTypeInfoDataBuilder::new();
    for info in [
        xdbc("BOOLEAN", XdbcBit, Some(1), None, None),
        xdbc("TINYINT", XdbcTinyint, Some(3), None, None),
        xdbc("SMALLINT", XdbcSmallint, Some(5), None, None),
        xdbc("INTEGER", XdbcInteger, Some(10), None, None),
        xdbc("BIGINT", XdbcBigint, Some(19), None, None),
        xdbc("REAL", XdbcFloat, Some(7), None, None),
        xdbc("DOUBLE", XdbcDouble, Some(15), None, None),
        xdbc("DECIMAL", XdbcDecimal, Some(38), None, Some((0, 38))),
        xdbc("VARCHAR", XdbcVarchar, None, Some("'"), None),
        xdbc("BINARY", XdbcBinary, None, None, None),
        xdbc("DATE", XdbcDate, Some(10), Some("'"), None),
        xdbc("TIMESTAMP", XdbcTimestamp, Some(32), Some("'"), None),
    ] {
        b.append(info);
    }
    b.build()
}

/// GetCatalogs.
pub fn catalogs(
    ctx: &SessionContext,
    query: CommandGetCatalogs,
) -> Result<RecordBatch, FlightError> {
    let mut builder = query.into_builder();
    for name in sorted(ctx.catalog_names()) {
        builder.append(name);
    }
    builder.build()
}

/// GetDbSchemas (the builder applies the catalog and pattern filters).
pub fn schemas(
    ctx: &SessionContext,
    query: CommandGetDbSchemas,
) -> Result<RecordBatch, FlightError> {
    let mut builder = query.into_builder();
    for catalog in sorted(ctx.catalog_names()) {
        if let Some(provider) = ctx.catalog(&catalog) {
            for schema in sorted(provider.schema_names()) {
                builder.append(&catalog, schema);
            }
        }
    }
    builder.build()
}

/// GetTables with each table's type and (client) Arrow schema.
pub async fn tables(
    ctx: &SessionContext,
    query: CommandGetTables,
) -> Result<RecordBatch, FlightError> {
    let catalog_filter = query.catalog.clone();
    let mut builder = query.into_builder();
    for catalog in sorted(ctx.catalog_names()) {
        if catalog_filter.as_ref().is_some_and(|c| c != &catalog) {
            continue;
        }
        let Some(catalog_provider) = ctx.catalog(&catalog) else {
            continue;
        };
        for schema in sorted(catalog_provider.schema_names()) {
            let Some(schema_provider) = catalog_provider.schema(&schema) else {
                continue;
            };
            for table in sorted(schema_provider.table_names()) {
                let provider = schema_provider
                    .table(&table)
                    .await
                    .map_err(|e| FlightError::ExternalError(Box::new(e)))?;
                if let Some(provider) = provider {
                    builder.append(
                        &catalog,
                        &schema,
                        &table,
                        table_type_name(provider.table_type()),
                        &client_schema(&provider.schema()),
                    )?;
                }
            }
        }
    }
    builder.build()
}

/// GetTableTypes.
pub fn table_types(query: CommandGetTableTypes) -> Result<RecordBatch, FlightError> {
    let mut builder = query.into_builder();
    for t in TABLE_TYPES {
        builder.append(t);
    }
    builder.build()
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}
