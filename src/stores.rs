//! Object stores for sources on Amazon S3, Azure Blob Storage / ADLS Gen2 and Google Cloud
//! Storage: one store per bucket or container, built from the environment (the variables each
//! cloud's own tools use) plus the source's `options` from `focusql.toml`, and registered on
//! the session before the sources are listed.

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::prelude::SessionContext;
use focusql_catalogs::SourceSpec;
use object_store::ObjectStore;
use object_store::aws::AmazonS3Builder;
use object_store::azure::MicrosoftAzureBuilder;
use object_store::gcp::GoogleCloudStorageBuilder;
use object_store::path::Path as StorePath;
use url::Url;

use crate::error::{Error, Result};

/// Store settings of one source (`options = { endpoint = "...", ... }` in `focusql.toml`):
/// key names are those of object_store's `AmazonS3ConfigKey`, `AzureConfigKey` and
/// `GoogleConfigKey` (`endpoint`, `region`, `allow_http`, `access_key_id`, `account_name`,
/// `use_emulator`, `service_account_path`, ...).
pub type StoreOptions = BTreeMap<String, String>;

/// The cloud a URL scheme belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cloud {
    S3,
    Azure,
    Gcs,
}

impl Cloud {
    fn from_scheme(scheme: &str) -> Option<Cloud> {
        match scheme {
            "s3" | "s3a" => Some(Cloud::S3),
            "az" | "azure" | "abfs" | "abfss" | "adl" => Some(Cloud::Azure),
            "gs" => Some(Cloud::Gcs),
            _ => None,
        }
    }
}

/// Register a store for every source whose location is an S3, Azure or GCS URL, after one
/// listing of the source's folder, so a missing bucket, wrong credentials or an unreachable
/// endpoint is reported as one line naming the source. Sources in the same bucket share one
/// store; they must then have the same options.
pub async fn register(
    ctx: &SessionContext,
    sources: &[SourceSpec],
    options: &BTreeMap<String, StoreOptions>,
) -> Result<()> {
    for SourceStore { spec, url, store } in stores_for(sources, options)? {
        check(store.as_ref(), &spec.location)
            .await
            .map_err(|e| source_error(spec, &reason(&e)))?;
        ctx.register_object_store(&url, store);
    }
    Ok(())
}

/// An object-store source, its bucket URL and the store for that bucket.
#[derive(Debug)]
struct SourceStore<'a> {
    spec: &'a SourceSpec,
    url: Url,
    store: Arc<dyn ObjectStore>,
}

/// The store of each object-store source, built without touching the network.
fn stores_for<'a>(
    sources: &'a [SourceSpec],
    options: &BTreeMap<String, StoreOptions>,
) -> Result<Vec<SourceStore<'a>>> {
    let none = StoreOptions::new();
    let mut stores: Vec<SourceStore> = Vec::new();
    // DataFusion's registry key (scheme://host) → the source, bucket URL and options there.
    let mut seen: BTreeMap<String, (&str, Url, &StoreOptions)> = BTreeMap::new();
    for spec in sources {
        let Some((cloud, url)) = store_url(&spec.location) else {
            continue;
        };
        let opts = options.get(&spec.name).unwrap_or(&none);
        let key = format!("{}://{}", url.scheme(), url.host_str().unwrap_or(""));
        let store = match seen.get(&key) {
            Some((other, other_url, other_opts)) if *other_url == url && *other_opts == opts => {
                let shared = stores.iter().find(|s| s.spec.name == *other);
                Arc::clone(&shared.expect("a store for every seen source").store)
            }
            Some((other, ..)) => {
                return Err(Error::config(format!(
                    "sources '{other}' and '{}' are in the same store ({key}) with different \
                     containers or options; give them the same options",
                    spec.name
                )));
            }
            None => build(cloud, &url, opts).map_err(|e| source_error(spec, &one_line(&e)))?,
        };
        seen.insert(key, (spec.name.as_str(), url.clone(), opts));
        stores.push(SourceStore { spec, url, store });
    }
    Ok(stores)
}

fn source_error(spec: &SourceSpec, reason: &str) -> Error {
    Error::msg(format!(
        "source '{}' ({}): {reason}",
        spec.name, spec.location
    ))
}

/// List the folder of a location (the part before any glob character) once.
async fn check(store: &dyn ObjectStore, location: &str) -> object_store::Result<()> {
    let path = Url::parse(location)
        .map(|u| u.path().to_string())
        .unwrap_or_default();
    let literal = &path[..path.find(['*', '?', '[']).unwrap_or(path.len())];
    let folder = literal[..literal.rfind('/').unwrap_or(0)].trim_start_matches('/');
    let prefix = (!folder.is_empty()).then(|| StorePath::from(folder));
    store.list_with_delimiter(prefix.as_ref()).await.map(|_| ())
}

/// Why a store request failed, short: the service's error code and message when it sent one
/// (`NoSuchBucket: The specified bucket does not exist (HTTP 404 Not Found)`), else the error.
fn reason(error: &object_store::Error) -> String {
    let text = error.to_string();
    // Without credentials, the builders fall back to the cloud's instance metadata service.
    if text.contains("169.254.169.254") || text.contains("metadata.google.internal") {
        return format!(
            "no credentials found (set them in the environment or the source's options; \
             the instance metadata service gave none: {})",
            one_line(error)
        );
    }
    let between = |open: &str, close: &str| {
        let start = text.find(open)? + open.len();
        let len = text[start..].find(close)?;
        Some(text[start..start + len].to_string())
    };
    let code = between("<Code>", "</Code>");
    let message = between("<Message>", "</Message>");
    let status = between("status code: ", ": ");
    match (code, message) {
        (Some(code), Some(message)) => {
            let message = message.lines().next().unwrap_or("").trim();
            match status {
                Some(status) => format!("{code}: {message} (HTTP {status})"),
                None => format!("{code}: {message}"),
            }
        }
        _ => one_line(error),
    }
}

