//! The Flight SQL service: arrow-flight's `FlightSqlService` over the one focusql session.

use std::pin::Pin;
use std::sync::Arc;

use arrow::array::RecordBatch;
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow_flight::encode::FlightDataEncoderBuilder;
use arrow_flight::error::FlightError;
use arrow_flight::flight_service_server::FlightService;
use arrow_flight::sql::metadata::{SqlInfoData, XdbcTypeInfoData};
use arrow_flight::sql::server::{FlightSqlService, PeekableFlightDataStream};
use arrow_flight::sql::{
    ActionCancelQueryRequest, ActionCancelQueryResult, ActionClosePreparedStatementRequest,
    ActionCreatePreparedStatementRequest, ActionCreatePreparedStatementResult, Any,
    CommandGetCatalogs, CommandGetCrossReference, CommandGetDbSchemas, CommandGetExportedKeys,
    CommandGetImportedKeys, CommandGetPrimaryKeys, CommandGetSqlInfo, CommandGetTableTypes,
    CommandGetTables, CommandGetXdbcTypeInfo, CommandPreparedStatementQuery, CommandStatementQuery,
    DoPutPreparedStatementResult, ProstMessageExt, SqlInfo, TicketStatementQuery,
};
use arrow_flight::{
    Action, CancelFlightInfoRequest, CancelFlightInfoResult, CancelStatus, FlightDescriptor,
    FlightEndpoint, FlightInfo, HandshakeRequest, HandshakeResponse, IpcMessage, SchemaAsIpc,
    Ticket,
};
use datafusion::logical_expr::LogicalPlan;
use futures::{Stream, TryStreamExt};
use prost::Message;
use tonic::metadata::MetadataValue;
use tonic::{Request, Response, Status, Streaming};

use super::auth::Authenticator;
use super::metadata;
use super::readonly;
use super::run::{Runner, Running};
use super::statements::{self, Handles, Prepared};
use super::types::client_schema;
use crate::error::Error;
use crate::session::FocusSession;

type DoGetStream = <FlightSqlServer as FlightService>::DoGetStream;

/// The Flight SQL service.
pub struct FlightSqlServer {
    session: Arc<FocusSession>,
    read_only: Option<readonly::AllowedScans>,
    auth: Arc<Authenticator>,
    handles: Handles,
    runner: Runner,
    sql_info: SqlInfoData,
    xdbc: XdbcTypeInfoData,
}

impl FlightSqlServer {
    /// A service over `session`; read-only when `read_only` names what may be scanned.
    pub fn new(
        session: Arc<FocusSession>,
        read_only: Option<readonly::AllowedScans>,
        auth: Arc<Authenticator>,
        runner: Runner,
    ) -> crate::Result<Self> {
        let sql_info = metadata::sql_info(&session.ctx, read_only.is_some())
            .map_err(|e| crate::Error::msg(format!("SqlInfo: {e}")))?;
        let xdbc = metadata::xdbc_type_info()
            .map_err(|e| crate::Error::msg(format!("XDBC type info: {e}")))?;
        Ok(FlightSqlServer {
            session,
            read_only,
            auth,
            handles: Handles::default(),
            runner,
            sql_info,
            xdbc,
        })
    }

    /// The queries running now.
    pub fn running(&self) -> Arc<Running> {
        self.runner.running()
    }

    /// Parse and plan one statement: `?` numbered, read-only rules applied, placeholders left.
    async fn plan(&self, sql: &str) -> Result<LogicalPlan, Status> {
        let mut statements = self.session.parse(sql).map_err(invalid)?;
        if statements.len() != 1 {
            return Err(Status::invalid_argument(format!(
                "send exactly one SQL statement per call (got {})",
                statements.len()
            )));
        }
        let mut statement = statements.remove(0);
        if self.read_only.is_some() {
            readonly::check_statement(&statement).map_err(Status::permission_denied)?;
        }
        statements::number_placeholders(&mut statement);
        let plan = self.session.plan(statement).await.map_err(invalid)?;
        if let Some(allowed) = &self.read_only {
            readonly::check_plan(&plan, allowed).map_err(Status::permission_denied)?;
        }
        Ok(plan)
    }

