//! Human renderings of reports. (JSON is the reports' own serde form.)

pub mod check_private_key;
pub mod config;
pub mod connect;
pub mod convert;
pub mod doctor;
pub mod export_public;
pub mod import;
pub mod inspect;
mod inspect_pki;
pub mod inspect_stream;
pub mod store;
pub mod verify_chain;

use comfy_table::{presets, ContentArrangement, Table};

use crate::output::Output;

/// A table that suits where it is printed: borders and wrapping on a terminal, plain
/// space-aligned columns off one (easy to grep and cut).
pub fn new_table(out: &Output, header: &[&str]) -> Table {
    let mut table = Table::new();
    if out.stdout_is_terminal {
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
        if !out.color {
            table.force_no_tty();
        }
    } else {
        table
            .load_style(presets::NOTHING)
            .force_no_tty()
            .set_content_arrangement(ContentArrangement::Disabled);
    }
    table.set_header(header.iter().copied());
    table
}