/// The bucket URL (`scheme://bucket/`) of an object store location, or None for local paths
/// and schemes focusql does not build stores for.
fn store_url(location: &str) -> Option<(Cloud, Url)> {
    let url = Url::parse(location).ok()?;
    let cloud = Cloud::from_scheme(url.scheme())?;
    let bucket = Url::parse(&format!(
        "{}://{}/",
        url.scheme(),
        &url[url::Position::BeforeUsername..url::Position::AfterPort]
    ))
    .ok()?;
    Some((cloud, bucket))
}

/// Build one store: environment first, then the source's options, then the bucket from the URL.
fn build(
    cloud: Cloud,
    url: &Url,
    options: &StoreOptions,
) -> object_store::Result<Arc<dyn ObjectStore>> {
    Ok(match cloud {
        Cloud::S3 => {
            let mut builder = AmazonS3Builder::from_env();
            for (key, value) in options {
                builder = builder.with_config(key.to_ascii_lowercase().parse()?, value);
            }
            Arc::new(builder.with_url(url.as_str()).build()?)
        }
        Cloud::Azure => {
            let mut builder = MicrosoftAzureBuilder::from_env();
            for (key, value) in options {
                builder = builder.with_config(key.to_ascii_lowercase().parse()?, value);
            }
            Arc::new(builder.with_url(url.as_str()).build()?)
        }
        Cloud::Gcs => {
            let mut builder = GoogleCloudStorageBuilder::from_env();
            for (key, value) in options {
                builder = builder.with_config(key.to_ascii_lowercase().parse()?, value);
            }
            Arc::new(builder.with_url(url.as_str()).build()?)
        }
    })
}

/// An object store error as one line.
fn one_line(error: &object_store::Error) -> String {
    error
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str, location: &str) -> SourceSpec {
        SourceSpec {
            name: name.into(),
            format: None,
            location: location.into(),
        }
    }

    #[test]
    fn bucket_urls() {
        let (cloud, url) = store_url("s3://bills/cur/2026-01/*.csv.gz").unwrap();
        assert_eq!((cloud, url.as_str()), (Cloud::S3, "s3://bills/"));
        let (cloud, url) = store_url("abfss://fs@acct.dfs.core.windows.net/exports/").unwrap();
        assert_eq!(
            (cloud, url.as_str()),
            (Cloud::Azure, "abfss://fs@acct.dfs.core.windows.net/")
        );
        let (cloud, url) = store_url("gs://b/x.parquet").unwrap();
        assert_eq!((cloud, url.as_str()), (Cloud::Gcs, "gs://b/"));
        assert!(store_url("exports/aws/").is_none());
        assert!(store_url("/abs/path").is_none());
        assert!(store_url("demo://focusql/x/").is_none());
    }

    fn generic(text: &str) -> object_store::Error {
        object_store::Error::Generic {
            store: "S3",
            source: text.into(),
        }
    }

    #[test]
    fn reasons_are_short() {
        let e = generic(
            "Error performing GET http://h/b?list-type=2 in 5ms - Server returned non-2xx status \
             code: 404 Not Found: <?xml version=\"1.0\"?>\n<Error><Code>NoSuchBucket</Code>\
             <Message>The specified bucket does not exist</Message><RequestId>x</RequestId></Error>",
        );
        assert_eq!(
            reason(&e),
            "NoSuchBucket: The specified bucket does not exist (HTTP 404 Not Found)"
        );
        let e = generic("Error performing PUT http://169.254.169.254/latest/api/token: 403");
        assert!(
            reason(&e).starts_with("no credentials found"),
            "{}",
            reason(&e)
        );
        let e = generic("Error performing GET http://h/b\n - HTTP error: error sending request");
        assert_eq!(
            reason(&e),
            "Generic S3 error: Error performing GET http://h/b - HTTP error: error sending request"
        );
    }

    #[test]
    fn options_reach_the_builder_and_errors_name_the_source() {
        let mut options = BTreeMap::new();
        options.insert(
            "a".to_string(),
            StoreOptions::from([
                ("region".to_string(), "eu-west-1".to_string()),
                ("endpoint".to_string(), "http://127.0.0.1:1".to_string()),
                ("allow_http".to_string(), "true".to_string()),
            ]),
        );
        let sources = [
            spec("a", "s3://bills/cur/"),
            spec("a2", "s3://bills/other/"),
        ];
        let mut same = options.clone();
        same.insert("a2".to_string(), options["a"].clone());
        let stores = stores_for(&sources, &same).unwrap();
        assert_eq!(stores.len(), 2);
        assert!(
            Arc::ptr_eq(&stores[0].store, &stores[1].store),
            "one store per bucket"
        );
        assert!(
            stores[0].store.to_string().contains("bills"),
            "{}",
            stores[0].store
        );

        options.insert(
            "b".to_string(),
            StoreOptions::from([("no_such_key".to_string(), "x".to_string())]),
        );
        let err = stores_for(&[spec("b", "s3://other/")], &options)
            .expect_err("an unknown key fails")
            .to_string();
        assert!(err.contains("source 'b' (s3://other/)"), "{err}");
        assert!(err.contains("no_such_key"), "{err}");
        assert!(!err.contains('\n'), "{err}");

        let err = stores_for(
            &[spec("a", "s3://bills/x/"), spec("c", "s3://bills/y/")],
            &options,
        )
        .expect_err("different options in one bucket fail")
        .to_string();
        assert!(err.contains("sources 'a' and 'c'"), "{err}");
    }
}
