//! DER output: one certificate, its bytes exactly as they are in the model.
//!
//! A DER file holds a single certificate (what Windows calls "DER encoded binary X.509 (.cer)");
//! the model keeps the original DER, so nothing is re-encoded and thumbprints stay the same.

use crate::model::Certificate;

/// The DER bytes of one certificate.
pub fn certificate(cert: &Certificate) -> Vec<u8> {
    cert.der().to_vec()
}
