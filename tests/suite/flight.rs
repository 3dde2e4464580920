//! The Flight SQL endpoint: arrow-flight's Rust client against an in-process server, and the
//! real ADBC driver (PyPI) against the `focusql serve` binary, compared with the CLI's answers.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use arrow::array::{Array, Decimal128Array, Int64Array, RecordBatch};
use arrow::datatypes::{DataType, Field, Schema};
use arrow_flight::decode::FlightRecordBatchStream;
use arrow_flight::sql::client::FlightSqlServiceClient;
use arrow_flight::sql::{ActionCancelQueryRequest, CommandGetTables, ProstMessageExt};
use arrow_flight::{Action, FlightInfo};
use focusql::config::ServeConfig;
use focusql::flight::{Server, register_reports, start};
use focusql::{Config, build};
use futures::{StreamExt, TryStreamExt};
use prost::Message;
use tonic::transport::Channel;

use super::cli::{assert_fails_with, focusql, stdout};
use super::python::python;

fn queries_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("queries")
}

/// An in-process server over the demo data with user alice (password pw).
async fn demo_server(tweak: impl FnOnce(&mut ServeConfig)) -> Server {
    let config = Config {
        demo: true,
        ..Config::default()
    };
    let session = build(&config).await.expect("demo session");
    register_reports(&session, &queries_dir())
        .await
        .expect("reports");
    let mut settings = ServeConfig {
        listen: "127.0.0.1:0".into(),
        ..ServeConfig::default()
    };
    settings.users.insert("alice".into(), "pw".into());
    tweak(&mut settings);
    start(Arc::new(session), &settings).await.expect("server")
}

async fn client(server: &Server) -> FlightSqlServiceClient<Channel> {
    let channel = Channel::from_shared(format!("http://{}", server.addr))
        .unwrap()
        .connect()
        .await
        .expect("connect");
    FlightSqlServiceClient::new(channel)
}

async fn fetch(client: &mut FlightSqlServiceClient<Channel>, info: FlightInfo) -> Vec<RecordBatch> {
    let mut batches = Vec::new();
    for endpoint in info.endpoint {
        let ticket = endpoint.ticket.expect("a ticket");
        let stream = client.do_get(ticket).await.expect("do_get");
        batches.extend(stream.try_collect::<Vec<_>>().await.expect("batches"));
    }
    batches
}

