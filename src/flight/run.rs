//! Running queries: batch by batch into a small channel, within a per-query memory limit and
//! timeout, at most N at once; cancellable by id, and stopped when the client goes away.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use arrow_flight::error::FlightError;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::execution::memory_pool::FairSpillPool;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::execution::session_state::{SessionState, SessionStateBuilder};
use datafusion::logical_expr::LogicalPlan;
use datafusion::prelude::DataFrame;
use futures::{Stream, StreamExt};
use tokio::sync::{Notify, Semaphore, mpsc};
use tonic::Status;

use super::statements::lock;
use super::types::to_client;
use crate::error::Error;
use crate::session::FocusSession;

/// Batches buffered between the query and the client: the query waits for a slow client.
const CHANNEL_BATCHES: usize = 2;

/// The queries running now, by ticket id, with the signal that cancels each.
#[derive(Debug, Default)]
pub struct Running {
    queries: Mutex<HashMap<String, Arc<Notify>>>,
}

impl Running {
    /// How many queries are running (or waiting for a slot).
    pub fn count(&self) -> usize {
        lock(&self.queries).len()
    }
}

/// Limits of one query.
#[derive(Debug, Clone, Copy, Default)]
pub struct QueryLimits {
    pub memory: Option<usize>,
    pub timeout: Option<Duration>,
}

/// Starts queries on the session.
#[derive(Clone)]
pub struct Runner {
    session: Arc<FocusSession>,
    limits: QueryLimits,
    slots: Arc<Semaphore>,
    running: Arc<Running>,
}

type BatchStream = std::pin::Pin<Box<dyn Stream<Item = Result<RecordBatch, FlightError>> + Send>>;

impl Runner {
    /// A runner allowing `max_concurrent` queries at once.
    pub fn new(session: Arc<FocusSession>, limits: QueryLimits, max_concurrent: usize) -> Self {
        Runner {
            session,
            limits,
            slots: Arc::new(Semaphore::new(max_concurrent.max(1))),
            running: Arc::new(Running::default()),
        }
    }

    /// The registry of running queries.
    pub fn running(&self) -> Arc<Running> {
        Arc::clone(&self.running)
    }

    /// Signal a running query to stop; false when no query has this id.
    pub fn cancel(&self, id: &str) -> bool {
        match lock(&self.running.queries).get(id) {
            Some(signal) => {
                signal.notify_one();
                true
            }
            None => false,
        }
    }

    /// Start `plan` in the background; its batches (cast to `schema`) arrive on the stream.
    pub fn start(&self, id: String, plan: LogicalPlan, schema: SchemaRef) -> BatchStream {
        let (tx, rx) = mpsc::channel(CHANNEL_BATCHES);
        let cancel = Arc::new(Notify::new());
        lock(&self.running.queries).insert(id.clone(), Arc::clone(&cancel));
        let runner = self.clone();
        tokio::spawn(async move {
            if let Ok(_slot) = Arc::clone(&runner.slots).acquire_owned().await {
                runner.drive(plan, schema, &tx, &cancel).await;
            }
            lock(&runner.running.queries).remove(&id);
        });
        Box::pin(futures::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|item| (item, rx))
        }))
    }

    /// Run the query until it ends, fails, is cancelled, times out or the client goes away.
    async fn drive(
        &self,
        plan: LogicalPlan,
        schema: SchemaRef,
        tx: &mpsc::Sender<Result<RecordBatch, FlightError>>,
        cancel: &Notify,
    ) {
        let fail = |status: Status| async move {
            let _ = tx.send(Err(FlightError::Tonic(Box::new(status)))).await;
        };
        let timeout = self.limits.timeout;
        let deadline = async move {
            match timeout {
                Some(t) => tokio::time::sleep(t).await,
                None => std::future::pending().await,
            }
        };
        tokio::pin!(deadline);
        let cancelled = cancel.notified();
        tokio::pin!(cancelled);
        let timed_out = || {
            Status::deadline_exceeded(format!(
                "the query ran longer than the server's limit of {:?}",
                timeout.unwrap_or_default()
            ))
        };
        let cancelled_status = || Status::cancelled("the query was cancelled");
        let mut stream = tokio::select! {
            started = self.execute(plan) => match started {
                Ok(s) => s,
                Err(e) => return fail(self.status(e).await).await,
            },
            _ = &mut cancelled => return fail(cancelled_status()).await,
            _ = &mut deadline => return fail(timed_out()).await,
            _ = tx.closed() => return,
        };
        loop {
            let next = tokio::select! {
                next = stream.next() => next,
                _ = &mut cancelled => return fail(cancelled_status()).await,
                _ = &mut deadline => return fail(timed_out()).await,
                _ = tx.closed() => return,
            };
            let item = match next {
                None => return,
                Some(Ok(batch)) => to_client(batch, &schema).map_err(FlightError::from),
                Some(Err(e)) => return fail(self.status(e.into()).await).await,
            };
            if tx.send(item).await.is_err() {
                return;
            }
        }
    }

    /// Plan physically and start executing, in a state with this query's memory limit. DDL and
    /// `SET` (read-write servers only) change the shared session instead.
    async fn execute(&self, plan: LogicalPlan) -> Result<SendableRecordBatchStream, Error> {
        let frame = match plan {
            LogicalPlan::Ddl(_) | LogicalPlan::Statement(_) => {
                self.session.ctx.execute_logical_plan(plan).await?
            }
            plan => DataFrame::new(self.query_state()?, plan),
        };
        Ok(frame.execute_stream().await?)
    }

    /// The session state for one query: the shared catalog, its own memory pool if limited.
    fn query_state(&self) -> Result<SessionState, Error> {
        let state = self.session.ctx.state();
        let Some(limit) = self.limits.memory else {
            return Ok(state);
        };
        let runtime = RuntimeEnvBuilder::from_runtime_env(state.runtime_env())
            .with_memory_pool(Arc::new(FairSpillPool::new(limit)))
            .build_arc()?;
        Ok(SessionStateBuilder::new_from_existing(state)
            .with_runtime_env(runtime)
            .build())
    }

    /// The gRPC status for a query error, naming file and row when the session can.
    async fn status(&self, error: Error) -> Status {
        let error = self.session.explain_error(error).await;
        let text = error.one_line();
        if text.contains("Resources exhausted") {
            Status::resource_exhausted(text)
        } else {
            Status::internal(text)
        }
    }
}
