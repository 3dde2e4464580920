//! Configuration: `focusql.toml` and the same settings from the command line.
//!
//! ```toml
//! [session]
//! focus_version = "1.4"     # the FOCUS version tables are presented in (1.0 to 1.4)
//! memory_limit = "4g"       # memory pool limit; queries spill or fail beyond it
//!
//! [[sources]]
//! name = "aws_prod"
//! format = "focus"          # optional: detected from the files when omitted
//! location = "exports/aws/" # a file, a directory, a glob or an object store URL
//! ```

use std::path::{Path, PathBuf};

use focusql_catalogs::{FocusVersion, Format, SourceSpec};
use serde::Deserialize;

use crate::error::{Error, Result};

/// The name of the configuration file read from the working directory when `--config` is not
/// given.
pub const DEFAULT_CONFIG_FILE: &str = "focusql.toml";

/// Everything a session is built from.
#[derive(Debug, Clone)]
pub struct Config {
    pub sources: Vec<SourceSpec>,
    pub focus_version: FocusVersion,
    /// Memory pool limit in bytes, if any.
    pub memory_limit: Option<usize>,
    /// Add the built-in demo sources.
    pub demo: bool,
    /// A CSV of contracted token prices that win over the shipped price catalog.
    pub prices: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            sources: Vec::new(),
            focus_version: FocusVersion::LATEST,
            memory_limit: None,
            demo: false,
            prices: None,
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    session: SessionSection,
    #[serde(default)]
    sources: Vec<SourceEntry>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SessionSection {
    focus_version: Option<String>,
    memory_limit: Option<String>,
    prices: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceEntry {
    name: String,
    format: Option<String>,
    location: String,
}

impl Config {
    /// Read a configuration file. Relative source locations are taken relative to the file.
    pub fn from_file(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::config(format!("{}: {e}", path.display())))?;
        let parsed: ConfigFile = toml::from_str(&text)
            .map_err(|e| Error::config(format!("{}: {}", path.display(), e.message().trim())))?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut config = Config::default();
        if let Some(v) = parsed.session.focus_version {
            config.focus_version = parse_version(&v)?;
        }
        if let Some(m) = parsed.session.memory_limit {
            config.memory_limit = Some(parse_size(&m)?);
        }
        if let Some(p) = parsed.session.prices {
            config.prices = Some(PathBuf::from(resolve_location(&base, &p)));
        }
        for entry in parsed.sources {
            let format = entry.format.as_deref().map(parse_format).transpose()?;
            let spec = SourceSpec {
                name: check_name(&entry.name)?,
                format,
                location: resolve_location(&base, &entry.location),
            };
            config.add_source(spec)?;
        }
        Ok(config)
    }

    /// Add a source; names must be unique.
    pub fn add_source(&mut self, spec: SourceSpec) -> Result<()> {
        if self
            .sources
            .iter()
            .any(|s| s.name.eq_ignore_ascii_case(&spec.name))
        {
            return Err(Error::config(format!(
                "two sources are named '{}'",
                spec.name
            )));
        }
        self.sources.push(spec);
        Ok(())
    }
}

/// Resolve a location from a config file: URLs and absolute paths stay, relative paths are
/// joined to the config file's folder.
fn resolve_location(base: &Path, location: &str) -> String {
    if location.contains("://") || Path::new(location).is_absolute() || base.as_os_str().is_empty()
    {
        location.to_string()
    } else {
        let joined: PathBuf = base.join(location);
        joined.to_string_lossy().into_owned()
    }
}

/// Source names become table names: letters, digits and `_`, not starting with a digit.
fn check_name(name: &str) -> Result<String> {
    let ok = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if ok {
        Ok(name.to_string())
    } else {
        Err(Error::config(format!(
            "source name '{name}' must be letters, digits and _ (it becomes a table name)"
        )))
    }
}

/// Parse `--source NAME=FORMAT:PATH` or `--source NAME=PATH`.
pub fn parse_source_arg(arg: &str) -> Result<SourceSpec> {
    let (name, rest) = arg.split_once('=').ok_or_else(|| {
        Error::config(format!(
            "--source '{arg}': expected NAME=FORMAT:PATH or NAME=PATH"
        ))
    })?;
    let (format, location) = match rest.split_once(':') {
        Some((f, path)) if !path.starts_with("//") && Format::from_name(f).is_some() => {
            (Format::from_name(f), path)
        }
        Some((f, path))
            if !path.starts_with("//")
                && f.len() > 1
                && f.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
        {
            return Err(Error::config(format!(
                "--source '{arg}': unknown format '{f}' (known: {})",
                known_formats()
            )));
        }
        _ => (None, rest),
    };
    Ok(SourceSpec {
        name: check_name(name.trim())?,
        format,
        location: location.to_string(),
    })
}

fn known_formats() -> String {
    Format::ALL
        .iter()
        .map(|f| f.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parse a format name from configuration.
pub fn parse_format(name: &str) -> Result<Format> {
    Format::from_name(name).ok_or_else(|| {
        Error::config(format!(
            "unknown format '{name}' (known: {})",
            known_formats()
        ))
    })
}

/// Parse a FOCUS version from configuration.
pub fn parse_version(text: &str) -> Result<FocusVersion> {
    text.parse::<FocusVersion>()
        .map_err(|e| Error::config(e.to_string()))
}

/// Parse a size such as `512m`, `4g`, `1.5GB` or a plain byte count.
pub fn parse_size(text: &str) -> Result<usize> {
    let t = text.trim().to_ascii_lowercase();
    let t = t.trim_end_matches('b');
    let (number, unit) = match t.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => (&t[..i], &t[i..]),
        None => (t, ""),
    };
    let factor: f64 = match unit {
        "" => 1.0,
        "k" => 1024.0,
        "m" => 1024.0 * 1024.0,
        "g" => 1024.0 * 1024.0 * 1024.0,
        "t" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return Err(Error::config(format!("memory size '{text}': unknown unit"))),
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| Error::config(format!("memory size '{text}' is not a number")))?;
    Ok((value * factor) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_arguments() {
        let s = parse_source_arg("aws=focus:data/aws/").unwrap();
        assert_eq!(s.format, Some(Format::Focus));
        assert_eq!(s.location, "data/aws/");
        let s = parse_source_arg("aws=s3://bucket/x/").unwrap();
        assert_eq!(s.format, None);
        assert_eq!(s.location, "s3://bucket/x/");
        let s = parse_source_arg("aws=focus:s3://bucket/x/").unwrap();
        assert_eq!(s.format, Some(Format::Focus));
        assert!(parse_source_arg("aws=nosuch:x").is_err());
        assert!(parse_source_arg("no-equals").is_err());
        assert!(parse_source_arg("1bad=x").is_err());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("512m").unwrap(), 512 << 20);
        assert_eq!(parse_size("4GB").unwrap(), 4 << 30);
        assert_eq!(parse_size("1000").unwrap(), 1000);
        assert!(parse_size("lots").is_err());
    }
}
