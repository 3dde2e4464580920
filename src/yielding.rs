//! Cancellation that really stops: a physical optimizer rule that makes joins which multiply
//! rows (cross joins, nested loop joins) give the scheduler a turn after each batch they emit.
//!
//! DataFusion stops a query when its stream is dropped, but a task is only dropped at its next
//! yield point; its leaves yield (DataFusion's own cooperative rule), yet a cross join can emit
//! thousands of batches for each batch it reads, and never yield in between. Wrapping such a
//! join in `CooperativeExec` makes it spend the task's budget per batch, so Ctrl-C in the shell
//! (or a dropped Flight SQL stream) stops it at once. The cost is a budget check per batch.

use std::sync::Arc;

use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::error::Result;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::coop::CooperativeExec;

/// Operators that can emit many batches per batch of input.
const ROW_MULTIPLYING: [&str; 2] = ["CrossJoinExec", "NestedLoopJoinExec"];

/// Wraps row-multiplying joins in `CooperativeExec`.
#[derive(Debug, Default)]
pub struct YieldInJoins;

impl PhysicalOptimizerRule for YieldInJoins {
    fn optimize(
        &self,
        plan: Arc<dyn ExecutionPlan>,
        _config: &ConfigOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        plan.transform_up(|node| {
            if ROW_MULTIPLYING.contains(&node.name()) {
                Ok(Transformed::yes(
                    Arc::new(CooperativeExec::new(node)) as Arc<dyn ExecutionPlan>
                ))
            } else {
                Ok(Transformed::no(node))
            }
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "yield_in_joins"
    }

    fn schema_check(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use datafusion::physical_plan::displayable;

    use crate::config::Config;
    use crate::session::new_context;

    #[tokio::test]
    async fn cross_joins_are_wrapped_and_hash_joins_are_not() {
        let ctx = new_context(&Config::default()).unwrap();
        let plan = ctx
            .sql("SELECT count(*) FROM range(10) a CROSS JOIN range(20) b JOIN range(5) c ON b.value = c.value")
            .await
            .unwrap()
            .create_physical_plan()
            .await
            .unwrap();
        let text = displayable(plan.as_ref()).indent(false).to_string();
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let cross = lines
            .iter()
            .position(|l| l.starts_with("CrossJoinExec"))
            .unwrap();
        assert_eq!(lines[cross - 1], "CooperativeExec", "{text}");
        let hash = lines
            .iter()
            .position(|l| l.starts_with("HashJoinExec"))
            .unwrap();
        assert_ne!(lines[hash - 1], "CooperativeExec", "{text}");
    }
}
