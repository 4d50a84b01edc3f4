//! Fuzzes CRL reading: any bytes go through the CRL detector `inspect` and `import` use (DER,
//! or the `X509 CRL` blocks of PEM), and every CRL found through `inspect`'s report, the
//! revocation checker's summary and its check of a certificate. Errors are fine; a panic is a
//! bug in `src/decode/crl.rs`, `src/ops/inspect_crl.rs` or `src/revocation/crl.rs`.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let crls = certkit::decode::crl::crls_in(data);
    let now = common::now();
    let _ = certkit::ops::inspect_crl::crl_reports(&crls, now);
    let (cert, issuer) = common::certificate_and_issuer();
    for der in &crls {
        let _ = certkit::revocation::crl::summary(der);
        let _ = certkit::revocation::crl::issued_for(der, cert);
        let _ = certkit::revocation::crl::check(der, cert, issuer, now);
    }
    // The checker also reads what the detector refused (a CRL downloaded from a URL is DER
    // as is): it must refuse it cleanly.
    let _ = certkit::revocation::crl::summary(data);
    let _ = certkit::revocation::crl::check(data, cert, issuer, now);
});
