//! Rewrites of a parsed statement so SQL written for DuckDB or PostgreSQL means here what it
//! means there:
//!
//! - JSON arrow precedence. The generic SQL dialect binds `->`, `->>`, `#>` and `#>>` more
//!   loosely than comparisons, so `Tags->>'env' = 'prod'` would parse as
//!   `Tags ->> ('env' = 'prod')`. DuckDB and PostgreSQL read `(Tags->>'env') = 'prod'`; the arrow
//!   here takes the left operand of the comparison, `IS`, `LIKE`, `BETWEEN` or `IN` that the
//!   parser put on its right.
//! - `a // b` (DuckDB's integer division) becomes `integer_div(a, b)`, which DataFusion lacks.
//! - `json -> '$.path'` and `json ->> '$.path'` (a string literal starting with `$`) read a JSON
//!   path as in DuckDB: `json_extract(json, '$.path')` and `json_extract_string(json, '$.path')`.
//!   Other keys keep the meaning of datafusion-functions-json (`Tags->>'env'` is the key `env`).
//! - Aggregates of other dialects that DataFusion spells differently: `count_if(c)` (DuckDB,
//!   Athena, BigQuery `countif`) is `count(CASE WHEN c THEN 1 END)`; `approx_percentile(x, p)`
//!   (Athena) is `percentile_cont(x, p)`, exact (DuckDB's `quantile_cont`); `arg_max(x, y)` /
//!   `arg_min(x, y)` (DuckDB, ClickHouse) are `first_value(x ORDER BY y DESC)` /
//!   `first_value(x ORDER BY y)` over the rows where neither is NULL (DuckDB).
//! - `ORDER BY ALL` (DuckDB) becomes `ORDER BY 1, 2, …` over the select list, with its
//!   direction and NULLS placement on every column.

use std::ops::ControlFlow;

use datafusion::sql::parser::{CopyToSource, Statement};
use datafusion::sql::sqlparser::ast::helpers::attached_token::AttachedToken;
use datafusion::sql::sqlparser::ast::{
    BinaryOperator, CaseWhen, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentClause,
    FunctionArgumentList, FunctionArguments, Ident, ObjectName, ObjectNamePart, OrderByExpr,
    OrderByKind, OrderByOptions, Query, SelectItem, SetExpr, Value, ValueWithSpan, VisitMut,
    VisitorMut,
};

/// Apply the dialect rewrites to a statement.
pub fn rewrite(statement: &mut Statement) {
    match statement {
        Statement::Statement(inner) => {
            let _ = inner.visit(&mut ArrowFixer);
            let _ = inner.visit(&mut PathArrows);
        }
        Statement::Explain(explain) => rewrite(explain.statement.as_mut()),
        Statement::CopyTo(copy) => {
            if let CopyToSource::Query(query) = &mut copy.source {
                let _ = query.visit(&mut ArrowFixer);
                let _ = query.visit(&mut PathArrows);
            }
        }
        Statement::CreateExternalTable(_) | Statement::Reset(_) => {}
    }
}

struct ArrowFixer;

impl VisitorMut for ArrowFixer {
    type Break = ();

    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
        order_by_all(query);
        ControlFlow::Continue(())
    }

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        if let Expr::Function(function) = expr {
            foreign_aggregate(function);
            return ControlFlow::Continue(());
        }
        let Expr::BinaryOp { op, .. } = expr else {
            return ControlFlow::Continue(());
        };
        if is_json_arrow(op) {
            let taken = std::mem::replace(expr, Expr::value(Value::Null));
            *expr = reassociate(taken);
        } else if *op == BinaryOperator::DuckIntegerDivide {
            let taken = std::mem::replace(expr, Expr::value(Value::Null));
            if let Expr::BinaryOp { left, right, .. } = taken {
                *expr = call("integer_div", vec![*left, *right]);
            }
        }
        ControlFlow::Continue(())
    }
}

/// The second pass, after the arrows have their operands: `->` / `->>` with a JSONPath literal.
struct PathArrows;

