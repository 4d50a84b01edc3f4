//! `handshake` (with `--host`): a real TLS handshake through `connect`'s probe, presenting the
//! subject's certificate: the server asks for a client certificate, its acceptable CA names
//! include our chain's root or intermediate, it accepts us, the TLS version, and whether the
//! server's own chain is trusted (by the `--ca` files and the store's roots, or without `--ca` by
//! the store's roots and the system's, as `connect` decides).

use crate::model::Bundle;
use crate::ops::connect::{connect, ClientIdentity, ConnectOptions, Verdict};

use super::report::{CheckId, CheckResult, Fix, SubjectKind};
use super::setup::{Settings, Subject};

pub fn check(subject: &Subject, bundle: &Bundle, settings: &Settings) -> CheckResult {
    let Some(handshake) = &settings.handshake else {
        return CheckResult::skipped(CheckId::Handshake, "no --host given");
    };
    if bundle.private_key.is_none() {
        let reason = if subject.held_key.is_some() {
            "the Windows store keeps this private key and does not hand it out, so certkit cannot present it: run `certkit connect` with the PFX"
        } else {
            "there is no private key to present (see private_key)"
        };
        return CheckResult::skipped(CheckId::Handshake, reason);
    }
    let authority = handshake.target.authority();
    let identity = match ClientIdentity::from_bundle(bundle.clone(), &subject.label(), settings.now)
    {
        Ok(identity) => identity,
        Err(e) => {
            return CheckResult::skipped(
                CheckId::Handshake,
                format!("not attempted: {} (see private_key)", e.message),
            )
        }
    };
    let options = ConnectOptions {
        target: handshake.target.clone(),
        servername: None,
        client: Some(identity),
        trust: handshake.trust.clone(),
        timeout: handshake.timeout,
        version: None,
        now: settings.now,
        revocation: settings.revocation,
        revocation_crl_dir: settings.revocation_local.crl_dir.clone(),
        // The server chain is judged as connect judges it by default (see verify-chain).
        strict: false,
    };
    let report = match connect(&options) {
        Ok(report) => report,
        Err(e) => {
            return CheckResult::fail(
                CheckId::Handshake,
                format!("no handshake with {authority}: {}", e.message),
                "check the host and port, and that this machine may reach it (firewall, proxy)",
            )
        }
    };
    let version = report
        .tls
        .as_ref()
        .map(|t| t.version.clone())
        .unwrap_or_else(|| "no TLS version agreed".into());
    let client = &report.client_certificate;
    let names = if client.acceptable_ca_names.is_empty() {
        "any CA (no names listed)".to_string()
    } else {
        client.acceptable_ca_names.join("; ")
    };
    let mut problems = Vec::new();
    let mut fixes = Vec::new();
    if !client.requested {
        problems.push(format!(
            "{authority} did not ask for a client certificate ({version})"
        ));
        fixes.push(Fix::from("configure the server to require client certificates (nginx: ssl_verify_client on; IIS: SSL Settings, Client certificates: Require; Apache: SSLVerifyClient require)"));
    } else if client.chain_matches_ca_names == Some(false) {
        problems.push(format!(
            "{authority} accepts client certificates from {names} only, and our chain reaches none of them"
        ));
        let export = match subject.kind {
            SubjectKind::Entry => settings.fix.certkit(&[
                "export",
                "--der",
                "<folder>",
                "--name",
                &subject.name,
                "--chain",
            ]),
            SubjectKind::File => settings.fix.certkit_reading(&[
                "export",
                &subject.name,
                "--der",
                "<folder>",
                "--chain",
            ]),
        };
        fixes.push(Fix::run(
            "export our chain and send the server's administrator our root or issuing CA to add to the trusted client CAs",
            vec![export],
        ));
    }
    if report.outcome.result == Verdict::Rejected && client.requested {
        problems.push(format!(
            "{authority} rejected the certificate: {}",
            report.outcome.explanation
        ));
        if fixes.is_empty() {
            fixes.push(match subject.kind {
                SubjectKind::File => Fix::run(
                    "see the whole exchange",
                    vec![settings.fix.certkit_reading(&[
                        "connect",
                        &authority,
                        "--cert",
                        &subject.name,
                    ])],
                ),
                SubjectKind::Entry => Fix::from(format!(
                    "see the whole exchange with `certkit connect {authority} --cert FILE`, FILE the entry's certificate with its key"
                )),
            });
        }
    }
    if !report.server.trusted {
        let why = report
            .server
            .explanation
            .clone()
            .or(report.server.error.clone())
            .unwrap_or_else(|| "its chain does not reach a trusted root".into());
        problems.push(format!(
            "the server's own certificate is not trusted: {why}"
        ));
        fixes.push(Fix::run(
            "get the server's root CA and install it into root",
            vec![settings
                .fix
                .certkit(&["import", "<server-root-ca.cer>", "--to", "root"])],
        ));
    }
    if problems.is_empty() {
        return CheckResult::pass(
            CheckId::Handshake,
            format!(
                "{authority} asked for a client certificate (acceptable CAs: {names}) and accepted ours over {version}; its own chain is trusted"
            ),
        );
    }
    CheckResult::fail(CheckId::Handshake, problems.join("; "), Fix::all(fixes))
}
