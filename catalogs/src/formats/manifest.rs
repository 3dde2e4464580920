//! Delivery manifests that name the current data files of a billing period, so a re-delivered
//! period is counted once. AWS writes them for the legacy CUR (`<report>-Manifest.json` in the
//! period folder; `reportKeys` lists the files of the current assembly) and for Data Exports
//! (`metadata/BILLING_PERIOD=YYYY-MM/<export>-Manifest.json`; `dataFiles` lists the files under
//! `data/BILLING_PERIOD=YYYY-MM/`). A data file inside a manifest's scope that the manifest does
//! not list is stale (an older assembly or refresh) and is skipped.

use serde_json::Value;

/// One manifest: the folder whose data files it governs and the files it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// The manifest's own path, for messages.
    pub path: String,
    /// Data files below this folder are governed by the manifest.
    scope: String,
    /// The last two path segments (`<folder>/<file>`) of every listed file.
    current: Vec<String>,
}

/// True for a file name that is a delivery manifest.
pub fn is_manifest_name(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with("-manifest.json")
}

/// The last two `/`-separated segments of a path or URL.
fn tail(path: &str) -> String {
    let parts: Vec<&str> = path.trim_end_matches('/').rsplitn(3, '/').collect();
    match parts.as_slice() {
        [file, folder, ..] => format!("{folder}/{file}"),
        [file] => file.to_string(),
        _ => String::new(),
    }
}

impl Manifest {
    /// Read a manifest at `path` (an object-store path, `/`-separated) from its JSON text.
    /// Returns None when the JSON lists no files in a form focusql knows.
    pub fn parse(path: &str, text: &[u8]) -> Option<Manifest> {
        let json: Value = serde_json::from_slice(text).ok()?;
        let folder = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let (scope, list) = if let Some(keys) = json.get("reportKeys") {
            (folder.to_string(), keys)
        } else if let Some(files) = json.get("dataFiles") {
            // metadata/BILLING_PERIOD=X/ governs data/BILLING_PERIOD=X/.
            let (parent, period) = folder.rsplit_once('/')?;
            let root = parent.strip_suffix("metadata")?;
            (format!("{root}data/{period}"), files)
        } else {
            return None;
        };
        let current = list
            .as_array()?
            .iter()
            .filter_map(|k| k.as_str().map(tail))
            .collect();
        Some(Manifest {
            path: path.to_string(),
            scope,
            current,
        })
    }

    /// True when `path` lies in this manifest's scope and the manifest does not list it.
    pub fn excludes(&self, path: &str) -> bool {
        let in_scope = self.scope.is_empty() || path.starts_with(&format!("{}/", self.scope));
        in_scope && !self.current.contains(&tail(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_manifest_keeps_the_current_assembly() {
        let m = Manifest::parse(
            "cur/r/20231101-20231201/r-Manifest.json",
            br#"{"assemblyId":"new","reportKeys":["pre/r/20231101-20231201/new/r-1.csv.gz"]}"#,
        )
        .unwrap();
        assert!(!m.excludes("cur/r/20231101-20231201/new/r-1.csv.gz"));
        assert!(m.excludes("cur/r/20231101-20231201/old/r-1.csv.gz"));
        assert!(!m.excludes("cur/r/20231201-20240101/old/r-1.csv.gz"));
    }

    #[test]
    fn data_exports_manifest_governs_the_data_folder() {
        let m = Manifest::parse(
            "e/x/metadata/BILLING_PERIOD=2023-11/x-Manifest.json",
            br#"{"dataFiles":["s3://b/e/x/data/BILLING_PERIOD=2023-11/x-00001.snappy.parquet"]}"#,
        )
        .unwrap();
        assert!(!m.excludes("e/x/data/BILLING_PERIOD=2023-11/x-00001.snappy.parquet"));
        assert!(m.excludes("e/x/data/BILLING_PERIOD=2023-11/x-00002.snappy.parquet"));
        assert!(!m.excludes("e/x/data/BILLING_PERIOD=2023-12/x-00002.snappy.parquet"));
        assert_eq!(Manifest::parse("a/m-Manifest.json", b"{}"), None);
    }
}