    /// A FlightInfo whose one ticket runs `plan`.
    fn query_info(
        &self,
        plan: LogicalPlan,
        descriptor: FlightDescriptor,
    ) -> Result<Response<FlightInfo>, Status> {
        let schema = client_schema(plan.schema().as_arrow());
        let id = self.handles.add_pending(plan);
        let ticket = TicketStatementQuery {
            statement_handle: id.into_bytes().into(),
        };
        let info = FlightInfo::new()
            .try_with_schema(&schema)
            .map_err(internal)?
            .with_endpoint(
                FlightEndpoint::new().with_ticket(Ticket::new(ticket.as_any().encode_to_vec())),
            )
            .with_descriptor(descriptor)
            .with_ordered(true);
        Ok(Response::new(info))
    }

    /// Cancel the queries the tickets of a FlightInfo name.
    fn cancel(&self, info: &FlightInfo) -> Result<bool, Status> {
        let mut cancelled = false;
        for endpoint in &info.endpoint {
            let Some(ticket) = &endpoint.ticket else {
                continue;
            };
            let any = Any::decode(ticket.ticket.clone()).map_err(invalid)?;
            if let Some(t) = any.unpack::<TicketStatementQuery>().map_err(invalid)? {
                let id = String::from_utf8_lossy(&t.statement_handle).into_owned();
                cancelled |= self.runner.cancel(&id) || self.handles.take_pending(&id).is_some();
            }
        }
        Ok(cancelled)
    }
}

/// A FlightInfo for a metadata command: the command itself is the ticket.
fn command_info(
    command: impl ProstMessageExt,
    schema: &Schema,
    descriptor: FlightDescriptor,
) -> Result<Response<FlightInfo>, Status> {
    let info = FlightInfo::new()
        .try_with_schema(schema)
        .map_err(internal)?
        .with_endpoint(
            FlightEndpoint::new().with_ticket(Ticket::new(command.as_any().encode_to_vec())),
        )
        .with_descriptor(descriptor);
    Ok(Response::new(info))
}

/// One batch as a DoGet stream.
fn batch_stream(batch: RecordBatch) -> Response<DoGetStream> {
    let schema = batch.schema();
    let stream = FlightDataEncoderBuilder::new()
        .with_schema(schema)
        .build(futures::stream::once(async { Ok::<_, FlightError>(batch) }))
        .map_err(Status::from);
    Response::new(Box::pin(stream))
}

/// The schema of GetPrimaryKeys results.
fn primary_keys_schema() -> Schema {
    let text = |name: &str, nullable| Field::new(name, DataType::Utf8, nullable);
    Schema::new(vec![
        text("catalog_name", true),
        text("db_schema_name", true),
        text("table_name", false),
        text("column_name", false),
        text("key_name", true),
        Field::new("key_sequence", DataType::Int32, false),
    ])
}

/// The schema of GetExportedKeys, GetImportedKeys and GetCrossReference results.
fn foreign_keys_schema() -> Schema {
    let text = |name: &str, nullable| Field::new(name, DataType::Utf8, nullable);
    Schema::new(vec![
        text("pk_catalog_name", true),
        text("pk_db_schema_name", true),
        text("pk_table_name", false),
        text("pk_column_name", false),
        text("fk_catalog_name", true),
        text("fk_db_schema_name", true),
        text("fk_table_name", false),
        text("fk_column_name", false),
        Field::new("key_sequence", DataType::Int32, false),
        text("fk_key_name", true),
        text("pk_key_name", true),
        Field::new("update_rule", DataType::UInt8, false),
        Field::new("delete_rule", DataType::UInt8, false),
    ])
}

/// An empty result: focusql tables have no keys.
fn no_keys(schema: Schema) -> Response<DoGetStream> {
    batch_stream(RecordBatch::new_empty(SchemaRef::new(schema)))
}

/// A planning or request error: the client sent something wrong.
fn invalid(e: impl Into<StatusText>) -> Status {
    Status::invalid_argument(e.into().0)
}

/// A server-side failure.
fn internal(e: impl Into<StatusText>) -> Status {
    Status::internal(e.into().0)
}

/// One readable line for a status.
pub struct StatusText(pub String);

impl From<Error> for StatusText {
    fn from(e: Error) -> Self {
        StatusText(e.one_line())
    }
}

