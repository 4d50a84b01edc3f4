//! What the revocation targets share: a fixed clock and a certificate with its issuer, loaded
//! once from the README's sample files in tests/data/ (the intermediate of `client.pfx` and
//! `partner-root.cer`, which issued it).

use std::sync::OnceLock;

use certkit::decode::load;
use certkit::model::Certificate;
use certkit::password::Passwords;

/// A time inside the sample certificates' validity.
pub fn now() -> time::OffsetDateTime {
    time::macros::datetime!(2030-01-01 00:00 UTC)
}

/// The sample intermediate CA and the root that issued it.
pub fn certificate_and_issuer() -> (&'static Certificate, &'static Certificate) {
    static PAIR: OnceLock<(Certificate, Certificate)> = OnceLock::new();
    let (cert, issuer) = PAIR.get_or_init(|| {
        let pfx = include_bytes!("../../../tests/data/client.pfx");
        let root = include_bytes!("../../../tests/data/partner-root.cer");
        let bundle = load(pfx, None, &Passwords::fixed(Some("certkit-demo")))
            .expect("tests/data/client.pfx loads");
        let intermediate = bundle
            .certificates
            .into_iter()
            .find(|c| c.is_ca())
            .expect("client.pfx holds its issuing CA");
        let root = load(root, None, &Passwords::fixed(None))
            .expect("tests/data/partner-root.cer loads")
            .certificates
            .remove(0);
        (intermediate, root)
    });
    (cert, issuer)
}
