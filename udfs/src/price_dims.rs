//! The two price dimensions beside model, token type and tier: the long-context band and the
//! region scope of a token line, as pure functions over their text values.
//!
//! **Context band.** A catalog price is either the model's base band or a long-context band
//! `>{N}k`: the price of every token of a request whose input tokens (all input token types)
//! exceed N × 1,000 (LiteLLM's `*_above_{N}k_tokens`). A token line says which band it is in
//! with a [`BandRequest`]; [`resolve_band`] picks the catalog band for a model's thresholds, or
//! None when the line's band does not determine one (never the base band by default).
//!
//! **Region scope.** A line's `region_scope` says where it ran: `global`, a geography (`geo:us`
//! for a Bedrock cross-region geo line billed in a US region, Anthropic's `inference_geo`
//! `us`), or a data zone / regional deployment (`data_zone`, `regional`, optionally `:us`).
//! [`RegionScope::names`] turns a catalog model id into the ids of that scope, in LiteLLM's
//! spelling: `global.`/`us.`/`eu.`… before a Bedrock id, `azure/us/`, `azure/eu/`… inside an
//! Azure id.

/// Geographies of LiteLLM's region-prefixed ids.
const GEOGRAPHIES: [&str; 7] = ["us", "eu", "apac", "au", "jp", "us-gov", "ca"];

/// The catalog spelling of a band threshold: `>200k` (`>{N}` when N is not whole thousands).
pub fn format_band(threshold: u64) -> String {
    if threshold.is_multiple_of(1000) {
        format!(">{}k", threshold / 1000)
    } else {
        format!(">{threshold}")
    }
}

/// Tokens written `200k`, `1M`, `1m`, `272000`.
fn token_count(text: &str) -> Option<u64> {
    let t = text.trim().to_ascii_lowercase();
    let (digits, scale) = if let Some(d) = t.strip_suffix('k') {
        (d, 1_000)
    } else if let Some(d) = t.strip_suffix('m') {
        (d, 1_000_000)
    } else {
        (t.as_str(), 1)
    };
    digits.trim().parse::<u64>().ok().map(|n| n * scale)
}

/// The threshold of a catalog band (`>200k`, `>272000`); None for the base band (empty).
/// Err for text that is neither.
pub fn parse_catalog_band(text: &str) -> Result<Option<u64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.strip_prefix('>')
        .and_then(token_count)
        .filter(|n| *n > 0)
        .map(Some)
        .ok_or_else(|| format!("'{t}' is not a context band (empty for the base band, or >200k)"))
}

/// The band a token line says it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BandRequest {
    /// The base band (no band given, `short`, Azure `ShortCo`).
    Base,
    /// The model's long-context band, whatever its threshold (Bedrock `LCtx`, Azure `LongCo`,
    /// Vertex long-context SKUs: `long`).
    Long,
    /// The request's input tokens lie in (`above`, `up_to`]: Anthropic's `0-200k` and
    /// `200k-1M`, or `>200k`.
    Input { above: u64, up_to: Option<u64> },
}

impl BandRequest {
    /// Parse a line's `context_band`; None for text it does not understand.
    pub fn parse(text: Option<&str>) -> Option<Self> {
        let Some(t) = text.map(|t| t.trim().to_ascii_lowercase()) else {
            return Some(BandRequest::Base);
        };
        match t.as_str() {
            "" | "base" | "short" | "shortco" => return Some(BandRequest::Base),
            "long" | "lctx" | "longco" => return Some(BandRequest::Long),
            _ => {}
        }
        if let Some(rest) = t.strip_prefix('>') {
            return token_count(rest).map(|above| BandRequest::Input { above, up_to: None });
        }
        let (lo, hi) = t.split_once('-')?;
        let (above, up_to) = (token_count(lo)?, token_count(hi)?);
        (above < up_to).then_some(BandRequest::Input {
            above,
            up_to: Some(up_to),
        })
    }
}

