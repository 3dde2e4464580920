//! focusql's integration tests: one binary (each extra test binary re-links DataFusion).

mod suite;