impl From<datafusion::error::DataFusionError> for StatusText {
    fn from(e: datafusion::error::DataFusionError) -> Self {
        Error::from(e).into()
    }
}

impl From<arrow::error::ArrowError> for StatusText {
    fn from(e: arrow::error::ArrowError) -> Self {
        StatusText(e.to_string())
    }
}

impl From<FlightError> for StatusText {
    fn from(e: FlightError) -> Self {
        StatusText(e.to_string())
    }
}

impl From<prost::DecodeError> for StatusText {
    fn from(e: prost::DecodeError) -> Self {
        StatusText(format!("bad request message: {e}"))
    }
}

fn handle_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tonic::async_trait]
impl FlightSqlService for FlightSqlServer {
    type FlightService = FlightSqlServer;

    async fn do_handshake(
        &self,
        request: Request<Streaming<HandshakeRequest>>,
    ) -> Result<
        Response<Pin<Box<dyn Stream<Item = Result<HandshakeResponse, Status>> + Send>>>,
        Status,
    > {
        let token = self.auth.handshake_token(request.metadata())?;
        let reply = HandshakeResponse {
            protocol_version: 0,
            payload: token.clone().into_bytes().into(),
        };
        let mut response: Response<Pin<Box<dyn Stream<Item = _> + Send>>> =
            Response::new(Box::pin(futures::stream::iter([Ok(reply)])));
        if !token.is_empty() {
            let value =
                MetadataValue::try_from(format!("Bearer {token}")).map_err(internal_text)?;
            response.metadata_mut().insert("authorization", value);
        }
        Ok(response)
    }

    async fn get_flight_info_statement(
        &self,
        query: CommandStatementQuery,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let plan = self.plan(&query.query).await?;
        if !statements::parameter_schema(&plan)
            .map_err(invalid)?
            .fields()
            .is_empty()
        {
            return Err(Status::invalid_argument(
                "the statement has parameters: prepare it and bind values",
            ));
        }
        self.query_info(plan, request.into_inner())
    }

    async fn get_flight_info_prepared_statement(
        &self,
        query: CommandPreparedStatementQuery,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let handle = handle_text(&query.prepared_statement_handle);
        let prepared = self
            .handles
            .prepared(&handle)
            .ok_or_else(|| Status::not_found("unknown prepared statement"))?;
        let plan = match prepared.bound {
            Some(values) => prepared.plan.with_param_values(values).map_err(invalid)?,
            None if prepared.parameters.fields().is_empty() => prepared.plan,
            None => {
                return Err(Status::invalid_argument(format!(
                    "bind values for the statement's {} parameter(s) first",
                    prepared.parameters.fields().len()
                )));
            }
        };
        self.query_info(plan, request.into_inner())
    }

    async fn get_flight_info_catalogs(
        &self,
        query: CommandGetCatalogs,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let schema = query.into_builder().schema();
        command_info(query, &schema, request.into_inner())
    }

    async fn get_flight_info_schemas(
        &self,
        query: CommandGetDbSchemas,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let schema = query.clone().into_builder().schema();
        command_info(query, &schema, request.into_inner())
    }

    async fn get_flight_info_tables(
        &self,
        query: CommandGetTables,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let schema = query.clone().into_builder().schema();
        command_info(query, &schema, request.into_inner())
    }

    async fn get_flight_info_table_types(
        &self,
        query: CommandGetTableTypes,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let schema = query.into_builder().schema();
        command_info(query, &schema, request.into_inner())
    }

    async fn get_flight_info_sql_info(
        &self,
        query: CommandGetSqlInfo,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let schema = query.clone().into_builder(&self.sql_info).schema();
        command_info(query, &schema, request.into_inner())
    }

    async fn get_flight_info_primary_keys(
        &self,
        query: CommandGetPrimaryKeys,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        command_info(query, &primary_keys_schema(), request.into_inner())
    }

    async fn get_flight_info_exported_keys(
        &self,
        query: CommandGetExportedKeys,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        command_info(query, &foreign_keys_schema(), request.into_inner())
    }

    async fn get_flight_info_imported_keys(
        &self,
        query: CommandGetImportedKeys,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        command_info(query, &foreign_keys_schema(), request.into_inner())
    }

