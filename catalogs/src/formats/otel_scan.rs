//! The scan-time table of a source's OTLP span files: a one-partition [`StreamingTable`] whose
//! stream reads the files one after another on a blocking thread ([`SpanRows`]) and yields
//! `token_usage` batches of at most [`crate::formats::otel::BATCH_ROWS`] rows through a small bounded channel,
//! so a slow consumer holds the reader back. Nothing is read before a query scans the table;
//! the scan's projection is applied to every batch. One partition keeps the twin-span dedup
//! (first file that has a call counts it) deterministic.

use std::sync::Arc;

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use datafusion::catalog::TableProvider;
use datafusion::catalog::streaming::StreamingTable;
use datafusion::error::DataFusionError;
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::streaming::PartitionStream;
use futures::StreamExt;
use tokio::runtime::Handle;
use tokio::sync::mpsc;

use crate::error::Result;
use crate::files::BillingFile;
use crate::formats::otel::SpanRows;
use crate::tokens::token_usage_schema;

/// Batches a scan may have read ahead of its consumer.
const READ_AHEAD: usize = 2;

/// The `token_usage` rows of OTLP span files, read when a query scans them.
pub fn span_table(files: Vec<BillingFile>) -> Result<Arc<dyn TableProvider>> {
    let schema = token_usage_schema();
    let partition = SpanPartition {
        schema: Arc::clone(&schema),
        files,
    };
    Ok(Arc::new(StreamingTable::try_new(
        schema,
        vec![Arc::new(partition)],
    )?))
}

/// The span files of one source, read in order as one stream.
#[derive(Debug)]
struct SpanPartition {
    schema: SchemaRef,
    files: Vec<BillingFile>,
}

impl PartitionStream for SpanPartition {
    fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    fn execute(&self, _ctx: Arc<TaskContext>) -> SendableRecordBatchStream {
        let files = self.files.clone();
        // Start reading when the stream is first polled, on the runtime that polls it.
        let batches = futures::stream::once(async move {
            let (tx, rx) = mpsc::channel(READ_AHEAD);
            let handle = Handle::current();
            tokio::task::spawn_blocking(move || read_files(&files, &handle, &tx));
            futures::stream::unfold(rx, |mut rx| async move {
                rx.recv().await.map(|batch| (batch, rx))
            })
        })
        .flatten();
        Box::pin(RecordBatchStreamAdapter::new(
            Arc::clone(&self.schema),
            batches,
        ))
    }
}

type Sender = mpsc::Sender<datafusion::error::Result<RecordBatch>>;

/// Read `files` in order, sending their batches (or the first error) to `tx`; stops early when
/// the receiver is gone (the query ended or was cancelled).
fn read_files(files: &[BillingFile], handle: &Handle, tx: &Sender) {
    let mut rows = SpanRows::default();
    let mut emit = |batch: RecordBatch| tx.blocking_send(Ok(batch)).is_ok();
    for file in files {
        match rows.read_file(file, || file.blocking_reader(handle), &mut emit) {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) => {
                let _ = tx.blocking_send(Err(DataFusionError::External(Box::new(e))));
                return;
            }
        }
    }
    if let Some(batch) = rows.finish() {
        emit(batch);
    }
}