impl VisitorMut for PathArrows {
    type Break = ();

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        let function = match expr {
            Expr::BinaryOp { op, right, .. } if json_path(right).is_some() => match op {
                BinaryOperator::Arrow => "json_extract",
                BinaryOperator::LongArrow => "json_extract_string",
                _ => return ControlFlow::Continue(()),
            },
            _ => return ControlFlow::Continue(()),
        };
        let taken = std::mem::replace(expr, Expr::value(Value::Null));
        if let Expr::BinaryOp { left, right, .. } = taken {
            *expr = call(function, vec![*left, *right]);
        }
        ControlFlow::Continue(())
    }
}

/// The lower-case name of a call of an unquoted, unqualified function.
fn plain_name(function: &Function) -> Option<String> {
    match function.name.0.as_slice() {
        [ObjectNamePart::Identifier(ident)] if ident.quote_style.is_none() => {
            Some(ident.value.to_ascii_lowercase())
        }
        _ => None,
    }
}

/// The positional argument expressions of a call with an argument list and no clauses.
fn plain_args(function: &mut Function) -> Option<Vec<&mut Expr>> {
    let FunctionArguments::List(list) = &mut function.args else {
        return None;
    };
    if list.duplicate_treatment.is_some() || !list.clauses.is_empty() {
        return None;
    }
    list.args
        .iter_mut()
        .map(|a| match a {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
            _ => None,
        })
        .collect()
}

/// `count_if`, `approx_percentile`, `arg_max` and `arg_min` as DataFusion aggregates.
fn foreign_aggregate(function: &mut Function) {
    let Some(name) = plain_name(function) else {
        return;
    };
    let arity = plain_args(function).map(|args| args.len());
    match (name.as_str(), arity) {
        ("count_if" | "countif", Some(1)) => {
            let Some(mut args) = plain_args(function) else {
                return;
            };
            let condition = std::mem::replace(args[0], Expr::value(Value::Null));
            *args[0] = Expr::Case {
                case_token: AttachedToken::empty(),
                end_token: AttachedToken::empty(),
                operand: None,
                conditions: vec![CaseWhen {
                    condition,
                    result: Expr::value(Value::Number("1".into(), false)),
                }],
                else_result: None,
            };
            function.name = ObjectName::from(vec![Ident::new("count")]);
        }
        ("approx_percentile", Some(2)) => {
            function.name = ObjectName::from(vec![Ident::new("percentile_cont")]);
        }
        ("arg_max" | "arg_min" | "argmax" | "argmin", Some(2)) if function.over.is_none() => {
            let Some(args) = plain_args(function) else {
                return;
            };
            let value = args[0].clone();
            let key = args[1].clone();
            let both = Expr::BinaryOp {
                left: Box::new(Expr::IsNotNull(Box::new(value.clone()))),
                op: BinaryOperator::And,
                right: Box::new(Expr::IsNotNull(Box::new(key.clone()))),
            };
            function.filter = Some(Box::new(match function.filter.take() {
                Some(filter) => Expr::BinaryOp {
                    left: Box::new(Expr::Nested(filter)),
                    op: BinaryOperator::And,
                    right: Box::new(both),
                },
                None => both,
            }));
            let descending = name.ends_with("max");
            if let FunctionArguments::List(list) = &mut function.args {
                list.args.truncate(1);
                list.clauses = vec![FunctionArgumentClause::OrderBy(vec![OrderByExpr {
                    expr: key,
                    options: OrderByOptions {
                        asc: Some(!descending),
                        nulls_first: None,
                    },
                    with_fill: None,
                }])];
            }
            function.name = ObjectName::from(vec![Ident::new("first_value")]);
        }
        _ => {}
    }
}

/// The JSONPath of a string literal that starts with `$`.
fn json_path(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Value(ValueWithSpan {
            value: Value::SingleQuotedString(path),
            ..
        }) if path.starts_with('$') => Some(path),
        _ => None,
    }
}

/// `ORDER BY ALL` as the positions of the select list (left to right), when the list has no
/// wildcard; DataFusion would read `ALL` as a column name.
fn order_by_all(query: &mut Query) {
    let Some(order_by) = &mut query.order_by else {
        return;
    };
    let options = match &order_by.kind {
        OrderByKind::All(options) => *options,
        OrderByKind::Expressions(exprs) => match exprs.as_slice() {
            [
                OrderByExpr {
                    expr: Expr::Identifier(ident),
                    options,
                    with_fill: None,
                },
            ] if ident.quote_style.is_none() && ident.value.eq_ignore_ascii_case("all") => *options,
            _ => return,
        },
    };
    let Some(width) = select_width(&query.body) else {
        return;
    };
    order_by.kind = OrderByKind::Expressions(
        (1..=width)
            .map(|position| OrderByExpr {
                expr: Expr::value(Value::Number(position.to_string(), false)),
                options,
                with_fill: None,
            })
            .collect(),
    );
}

