//! The interactive shell driven in a pseudo-terminal (expectrl), as a person uses it: the real
//! binary, its prompt, line editing, completion, meta commands, Ctrl-C and history; and the
//! shell reading statements piped on standard input.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use expectrl::process::unix::{PtyStream, UnixProcess};
use expectrl::{ControlCode, Expect, Regex, Session};

use super::data;

/// The pseudo-terminal's width: tables and charts fit into it.
const WIDTH: u16 = 160;

/// The sample FOCUS 1.2 file as a source (50 rows; totals computed with Python's decimal
/// module over the CSV: BilledCost 915.44376187; per ServiceCategory Management and Governance
/// 412.08, Compute 320.4192, Storage 153.712819656, Analytics 22.434192, Databases
/// 3.9124193140125, Networking 2.8851309).
fn sample_source() -> String {
    format!("f12=focus:{}", data("focus/focus-1.2"))
}

/// Start `focusql ARGS` (no command: the shell) in a pseudo-terminal with its history in
/// `history`, and wait for the first prompt.
fn shell(args: &[&str], history: &Path) -> Session<UnixProcess, PtyStream> {
    let dir = tempfile::tempdir().expect("a scratch directory");
    let mut command = Command::new(env!("CARGO_BIN_EXE_focusql"));
    command
        .args(args)
        .current_dir(dir.path())
        .env("TERM", "xterm")
        .env("RUST_LOG", "off")
        .env("FOCUSQL_HISTORY", history);
    let mut session = Session::spawn(command).expect("the shell starts in a pty");
    session
        .get_process_mut()
        .set_window_size(WIDTH, 50)
        .expect("window size");
    session.set_expect_timeout(Some(Duration::from_secs(120)));
    session.expect("\\? for help").expect("banner");
    session.expect("focusql> ").expect("first prompt");
    session
}

/// Type a line and press Enter.
fn enter(session: &mut Session<UnixProcess, PtyStream>, line: &str) {
    session.send(line).expect("type");
    session.send("\r").expect("enter");
}

/// Type a line and press Enter, wait for `until` (a regex matching the end of what it prints;
/// the prompt alone is not enough, rustyline redraws it while editing), then for the next
/// prompt. Returns what was printed up to and including `until`.
fn run(session: &mut Session<UnixProcess, PtyStream>, line: &str, until: &str) -> String {
    enter(session, line);
    let captured = session
        .expect(Regex(until))
        .unwrap_or_else(|e| panic!("'{until}' after '{line}': {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(captured.before()),
        String::from_utf8_lossy(&captured[0])
    );
    session.expect("focusql> ").expect("the prompt comes back");
    text
}

/// Quit with Ctrl-D and wait for the process to end.
fn quit(mut session: Session<UnixProcess, PtyStream>) {
    session.send(ControlCode::EOT).expect("ctrl-d");
    session.expect(expectrl::Eof).expect("the shell exits");
}

/// A scratch history file path (the file does not exist yet).
fn history_file(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("history")
}

#[test]
fn shell_runs_a_multi_line_query_and_prints_its_table() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = shell(&["--source", &sample_source()], &history_file(&dir));
    enter(&mut s, "SELECT count(*) AS n,");
    enter(&mut s, "  sum(BilledCost) AS billed");
    let out = run(&mut s, "FROM f12;", "1 row in");
    // money at 2 decimals in the table: 915.44376187 -> 915.44
    let row = regex_row(&out, &["50", "915.44"]);
    assert!(row, "{out}");
    assert!(out.contains("1 row in"), "{out}");
    quit(s);
}

/// True when `out` has a table row with exactly these cells.
fn regex_row(out: &str, cells: &[&str]) -> bool {
    out.lines().any(|line| {
        let found: Vec<&str> = line
            .trim_matches(|c| c == '│' || c == ' ')
            .split('┆')
            .map(str::trim)
            .collect();
        found == cells
    })
}

#[test]
fn tab_completes_column_names_and_allowed_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = shell(&["--demo"], &history_file(&dir));
    s.send("SELECT ServiceCat\t").unwrap();
    s.expect("ServiceCategory")
        .expect("the column name is completed");
    s.send(" FROM costs WHERE ChargeCategory = 'Cre\t").unwrap();
    s.expect("'Credit'")
        .expect("the allowed value is completed");
    let out = run(&mut s, " LIMIT 1;", "1 row in");
    assert!(out.contains("│ ServiceCategory"), "{out}");
    assert!(out.contains("1 row in"), "{out}");
    quit(s);
}

