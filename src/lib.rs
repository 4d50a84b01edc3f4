//! certkit: one scriptable tool for client-certificate (mutual TLS) work.
//!
//! Data flows input → [`decode`] → [`model`] → [`ops`] (operations returning reports) →
//! [`render`] (human or JSON) → [`exit::ExitCode`]; outputs are written from the model by
//! [`encode`]. [`cli`] holds only the clap definitions;
//! [`commands`] is the glue that runs one subcommand.

pub mod accounts;
pub mod cli;
pub mod commands;
pub mod decode;
pub mod encode;
pub mod error;
pub mod exit;
pub mod fsutil;
pub mod input;
pub mod model;
pub mod net;
pub mod ops;
pub mod output;
pub mod password;
pub mod render;
pub mod revocation;
pub mod store;
pub mod verify;
