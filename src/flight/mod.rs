//! `focusql serve`: the Arrow Flight SQL endpoint over the one focusql session.
//!
//! [`start`] builds the service and listens; the CLI calls [`serve`], which also registers the
//! saved reports and runs until Ctrl-C.

mod auth;
mod metadata;
mod readonly;
mod reports;
mod run;
mod service;
mod statements;
mod tls;
mod types;

use std::net::SocketAddr;
use std::sync::Arc;

use arrow_flight::flight_service_server::FlightServiceServer;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tonic::service::interceptor::InterceptedService;

pub use auth::Authenticator;
pub use reports::{REPORTS_SCHEMA, register_reports};
pub use run::{QueryLimits, Running};
pub use service::FlightSqlServer;
pub use types::{client_schema, client_type};

use crate::config::{Config, ServeConfig};
use crate::error::{Error, Result};
use crate::session::{FocusSession, build};

/// Largest request or response message (a big parameter batch or result batch).
const MAX_MESSAGE_BYTES: usize = 64 << 20;

/// A running server.
pub struct Server {
    /// The address it listens on (the real port when 0 was asked for).
    pub addr: SocketAddr,
    /// The queries running now.
    pub running: Arc<Running>,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<std::result::Result<(), tonic::transport::Error>>,
}

impl Server {
    /// Stop accepting calls and wait for the server to end.
    pub async fn stop(self) -> Result<()> {
        let _ = self.shutdown.send(());
        match self.task.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(Error::msg(format!("Flight SQL server: {e}"))),
            Err(e) => Err(Error::msg(format!("Flight SQL server task: {e}"))),
        }
    }
}

/// Check settings that would make the server unsafe or unusable.
pub fn check_settings(settings: &ServeConfig, addr: &SocketAddr) -> Result<()> {
    if !settings.auth && !addr.ip().is_loopback() {
        return Err(Error::config(format!(
            "authentication can be turned off on a loopback address only, not on {addr}"
        )));
    }
    if settings.auth && settings.users.is_empty() && settings.tokens.is_empty() {
        return Err(Error::config(
            "no users or tokens: add --user NAME:PASSWORD or --token TOKEN (or [serve] users), \
             or --no-auth on a loopback address",
        ));
    }
    if settings.tls_cert.is_some() != settings.tls_key.is_some() {
        return Err(Error::config(
            "TLS needs both a certificate and a key (--tls-cert and --tls-key)",
        ));
    }
    Ok(())
}

/// Start serving `session` as the settings say; returns once the server listens.
pub async fn start(session: Arc<FocusSession>, settings: &ServeConfig) -> Result<Server> {
    let addr: SocketAddr = settings
        .listen
        .parse()
        .map_err(|e| Error::config(format!("listen address '{}': {e}", settings.listen)))?;
    check_settings(settings, &addr)?;
    let auth = Arc::new(Authenticator::new(
        settings.auth,
        settings.users.clone(),
        &settings.tokens,
    ));
    let limits = QueryLimits {
        memory: settings.query_memory_limit,
        timeout: settings.query_timeout,
    };
    let runner = run::Runner::new(
        Arc::clone(&session),
        limits,
        settings.max_concurrent_queries,
    );
    let read_only = match settings.read_only {
        true => Some(readonly::AllowedScans::of(&session.ctx).await?),
        false => None,
    };
    let service = FlightSqlServer::new(session, read_only, Arc::clone(&auth), runner)?;
    let running = service.running();
    let service = FlightServiceServer::new(service)
        .max_decoding_message_size(MAX_MESSAGE_BYTES)
        .max_encoding_message_size(MAX_MESSAGE_BYTES);
    let service = InterceptedService::new(service, auth.interceptor());
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| Error::msg(format!("cannot listen on {addr}: {e}")))?;
    let addr = listener.local_addr()?;
    let (shutdown, on_shutdown) = oneshot::channel::<()>();
    let signal = async {
        let _ = on_shutdown.await;
    };
    let router = tonic::transport::Server::builder().add_service(service);
    let task = match (&settings.tls_cert, &settings.tls_key) {
        (Some(cert), Some(key)) => {
            let incoming = tls::incoming(listener, cert, key)?;
            tokio::spawn(router.serve_with_incoming_shutdown(incoming, signal))
        }
        _ => {
            let incoming = tonic::transport::server::TcpIncoming::from(listener);
            tokio::spawn(router.serve_with_incoming_shutdown(incoming, signal))
        }
    };
    Ok(Server {
        addr,
        running,
        shutdown,
        task,
    })
}

/// `focusql serve`: build the session, add the reports, listen until Ctrl-C.
pub async fn serve(config: &Config) -> Result<()> {
    let session = build(config).await?;
    let reports = register_reports(&session, &config.serve.reports).await?;
    let server = start(Arc::new(session), &config.serve).await?;
    let scheme = if config.serve.tls_cert.is_some() {
        "grpc+tls"
    } else {
        "grpc"
    };
    eprintln!(
        "focusql Flight SQL listening on {scheme}://{} ({}, {}, {} report view(s)); Ctrl-C stops",
        server.addr,
        if config.serve.read_only {
            "read-only"
        } else {
            "read-write"
        },
        if config.serve.auth {
            "authentication on"
        } else {
            "authentication OFF"
        },
        reports.len()
    );
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| Error::msg(format!("waiting for Ctrl-C: {e}")))?;
    server.stop().await
}
