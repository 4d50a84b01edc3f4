//! Fuzzes the other PKI files `inspect` recognises: certificate requests (PKCS#10, DER or the
//! `CERTIFICATE REQUEST` PEM blocks, `src/decode/csr.rs`) and OCSP requests and responses read
//! from a file (`src/decode/ocsp.rs`), then their reports (`src/ops/inspect_pki.rs`: requested
//! extensions, SANs, the CSR's signature check through OpenSSL) and the JSON they render to.
//! Any bytes must give a report or nothing, never a panic.

#![no_main]

use certkit::decode::{csr, ocsp};
use certkit::ops::inspect_pki;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let requests = csr::csrs_in(data);
    if !requests.is_empty() {
        let reports = inspect_pki::csr_reports(&requests);
        let _ = serde_json::to_vec(&reports);
    }
    if let Some(object) = ocsp::ocsp_in(data) {
        let report = inspect_pki::ocsp_report(&object);
        let _ = serde_json::to_vec(&report);
    }
});