    async fn get_flight_info_cross_reference(
        &self,
        query: CommandGetCrossReference,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        command_info(query, &foreign_keys_schema(), request.into_inner())
    }

    async fn get_flight_info_xdbc_type_info(
        &self,
        query: CommandGetXdbcTypeInfo,
        request: Request<FlightDescriptor>,
    ) -> Result<Response<FlightInfo>, Status> {
        let schema = query.into_builder(&self.xdbc).schema();
        command_info(query, &schema, request.into_inner())
    }

    async fn do_get_statement(
        &self,
        ticket: TicketStatementQuery,
        _request: Request<Ticket>,
    ) -> Result<Response<DoGetStream>, Status> {
        let id = handle_text(&ticket.statement_handle);
        let plan = self.handles.take_pending(&id).ok_or_else(|| {
            Status::not_found("unknown or already used ticket: call GetFlightInfo again")
        })?;
        let schema = client_schema(plan.schema().as_arrow());
        let batches = self.runner.start(id, plan, Arc::clone(&schema));
        let stream = FlightDataEncoderBuilder::new()
            .with_schema(schema)
            .build(batches)
            .map_err(Status::from);
        Ok(Response::new(Box::pin(stream)))
    }

    async fn do_get_catalogs(
        &self,
        query: CommandGetCatalogs,
        _request: Request<Ticket>,
    ) -> Result<Response<DoGetStream>, Status> {
        Ok(batch_stream(
            metadata::catalogs(&self.session.ctx, query).map_err(internal)?,
        ))
    }

    async fn do_get_schemas(
        &self,
        query: CommandGetDbSchemas,
        _request: Request<Ticket>,
    ) -> Result<Response<DoGetStream>, Status> {
        Ok(batch_stream(
            metadata::schemas(&self.session.ctx, query).map_err(internal)?,
        ))
    }

    async fn do_get_tables(
        &self,
        query: CommandGetTables,
        _request: Request<Ticket>,
    ) -> Result<Response<DoGetStream>, Status> {
        Ok(batch_stream(
            metadata::tables(&self.session.ctx, query)
                .await
                .map_err(internal)?,
        ))
    }

    async fn do_get_table_types(
        &self,
        query: CommandGetTableTypes,
        _request: Request<Ticket>,
    ) -> Result<Response<DoGetStream>, Status> {
        Ok(batch_stream(
            metadata::table_types(query).map_err(internal)?,
        ))
    }

    async fn do_get_sql_info(
        &self,
        query: CommandGetSqlInfo,
        _request: Request<Ticket>,
    ) -> Result<Response<DoGetStream>, Status> {
        let batch = query
            .into_builder(&self.sql_info)
            .build()
            .map_err(internal)?;
        Ok(batch_stream(batch))
    }

    async fn do_get_primary_keys(
        &self,
        _query: CommandGetPrimaryKeys,
        _request: Request<Ticket>,
    ) -> Result<Response<DoGetStream>, Status> {
        Ok(no_keys(primary_keys_schema()))
    }

    async fn do_get_exported_keys(
        &self,
        _query: CommandGetExportedKeys,
        _request: Request<Ticket>,
    ) -> Result<Response<DoGetStream>, Status> {
        Ok(no_keys(foreign_keys_schema()))
    }

    async fn do_get_imported_keys(
        &self,
        _query: CommandGetImportedKeys,
        _request: Request<Ticket>,
    ) -> Result<Response<DoGetStream>, Status> {
        Ok(no_keys(foreign_keys_schema()))
    }

    async fn do_get_cross_reference(
        &self,
        _query: CommandGetCrossReference,
        _request: Request<Ticket>,
    ) -> Result<Response<DoGetStream>, Status> {
        Ok(no_keys(foreign_keys_schema()))
    }

    async fn do_get_xdbc_type_info(
        &self,
        query: CommandGetXdbcTypeInfo,
        _request: Request<Ticket>,
    ) -> Result<Response<DoGetStream>, Status> {
        let batch = query.into_builder(&self.xdbc).build().map_err(internal)?;
        Ok(batch_stream(batch))
    }

