//! Fuzzes OCSP response checking: any bytes as the DER response `verify-chain
//! --ocsp-response` reads or a responder returns, checked for a certificate and its issuer.
//! Refusals are fine; a panic (or a crash in the OpenSSL calls certkit makes directly) is a bug
//! in `src/revocation/ocsp.rs`.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (cert, issuer) = common::certificate_and_issuer();
    let _ = certkit::revocation::ocsp::check(data, cert, issuer, common::now(), None);
});
