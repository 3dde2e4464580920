//! Case-insensitive identifiers. FinOps SQL is written with unquoted PascalCase names
//! (`ServiceName`, `SubAccountID`, `costs`), and DataFusion matches names exactly. Before a
//! statement is planned, every unquoted table and column name in it is resolved against the
//! tables the statement reads: an exact match stays, a name that differs only in case is
//! rewritten to the catalog's spelling (so result columns keep the canonical FOCUS spelling), and
//! a name that matches two columns differing only in case is an error naming both. Quoted
//! identifiers are never touched.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::ControlFlow;

use datafusion::catalog::information_schema::{INFORMATION_SCHEMA, INFORMATION_SCHEMA_TABLES};
use datafusion::common::TableReference;
use datafusion::prelude::SessionContext;
use datafusion::sql::parser::{CopyToSource, Statement};
use datafusion::sql::sqlparser::ast::{
    Expr, Ident, ObjectName, ObjectNamePart, Query, Select, SelectItem, TableAlias, TableFactor,
    Visit, VisitMut, Visitor, VisitorMut,
};

use crate::error::{Error, Result};

/// Resolve the unquoted identifiers of `statement` against the catalog of `ctx`.
pub async fn resolve(ctx: &SessionContext, statement: &mut Statement) -> Result<()> {
    match statement {
        Statement::Statement(inner) => resolve_sql(ctx, inner.as_mut()).await,
        Statement::Explain(explain) => Box::pin(resolve(ctx, explain.statement.as_mut())).await,
        Statement::CopyTo(copy) => match &mut copy.source {
            CopyToSource::Query(query) => resolve_sql(ctx, query.as_mut()).await,
            CopyToSource::Relation(name) => {
                let tables = TableIndex::of(ctx);
                tables.resolve_relation(name, &HashSet::new());
                Ok(())
            }
        },
        Statement::CreateExternalTable(_) | Statement::Reset(_) => Ok(()),
    }
}

/// Resolve any sqlparser node that can be visited (a statement or a query).
async fn resolve_sql<N: Visit + VisitMut>(ctx: &SessionContext, node: &mut N) -> Result<()> {
    let mut names = QueryNames::default();
    let _ = Visit::visit(&*node, &mut names);
    let tables = TableIndex::of(ctx);
    let mut scope = ColumnScope::default();
    let mut relations = Vec::new();
    let _ = Visit::visit(&*node, &mut RelationCollector(&mut relations));
    for mut relation in relations {
        if let Some(reference) = tables.resolve_relation(&mut relation, &names.ctes) {
            scope.add_table(ctx, reference).await;
        }
    }
    for alias in &names.aliases {
        scope.add_alias(alias);
    }
    let mut rewriter = Rewriter {
        tables: &tables,
        ctes: &names.ctes,
        scope: &scope,
    };
    match VisitMut::visit(node, &mut rewriter) {
        ControlFlow::Break(error) => Err(error),
        ControlFlow::Continue(()) => Ok(()),
    }
}

/// Names a query defines itself: CTE names and the aliases of columns and tables.
#[derive(Default)]
struct QueryNames {
    ctes: HashSet<String>,
    aliases: BTreeSet<String>,
}

impl QueryNames {
    fn add_table_alias(&mut self, alias: &Option<TableAlias>) {
        if let Some(alias) = alias {
            self.aliases.insert(alias.name.value.clone());
            self.aliases
                .extend(alias.columns.iter().map(|c| c.name.value.clone()));
        }
    }
}