#[test]
fn describe_costs_shows_feature_levels_and_descriptions() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = shell(&["--demo"], &history_file(&dir));
    let out = run(&mut s, "\\d costs", "more row\\(s\\) not shown");
    // the description comes from catalogs/data/focus-descriptions.csv
    assert!(
        regex_row(
            &out,
            &[
                "BillingAccountName",
                "Utf8",
                "Mandatory",
                "Display name assigned to the billing account."
            ]
        ),
        "{out}"
    );
    // a column introduced after 1.0 says since when
    assert!(
        regex_row(
            &out,
            &[
                "BillingAccountType",
                "Utf8",
                "Conditional",
                "Provider-assigned name of the billing account's type. Since 1.2."
            ]
        ),
        "{out}"
    );
    // a long description wraps inside its cell
    assert!(
        out.contains("│ ChargeCategory                      ┆ Utf8                 ┆ Mandatory     ┆ Highest-level classification of the charge: Usage, Purchase, Tax,"),
        "{out}"
    );
    quit(s);
}

#[test]
fn chart_draws_the_last_grouped_result() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = shell(&["--source", &sample_source()], &history_file(&dir));
    run(
        &mut s,
        "SELECT ServiceCategory, sum(BilledCost) AS billed FROM f12 GROUP BY 1 ORDER BY 2 DESC;",
        "6 rows in",
    );
    let out = run(&mut s, "\\chart", "Networking +│[^\\r]*2.89");
    let lines: Vec<&str> = out
        .lines()
        .map(str::trim_end)
        .filter(|l| l.contains('│'))
        .collect();
    assert!(out.contains("billed by ServiceCategory"), "{out}");
    // 160 columns: labels 25 wide ("Management and Governance"), values 6 ("412.08"),
    // bars 160 - 25 - 6 - 4 = 125 cells; Compute is 320.4192 / 412.08 * 125 = 97.2 cells
    // (778 eighths: 97 full cells and a quarter block).
    assert_eq!(
        lines[0],
        format!("Management and Governance │{} 412.08", "█".repeat(125))
    );
    assert_eq!(
        lines[1],
        format!(
            "Compute                   │{}▎{} 320.42",
            "█".repeat(97),
            " ".repeat(27)
        )
    );
    assert_eq!(lines.len(), 6, "{out}");
    quit(s);
}

/// CPU time (user + system, in clock ticks) the process has used so far.
fn cpu_ticks(pid: i32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("/proc stat");
    let after_name = &stat[stat.rfind(')').expect("stat has a name") + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // fields 14 and 15 of stat (utime, stime) are 12 and 13 after the name
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

#[test]
fn ctrl_c_stops_a_long_query_and_keeps_the_shell() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = shell(&["--demo"], &history_file(&dir));
    enter(
        &mut s,
        // a cross join emitting 100000 batches per batch it reads: it stops only because
        // focusql makes such joins yield (src/yielding.rs)
        "SELECT sum(a.value * b.value) FROM range(1000000) a CROSS JOIN range(100000) b;",
    );
    // the spinner with the elapsed time shows after a second
    s.expect(Regex("[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] [0-9]+\\.[0-9] s"))
        .expect("a spinner while the query runs");
    let pressed = Instant::now();
    s.send(ControlCode::ETX).unwrap();
    s.expect("query cancelled").expect("the query is cancelled");
    s.expect("focusql> ").expect("the prompt comes back");
    let waited = pressed.elapsed();
    assert!(waited < Duration::from_secs(1), "prompt after {waited:?}");
    // the query really stopped: the process is idle at the prompt
    let pid = s.get_process().pid().as_raw();
    std::thread::sleep(Duration::from_millis(300));
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(2));
    let used = cpu_ticks(pid) - before;
    assert!(used <= 10, "{used} ticks of CPU in 2 s after Ctrl-C");
    let out = run(&mut s, "SELECT 6 * 7 AS answer;", "1 row in");
    assert!(regex_row(&out, &["42"]), "{out}");
    quit(s);
}

#[test]
fn sql_errors_are_one_line_and_the_shell_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = shell(&["--demo"], &history_file(&dir));
    let out = run(
        &mut s,
        "SELECT EfectiveCost FROM costs;",
        "error: [^\\r]*\\r\\n",
    );
    assert!(
        out.contains("error: column EfectiveCost not found; did you mean EffectiveCost?\r\n"),
        "{out}"
    );
    let out = run(&mut s, "SELEC 1;", "error: [^\\r]*\\r\\n");
    assert!(
        out.contains(
            "error: syntax error at line 1, column 1: Expected: an SQL statement, found: SELEC"
        ),
        "{out}"
    );
    let out = run(&mut s, "SELECT 6 * 7 AS answer;", "1 row in");
    assert!(regex_row(&out, &["42"]), "{out}");
    quit(s);
}

