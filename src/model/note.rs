//! Notes a decoder attaches to a file it did read: facts about the bytes a user should know
//! although the contents were usable (the file carries more than the structure it holds).
//! They are part of the model so that every report can show them, typed so JSON readers can
//! act on them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One fact about how a file was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DecodeNote {
    /// Bytes after the end of a complete DER certificate, PKCS#12 or PKCS#7 structure. Windows
    /// pads some PFX exports with zero bytes, which Windows, .NET and OpenSSL ignore; certkit
    /// ignores them too and says so. Non-zero bytes are reported, and when they start with a
    /// complete DER element (a second object appended to the file) its length is given: certkit
    /// reads only the first object.
    TrailingBytes {
        /// How many bytes follow the structure.
        bytes: usize,
        /// Whether every one of them is zero (padding).
        all_zero: bool,
        /// The length of a complete DER element the trailing bytes start with, if they do.
        second_object_bytes: Option<usize>,
    },
}

impl DecodeNote {
    /// One line for human output.
    pub fn message(&self) -> String {
        match self {
            DecodeNote::TrailingBytes {
                bytes,
                all_zero: true,
                ..
            } => format!("{bytes} trailing byte{} after the structure, all zero (padding, as Windows writes it): ignored", plural(*bytes)),
            DecodeNote::TrailingBytes {
                bytes,
                second_object_bytes: Some(object),
                ..
            } => format!("{bytes} trailing byte{} after the structure, starting with a second DER object of {object} bytes that was NOT read: split the file to read it", plural(*bytes)),
            DecodeNote::TrailingBytes { bytes, .. } => format!(
                "{bytes} trailing byte{} after the structure, not all zero: ignored",
                plural(*bytes)
            ),
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
