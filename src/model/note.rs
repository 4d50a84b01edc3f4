//! Notes a decoder attaches to a file it did read: facts about the bytes a user should know
//! although the contents were usable (the file carries more than the structure it holds).
//! They are part of the model so that every report can show them, typed so JSON readers can
//! act on them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::ErrorKind;

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
    /// A part of the file that could not be read while the rest was (`inspect` reads what it
    /// can). `incomplete` parts are ones a user relies on (a private key, a damaged
    /// certificate or key block): the file was not fully read and `inspect` exits 1. Parts
    /// certkit does not model (an unknown PEM label, PKCS#12 secret bags) are informational.
    UnreadPart {
        /// Which part: `PEM block 2 (ENCRYPTED PRIVATE KEY)`.
        part: String,
        /// Why, as the error kind reading it alone would have given.
        reason_kind: ErrorKind,
        /// Why, in words (never a secret).
        reason: String,
        /// Whether the file counts as not fully read.
        incomplete: bool,
    },
    /// PKCS#12 secret bags (passwords, symmetric keys: Java `-importpass`/`-genseckey`, Oracle
    /// wallets). Not certificate material: counted, not shown. A keystore holding only these
    /// is read as "0 certificates" with this note, not as damaged.
    SecretBags {
        /// How many the file's unencrypted safes hold.
        count: usize,
    },
}

impl DecodeNote {
    /// Does this note mean the file was not fully read (see [`DecodeNote::UnreadPart`])?
    pub fn incomplete(&self) -> bool {
        matches!(
            self,
            DecodeNote::UnreadPart {
                incomplete: true,
                ..
            }
        )
    }

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
            DecodeNote::UnreadPart { part, reason, .. } => format!("{part} not read: {reason}"),
            DecodeNote::SecretBags { count } => format!(
                "{count} secret bag{} (passwords or symmetric keys: not certificate material, not shown)",
                plural(*count)
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
