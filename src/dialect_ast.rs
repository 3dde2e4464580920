//! Rewrites of a parsed statement so SQL written for DuckDB or PostgreSQL means here what it
//! means there:
//!
//! - JSON arrow precedence. The generic SQL dialect binds `->`, `->>`, `#>` and `#>>` more
//!   loosely than comparisons, so `Tags->>'env' = 'prod'` would parse as
//!   `Tags ->> ('env' = 'prod')`. DuckDB and PostgreSQL read `(Tags->>'env') = 'prod'`; the arrow
//!   here takes the left operand of the comparison, `IS`, `LIKE`, `BETWEEN` or `IN` that the
//!   parser put on its right.
//! - `a // b` (DuckDB's integer division) becomes `integer_div(a, b)`, which DataFusion lacks.

use std::ops::ControlFlow;

use datafusion::sql::parser::{CopyToSource, Statement};
use datafusion::sql::sqlparser::ast::{
    BinaryOperator, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentList,
    FunctionArguments, Ident, ObjectName, Value, VisitMut, VisitorMut,
};

/// Apply the dialect rewrites to a statement.
pub fn rewrite(statement: &mut Statement) {
    match statement {
        Statement::Statement(inner) => {
            let _ = inner.visit(&mut ArrowFixer);
        }
        Statement::Explain(explain) => rewrite(explain.statement.as_mut()),
        Statement::CopyTo(copy) => {
            if let CopyToSource::Query(query) = &mut copy.source {
                let _ = query.visit(&mut ArrowFixer);
            }
        }
        Statement::CreateExternalTable(_) | Statement::Reset(_) => {}
    }
}

struct ArrowFixer;

impl VisitorMut for ArrowFixer {
    type Break = ();

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
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
