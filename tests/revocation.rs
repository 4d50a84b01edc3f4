//! Revocation (CRL and OCSP) in `certkit verify-chain` against the test PKI of
//! `revocation/pki.rs`: OCSP answers (good, revoked with each reason, unknown, responder down,
//! delegated and unauthorised signers, saved and stale responses) and CRLs (over http, from
//! files, expired, wrongly signed, delta CRLs).
//!
//! Every scenario is also put to OpenSSL (`openssl verify -crl_check_all` or `openssl ocsp`)
//! and the two answers are compared; where they differ by design the test says why.

mod common;
#[path = "revocation/pki.rs"]
mod pki;

use certkit::revocation::status::{Reason, SourceKind, State, Why};
use certkit::verify::checks::FindingKind;
use common::Env;
use pki::*;

#[test]
fn ocsp_answers_good_revoked_with_each_reason_and_unknown() {
    let env = Env::new();
    let pki = Pki::new(&env);
    pki.publish(&env);
    let good = pki.leaf(&env, "good", true, false);
    let reasons = [
        ("unspecified", Reason::Unspecified),
        ("keyCompromise", Reason::KeyCompromise),
        ("CACompromise", Reason::CaCompromise),
        ("affiliationChanged", Reason::AffiliationChanged),
        ("superseded", Reason::Superseded),
        ("cessationOfOperation", Reason::CessationOfOperation),
        ("certificateHold", Reason::CertificateHold),
    ];
    let mut revoked = Vec::new();
    for (i, (name, reason)) in reasons.iter().enumerate() {
        let cert = pki.leaf(&env, &format!("revoked{i}"), true, false);
        pki.int.revoke(&env, &cert, name);
        revoked.push((cert, *name, *reason));
    }
    // A certificate signed with the issuing CA's key but never entered in its index: the
    // responder does not know it.
    let shadow = Ca::with_folder(&env, "shadow", pki.int.cert.clone(), pki.int.key.clone());
    let stranger = shadow.issue(
        &env,
        "stranger",
        "stranger.example.com",
        &leaf_ext(&format!(
            "authorityInfoAccess=OCSP;URI:{}\n",
            pki.http.url("ocsp")
        )),
    );

    let (code, report) = certkit(&env, &pki, &good, &[]);
    assert_eq!(code, 0, "{:?}", report.findings);
    let s = leaf_status(&report);
    assert_eq!(s.status, State::Good);
    assert_eq!(s.source.as_ref().unwrap().kind, SourceKind::Ocsp);
    assert!(s.this_update.is_some());
    // The issuing CA's own status comes from the root's CRL over http.
    let int = report.path[1]
        .revocation
        .as_ref()
        .expect("intermediate status");
    assert_eq!(int.status, State::Good);
    assert_eq!(int.source.as_ref().unwrap().kind, SourceKind::Crl);
    assert!(
        report.path[2].revocation.is_none(),
        "the anchor is not checked"
    );
    let theirs = openssl_ocsp(&env, &pki, &good, &pki.http.url("ocsp"));
    assert!(theirs.contains(": good"), "openssl ocsp: {theirs}");

    for (cert, name, reason) in &revoked {
        let (code, report) = certkit(&env, &pki, cert, &[]);
        assert_eq!(code, 1, "{name}: {:?}", report.findings);
        let s = leaf_status(&report);
        assert_eq!(s.status, State::Revoked, "{name}");
        assert_eq!(s.reason, Some(*reason), "{name}");
        assert!(s.revoked_at.is_some());
        assert!(kinds(&report).contains(&"revoked"));
        let theirs = openssl_ocsp(&env, &pki, cert, &pki.http.url("ocsp"));
        assert!(theirs.contains(": revoked"), "openssl ocsp: {theirs}");
        if *reason != Reason::Unspecified {
            assert!(
                theirs.to_lowercase().contains(&name.to_lowercase()),
                "openssl ocsp names the reason {name}: {theirs}"
            );
        }
    }

    let (code, report) = certkit(&env, &pki, &stranger, &[]);
    assert_eq!(code, 0, "soft mode: unknown is a warning");
    let s = leaf_status(&report);
    assert_eq!(s.status, State::Unknown);
    assert_eq!(s.why, Some(Why::ResponderUnknown));
    assert!(kinds(&report).contains(&"revocation_unknown"));
    let (code, _) = certkit(&env, &pki, &stranger, &["--revocation", "hard"]);
    assert_eq!(code, 1, "hard mode: unknown is an error");
    assert!(openssl_ocsp(&env, &pki, &stranger, &pki.http.url("ocsp")).contains(": unknown"));
}