/// Execute `sql` and open the stream of its endpoint, without reading it.
async fn open_stream(
    client: &mut FlightSqlServiceClient<Channel>,
    sql: &str,
) -> (FlightInfo, FlightRecordBatchStream) {
    let info = client.execute(sql.into(), None).await.expect("execute");
    let ticket = info.endpoint[0].ticket.clone().expect("a ticket");
    let stream = client.do_get(ticket).await.expect("do_get");
    (info, stream)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rust_client_queries_prepares_lists_and_is_refused() {
    let server = demo_server(|_| {}).await;
    let mut c = client(&server).await;

    // No credentials, then a wrong password, are refused.
    let err = c.execute("SELECT 1".into(), None).await.unwrap_err();
    assert!(err.to_string().contains("no credentials"), "{err}");
    let err = c.handshake("alice", "wrong").await.unwrap_err();
    assert!(
        err.to_string().contains("wrong user name or password"),
        "{err}"
    );
    c.handshake("alice", "pw").await.expect("login");

    // A query: the demo AWS rows, counted by the CLI's own session as 2816 (see the ADBC test).
    let info = c
        .execute(
            "SELECT count(*) AS n, sum(BilledCost) AS c FROM costs WHERE ServiceProviderName = 'AWS'".into(),
            None,
        )
        .await
        .expect("execute");
    let batches = fetch(&mut c, info).await;
    let n = batches[0]
        .column(0)
        .as_any()
        .downcast_ref::<Int64Array>()
        .unwrap();
    assert_eq!(n.value(0), 2816);
    let cost = batches[0]
        .column(1)
        .as_any()
        .downcast_ref::<Decimal128Array>()
        .unwrap();
    assert_eq!(cost.value_as_string(0), "76517.6616028360");

    // Text columns leave as Utf8, never Utf8View.
    let info = c
        .execute("SELECT ServiceName, Tags FROM costs LIMIT 3".into(), None)
        .await
        .unwrap();
    let batches = fetch(&mut c, info).await;
    assert_eq!(batches[0].schema().field(0).data_type(), &DataType::Utf8);
    assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 3);

    // A prepared statement with a `?` parameter bound through DoPut.
    let mut prepared = c
        .prepare("SELECT ? + 1 AS x".into(), None)
        .await
        .expect("prepare");
    assert_eq!(prepared.parameter_schema().unwrap().fields().len(), 1);
    let params = RecordBatch::try_new(
        Arc::new(Schema::new(vec![Field::new("0", DataType::Int64, false)])),
        vec![Arc::new(Int64Array::from(vec![41]))],
    )
    .unwrap();
    prepared.set_parameters(params).unwrap();
    let info = prepared.execute().await.expect("execute prepared");
    let batches = fetch(&mut c, info).await;
    assert_eq!(
        arrow::util::display::array_value_to_string(batches[0].column(0), 0).unwrap(),
        "42"
    );
    prepared.close().await.expect("close");

    // Case-insensitive names hold here too, prepared statements included: the demo's EC2 rows
    // (1,056 of them; see tests/slt/identifiers.slt), result column spelled as the catalog has it.
    let mut prepared = c
        .prepare(
            "SELECT servicename, COUNT(*) AS n FROM COSTS WHERE SERVICENAME = ? GROUP BY ServiceNAME"
                .into(),
            None,
        )
        .await
        .expect("prepare");
    let params = RecordBatch::try_new(
        Arc::new(Schema::new(vec![Field::new("0", DataType::Utf8, false)])),
        vec![Arc::new(arrow::array::StringArray::from(vec![
            "Amazon Elastic Compute Cloud",
        ]))],
    )
    .unwrap();
    prepared.set_parameters(params).unwrap();
    let info = prepared.execute().await.expect("execute prepared");
    let batches = fetch(&mut c, info).await;
    assert_eq!(batches[0].schema().field(0).name(), "ServiceName");
    assert_eq!(
        arrow::util::display::array_value_to_string(batches[0].column(1), 0).unwrap(),
        "1056"
    );
    prepared.close().await.expect("close");

    // Tables with their schemas, the report views among them.
    let info = c
        .get_tables(CommandGetTables {
            db_schema_filter_pattern: Some("reports".into()),
            include_schema: true,
            ..Default::default()
        })
        .await
        .unwrap();
    let batches = fetch(&mut c, info).await;
    let names = arrow::compute::concat_batches(&batches[0].schema(), &batches).unwrap();
    let names: Vec<String> = (0..names.num_rows())
        .map(|i| arrow::util::display::array_value_to_string(names.column(2), i).unwrap())
        .collect();
    assert_eq!(names, report_names());

    // Key metadata is empty but well-formed; SqlInfo answers.
    let info = c.get_primary_keys(Default::default()).await.unwrap();
    assert_eq!(
        fetch(&mut c, info)
            .await
            .iter()
            .map(|b| b.num_rows())
            .sum::<usize>(),
        0
    );
    let info = c.get_sql_info(vec![]).await.unwrap();
    assert!(fetch(&mut c, info).await[0].num_rows() > 10);

    // Read-only refusals.
    for (sql, needle) in [
        ("CREATE VIEW v AS SELECT 1", "read-only"),
        ("COPY (SELECT 1) TO '/tmp/x.csv'", "COPY is not allowed"),
        ("SET datafusion.execution.batch_size = 1", "read-only"),
        ("SELECT * FROM '/etc/passwd'", "not found"),
    ] {
        let err = c.execute(sql.into(), None).await.unwrap_err();
        assert!(err.to_string().contains(needle), "{sql}: {err}");
    }
    server.stop().await.unwrap();
}

/// A slow query: every pair of 20k rows.
const SLOW: &str = "SELECT count(*) FROM generate_series(1, 20000) a, generate_series(1, 20000) b WHERE a.value * b.value % 7 = 3";

