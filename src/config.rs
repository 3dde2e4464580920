//! Configuration: `focusql.toml` and the same settings from the command line.
//!
//! ```toml
//! [session]
//! focus_version = "1.4"     # the FOCUS version tables are presented in (1.0 to 1.4)
//! memory_limit = "4g"       # memory pool limit; queries spill or fail beyond it
//!
//! [tags]
//! aliases = { team = ["owner_team", "cost-center-team"] }   # keys tag(Tags, 'team') also reads
//!
//! [currency]
//! rates = "rates.csv"       # exchange rates for convert_currency (date,from,to,rate)
//!
//! [[sources]]
//! name = "aws_prod"
//! format = "focus"          # optional: detected from the files when omitted
//! location = "exports/aws/" # a file, a directory, a glob or an object store URL
//!
//! [serve]                   # `focusql serve`, the Flight SQL endpoint
//! listen = "127.0.0.1:50051"
//! users = { alice = "secret" }
//! [[sources]]
//! name = "aws_s3"
//! location = "s3://bills/cur/"
//! options = { region = "eu-west-1" }  # object store settings (see `stores`)
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use focusql_catalogs::{FocusVersion, Format, SourceSpec};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::stores::StoreOptions;

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
    /// Tag key aliases for `tag(Tags, key)`: canonical key → other keys meaning it.
    pub tag_aliases: BTreeMap<String, Vec<String>>,
    /// The exchange rates file for `convert_currency`, if any.
    pub rates_file: Option<String>,
    /// Object store settings per source name (`options` of a `[[sources]]` entry).
    pub store_options: BTreeMap<String, StoreOptions>,
    /// Settings of the Flight SQL endpoint (`[serve]`).
    pub serve: ServeConfig,
}

