//! `tag(tags, key)`: a tag's value from a FOCUS JSON tags column (Tags, AllocatedTags), with
//! case-insensitive keys and configured aliases.
//!
//! Keys match without regard to case (`team`, `Team` and `TEAM` are one key). Aliases name
//! other keys that mean the same thing: with `team = ["owner_team", "cost-center-team"]`,
//! `tag(Tags, 'team')` returns the first of `team`, `owner_team`, `cost-center-team` that the
//! row has (in that order; among keys differing only in case, the first in the JSON object).
//! Asking for an alias (`tag(Tags, 'owner_team')`) looks up the whole group too. A string value
//! is returned unquoted, any other JSON value as its JSON text; a missing key, JSON null, a NULL
//! or malformed tags value gives NULL.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, StringArray};
use arrow::datatypes::DataType;
use datafusion::common::{Result, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};

use crate::dialect::{invoke_arrays, is_string};
use crate::strings::to_string_array;

/// Tag key aliases: a canonical key and the other keys that mean it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct TagAliases {
    /// Lower-case key → the lower-case keys of its group, canonical first.
    groups: BTreeMap<String, Vec<String>>,
}

impl TagAliases {
    /// Aliases from `canonical → [alias, ...]` pairs (as written in focusql.toml).
    pub fn new<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a [String])>) -> TagAliases {
        let mut groups = BTreeMap::new();
        for (canonical, aliases) in pairs {
            let mut group = vec![canonical.to_lowercase()];
            for a in aliases {
                let a = a.to_lowercase();
                if !group.contains(&a) {
                    group.push(a);
                }
            }
            for key in &group {
                groups.entry(key.clone()).or_insert_with(|| group.clone());
            }
        }
        TagAliases { groups }
    }

    /// The keys to look for, in order, when asked for `key`.
    pub fn keys_for(&self, key: &str) -> Vec<String> {
        let key = key.to_lowercase();
        self.groups.get(&key).cloned().unwrap_or_else(|| vec![key])
    }
}

/// The value of the first of `keys` (lower-case, in order) that a tags JSON object has.
pub fn lookup(tags: &str, keys: &[String]) -> Option<String> {
    let serde_json::Value::Object(map) = serde_json::from_str::<serde_json::Value>(tags).ok()?
    else {
        return None;
    };
    for key in keys {
        if let Some((_, value)) = map.iter().find(|(k, _)| k.to_lowercase() == *key) {
            return match value {
                serde_json::Value::Null => None,
                serde_json::Value::String(s) => Some(s.clone()),
                other => Some(other.to_string()),
            };
        }
    }
    None
}

/// `tag(tags, key)`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Tag {
    aliases: TagAliases,
    signature: Signature,
}

/// The `tag` function with the given aliases.
pub fn tag_udf(aliases: TagAliases) -> ScalarUDF {
    ScalarUDF::new_from_impl(Tag {
        aliases,
        signature: Signature::any(2, Volatility::Immutable),
    })
}

impl ScalarUDFImpl for Tag {
    fn name(&self) -> &str {
        "tag"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        let ok = |t: &DataType| is_string(t) || matches!(t, DataType::Null);
        if arg_types.iter().all(ok) {
            Ok(DataType::Utf8)
        } else {
            plan_err!("tag takes (tags JSON text, key text); it was called with ({arg_types:?})")
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        invoke_arrays(&args, |arrays| self.lookup_arrays(arrays))
    }
}

impl Tag {
    fn lookup_arrays(&self, arrays: &[ArrayRef]) -> Result<ArrayRef> {
        let tags = to_string_array(&arrays[0])?;
        let keys = to_string_array(&arrays[1])?;
        let mut last: Option<(String, Vec<String>)> = None;
        let mut out = Vec::with_capacity(tags.len());
        for (t, k) in tags.iter().zip(keys.iter()) {
            let (Some(t), Some(k)) = (t, k) else {
                out.push(None);
                continue;
            };
            if last.as_ref().is_none_or(|(key, _)| key != k) {
                last = Some((k.to_string(), self.aliases.keys_for(k)));
            }
            let group = last.as_ref().map(|(_, g)| g.as_slice()).unwrap_or_default();
            out.push(lookup(t, group));
        }
        Ok(Arc::new(StringArray::from(out)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn aliases() -> TagAliases {
        let team = vec!["Owner_Team".to_string(), "team-name".to_string()];
        TagAliases::new([("team", team.as_slice())])
    }

    #[test]
    fn aliases_and_case() {
        let a = aliases();
        assert_eq!(a.keys_for("TEAM"), vec!["team", "owner_team", "team-name"]);
        assert_eq!(
            a.keys_for("owner_team"),
            vec!["team", "owner_team", "team-name"]
        );
        assert_eq!(a.keys_for("env"), vec!["env"]);
        let keys = a.keys_for("team");
        assert_eq!(lookup(r#"{"Team":"pay"}"#, &keys).as_deref(), Some("pay"));
        assert_eq!(
            lookup(r#"{"owner_team":"x","TEAM":"y"}"#, &keys).as_deref(),
            Some("y")
        );
        assert_eq!(lookup(r#"{"team-name":3}"#, &keys).as_deref(), Some("3"));
        assert_eq!(lookup(r#"{"team":null}"#, &keys), None);
        assert_eq!(lookup(r#"{"team":"#, &keys), None);
        assert_eq!(lookup(r#"["team"]"#, &keys), None);
    }

    proptest! {
        /// However a key is cased in the data or in the call, the lookup finds it.
        #[test]
        fn case_insensitive(key in "[a-z_]{1,12}", value in "[a-zA-Z0-9 ]{0,12}", flips in prop::collection::vec(any::<bool>(), 12)) {
            let cased: String = key.chars().zip(flips.iter().cycle())
                .map(|(c, up)| if *up { c.to_ascii_uppercase() } else { c }).collect();
            let json = serde_json::json!({ cased.clone(): value.clone() }).to_string();
            let a = TagAliases::default();
            prop_assert_eq!(lookup(&json, &a.keys_for(&key)), Some(value.clone()));
            prop_assert_eq!(lookup(&json, &a.keys_for(&key.to_uppercase())), Some(value));
        }
    }
}