#[test]
fn crls_over_http_are_checked_and_fetched_once_and_never_with_revocation_off() {
    let env = Env::new();
    let pki = Pki::new(&env);
    let good = pki.leaf(&env, "good", false, true);
    let gone = pki.leaf(&env, "gone", false, true);
    pki.int.revoke(&env, &gone, "keyCompromise");
    pki.publish(&env);
    let (root_crl, int_crl) = (env.path("root.crl"), env.path("int.crl"));

    let (code, report) = certkit(&env, &pki, &good, &[]);
    assert_eq!(code, 0, "{:?}", report.findings);
    let s = leaf_status(&report);
    assert_eq!(s.status, State::Good);
    assert_eq!(s.source.as_ref().unwrap().location, pki.http.url("int.crl"));
    assert_eq!(
        s.next_update,
        Some(time::macros::datetime!(2027-07-01 00:00 UTC))
    );
    assert_eq!(
        openssl_verify(&env, &pki, &good, &[&root_crl, &int_crl]),
        Ok(())
    );
    assert_eq!(pki.http.hits("int.crl"), 1);
    assert_eq!(pki.http.hits("root.crl"), 1);

    let (code, report) = certkit(&env, &pki, &gone, &["--revocation", "hard"]);
    assert_eq!(code, 1);
    let s = leaf_status(&report);
    assert_eq!(s.status, State::Revoked);
    assert_eq!(s.reason, Some(Reason::KeyCompromise));
    let theirs = openssl_verify(&env, &pki, &gone, &[&root_crl, &int_crl]).unwrap_err();
    assert!(theirs.contains("certificate revoked"), "{theirs}");

    // The human tree shows the status next to each certificate.
    let out = env
        .certkit()
        .arg("verify-chain")
        .arg(&gone)
        .arg("--ca")
        .arg(&pki.root.cert)
        .arg("--untrusted")
        .arg(&pki.int.cert)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("revocation REVOKED since"), "{text}");
    assert!(text.contains("key_compromise"), "{text}");
    assert!(text.contains("revocation good (CRL "), "{text}");

    // One run never fetches a URL twice: both CAs publish in one file named by both.
    let both = env.concat("both.crl", &[&root_crl, &int_crl]);
    assert!(both.exists());
    let both_url = pki.http.url("both.crl");
    // The issuing CA certified again (same name and key) with that distribution point.
    std::fs::copy(env.path("int.key"), env.path("int2.key")).unwrap();
    let int2 = pki.root.sub(
        &env,
        "int2",
        "Revocation Issuing CA",
        &format!("{CA_EXT}crlDistributionPoints=URI:{both_url}\n"),
    );
    let leaf2 = pki.int.issue(
        &env,
        "leaf2",
        "leaf2.example.com",
        &leaf_ext(&format!("crlDistributionPoints=URI:{both_url}\n")),
    );
    let out = env
        .certkit()
        .args(["--json", "verify-chain"])
        .arg(&leaf2)
        .arg("--ca")
        .arg(&pki.root.cert)
        .arg("--untrusted")
        .arg(&int2.cert)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(pki.http.hits("both.crl"), 1);

    let before = pki.http.total_hits();
    let (code, report) = certkit(&env, &pki, &gone, &["--revocation", "off"]);
    assert_eq!(code, 0, "off keeps the old behaviour");
    assert!(report.path.iter().all(|c| c.revocation.is_none()));
    assert_eq!(
        pki.http.total_hits(),
        before,
        "nothing fetched with --revocation off"
    );
}

