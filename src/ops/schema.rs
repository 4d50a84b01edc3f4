//! The published JSON contract: which report type each `--json` document is, and its JSON
//! Schema, generated from the types themselves so that the types stay the one source.
//!
//! The generated schemas are committed under `schema/` (one file per document); the test
//! `tests/json_schema.rs` fails when they drift from the types and validates real outputs of
//! every command against them.

use schemars::{JsonSchema, Schema};

use crate::error::ErrorDocument;
use crate::ops::check_private_key::CheckReport;
use crate::ops::config::ConfigReport;
use crate::ops::connect::ConnectReport;
use crate::ops::convert::ConvertReport;
use crate::ops::doctor::DoctorReport;
use crate::ops::export_public::ExportReport;
use crate::ops::import::ImportReport;
use crate::ops::inspect::InspectReport;
use crate::ops::store::{ChangeReport, ListReport, PathReport, ShowReport};
use crate::ops::verify_chain::VerifyReport;

/// One `--json` document: its schema file name, the commands that print it, its version and
/// its schema.
pub struct Document {
    /// File name under `schema/` (`inspect.json`).
    pub file: &'static str,
    /// The commands whose `--json` output this is.
    pub commands: &'static str,
    pub version: u32,
    pub schema: Schema,
}

/// What `--json` prints on exit 2, written once: in the README ("JSON output") and in the
/// descriptions of `error.json` and `inspect.json`, and checked per command by
/// `tests/json_exit2.rs`.
pub const EXIT_2_RULE: &str = "On exit 2 (an error) --json prints exactly one document: the \
error document (error.json, a top-level `error`), except inspect once it has read its inputs, \
which prints its own document with an `error` (kind, message) on each input that could not be \
read, the other inputs still described. A consumer tells them apart by the top-level key: \
`error` or `inputs`.";

/// Every document certkit prints with `--json`, in a stable order.
pub fn documents() -> Vec<Document> {
    let mut documents = vec![
        document::<InspectReport>("inspect.json", "inspect", InspectReport::VERSION),
        document::<crate::ops::inspect_scan::Line>(
            "inspect-lines.json",
            "inspect --json-lines (each line)",
            crate::ops::inspect_scan::Line::VERSION,
        ),
        document::<ConvertReport>("convert.json", "convert", ConvertReport::VERSION),
        document::<CheckReport>(
            "check-private-key.json",
            "check-private-key",
            CheckReport::VERSION,
        ),
        document::<ExportReport>("export-public.json", "export-public", ExportReport::VERSION),
        document::<VerifyReport>("verify-chain.json", "verify-chain", VerifyReport::VERSION),
        document::<ImportReport>("import.json", "import", ImportReport::VERSION),
        document::<PathReport>("store-path.json", "store path", PathReport::VERSION),
        document::<ListReport>("store-list.json", "store list", ListReport::VERSION),
        document::<ShowReport>("store-show.json", "store show", ShowReport::VERSION),
        document::<ChangeReport>(
            "store-change.json",
            "store remove, store grant",
            ChangeReport::VERSION,
        ),
        document::<ConnectReport>("connect.json", "connect", ConnectReport::VERSION),
        document::<ConfigReport>("config.json", "config", ConfigReport::VERSION),
        document::<DoctorReport>("doctor.json", "doctor", DoctorReport::VERSION),
        document::<ErrorDocument>(
            "error.json",
            "every command, on error (exit 2)",
            ErrorDocument::VERSION,
        ),
    ];
    for doc in &mut documents {
        if doc.file == "error.json" || doc.file == "inspect.json" {
            let description = format!(
                "{}. {EXIT_2_RULE}",
                doc.schema
                    .get("description")
                    .and_then(|d| d.as_str())
                    .unwrap_or_default()
            );
            doc.schema.insert("description".into(), description.into());
        }
    }
    documents
}

fn document<T: JsonSchema>(file: &'static str, commands: &'static str, version: u32) -> Document {
    let mut schema = schemars::schema_for!(T);
    // The document's version is fixed for a given schema: say so, so that a consumer
    // validating an output learns when the format moved on.
    if let Some(property) = schema
        .get_mut("properties")
        .and_then(|p| p.get_mut("version"))
        .and_then(|v| v.as_object_mut())
    {
        property.insert("const".into(), version.into());
    }
    schema.insert(
        "description".into(),
        format!("certkit --json output of `{commands}`, version {version}").into(),
    );
    Document {
        file,
        commands,
        version,
        schema,
    }
}

/// The text of a schema file as committed: pretty JSON and a final newline.
pub fn to_file_text(schema: &Schema) -> String {
    let mut text = serde_json::to_string_pretty(schema).expect("a schema serializes");
    text.push('\n');
    text
}
