//! Operations: model in, report out. No clap, no printing.

pub mod connect;
pub mod import;
pub mod inspect;
pub mod store;