/// The number of columns a query body selects, unless it selects a wildcard.
fn select_width(body: &SetExpr) -> Option<usize> {
    match body {
        SetExpr::Select(select) => select
            .projection
            .iter()
            .all(|item| {
                matches!(
                    item,
                    SelectItem::UnnamedExpr(_) | SelectItem::ExprWithAlias { .. }
                )
            })
            .then_some(select.projection.len()),
        SetExpr::SetOperation { left, .. } => select_width(left),
        SetExpr::Query(query) => select_width(&query.body),
        _ => None,
    }
}

fn is_json_arrow(op: &BinaryOperator) -> bool {
    matches!(
        op,
        BinaryOperator::Arrow
            | BinaryOperator::LongArrow
            | BinaryOperator::HashArrow
            | BinaryOperator::HashLongArrow
    )
}

fn is_comparison(op: &BinaryOperator) -> bool {
    matches!(
        op,
        BinaryOperator::Eq
            | BinaryOperator::NotEq
            | BinaryOperator::Lt
            | BinaryOperator::LtEq
            | BinaryOperator::Gt
            | BinaryOperator::GtEq
            | BinaryOperator::Spaceship
    )
}

/// `X arrow (L op R)` becomes `(X arrow L) op R` for the operators that bind more loosely than
/// the arrow in DuckDB and PostgreSQL.
fn reassociate(expr: Expr) -> Expr {
    let Expr::BinaryOp { left, op, right } = expr else {
        return expr;
    };
    let arrow = |operand: Box<Expr>| -> Box<Expr> {
        Box::new(reassociate(Expr::BinaryOp {
            left: left.clone(),
            op: op.clone(),
            right: operand,
        }))
    };
    match *right {
        Expr::BinaryOp {
            left: inner,
            op: cmp,
            right: rest,
        } if is_comparison(&cmp) => Expr::BinaryOp {
            left: arrow(inner),
            op: cmp,
            right: rest,
        },
        Expr::IsNull(inner) => Expr::IsNull(arrow(inner)),
        Expr::IsNotNull(inner) => Expr::IsNotNull(arrow(inner)),
        Expr::IsTrue(inner) => Expr::IsTrue(arrow(inner)),
        Expr::IsFalse(inner) => Expr::IsFalse(arrow(inner)),
        Expr::IsNotTrue(inner) => Expr::IsNotTrue(arrow(inner)),
        Expr::IsNotFalse(inner) => Expr::IsNotFalse(arrow(inner)),
        Expr::IsDistinctFrom(inner, rest) => Expr::IsDistinctFrom(arrow(inner), rest),
        Expr::IsNotDistinctFrom(inner, rest) => Expr::IsNotDistinctFrom(arrow(inner), rest),
        Expr::Like {
            negated,
            any,
            expr: inner,
            pattern,
            escape_char,
        } => Expr::Like {
            negated,
            any,
            expr: arrow(inner),
            pattern,
            escape_char,
        },
        Expr::ILike {
            negated,
            any,
            expr: inner,
            pattern,
            escape_char,
        } => Expr::ILike {
            negated,
            any,
            expr: arrow(inner),
            pattern,
            escape_char,
        },
        Expr::Between {
            expr: inner,
            negated,
            low,
            high,
        } => Expr::Between {
            expr: arrow(inner),
            negated,
            low,
            high,
        },
        Expr::InList {
            expr: inner,
            list,
            negated,
        } => Expr::InList {
            expr: arrow(inner),
            list,
            negated,
        },
        other => Expr::BinaryOp {
            left,
            op,
            right: Box::new(other),
        },
    }
}

/// A call of the function `name` with positional arguments.
fn call(name: &str, args: Vec<Expr>) -> Expr {
    Expr::Function(Function {
        name: ObjectName::from(vec![Ident::new(name)]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: args
                .into_iter()
                .map(|e| FunctionArg::Unnamed(FunctionArgExpr::Expr(e)))
                .collect(),
            clauses: vec![],
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: vec![],
    })
}