async fn wait_idle(server: &Server) {
    let start = Instant::now();
    while server.running.count() > 0 {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "query still running"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_timeout_and_disconnect_free_the_query() {
    let server = demo_server(|s| s.query_timeout = Some(Duration::from_secs(30))).await;
    let mut c = client(&server).await;
    c.handshake("alice", "pw").await.unwrap();

    // CancelQuery stops a running query; the client sees `cancelled`.
    let (info, mut stream) = open_stream(&mut c, SLOW).await;
    let body = ActionCancelQueryRequest {
        info: info.encode_to_vec().into(),
    };
    let action = Action::new("CancelQuery", body.as_any().encode_to_vec());
    tokio::time::sleep(Duration::from_millis(300)).await;
    c.do_action(action).await.expect("cancel");
    let err = stream.next().await.expect("an item").unwrap_err();
    assert!(err.to_string().contains("cancelled"), "{err}");
    wait_idle(&server).await;

    // A client that goes away mid-stream frees its query.
    let (_, mut stream) =
        open_stream(&mut c, "SELECT value FROM generate_series(1, 100000000)").await;
    assert!(stream.next().await.unwrap().unwrap().num_rows() > 0);
    assert_eq!(server.running.count(), 1);
    drop(stream);
    drop(c);
    wait_idle(&server).await;
    server.stop().await.unwrap();

    // The per-query timeout ends a long query with deadline-exceeded.
    let server = demo_server(|s| s.query_timeout = Some(Duration::from_millis(300))).await;
    let mut c = client(&server).await;
    c.handshake("alice", "pw").await.unwrap();
    let (_, mut stream) = open_stream(&mut c, SLOW).await;
    let err = stream.next().await.expect("an item").unwrap_err();
    assert!(err.to_string().contains("longer than"), "{err}");
    server.stop().await.unwrap();
}

/// `focusql serve` as a child process, killed when dropped.
struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn serve_binary(dir: &std::path::Path, port: u16, extra: &[&str]) -> Serve {
    let listen = format!("127.0.0.1:{port}");
    let reports = queries_dir();
    let mut child = Command::new(env!("CARGO_BIN_EXE_focusql"))
        .args(["--demo", "serve", "--listen", &listen, "--user", "alice:pw"])
        .arg("--reports")
        .arg(&reports)
        .args(extra)
        .current_dir(dir)
        .env("RUST_LOG", "off")
        .stderr(Stdio::piped())
        .spawn()
        .expect("start focusql serve");
    let stderr = child.stderr.take().unwrap();
    let mut line = String::new();
    BufReader::new(stderr).read_line(&mut line).unwrap();
    assert!(line.contains("listening on"), "serve said: {line}");
    Serve(child)
}

fn cli_ndjson(args: &[&str]) -> Vec<String> {
    let mut all = vec!["--demo"];
    all.extend(args);
    all.extend(["--format", "ndjson"]);
    let out = focusql(&all);
    assert!(out.status.success(), "{:?}", out);
    stdout(&out).lines().map(str::to_string).collect()
}

fn sorted(mut lines: Vec<String>) -> Vec<String> {
    lines.sort();
    lines
}

#[test]
fn adbc_driver_from_pypi() {
    let python = python();
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let _server = serve_binary(dir.path(), port, &[]);
    let uri = format!("grpc://127.0.0.1:{port}");
    let sql = "SELECT ServiceProviderName, sum(BilledCost) AS c, count(*) AS n FROM costs GROUP BY 1 ORDER BY 1";
    let param_sql = "SELECT count(*) AS n FROM costs WHERE BilledCost > ?";
    let report = queries_dir().join("top_services.sql");
    let out = Command::new(python)
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/python/adbc_checks.py"))
        .args([&uri, "alice", "pw", sql, param_sql, "100"])
        .arg("SELECT * FROM reports.top_services")
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON from python");
    let text = |key: &str| got[key].as_str().unwrap_or_default().to_string();
    let lines = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap().to_string())
            .collect()
    };

    assert!(text("no_credentials").contains("UNAUTHENTICATED"), "{got}");
    assert!(
        text("wrong_password").contains("wrong user name or password"),
        "{got}"
    );
    assert!(text("ddl").contains("DDL not supported"), "{got}");
    assert!(text("copy").contains("COPY is not allowed"), "{got}");
    assert!(text("unnamed_file").contains("not found"), "{got}");

    let objects: BTreeMap<String, BTreeMap<String, Vec<String>>> =
        serde_json::from_value(got["objects"].clone()).unwrap();
    let public = &objects["focusql"]["public"];
    for table in ["costs", "aws", "openai", "focus_columns"] {
        assert!(public.contains(&table.to_string()), "{public:?}");
    }
    assert_eq!(objects["focusql"]["reports"], report_names());
    assert_eq!(got["costs_schema"]["BilledCost"], "decimal128(38, 10)");
    assert_eq!(got["costs_schema"]["ServiceName"], "string");

    assert_eq!(lines(&got["query"]), cli_ndjson(&["query", sql]));
    assert_eq!(got["query_types"][0], "string");
    let cli_param = cli_ndjson(&[
        "query",
        "SELECT count(*) AS n FROM costs WHERE BilledCost > $min",
        "--param",
        "min=100",
    ]);
    assert_eq!(lines(&got["prepared"]), cli_param);

    let expected = sorted(cli_ndjson(&["run", report.to_str().unwrap()]));
    let concurrent = got["concurrent"].as_array().unwrap();
    assert_eq!(concurrent.len(), 20);
    for result in concurrent {
        assert_eq!(sorted(lines(result)), expected);
    }
}