#[test]
fn history_is_recalled_in_a_second_session() {
    let dir = tempfile::tempdir().unwrap();
    let history = history_file(&dir);
    let mut first = shell(&["--demo"], &history);
    let out = run(&mut first, "SELECT 40 + 2 AS answer;", "1 row in");
    assert!(regex_row(&out, &["42"]), "{out}");
    run(&mut first, "SELECT 'other' AS x;", "1 row in");
    run(&mut first, "SELECT 'third' AS y;", "1 row in");
    quit(first);
    let saved = std::fs::read_to_string(&history).expect("history file written");
    assert!(saved.contains("SELECT 40 + 2 AS answer;"), "{saved}");

    let mut second = shell(&["--demo"], &history);
    // up arrow twice: the statement before the last one
    second.send("\x1b[A\x1b[A").unwrap();
    let out = run(&mut second, "", "1 row in");
    assert!(regex_row(&out, &["other"]), "{out}");
    // Ctrl-R: reverse search finds the oldest statement by a part of it
    second.send("\x12").unwrap();
    second.send("40 +").unwrap();
    let out = run(&mut second, "", "1 row in");
    assert!(regex_row(&out, &["42"]), "{out}");
    quit(second);
}

/// Run the shell in `dir` with `input` on standard input (not a terminal).
fn piped_in(dir: &Path, args: &[&str], input: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_focusql"))
        .args(args)
        .current_dir(dir)
        .env("RUST_LOG", "off")
        .env("FOCUSQL_HISTORY", dir.join("history"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("focusql starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().expect("focusql ends")
}

/// Run the shell in a fresh directory with `input` on standard input.
fn piped(args: &[&str], input: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    piped_in(dir.path(), args, input)
}

#[test]
fn statements_piped_on_stdin_run_in_order() {
    let src = sample_source();
    let o = piped(
        &["--source", &src],
        "SELECT count(*) AS n\nFROM f12;\n\\format csv\nSELECT sum(BilledCost) AS billed FROM f12;\n-- the last one needs no semicolon\nSELECT 'done' AS status",
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(regex_row(&out, &["50"]), "{out}");
    // csv carries the exact decimal
    assert!(
        out.ends_with("billed\n915.4437618700\nstatus\ndone\n"),
        "{out}"
    );
    assert!(!out.contains("focusql 0.1.0"), "no banner in a pipe: {out}");
}

#[test]
fn piped_statements_stop_at_the_first_error() {
    let o = piped(
        &["--demo"],
        "SELECT 1 AS one;\nSELECT nope FROM costs;\nSELECT 2 AS two;\n",
    );
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{out}\n{err}");
    assert!(regex_row(&out, &["1"]) && !out.contains("two"), "{out}");
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(errors[0].contains("column nope not found"), "{err}");
}

#[test]
fn meta_commands_work_from_a_script() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("top.sql"),
        "-- title: Large service categories\n-- param: min = 100  Least billed cost\n\
         SELECT ServiceCategory, sum(BilledCost) AS billed FROM f12 GROUP BY 1 \
         HAVING sum(BilledCost) > $min ORDER BY 2 DESC\n",
    )
    .unwrap();
    let script = "\\i top.sql min=400\n\
                  \\o counted.csv\n\\format csv\nSELECT count(*) AS n FROM f12;\n\\o\n\\format table\n\
                  \\x\nSELECT 1 AS a, 'b' AS b;\n\\x off\n\
                  \\timing off\nSELECT 2 AS two;\n\
                  \\df split_part\n\\sources\n\\?\n\
                  \\version 1.2\n\\d f12\n";
    let o = piped_in(dir.path(), &["--source", &sample_source()], script);
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{out}\n{err}");
    // \i: the saved report with its parameter
    assert!(
        regex_row(&out, &["Management and Governance", "412.08"]),
        "{out}"
    );
    assert!(
        !regex_row(&out, &["Compute", "320.42"]),
        "min=400 keeps one row: {out}"
    );
    // \o: the result went to the file, in csv
    let file = std::fs::read_to_string(dir.path().join("counted.csv")).unwrap();
    assert_eq!(file, "n\n50\n");
    // \x: expanded display
    assert!(out.contains("-[ RECORD 1 ]-"), "{out}");
    assert!(
        regex_row(&out, &["a", "1"]) && regex_row(&out, &["b", "b"]),
        "{out}"
    );
    // \timing off: the row count without the time
    assert!(err.lines().any(|l| l == "1 row"), "{err}");
    // \df, \sources, \?
    assert!(
        regex_row(
            &out,
            &["split_part", "scalar", "(String, String, Int64) → String"]
        ),
        "{out}"
    );
    assert!(out.contains("│ f12 "), "{out}");
    assert!(out.contains("\\chart"), "{out}");
    // \version 1.2: the same file presented in FOCUS 1.2 (ProviderName, not ServiceProviderName)
    assert!(out.contains("│ ProviderName "), "{out}");
    assert!(
        err.contains("tables are now presented in FOCUS 1.2"),
        "{err}"
    );
}