impl Visitor for QueryNames {
    type Break = ();

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        if let Some(with) = &query.with {
            for cte in &with.cte_tables {
                self.ctes.insert(cte.alias.name.value.clone());
                self.aliases
                    .extend(cte.alias.columns.iter().map(|c| c.name.value.clone()));
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_select(&mut self, select: &Select) -> ControlFlow<()> {
        for item in &select.projection {
            if let SelectItem::ExprWithAlias { alias, .. } = item {
                self.aliases.insert(alias.value.clone());
            }
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_table_factor(&mut self, factor: &TableFactor) -> ControlFlow<()> {
        match factor {
            TableFactor::Table { alias, .. }
            | TableFactor::Derived { alias, .. }
            | TableFactor::TableFunction { alias, .. }
            | TableFactor::Function { alias, .. }
            | TableFactor::UNNEST { alias, .. }
            | TableFactor::NestedJoin { alias, .. } => self.add_table_alias(alias),
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

/// Copies every relation (table name) of a statement.
struct RelationCollector<'a>(&'a mut Vec<ObjectName>);

impl Visitor for RelationCollector<'_> {
    type Break = ();

    fn pre_visit_relation(&mut self, relation: &ObjectName) -> ControlFlow<()> {
        self.0.push(relation.clone());
        ControlFlow::Continue(())
    }
}

/// Every table of the session's catalogs, by schema, for case-insensitive lookup.
struct TableIndex {
    default_catalog: String,
    default_schema: String,
    /// catalog -> schema -> tables
    catalogs: HashMap<String, HashMap<String, Vec<String>>>,
}

impl TableIndex {
    fn of(ctx: &SessionContext) -> TableIndex {
        let state = ctx.state();
        let options = &state.config().options().catalog;
        let mut catalogs = HashMap::new();
        for catalog_name in ctx.catalog_names() {
            let Some(catalog) = ctx.catalog(&catalog_name) else {
                continue;
            };
            let mut schemas = HashMap::new();
            for schema_name in catalog.schema_names() {
                if let Some(schema) = catalog.schema(&schema_name) {
                    schemas.insert(schema_name, schema.table_names());
                }
            }
            if state.config().information_schema() {
                let tables = INFORMATION_SCHEMA_TABLES.iter().map(|t| t.to_string());
                schemas.insert(INFORMATION_SCHEMA.to_string(), tables.collect());
            }
            catalogs.insert(catalog_name, schemas);
        }
        TableIndex {
            default_catalog: options.default_catalog.clone(),
            default_schema: options.default_schema.clone(),
            catalogs,
        }
    }

    /// Rewrite the unquoted parts of a table name to the catalog's spelling. Returns the table
    /// it names, or None for a CTE, a table function or an unknown name (left for the planner).
    fn resolve_relation(
        &self,
        name: &mut ObjectName,
        ctes: &HashSet<String>,
    ) -> Option<TableReference> {
        let mut parts: Vec<&mut Ident> = name
            .0
            .iter_mut()
            .filter_map(|p| match p {
                ObjectNamePart::Identifier(ident) => Some(ident),
                ObjectNamePart::Function(_) => None,
            })
            .collect();
        match parts.as_mut_slice() {
            [table] => {
                if let Some(cte) = pick(ctes.iter().map(String::as_str), table) {
                    table.value = cte;
                    return None;
                }
                let tables = self.tables(&self.default_catalog, &self.default_schema)?;
                table.value = pick(tables.iter().map(String::as_str), table)?;
                Some(TableReference::bare(table.value.clone()))
            }
            [schema, table] => {
                let schemas = self.catalogs.get(&self.default_catalog)?;
                schema.value = pick(schemas.keys().map(String::as_str), schema)?;
                let tables = self.tables(&self.default_catalog, &schema.value)?;
                table.value = pick(tables.iter().map(String::as_str), table)?;
                Some(TableReference::partial(
                    schema.value.clone(),
                    table.value.clone(),
                ))
            }
            [catalog, schema, table] => {
                catalog.value = pick(self.catalogs.keys().map(String::as_str), catalog)?;
                let schemas = self.catalogs.get(&catalog.value)?;
                schema.value = pick(schemas.keys().map(String::as_str), schema)?;
                let tables = self.tables(&catalog.value, &schema.value)?;
                table.value = pick(tables.iter().map(String::as_str), table)?;
                Some(TableReference::full(
                    catalog.value.clone(),
                    schema.value.clone(),
                    table.value.clone(),
                ))
            }
            _ => None,
        }
    }

    fn tables(&self, catalog: &str, schema: &str) -> Option<&Vec<String>> {
        self.catalogs.get(catalog)?.get(schema)
    }

    /// True when `name` is a catalog, schema or table name in any case (a qualifier).
    fn qualifier(&self, ident: &Ident) -> Option<String> {
        let names = self.catalogs.iter().flat_map(|(catalog, schemas)| {
            std::iter::once(catalog.as_str()).chain(schemas.iter().flat_map(|(schema, tables)| {
                std::iter::once(schema.as_str()).chain(tables.iter().map(String::as_str))
            }))
        });
        pick(names, ident)
    }
}

/// The spelling among `names` that an identifier means: itself when quoted or spelled exactly,
/// else the one name equal to it ignoring case. None when nothing (or more than one) matches.
fn pick<'a>(names: impl Iterator<Item = &'a str>, ident: &Ident) -> Option<String> {
    let mut found: Option<&str> = None;
    for name in names {
        if name == ident.value {
            return Some(name.to_string());
        }
        if ident.quote_style.is_none() && name.eq_ignore_ascii_case(&ident.value) {
            if found.is_some_and(|f| f != name) {
                return None;
            }
            found = Some(name);
        }
    }
    found.map(str::to_string)
}

/// The column names visible to a statement: the columns of the tables it reads (per table, to
/// tell a real ambiguity from the same name in two tables) and the aliases it defines.
#[derive(Default)]
struct ColumnScope {
    /// lower-case name -> (spelling, where it comes from)
    by_lower: HashMap<String, Vec<(String, String)>>,
    exact: HashSet<String>,
}

impl ColumnScope {
    async fn add_table(&mut self, ctx: &SessionContext, reference: TableReference) {
        let Ok(provider) = ctx.table_provider(reference.clone()).await else {
            return;
        };
        let table = reference.to_string();
        for field in provider.schema().fields() {
            self.add(field.name(), &table);
        }
    }

    fn add_alias(&mut self, alias: &str) {
        self.add(alias, "the query");
    }

    fn add(&mut self, name: &str, origin: &str) {
        self.exact.insert(name.to_string());
        let entry = self.by_lower.entry(name.to_ascii_lowercase()).or_default();
        if !entry.iter().any(|(n, o)| n == name && o == origin) {
            entry.push((name.to_string(), origin.to_string()));
        }
    }

    /// The spelling an unquoted column name means, None to leave it as written, or an error
    /// when it matches several columns that differ only in case.
    fn resolve(&self, ident: &Ident) -> std::result::Result<Option<String>, Error> {
        if ident.quote_style.is_some() || self.exact.contains(&ident.value) {
            return Ok(None);
        }
        let Some(matches) = self.by_lower.get(&ident.value.to_ascii_lowercase()) else {
            return Ok(None);
        };
        let spellings: BTreeSet<&str> = matches.iter().map(|(n, _)| n.as_str()).collect();
        match spellings.len() {
            1 => Ok(spellings.first().map(|s| s.to_string())),
            _ => {
                let listed: Vec<String> = matches
                    .iter()
                    .map(|(name, origin)| format!("\"{name}\" (in {origin})"))
                    .collect();
                Err(Error::msg(format!(
                    "column name {} is ambiguous: it matches {}; write the one you mean in \
                     double quotes, spelled exactly",
                    ident.value,
                    listed.join(" and ")
                )))
            }
        }
    }
}

/// Rewrites unquoted identifiers in expressions and table names.
struct Rewriter<'a> {
    tables: &'a TableIndex,
    ctes: &'a HashSet<String>,
    scope: &'a ColumnScope,
}

impl VisitorMut for Rewriter<'_> {
    type Break = Error;

    fn post_visit_relation(&mut self, relation: &mut ObjectName) -> ControlFlow<Error> {
        self.tables.resolve_relation(relation, self.ctes);
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<Error> {
        let result = match expr {
            Expr::Identifier(ident) => self.column(ident),
            Expr::CompoundIdentifier(parts) => {
                let (column, qualifiers) = match parts.split_last_mut() {
                    Some(split) => split,
                    None => return ControlFlow::Continue(()),
                };
                for qualifier in qualifiers {
                    self.qualifier(qualifier);
                }
                self.column(column)
            }
            _ => Ok(()),
        };
        match result {
            Ok(()) => ControlFlow::Continue(()),
            Err(error) => ControlFlow::Break(error),
        }
    }
}

impl Rewriter<'_> {
    fn column(&self, ident: &mut Ident) -> Result<()> {
        if let Some(spelling) = self.scope.resolve(ident)? {
            ident.value = spelling;
        }
        Ok(())
    }

    /// A table alias or table name before a column (`c.ServiceName`, `costs.ServiceName`).
    fn qualifier(&self, ident: &mut Ident) {
        if self.scope.exact.contains(&ident.value) || ident.quote_style.is_some() {
            return;
        }
        let aliases = self.scope.by_lower.get(&ident.value.to_ascii_lowercase());
        let alias = aliases.and_then(|found| {
            found
                .iter()
                .find(|(_, origin)| origin == "the query")
                .map(|(name, _)| name.clone())
        });
        if let Some(spelling) = alias
            .or_else(|| pick(self.ctes.iter().map(String::as_str), ident))
            .or_else(|| self.tables.qualifier(ident))
        {
            ident.value = spelling;
        }
    }
}
