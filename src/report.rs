//! Saved reports: a `.sql` file with a header comment naming its title, description,
//! FOCUS version and parameters.
//!
//! ```sql
//! -- title: Monthly cost by provider
//! -- description: Billed and effective cost per billing period and provider.
//! -- focus_version: 1.4
//! -- param: start = 2026-07-01   First day of the period (inclusive)
//! -- param: end                  End of the period (exclusive), no default
//! SELECT ... WHERE ChargePeriodStart >= $start AND ChargePeriodStart < $end
//! ```

use std::collections::HashMap;
use std::path::Path;

use focusql_catalogs::FocusVersion;

use crate::error::{Error, Result};

/// A parameter a report declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportParam {
    pub name: String,
    pub default: Option<String>,
    pub description: String,
}

/// A saved report.
#[derive(Debug, Clone)]
pub struct Report {
    pub title: Option<String>,
    pub description: Option<String>,
    pub focus_version: Option<FocusVersion>,
    pub params: Vec<ReportParam>,
    pub sql: String,
}

impl Report {
    /// Read a report file.
    pub fn from_file(path: &Path) -> Result<Report> {
        let sql = std::fs::read_to_string(path)
            .map_err(|e| Error::msg(format!("{}: {e}", path.display())))?;
        Report::parse(&sql).map_err(|e| Error::msg(format!("{}: {}", path.display(), e.one_line())))
    }

    /// Parse a report's header comments; the whole text is the SQL.
    pub fn parse(text: &str) -> Result<Report> {
        let mut report = Report {
            title: None,
            description: None,
            focus_version: None,
            params: Vec::new(),
            sql: text.to_string(),
        };
        for line in text.lines() {
            let line = line.trim();
            let Some(comment) = line.strip_prefix("--") else {
                if line.is_empty() {
                    continue;
                }
                break;
            };
            let Some((key, value)) = comment.trim().split_once(':') else {
                continue;
            };
            let value = value.trim();
            match key.trim().to_ascii_lowercase().as_str() {
                "title" => report.title = Some(value.to_string()),
                "description" => report.description = Some(value.to_string()),
                "focus_version" | "focus version" => {
                    report.focus_version =
                        Some(value.parse().map_err(|e: focusql_catalogs::CatalogError| {
                            Error::msg(e.to_string())
                        })?)
                }
                "param" | "parameter" => report.params.push(parse_param(value)?),
                _ => {}
            }
        }
        Ok(report)
    }

    /// The parameter values for a run: the report's defaults overridden by `given`. A given
    /// name the report does not declare is an error (a typo would otherwise be ignored).
    pub fn resolve_params(
        &self,
        given: &HashMap<String, String>,
    ) -> Result<HashMap<String, String>> {
        let mut values: HashMap<String, String> = self
            .params
            .iter()
            .filter_map(|p| p.default.clone().map(|d| (p.name.clone(), d)))
            .collect();
        for (name, value) in given {
            if !self.params.is_empty() && !self.params.iter().any(|p| &p.name == name) {
                let known: Vec<&str> = self.params.iter().map(|p| p.name.as_str()).collect();
                return Err(Error::msg(format!(
                    "the report has no parameter '{name}' (its parameters: {})",
                    known.join(", ")
                )));
            }
            values.insert(name.clone(), value.clone());
        }
        Ok(values)
    }
}

/// Parse `name [= default] [description]`.
fn parse_param(text: &str) -> Result<ReportParam> {
    let (name, rest) = match text.find(|c: char| c == '=' || c.is_whitespace()) {
        Some(i) => (&text[..i], text[i..].trim_start()),
        None => (text, ""),
    };
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(Error::msg(format!("bad parameter declaration '{text}'")));
    }
    let (default, description) = match rest.strip_prefix('=') {
        Some(after) => {
            let after = after.trim_start();
            match after.find(char::is_whitespace) {
                Some(i) => (Some(after[..i].to_string()), after[i..].trim().to_string()),
                None => (Some(after.to_string()), String::new()),
            }
        }
        None => (None, rest.to_string()),
    };
    Ok(ReportParam {
        name: name.to_string(),
        default,
        description,
    })
}

/// Parse `--param name=value` arguments.
pub fn parse_param_args(args: &[String]) -> Result<HashMap<String, String>> {
    args.iter()
        .map(|a| {
            a.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .ok_or_else(|| Error::msg(format!("--param '{a}': expected NAME=VALUE")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_is_read() {
        let r = Report::parse(
            "-- title: T\n-- description: D\n-- focus_version: 1.3\n-- param: start = 2026-01-01  First day\n-- param: team\nSELECT 1",
        )
        .unwrap();
        assert_eq!(r.title.as_deref(), Some("T"));
        assert_eq!(r.focus_version, Some(FocusVersion::V1_3));
        assert_eq!(r.params[0].default.as_deref(), Some("2026-01-01"));
        assert_eq!(r.params[0].description, "First day");
        assert_eq!(r.params[1].default, None);
        let given = parse_param_args(&["team=web".to_string()]).unwrap();
        let values = r.resolve_params(&given).unwrap();
        assert_eq!(values["start"], "2026-01-01");
        assert_eq!(values["team"], "web");
        assert!(
            r.resolve_params(&parse_param_args(&["tema=x".into()]).unwrap())
                .is_err()
        );
    }
}
