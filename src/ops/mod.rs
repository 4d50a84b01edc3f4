//! Operations: model in, report out. No clap, no printing.

pub mod cert_text;
pub mod check_private_key;
pub mod config;
pub mod connect;
pub mod convert;
pub mod doctor;
pub mod export_public;
pub mod import;
pub mod inspect;
pub mod inspect_crl;
pub mod inspect_pki;
pub mod inspect_scan;
pub mod schema;
pub mod store;
pub mod summary;
pub mod verify_chain;