/// Settings of `focusql serve` (the `[serve]` section; flags override them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeConfig {
    /// Address to listen on.
    pub listen: String,
    /// TLS certificate and private key (PEM files); plain TCP when absent.
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    /// User names and their passwords (basic auth in the handshake).
    pub users: BTreeMap<String, String>,
    /// Bearer tokens accepted as they are.
    pub tokens: Vec<String>,
    /// Whether calls need credentials; off is allowed on a loopback address only.
    pub auth: bool,
    /// Refuse DDL, DML, COPY and reads of locations the configuration did not name.
    pub read_only: bool,
    /// Memory limit of one query, in bytes.
    pub query_memory_limit: Option<usize>,
    /// Time limit of one query.
    pub query_timeout: Option<Duration>,
    /// Queries running at once; more wait for a slot.
    pub max_concurrent_queries: usize,
    /// Folder of saved reports shown as views in the `reports` schema.
    pub reports: PathBuf,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            listen: "127.0.0.1:50051".into(),
            tls_cert: None,
            tls_key: None,
            users: BTreeMap::new(),
            tokens: Vec::new(),
            auth: true,
            read_only: true,
            query_memory_limit: None,
            query_timeout: None,
            max_concurrent_queries: 16,
            reports: PathBuf::from("queries"),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            sources: Vec::new(),
            focus_version: FocusVersion::LATEST,
            memory_limit: None,
            demo: false,
            prices: None,
            tag_aliases: BTreeMap::new(),
            rates_file: None,
            serve: ServeConfig::default(),
            store_options: BTreeMap::new(),
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
    #[serde(default)]
    tags: TagsSection,
    #[serde(default)]
    currency: CurrencySection,
    #[serde(default)]
    serve: ServeSection,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct TagsSection {
    #[serde(default)]
    aliases: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CurrencySection {
    rates: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ServeSection {
    listen: Option<String>,
    tls_cert: Option<String>,
    tls_key: Option<String>,
    #[serde(default)]
    users: BTreeMap<String, String>,
    #[serde(default)]
    tokens: Vec<String>,
    auth: Option<bool>,
    read_only: Option<bool>,
    query_memory_limit: Option<String>,
    query_timeout: Option<String>,
    max_concurrent_queries: Option<usize>,
    reports: Option<String>,
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
    #[serde(default)]
    options: BTreeMap<String, toml::Value>,
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
        config.tag_aliases = parsed.tags.aliases;
        config.rates_file = parsed.currency.rates.map(|r| resolve_location(&base, &r));
        for entry in parsed.sources {
            let format = entry.format.as_deref().map(parse_format).transpose()?;
            let spec = SourceSpec {
                name: check_name(&entry.name)?,
                format,
                location: resolve_location(&base, &entry.location),
            };
            if !entry.options.is_empty() {
                let options = entry
                    .options
                    .into_iter()
                    .map(|(k, v)| match v {
                        toml::Value::String(s) => (k, s),
                        other => (k, other.to_string()),
                    })
                    .collect();
                config.store_options.insert(spec.name.clone(), options);
            }
            config.add_source(spec)?;
        }
        config.serve = serve_config(&base, parsed.serve)?;
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

/// The `[serve]` section with defaults for what it leaves out; paths relative to the file.
fn serve_config(base: &Path, section: ServeSection) -> Result<ServeConfig> {
    let defaults = ServeConfig::default();
    let path = |p: String| PathBuf::from(resolve_location(base, &p));
    Ok(ServeConfig {
        listen: section.listen.unwrap_or(defaults.listen),
        tls_cert: section.tls_cert.map(path),
        tls_key: section.tls_key.map(path),
        users: section.users,
        tokens: section.tokens,
        auth: section.auth.unwrap_or(defaults.auth),
        read_only: section.read_only.unwrap_or(defaults.read_only),
        query_memory_limit: section
            .query_memory_limit
            .as_deref()
            .map(parse_size)
            .transpose()?,
        query_timeout: section
            .query_timeout
            .as_deref()
            .map(parse_duration)
            .transpose()?,
        max_concurrent_queries: match section.max_concurrent_queries {
            Some(0) => {
                return Err(Error::config(
                    "serve.max_concurrent_queries must be at least 1",
                ));
            }
            Some(n) => n,
            None => defaults.max_concurrent_queries,
        },
        reports: section.reports.map(path).unwrap_or(defaults.reports),
    })
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

/// Parse a duration such as `30s`, `5m`, `1h`, `250ms` or a plain number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration> {
    let t = text.trim().to_ascii_lowercase();
    let split = t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| Error::config(format!("duration '{text}' is not a number")))?;
    let seconds = match unit.trim() {
        "" | "s" => value,
        "ms" => value / 1000.0,
        "m" | "min" => value * 60.0,
        "h" => value * 3600.0,
        _ => return Err(Error::config(format!("duration '{text}': unknown unit"))),
    };
    if !seconds.is_finite() || seconds <= 0.0 {
        return Err(Error::config(format!("duration '{text}' must be positive")));
    }
    Ok(Duration::from_secs_f64(seconds))
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
    fn tag_aliases_and_rates_file() {
        let dir = std::env::temp_dir().join(format!("focusql-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("focusql.toml");
        std::fs::write(
            &file,
            "[tags]\naliases = { team = [\"owner_team\", \"Team\"] }\n[currency]\nrates = \"fx/rates.csv\"\n",
        )
        .unwrap();
        let config = Config::from_file(&file).unwrap();
        assert_eq!(config.tag_aliases["team"], vec!["owner_team", "Team"]);
        let rates = config.rates_file.unwrap();
        assert_eq!(Path::new(&rates), dir.join("fx/rates.csv"));
        std::fs::write(&file, "[currency]\nrate = \"x.csv\"\n").unwrap();
        assert!(Config::from_file(&file).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn store_options() {
        let dir = std::env::temp_dir().join(format!("focusql-options-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("focusql.toml");
        std::fs::write(
            &file,
            "[[sources]]\nname = \"s3\"\nlocation = \"s3://b/cur/\"\n\
             options = { endpoint = \"http://127.0.0.1:9000\", allow_http = true }\n",
        )
        .unwrap();
        let config = Config::from_file(&file).unwrap();
        assert_eq!(config.sources[0].location, "s3://b/cur/");
        let options = &config.store_options["s3"];
        assert_eq!(options["endpoint"], "http://127.0.0.1:9000");
        assert_eq!(options["allow_http"], "true");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("512m").unwrap(), 512 << 20);
        assert_eq!(parse_size("4GB").unwrap(), 4 << 30);
        assert_eq!(parse_size("1000").unwrap(), 1000);
        assert!(parse_size("lots").is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("5m").unwrap(), Duration::from_secs(300));
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("2").unwrap(), Duration::from_secs(2));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("0s").is_err());
    }

    #[test]
    fn serve_section() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("focusql.toml");
        std::fs::write(
            &file,
            "[serve]\nlisten = \"0.0.0.0:1\"\nusers = { alice = \"pw\" }\n\
             query_timeout = \"1m\"\nmax_concurrent_queries = 3\nreports = \"r\"\n",
        )
        .unwrap();
        let serve = Config::from_file(&file).unwrap().serve;
        assert_eq!(serve.listen, "0.0.0.0:1");
        assert_eq!(serve.users.get("alice").map(String::as_str), Some("pw"));
        assert_eq!(serve.query_timeout, Some(Duration::from_secs(60)));
        assert_eq!(serve.max_concurrent_queries, 3);
        assert_eq!(serve.reports, dir.path().join("r"));
        assert!(serve.read_only && serve.auth);
    }
}