    async fn do_put_prepared_statement_query(
        &self,
        query: CommandPreparedStatementQuery,
        request: Request<PeekableFlightDataStream>,
    ) -> Result<DoPutPreparedStatementResult, Status> {
        let handle = handle_text(&query.prepared_statement_handle);
        let prepared = self
            .handles
            .prepared(&handle)
            .ok_or_else(|| Status::not_found("unknown prepared statement"))?;
        let stream = request.into_inner().map_err(FlightError::from);
        let batches: Vec<RecordBatch> =
            arrow_flight::decode::FlightRecordBatchStream::new_from_flight_data(stream)
                .try_collect()
                .await
                .map_err(|e| Status::invalid_argument(format!("bad parameter data: {e}")))?;
        let rows: Vec<RecordBatch> = batches.into_iter().filter(|b| b.num_rows() > 0).collect();
        match rows.as_slice() {
            [] => {}
            [batch] => {
                let values = statements::parameter_values(batch, &prepared.parameters)
                    .map_err(Status::invalid_argument)?;
                self.handles.bind(&handle, values);
            }
            _ => {
                return Err(Status::invalid_argument(
                    "bind exactly one row of parameters",
                ));
            }
        }
        Ok(DoPutPreparedStatementResult {
            prepared_statement_handle: Some(handle.into_bytes().into()),
        })
    }

    async fn do_action_create_prepared_statement(
        &self,
        query: ActionCreatePreparedStatementRequest,
        _request: Request<Action>,
    ) -> Result<ActionCreatePreparedStatementResult, Status> {
        let plan = self.plan(&query.query).await?;
        let parameters = statements::parameter_schema(&plan).map_err(invalid)?;
        let dataset = client_schema(plan.schema().as_arrow());
        let ipc = |schema: &Schema| -> Result<bytes::Bytes, Status> {
            let IpcMessage(bytes) =
                SchemaAsIpc::new(schema, &arrow::ipc::writer::IpcWriteOptions::default())
                    .try_into()
                    .map_err(internal)?;
            Ok(bytes)
        };
        let dataset_schema = ipc(&dataset)?;
        let parameter_schema = ipc(&parameters)?;
        let handle = self.handles.prepare(Prepared {
            plan,
            parameters,
            bound: None,
        });
        Ok(ActionCreatePreparedStatementResult {
            prepared_statement_handle: handle.into_bytes().into(),
            dataset_schema,
            parameter_schema,
        })
    }

    async fn do_action_close_prepared_statement(
        &self,
        query: ActionClosePreparedStatementRequest,
        _request: Request<Action>,
    ) -> Result<(), Status> {
        self.handles
            .close(&handle_text(&query.prepared_statement_handle));
        Ok(())
    }

    async fn do_action_cancel_query(
        &self,
        query: ActionCancelQueryRequest,
        _request: Request<Action>,
    ) -> Result<ActionCancelQueryResult, Status> {
        let info = FlightInfo::decode(query.info).map_err(invalid)?;
        // CancelResult (not exported by arrow-flight): 1 cancelled, 3 not cancellable.
        let result = if self.cancel(&info)? { 1 } else { 3 };
        Ok(ActionCancelQueryResult { result })
    }

    async fn do_action_fallback(
        &self,
        request: Request<Action>,
    ) -> Result<Response<<Self as FlightService>::DoActionStream>, Status> {
        let action = request.into_inner();
        if action.r#type != "CancelFlightInfo" {
            return Err(Status::invalid_argument(format!(
                "unknown action '{}'",
                action.r#type
            )));
        }
        let cancel = CancelFlightInfoRequest::decode(action.body).map_err(invalid)?;
        let info = cancel
            .info
            .ok_or_else(|| Status::invalid_argument("CancelFlightInfo without a FlightInfo"))?;
        let status = if self.cancel(&info)? {
            CancelStatus::Cancelled
        } else {
            CancelStatus::NotCancellable
        };
        let body = CancelFlightInfoResult {
            status: status as i32,
        }
        .encode_to_vec();
        let result = arrow_flight::Result { body: body.into() };
        Ok(Response::new(Box::pin(futures::stream::iter([Ok(result)]))))
    }

    async fn register_sql_info(&self, _id: i32, _result: &SqlInfo) {}
}

fn internal_text(e: impl std::fmt::Display) -> Status {
    Status::internal(e.to_string())
}
