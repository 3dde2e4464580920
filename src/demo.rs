//! `focusql demo`: a short tour of the built-in demo data.

use crate::cli::sources_table;
use crate::error::Result;
use crate::output::render_table;
use crate::session::FocusSession;

/// The tour: each step a question, its SQL and its answer.
const TOUR: [(&str, &str); 4] = [
    (
        "Billed and effective cost per provider and currency",
        "SELECT ServiceProviderName, BillingCurrency, sum(BilledCost) AS billed, sum(EffectiveCost) AS effective \
         FROM costs GROUP BY ServiceProviderName, BillingCurrency ORDER BY ServiceProviderName, BillingCurrency",
    ),
    (
        "Top five services by effective cost in USD",
        "SELECT ServiceName, ServiceCategory, sum(EffectiveCost) AS effective FROM costs \
         WHERE BillingCurrency = 'USD' GROUP BY ServiceName, ServiceCategory ORDER BY effective DESC LIMIT 5",
    ),
    (
        "Commitment discounts: used and unused effective cost",
        "SELECT CommitmentDiscountType, CommitmentDiscountStatus, sum(EffectiveCost) AS effective FROM costs \
         WHERE CommitmentDiscountStatus IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
    ),
    (
        "AI spend by provider and month",
        "SELECT ServiceProviderName, date_trunc('month', ChargePeriodStart) AS month, sum(BilledCost) AS billed \
         FROM costs WHERE ServiceCategory = 'AI and Machine Learning' GROUP BY 1, 2 ORDER BY 1, 2",
    ),
];

/// Print the sources, then each tour step.
pub async fn tour(session: &FocusSession) -> Result<()> {
    println!("focusql demo: built-in FOCUS {} data\n", session.version);
    let (schema, batches) = sources_table(session).await?;
    println!("{}\n", render_table(&schema, &batches)?);
    for (title, sql) in TOUR {
        println!("-- {title}\n{sql};");
        let frame = session.sql(sql).await?;
        let schema = frame.schema().inner().clone();
        let batches = session.collect(frame).await?;
        println!("{}\n", render_table(&schema, &batches)?);
    }
    println!(
        "Try: focusql --demo query \"SELECT * FROM focus_columns WHERE version = '1.4' LIMIT 5\""
    );
    Ok(())
}