/// The catalog band (its threshold; None = base band) pricing a line in `band` for a model
/// whose long-context thresholds are `thresholds`; Err(()) when the line's band does not
/// determine one: a long-context line of a model without a long-context price, or a range
/// that straddles a threshold (`0-200k` for a model whose band starts above 100k).
#[allow(clippy::result_unit_err)]
pub fn resolve_band(band: BandRequest, thresholds: &[u64]) -> Result<Option<u64>, ()> {
    match band {
        BandRequest::Base => Ok(None),
        BandRequest::Long => thresholds.iter().max().copied().map(Some).ok_or(()),
        BandRequest::Input { above, up_to } => {
            let band = thresholds.iter().filter(|t| **t <= above).max().copied();
            let straddles = thresholds
                .iter()
                .any(|t| *t > above && up_to.is_none_or(|u| *t < u));
            if straddles || (above > 0 && band.is_none()) {
                Err(())
            } else {
                Ok(band)
            }
        }
    }
}

/// The band of a request with `input_tokens` input tokens for a model with `thresholds`: the
/// highest threshold it exceeds, None for the base band.
pub fn band_of_request(input_tokens: u64, thresholds: &[u64]) -> Option<u64> {
    thresholds
        .iter()
        .filter(|t| input_tokens > **t)
        .max()
        .copied()
}

/// Where a token line ran, as far as prices differ by it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionScope {
    /// No scope (in-region, or not said): the model id as given.
    AsGiven,
    /// A global endpoint or profile: the `global.` / `azure/global/` id where the catalog has
    /// one, else the id as given (LiteLLM's unprefixed ids carry the global list price).
    Global,
    /// A geography (Bedrock geo cross-region, Azure data zone or regional deployment,
    /// Anthropic US-only inference): the id of that geography; with the geography unknown,
    /// the ids of every geography when they agree on the price.
    Geo(Option<String>),
}

impl RegionScope {
    /// Parse a line's `region_scope`: `global`; `geo`, `data_zone`, `regional`, each
    /// optionally `:{geography}`; a bare geography (`us`, `eu`); `not_available` and empty are
    /// as given. None for text it does not understand.
    pub fn parse(text: Option<&str>) -> Option<Self> {
        let Some(t) = text.map(|t| t.trim().to_ascii_lowercase()) else {
            return Some(RegionScope::AsGiven);
        };
        let (scope, geo) = match t.split_once(':') {
            Some((s, g)) => (s.to_string(), Some(g.trim().to_string())),
            None => (t.clone(), None),
        };
        let known_geo = |g: &str| GEOGRAPHIES.contains(&g);
        match scope.as_str() {
            "" | "not_available" | "in_region" => Some(RegionScope::AsGiven),
            "global" => Some(RegionScope::Global),
            "geo" | "data_zone" | "regional" => match geo {
                Some(g) if !known_geo(&g) => None,
                g => Some(RegionScope::Geo(g)),
            },
            g if known_geo(g) && geo.is_none() => Some(RegionScope::Geo(Some(g.to_string()))),
            _ => None,
        }
    }

    /// Groups of catalog ids for a model id in this scope, most specific first. A group of
    /// several ids (an unknown geography) prices only when they all agree.
    pub fn names(&self, model: &str) -> Vec<Vec<String>> {
        match self {
            RegionScope::AsGiven => vec![vec![model.to_string()]],
            RegionScope::Global => {
                let mut out: Vec<Vec<String>> = prefixed(model, "global")
                    .into_iter()
                    .chain(azure_prefixed(model, "global-standard"))
                    .map(|n| vec![n])
                    .collect();
                out.push(vec![model.to_string()]);
                out
            }
            RegionScope::Geo(Some(g)) => {
                // Japan and Australia regions can also use the APAC profile.
                let fallback = matches!(g.as_str(), "jp" | "au").then_some("apac");
                std::iter::once(g.as_str())
                    .chain(fallback)
                    .flat_map(|g| prefixed(model, g))
                    .map(|n| vec![n])
                    .collect()
            }
            RegionScope::Geo(None) => {
                let all: Vec<String> = GEOGRAPHIES
                    .iter()
                    .flat_map(|g| prefixed(model, g))
                    .collect();
                if all.is_empty() { vec![] } else { vec![all] }
            }
        }
    }
}

