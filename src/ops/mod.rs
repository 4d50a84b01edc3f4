//! Operations: model in, report out. No clap, no printing.

pub mod inspect;
pub mod verify_chain;