#[test]
fn adbc_over_tls() {
    let python = python();
    let dir = tempfile::tempdir().unwrap();
    let tls = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/tls");
    let (cert, key) = (tls.join("cert.pem"), tls.join("key.pem"));
    let port = free_port();
    let _server = serve_binary(
        dir.path(),
        port,
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    let sql = "SELECT count(*) AS n FROM costs";
    let out = Command::new(python)
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/python/adbc_tls.py"))
        .args([
            &port.to_string(),
            "alice",
            "pw",
            cert.to_str().unwrap(),
            sql,
        ])
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut lines = text.lines();
    let cli = cli_ndjson(&["query", sql]);
    assert_eq!(cli, ["{\"n\":11928}"]);
    assert_eq!(lines.next(), Some("[{\"n\": 11928}]"));
    let plain = lines.next().unwrap_or_default();
    assert!(
        plain.contains("Unavailable") || plain.contains("UNAVAILABLE"),
        "{plain}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_query_memory_limit_is_enforced() {
    let server = demo_server(|s| s.query_memory_limit = Some(1 << 20)).await;
    let mut c = client(&server).await;
    c.handshake("alice", "pw").await.unwrap();
    let (_, mut stream) = open_stream(
        &mut c,
        "SELECT array_agg(value) FROM generate_series(1, 2000000)",
    )
    .await;
    let err = stream.next().await.expect("an item").unwrap_err();
    assert!(err.to_string().contains("Resources exhausted"), "{err}");
    // A small query in the same server still runs.
    let info = c.execute("SELECT 1 AS x".into(), None).await.unwrap();
    assert_eq!(fetch(&mut c, info).await[0].num_rows(), 1);
    server.stop().await.unwrap();
}

#[test]
fn serve_refuses_unsafe_settings() {
    let o = focusql(&["serve", "--no-auth", "--listen", "0.0.0.0:0"]);
    assert_fails_with(&o, &["loopback address only", "0.0.0.0:0"]);
    let o = focusql(&["serve", "--listen", "127.0.0.1:0"]);
    assert_fails_with(&o, &["no users or tokens"]);
    let o = focusql(&["serve", "--user", "alice", "--listen", "127.0.0.1:0"]);
    assert_fails_with(&o, &["expected NAME:PASSWORD"]);
    let o = focusql(&["serve", "--user", "a:b", "--tls-cert", "x.pem"]);
    assert_fails_with(&o, &["both a certificate and a key"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_write_server_runs_ddl_on_the_shared_session() {
    let server = demo_server(|s| s.read_only = false).await;
    let mut c = client(&server).await;
    c.handshake("alice", "pw").await.unwrap();
    let info = c
        .execute("CREATE VIEW answer AS SELECT 42 AS x".into(), None)
        .await
        .unwrap();
    fetch(&mut c, info).await;
    let mut other = client(&server).await;
    other.handshake("alice", "pw").await.unwrap();
    let info = other
        .execute("SELECT x FROM answer".into(), None)
        .await
        .unwrap();
    let batches = fetch(&mut other, info).await;
    assert_eq!(
        arrow::util::display::array_value_to_string(batches[0].column(0), 0).unwrap(),
        "42"
    );
    server.stop().await.unwrap();
}

/// The saved reports in queries/, sorted: each appears as a view in the `reports` schema.
fn report_names() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let path = e.unwrap().path();
            (path.extension()? == "sql")
                .then(|| path.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    names
}