/// The ids of `model` in geography (or `global`) `geo`: `azure/{geo}/…` for an Azure id,
/// `{geo}.…` for an unprefixed id; an id that already names a scope has none.
fn prefixed(model: &str, geo: &str) -> Vec<String> {
    if let Some(rest) = model.strip_prefix("azure/") {
        return if rest.contains('/') {
            vec![]
        } else {
            vec![format!("azure/{geo}/{rest}")]
        };
    }
    let scoped = model.contains('/')
        || GEOGRAPHIES
            .iter()
            .chain(&["global"])
            .any(|g| model.starts_with(&format!("{g}.")));
    if scoped {
        vec![]
    } else {
        vec![format!("{geo}.{model}")]
    }
}

/// `azure/{scope}/…` for an Azure id only.
fn azure_prefixed(model: &str, scope: &str) -> Vec<String> {
    if model.starts_with("azure/") {
        prefixed(model, scope)
    } else {
        vec![]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_bands() {
        assert_eq!(parse_catalog_band(""), Ok(None));
        assert_eq!(parse_catalog_band(">200k"), Ok(Some(200_000)));
        assert_eq!(parse_catalog_band(">272000"), Ok(Some(272_000)));
        assert!(parse_catalog_band("200k").is_err());
        assert_eq!(format_band(272_000), ">272k");
        assert_eq!(format_band(1500), ">1500");
    }

    #[test]
    fn line_bands_resolve_against_thresholds() {
        let p = |t: &str| BandRequest::parse(Some(t)).unwrap();
        let claude = [200_000];
        assert_eq!(resolve_band(p("0-200k"), &claude), Ok(None));
        assert_eq!(resolve_band(p("200k-1M"), &claude), Ok(Some(200_000)));
        assert_eq!(resolve_band(p(">200k"), &claude), Ok(Some(200_000)));
        assert_eq!(resolve_band(p("LCtx"), &claude), Ok(Some(200_000)));
        assert_eq!(resolve_band(p("ShortCo"), &claude), Ok(None));
        assert_eq!(resolve_band(BandRequest::Base, &claude), Ok(None));
        // A long-context line of a model without a long-context price: unpriced.
        assert_eq!(resolve_band(p("200k-1M"), &[]), Err(()));
        assert_eq!(resolve_band(p("long"), &[]), Err(()));
        assert_eq!(resolve_band(p("0-200k"), &[]), Ok(None));
        // A range across the model's threshold says nothing: 0-200k with a 100k band.
        assert_eq!(resolve_band(p("0-200k"), &[100_000]), Err(()));
        assert_eq!(resolve_band(p("200k-1M"), &[100_000]), Ok(Some(100_000)));
        assert_eq!(resolve_band(p("200k-1M"), &[272_000]), Err(()));
        assert_eq!(BandRequest::parse(Some("medium")), None);
        assert_eq!(BandRequest::parse(None), Some(BandRequest::Base));
    }

    #[test]
    fn request_bands() {
        assert_eq!(band_of_request(200_000, &[200_000]), None);
        assert_eq!(band_of_request(200_001, &[200_000]), Some(200_000));
        assert_eq!(band_of_request(900_000, &[]), None);
    }

    #[test]
    fn region_scopes_name_catalog_ids() {
        let p = |t: &str| RegionScope::parse(Some(t)).unwrap();
        let id = "anthropic.claude-sonnet-4-6";
        assert_eq!(
            p("geo:us").names(id),
            vec![vec!["us.anthropic.claude-sonnet-4-6".to_string()]]
        );
        assert_eq!(
            p("global").names(id),
            vec![
                vec!["global.anthropic.claude-sonnet-4-6".to_string()],
                vec![id.to_string()]
            ]
        );
        assert_eq!(
            p("data_zone:eu").names("azure/gpt-5.4"),
            vec![vec!["azure/eu/gpt-5.4".to_string()]]
        );
        assert_eq!(
            p("geo:jp").names(id),
            vec![
                vec!["jp.anthropic.claude-sonnet-4-6".to_string()],
                vec!["apac.anthropic.claude-sonnet-4-6".to_string()]
            ]
        );
        assert_eq!(p("data_zone").names("azure/gpt-5.4")[0].len(), 7);
        assert_eq!(p("us"), RegionScope::Geo(Some("us".into())));
        assert_eq!(p("not_available"), RegionScope::AsGiven);
        // An id that already names its scope gets no other.
        assert!(p("geo:us").names("eu.amazon.nova-pro-v1:0").is_empty());
        assert_eq!(RegionScope::parse(Some("geo:mars")), None);
    }
}
