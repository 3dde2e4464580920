//! focusql: a SQL query engine for FinOps billing data, presented as FOCUS tables.
//!
//! Every interface (the command line, the shell, the Flight SQL endpoint) gets its session
//! from [`session::build`], so a table or function that works in one works in all.

pub mod cli;
pub mod config;
pub mod demo;
pub mod dialect_ast;
pub mod error;
pub mod export;
pub mod flight;
pub mod identifiers;
pub mod output;
pub mod report;
pub mod session;
pub mod shell;
pub mod stores;
pub mod suggest;
pub mod validate;
pub mod yielding;

pub use config::Config;
pub use error::{Error, Result};
pub use session::{FocusSession, build};
