//! Azure Cost Management export manifests (`manifest.json`, one per export run).
//!
//! A month-to-date export re-exports the whole month on every run, so only the latest run of
//! each export and month counts: its manifest lists the current part files (`blobs`) and says
//! what they hold (`exportConfig.type`: ActualCost, AmortizedCost, FocusCost). Data files that
//! only an older run lists are skipped; files that no manifest lists are read as they are.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::error::Result;
use crate::files::{BillingFile, FileKind};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Manifest {
    export_config: ExportConfig,
    #[serde(default)]
    run_info: RunInfo,
    blobs: Vec<Blob>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExportConfig {
    export_name: Option<String>,
    resource_id: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RunInfo {
    run_id: Option<String>,
    submitted_time: Option<String>,
    start_date: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Blob {
    blob_name: String,
}

/// What the export manifests at a location say about its data files.
#[derive(Debug, Default)]
pub struct ExportRuns {
    /// Data file location → the export type its current manifest names (e.g. `AmortizedCost`).
    current: HashMap<String, String>,
    /// Data file location → why it is not read (an older run).
    superseded: HashMap<String, String>,
}

impl ExportRuns {
    /// The export type (`ActualCost`, `AmortizedCost`, `FocusCost`, ...) of a file the current
    /// run of its export lists.
    pub fn export_type(&self, file: &BillingFile) -> Option<&str> {
        self.current
            .get(file.meta.location.as_ref())
            .map(String::as_str)
    }

    /// Why a file is not read, when an older run of its export lists it.
    pub fn superseded(&self, file: &BillingFile) -> Option<&str> {
        self.superseded
            .get(file.meta.location.as_ref())
            .map(String::as_str)
    }
}

/// True for a file named like an Azure export manifest.
pub fn is_manifest(file: &BillingFile) -> bool {
    file.kind == FileKind::Json && file.file_name().eq_ignore_ascii_case("manifest.json")
}

/// The listed files a manifest's blob names: the file whose path ends with the blob name, or
/// the file of the same name under the manifest's folder.
fn blob_files<'a>(
    manifest: &BillingFile,
    blob: &str,
    files: &'a [BillingFile],
) -> Vec<&'a BillingFile> {
    let blob = blob.trim_start_matches('/');
    let folder = manifest
        .meta
        .location
        .as_ref()
        .rsplit_once('/')
        .map(|(dir, _)| format!("{dir}/"))
        .unwrap_or_default();
    let base = blob.rsplit('/').next().unwrap_or(blob);
    files
        .iter()
        .filter(|f| {
            let loc = f.meta.location.as_ref();
            loc == blob
                || loc.ends_with(&format!("/{blob}"))
                || (loc.starts_with(&folder) && f.file_name() == base)
        })
        .collect()
}

/// Read the Azure export manifests among `files` and decide which data files are current.
/// A JSON file named manifest.json that is not an Azure export manifest is ignored; a current
/// manifest that lists a file which is not there is an error naming both.
pub async fn read(files: &[BillingFile]) -> Result<ExportRuns> {
    // (export, month) → (submitted time, run id, manifest file, manifest).
    let mut latest: HashMap<(String, String), (String, String, &BillingFile, Manifest)> =
        HashMap::new();
    let mut older: Vec<(&BillingFile, Manifest, String)> = Vec::new();
    for file in files.iter().filter(|f| is_manifest(f)) {
        let bytes = file.read_all().await?;
        let Ok(manifest) = serde_json::from_slice::<Manifest>(&bytes) else {
            continue;
        };
        let export = manifest
            .export_config
            .resource_id
            .clone()
            .or_else(|| manifest.export_config.export_name.clone())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let month: String = manifest
            .run_info
            .start_date
            .clone()
            .unwrap_or_default()
            .chars()
            .take(7)
            .collect();
        let submitted = manifest.run_info.submitted_time.clone().unwrap_or_default();
        let run = manifest.run_info.run_id.clone().unwrap_or_default();
        let key = (export, month);
        let newer = match latest.get(&key) {
            None => true,
            Some((t, r, _, _)) => (&submitted, &run) > (t, r),
        };
        if newer {
            if let Some((_, _, old_file, old)) =
                latest.insert(key.clone(), (submitted, run, file, manifest))
            {
                older.push((old_file, old, key.1.clone()));
            }
        } else {
            older.push((file, manifest, key.1.clone()));
        }
    }
    let mut runs = ExportRuns::default();
    for (_, _, manifest_file, manifest) in latest.values() {
        let kind = manifest.export_config.kind.clone().unwrap_or_default();
        for blob in &manifest.blobs {
            let found = blob_files(manifest_file, &blob.blob_name, files);
            if found.is_empty() {
                return Err(manifest_file.error(format!(
                    "lists {}, which is not there (an export still being written, or a partial copy)",
                    blob.blob_name
                )));
            }
            for f in found {
                runs.current
                    .insert(f.meta.location.to_string(), kind.clone());
            }
        }
    }
    let current: HashSet<String> = runs.current.keys().cloned().collect();
    for (manifest_file, manifest, month) in older {
        let name = manifest
            .export_config
            .export_name
            .clone()
            .unwrap_or_else(|| "the export".into());
        for blob in &manifest.blobs {
            for f in blob_files(manifest_file, &blob.blob_name, files) {
                let loc = f.meta.location.to_string();
                if !current.contains(&loc) {
                    runs.superseded.insert(
                        loc,
                        format!(
                            "superseded: a later run of {name} for {month} replaces it ({})",
                            manifest_file.display_name()
                        ),
                    );
                }
            }
        }
    }
    Ok(runs)
}
