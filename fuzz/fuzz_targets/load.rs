//! Fuzzes the loader (PEM scanner, DER, PKCS#7, PKCS#12 with every MAC and encryption,
//! PBMAC1 included): any bytes, with a password or without, must give a bundle or an error,
//! never a panic.

#![no_main]

use certkit::decode::load;
use certkit::password::Passwords;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte chooses the password source so that both the "given password" path and
    // the "try empty and NULL" path are explored; the rest is the file.
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    // 3 is the password of the RFC 9579 (PBMAC1) examples in tests/data/rfc9579/, 4 that of
    // the README's sample client.pfx (fuzz/make-corpus.sh seeds both).
    let passwords = match selector % 5 {
        0 => Passwords::fixed(None),
        1 => Passwords::fixed(Some("secret")),
        2 => Passwords::fixed(Some("")),
        3 => Passwords::fixed(Some("1234")),
        _ => Passwords::fixed(Some("certkit-demo")),
    };
    if let Ok(bundle) = load(bytes, None, &passwords) {
        // Exercise what every command does with a loaded bundle, including the full inspect
        // report (every extension of every certificate).
        let now = time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
        let _ = certkit::ops::inspect::inspect_bundle(String::new(), &bundle, now);
        let _ = bundle.roles();
        let _ = certkit::verify::bundle::chain_order(&bundle, now);
        let _ = bundle.key_matches_leaf();
        for cert in &bundle.certificates {
            let _ = cert.sha1_hex();
            let _ = cert.parsed();
            let _ = cert.to_openssl();
        }
        if let Some(key) = &bundle.private_key {
            let _ = key.description();
        }
        if let Some(details) = &bundle.source.pkcs12 {
            let _ = details.compatibility();
        }
    }
});