#[test]
fn expired_and_wrongly_signed_crls_give_unknown_not_good() {
    let env = Env::new();
    let pki = Pki::new(&env);
    pki.publish(&env);
    // No URL: only the CRLs given with --crl count.
    let leaf = pki.leaf(&env, "leaf", false, false);
    let root_crl = env.path("root.crl");

    // nextUpdate in the past.
    let expired = pki.int.crl(
        &env,
        "expired.crl",
        "20270101000000Z",
        "20270201000000Z",
        None,
    );
    let (code, report) = certkit(&env, &pki, &leaf, &["--crl", &arg(&expired)]);
    assert_eq!(code, 0, "soft: {:?}", report.findings);
    let s = leaf_status(&report);
    assert_eq!((s.status, s.why), (State::Unknown, Some(Why::Stale)));
    assert!(kinds(&report).contains(&"crl_expired"));
    assert!(kinds(&report).contains(&"revocation_unknown"));
    let (code, _) = certkit(
        &env,
        &pki,
        &leaf,
        &["--crl", &arg(&expired), "--revocation", "hard"],
    );
    assert_eq!(code, 1);
    let theirs = openssl_verify(&env, &pki, &leaf, &[&root_crl, &expired]).unwrap_err();
    assert!(theirs.contains("CRL has expired"), "{theirs}");

    // The same issuer name, another key.
    let impostor = Ca::root(&env, "impostor", "Revocation Issuing CA");
    let forged = impostor.crl(
        &env,
        "forged.crl",
        "20270501000000Z",
        "20270701000000Z",
        None,
    );
    let (code, report) = certkit(&env, &pki, &leaf, &["--crl", &arg(&forged)]);
    assert_eq!(code, 0);
    let s = leaf_status(&report);
    assert_eq!((s.status, s.why), (State::Unknown, Some(Why::BadSignature)));
    assert!(kinds(&report).contains(&"crl_bad_signature"));
    let theirs = openssl_verify(&env, &pki, &leaf, &[&root_crl, &forged]).unwrap_err();
    assert!(theirs.contains("CRL signature failure"), "{theirs}");

    // Given the good CRLs of both CAs, hard mode passes with no network at all.
    let before = pki.http.total_hits();
    let (code, report) = certkit(
        &env,
        &pki,
        &leaf,
        &[
            "--crl",
            &arg(&env.path("int.crl")),
            "--crl",
            &arg(&root_crl),
            "--revocation",
            "hard",
        ],
    );
    assert_eq!(code, 0, "{:?}", report.findings);
    assert_eq!(
        leaf_status(&report).source.as_ref().unwrap().kind,
        SourceKind::CrlFile
    );
    assert_eq!(pki.http.total_hits(), before);

    // Hard mode without any source for the leaf is an error; soft mode shows it quietly.
    let (code, report) = certkit(&env, &pki, &leaf, &["--crl", &arg(&root_crl)]);
    assert_eq!(code, 0);
    assert_eq!(leaf_status(&report).why, Some(Why::NoSource));
    assert!(!kinds(&report).contains(&"revocation_unknown"));
    let (code, _) = certkit(
        &env,
        &pki,
        &leaf,
        &["--crl", &arg(&root_crl), "--revocation", "hard"],
    );
    assert_eq!(code, 1);

    // Not a CRL: one line, exit 2.
    let out = env
        .certkit()
        .arg("verify-chain")
        .arg(&leaf)
        .arg("--crl")
        .arg(&leaf)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("holds no CRL"), "{err}");
}

