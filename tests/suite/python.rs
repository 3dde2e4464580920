//! A Python virtual environment for tests that drive real clients (ADBC, DuckDB): created once
//! under the target directory from tests/python/requirements.txt and reused across runs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The venv's python, creating the venv (guarded by a lock directory across test processes).
pub fn python() -> PathBuf {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(create_venv).clone()
}

/// `$CARGO_TARGET_DIR`, else the target directory holding this test binary.
fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
}

fn create_venv() -> PathBuf {
    let requirements_file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("python")
        .join("requirements.txt");
    let requirements = std::fs::read_to_string(&requirements_file).expect("requirements.txt");
    let venv = target_dir().join("focusql-pyenv");
    let python = venv.join("bin").join("python");
    let stamp = venv.join("focusql-requirements.txt");
    let _lock = DirLock::acquire(&target_dir().join("focusql-pyenv.lock"));
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(requirements.as_str()) {
        return python;
    }
    run(Command::new("python3").arg("-m").arg("venv").arg(&venv));
    run(Command::new(&python)
        .args(["-m", "pip", "install", "--quiet", "-r"])
        .arg(&requirements_file));
    std::fs::write(&stamp, requirements).expect("write the venv stamp");
    python
}

fn run(command: &mut Command) {
    let status = command.status().expect("start a setup command");
    assert!(status.success(), "{command:?} failed: {status}");
}

/// A lock held while a directory exists; a lock older than 15 minutes is taken as stale.
struct DirLock(PathBuf);

impl DirLock {
    fn acquire(path: &Path) -> DirLock {
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("target dir");
        let start = Instant::now();
        while std::fs::create_dir(path).is_err() {
            if start.elapsed() > Duration::from_secs(900) {
                let _ = std::fs::remove_dir(path);
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        DirLock(path.to_path_buf())
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir(&self.0);
    }
}
