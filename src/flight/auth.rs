//! Authentication: basic auth (user and password) in the handshake gives a bearer token; every
//! call carries a bearer token (issued or configured) or basic credentials.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use base64::Engine;
use base64::prelude::BASE64_STANDARD_NO_PAD;
use tonic::metadata::MetadataMap;
use tonic::{Request, Status};

use super::statements::lock;

/// Who may call: users with passwords, static tokens, and the tokens issued by handshakes.
#[derive(Debug)]
pub struct Authenticator {
    enabled: bool,
    users: BTreeMap<String, String>,
    issued: Mutex<HashMap<String, String>>,
}

impl Authenticator {
    /// An authenticator; with `enabled` false every call is let in.
    pub fn new(enabled: bool, users: BTreeMap<String, String>, tokens: &[String]) -> Self {
        let issued = tokens
            .iter()
            .map(|t| (t.clone(), "token".to_string()))
            .collect();
        Authenticator {
            enabled,
            users,
            issued: Mutex::new(issued),
        }
    }

    /// The user a call's `authorization` header names, or an `unauthenticated` status.
    pub fn user(&self, metadata: &MetadataMap) -> Result<String, Status> {
        if !self.enabled {
            return Ok("anonymous".into());
        }
        let header = metadata
            .get("authorization")
            .ok_or_else(|| {
                Status::unauthenticated(
                    "no credentials: log in with a user and password or a bearer token",
                )
            })?
            .to_str()
            .map_err(|_| Status::unauthenticated("the authorization header is not text"))?;
        let (scheme, value) = header.split_once(' ').unwrap_or((header, ""));
        match scheme.to_ascii_lowercase().as_str() {
            "bearer" => lock(&self.issued)
                .get(value.trim())
                .cloned()
                .ok_or_else(|| Status::unauthenticated("invalid or expired bearer token")),
            "basic" => self.check_basic(value.trim()),
            _ => Err(Status::unauthenticated(format!(
                "unsupported authorization scheme '{scheme}' (use Basic or Bearer)"
            ))),
        }
    }

    /// Check `user:password` in base64 (padded or not: Go's Flight client leaves it out).
    fn check_basic(&self, encoded: &str) -> Result<String, Status> {
        let bad = || Status::unauthenticated("wrong user name or password");
        let decoded = BASE64_STANDARD_NO_PAD
            .decode(encoded.trim_end_matches('='))
            .map_err(|_| Status::unauthenticated("basic credentials are not base64"))?;
        let text = String::from_utf8(decoded).map_err(|_| bad())?;
        let (user, password) = text.split_once(':').ok_or_else(bad)?;
        match self.users.get(user) {
            Some(expected) if constant_time_eq(expected.as_bytes(), password.as_bytes()) => {
                Ok(user.to_string())
            }
            _ => Err(bad()),
        }
    }

    /// Issue a bearer token for a user who logged in.
    pub fn issue(&self, user: &str) -> String {
        let token = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        lock(&self.issued).insert(token.clone(), user.to_string());
        token
    }

    /// The bearer token a handshake answers with: the caller's own when it sent one.
    pub fn handshake_token(&self, metadata: &MetadataMap) -> Result<String, Status> {
        let user = self.user(metadata)?;
        if !self.enabled {
            return Ok(String::new());
        }
        let header = metadata
            .get("authorization")
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default();
        match header.split_once(' ') {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
                Ok(token.trim().to_string())
            }
            _ => Ok(self.issue(&user)),
        }
    }

    /// A tonic interceptor that refuses calls without valid credentials.
    pub fn interceptor(
        self: &Arc<Self>,
    ) -> impl Fn(Request<()>) -> Result<Request<()>, Status> + Clone + Send + Sync + 'static {
        let auth = Arc::clone(self);
        move |request: Request<()>| {
            auth.user(request.metadata())?;
            Ok(request)
        }
    }
}

/// Compare secrets without stopping at the first differing byte.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::prelude::BASE64_STANDARD;

    fn metadata(value: &str) -> MetadataMap {
        let mut m = MetadataMap::new();
        m.insert("authorization", value.parse().unwrap());
        m
    }

    #[test]
    fn basic_bearer_and_refusals() {
        let users = BTreeMap::from([("alice".to_string(), "pw".to_string())]);
        let auth = Authenticator::new(true, users, &["static".to_string()]);
        let basic = format!("Basic {}", BASE64_STANDARD.encode("alice:pw"));
        assert_eq!(auth.user(&metadata(&basic)).unwrap(), "alice");
        let token = auth.handshake_token(&metadata(&basic)).unwrap();
        assert_eq!(
            auth.user(&metadata(&format!("Bearer {token}"))).unwrap(),
            "alice"
        );
        assert!(auth.user(&metadata("Bearer static")).is_ok());
        let unpadded = format!("Basic {}", BASE64_STANDARD_NO_PAD.encode("alice:pw"));
        assert_eq!(auth.user(&metadata(&unpadded)).unwrap(), "alice");
        let wrong = format!("Basic {}", BASE64_STANDARD.encode("alice:nope"));
        let status = auth.user(&metadata(&wrong)).unwrap_err();
        assert_eq!(status.code(), tonic::Code::Unauthenticated);
        assert!(auth.user(&metadata("Bearer guess")).is_err());
        assert!(auth.user(&MetadataMap::new()).is_err());
        let open = Authenticator::new(false, BTreeMap::new(), &[]);
        assert!(open.user(&MetadataMap::new()).is_ok());
    }
}