#[test]
fn responder_down_is_unknown_unreachable() {
    let env = Env::new();
    let pki = Pki::new(&env);
    pki.publish(&env);
    let dead = format!("http://127.0.0.1:{}/", common::free_port());
    let leaf = pki.int.issue(
        &env,
        "leaf",
        "leaf.example.com",
        &leaf_ext(&format!("authorityInfoAccess=OCSP;URI:{dead}\n")),
    );
    let (code, report) = certkit(&env, &pki, &leaf, &[]);
    assert_eq!(code, 0, "soft: {:?}", report.findings);
    let s = leaf_status(&report);
    assert_eq!((s.status, s.why), (State::Unknown, Some(Why::Unreachable)));
    assert!(kinds(&report).contains(&"revocation_fetch_failed"));
    let (code, report) = certkit(&env, &pki, &leaf, &["--revocation", "hard"]);
    assert_eq!(code, 1);
    assert!(report
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::RevocationUnknown && f.message.contains("unreachable")));
    let theirs = openssl_ocsp(&env, &pki, &leaf, &dead);
    assert!(!theirs.contains(": good"), "{theirs}");
}

#[test]
fn delegated_ocsp_signer_is_accepted_and_an_unauthorised_one_is_not() {
    let env = Env::new();
    let pki = Pki::new(&env);
    pki.publish(&env);
    let responder = pki.int.issue(
        &env,
        "responder",
        "Revocation OCSP Responder",
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=OCSPSigning\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n",
    );
    let intruder = pki
        .int
        .issue(&env, "intruder", "intruder.example.com", &leaf_ext(""));
    let good = pki.leaf(&env, "good", true, false);
    let gone = pki.leaf(&env, "gone", true, false);
    pki.int.revoke(&env, &gone, "superseded");
    let delegated = Responder {
        index: pki.int.index.clone(),
        ca: pki.int.cert.clone(),
        signer: responder.clone(),
        signer_key: env.path("responder.key"),
        extra: Vec::new(),
    };
    pki.http.set_responder(delegated.clone());

    let (code, report) = certkit(&env, &pki, &good, &[]);
    assert_eq!(code, 0, "{:?}", report.findings);
    assert_eq!(leaf_status(&report).status, State::Good);
    let theirs = openssl_ocsp(&env, &pki, &good, &pki.http.url("ocsp"));
    assert!(theirs.contains(": good"), "openssl ocsp: {theirs}");
    let (code, report) = certkit(&env, &pki, &gone, &[]);
    assert_eq!(code, 1);
    assert_eq!(leaf_status(&report).reason, Some(Reason::Superseded));

    // Signed by a certificate of the same CA that is not an OCSP signer.
    pki.http.set_responder(Responder {
        signer: intruder,
        signer_key: env.path("intruder.key"),
        ..delegated
    });
    let (code, report) = certkit(&env, &pki, &gone, &[]);
    assert_eq!(
        code, 0,
        "soft: the forged answer is ignored, status unknown"
    );
    let s = leaf_status(&report);
    assert_eq!((s.status, s.why), (State::Unknown, Some(Why::BadSignature)));
    assert!(kinds(&report).contains(&"ocsp_bad_signature"));
    let theirs = openssl_ocsp(&env, &pki, &gone, &pki.http.url("ocsp"));
    assert!(theirs.contains("Response Verify Failure"), "{theirs}");
}

#[test]
fn delta_crls_extend_the_complete_crl() {
    let env = Env::new();
    let pki = Pki::new(&env);
    let delta_url = pki.http.url("int-delta.crl");
    let leaf = pki.int.issue(
        &env,
        "leaf",
        "leaf.example.com",
        &leaf_ext(&format!(
            "crlDistributionPoints=URI:{}\nfreshestCRL=URI:{delta_url}\n",
            pki.http.url("int.crl")
        )),
    );
    // The complete CRL (number 1000) is made before the revocation, the delta after.
    pki.publish(&env);
    pki.int.revoke(&env, &leaf, "keyCompromise");
    let delta = pki.int.crl(
        &env,
        "int-delta.crl",
        "20270515000000Z",
        "20270701000000Z",
        Some("1000"),
    );
    let (root_crl, int_crl) = (env.path("root.crl"), env.path("int.crl"));

    // From files.
    let (code, report) = certkit(
        &env,
        &pki,
        &leaf,
        &[
            "--crl",
            &arg(&int_crl),
            "--crl",
            &arg(&delta),
            "--crl",
            &arg(&root_crl),
        ],
    );
    assert_eq!(code, 1, "{:?}", report.findings);
    let s = leaf_status(&report);
    assert_eq!(s.status, State::Revoked);
    assert_eq!(s.source.as_ref().unwrap().location, arg(&delta));
    // Without the delta the complete CRL alone says good.
    let (code, report) = certkit(
        &env,
        &pki,
        &leaf,
        &["--crl", &arg(&int_crl), "--crl", &arg(&root_crl)],
    );
    assert_eq!(code, 0, "{:?}", report.findings);
    assert_eq!(leaf_status(&report).status, State::Good);

    // Over http: the distribution point, then the freshest-CRL URL.
    let (code, report) = certkit(&env, &pki, &leaf, &[]);
    assert_eq!(code, 1, "{:?}", report.findings);
    assert_eq!(
        leaf_status(&report).source.as_ref().unwrap().location,
        delta_url
    );

    let theirs = openssl_verify(&env, &pki, &leaf, &[&root_crl, &int_crl, &delta]).unwrap_err();
    assert!(theirs.contains("certificate revoked"), "{theirs}");
    assert_eq!(
        openssl_verify(&env, &pki, &leaf, &[&root_crl, &int_crl]),
        Ok(())
    );
}

#[test]
fn saved_ocsp_responses_are_used_and_checked_for_staleness() {
    let env = Env::new();
    let pki = Pki::new(&env);
    pki.publish(&env);
    let leaf = pki.leaf(&env, "leaf", false, false);
    pki.int.revoke(&env, &leaf, "affiliationChanged");
    let respond = |out: &str, extra: &[&str]| {
        let (int, key, index, l) = (
            arg(&pki.int.cert),
            arg(&pki.int.key),
            arg(&pki.int.index),
            arg(&leaf),
        );
        env.openssl(&[
            "ocsp",
            "-issuer",
            &int,
            "-cert",
            &l,
            "-no_nonce",
            "-reqout",
            "req.der",
        ]);
        let mut args = vec![
            "ocsp", "-index", &index, "-CA", &int, "-rsigner", &int, "-rkey", &key, "-reqin",
            "req.der", "-respout", out,
        ];
        args.extend(extra);
        env.openssl(&args);
        env.path(out)
    };
    let fresh = respond("fresh.der", &[]);
    let root_crl = arg(&env.path("root.crl"));
    let (code, report) = certkit(
        &env,
        &pki,
        &leaf,
        &[
            "--ocsp-response",
            &arg(&fresh),
            "--crl",
            &root_crl,
            "--revocation",
            "hard",
        ],
    );
    assert_eq!(code, 1);
    let s = leaf_status(&report);
    assert_eq!(s.status, State::Revoked);
    assert_eq!(s.reason, Some(Reason::AffiliationChanged));
    assert_eq!(s.source.as_ref().unwrap().kind, SourceKind::OcspFile);
    assert_eq!(pki.http.total_hits(), 0, "no network for saved answers");

    // nextUpdate a day after it was made: stale at NOW (2027-06-01). `openssl ocsp` checks
    // thisUpdate/nextUpdate against the wall clock even with -attime, so it cannot show this.
    let stale = respond("stale.der", &["-ndays", "1"]);
    let (code, report) = certkit(&env, &pki, &leaf, &["--ocsp-response", &arg(&stale)]);
    assert_eq!(code, 0, "soft: {:?}", report.findings);
    let s = leaf_status(&report);
    assert_eq!((s.status, s.why), (State::Unknown, Some(Why::Stale)));
    assert!(kinds(&report).contains(&"ocsp_stale"));
}
