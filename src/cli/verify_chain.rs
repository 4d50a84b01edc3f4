//! `certkit verify-chain`: arguments.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

/// What the leaf certificate must be valid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PurposeArg {
    /// TLS client authentication (clientAuth)
    Client,
    /// TLS server authentication (serverAuth)
    Server,
    /// Any purpose: key usage and extended key usage are not required
    Any,
}

/// How strictly the revocation status (CRL, OCSP) of the path is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RevocationArg {
    /// Do not check revocation; nothing is fetched
    Off,
    /// Revoked is an error; a status that cannot be found is a warning
    Soft,
    /// Revoked and a status that cannot be found are both errors
    Hard,
}

/// Build and check the certification path of a certificate, naming every problem
#[derive(Debug, Args)]
#[command(
    long_about = "Build and check the certification path of a certificate, naming every problem.\n\n\
certkit builds the path from the leaf (the certificate whose private key the input holds, else \
the one that issues no other) to a trusted root, like the Windows \"Certification Path\" tab, \
from: the input's own certificates, --untrusted files and directories, and as trust anchors \
--ca files, --capath directories and, with --system, the operating system's trust store. \
Several candidate issuers are tried (cross-signed and re-keyed CAs): they are matched by \
subject name and key identifier and confirmed by signature.\n\n\
Every finding on the chosen path is reported, not only the first: each missing issuer (its \
name, authority key id and AIA \"CA Issuers\" URL), an untrusted root, expired or not yet valid \
certificates, bad signatures, CAs without basic constraints or keyCertSign, path-length and name \
constraint violations, a leaf whose key usage or extended key usage does not allow the purpose, \
unknown critical extensions, and weak signature algorithms (SHA-1, MD5) as warnings. With \
--json each finding has a stable kind.\n\n\
Revocation (--revocation soft, the default): every certificate of the path below the root is \
checked against, in order, the OCSP responses given with --ocsp-response, the CRLs given with \
--crl and the store's crl/ folder, the certificate's AIA OCSP URL (a request with a nonce; the \
response must be signed by the issuer or a responder it delegated with id-kp-OCSPSigning) and \
its CRL distribution points (signature, issuer, thisUpdate/nextUpdate at --at, issuing \
distribution point scope, and the delta CRLs of its freshest-CRL URLs). Only http:// URLs are \
fetched (10 s timeout, 1 MiB cap), each once per run. Each certificate is good, revoked (date \
and reason) or unknown (and why). A revoked certificate is an error; an unknown status is a \
warning (soft) or an error (hard); a certificate that names no revocation source at all is \
shown as unknown without a warning in soft mode.",
    after_help = "\
POSITIONAL ARGUMENTS:
  INPUT  the certificate to check, with or without its chain and key (PEM, DER, PKCS#7,
         PKCS#12), or - for stdin

EXAMPLES:
  certkit verify-chain client.pfx --password-env PFX_PASSWORD --ca partner-root.cer
  certkit verify-chain client.pem --untrusted issuing-ca.pem --system
  certkit verify-chain client.pem --ca root.pem --fetch-aia --write-chain fullchain.pem
  certkit verify-chain client.pem --capath /etc/ssl/certs --purpose client --json
  certkit verify-chain client.pem --ca root.pem --revocation hard --crl issuing-ca.crl

FINDING KINDS (the stable `kind` of each finding in --json output):
  path:        missing_issuer, untrusted_root, depth_exceeded, path_search_limit, bad_signature
  time:        expired, not_yet_valid
  CA rules:    not_a_ca, missing_key_cert_sign, path_length_exceeded, name_constraint_violation,
               invalid_name_constraint, name_constraints, name_constraints_too_complex
  purpose:     key_usage, extended_key_usage
  structure:   unknown_critical_extension, extension_criticality, duplicate_extension,
               malformed_extension, missing_authority_key_id, missing_subject_key_id,
               signature_algorithm_mismatch, empty_issuer, invalid_san, serial_number, weak_key,
               key_too_small
  warnings:    weak_signature_algorithm (SHA-1, MD5), fetch_failed
  revocation:  revoked (error), revocation_unknown (warning; error with --revocation hard);
               warnings about a source: crl_expired, crl_not_yet_valid, crl_bad_signature,
               crl_out_of_scope, crl_malformed, ocsp_stale, ocsp_not_yet_valid,
               ocsp_bad_signature, ocsp_nonce_mismatch, ocsp_error, revocation_fetch_failed

EXIT CODES:
  0  the path is complete, trusted and valid for the purpose (warnings allowed)
  1  problems were found (each is listed)
  2  error: unreadable input, wrong password, bad usage"
)]
pub struct VerifyChainArgs {
    /// Certificate file to check, or - for stdin
    #[arg(value_name = "INPUT")]
    pub input: String,

    /// Trust the certificates in FILE as roots (anchors); repeatable
    #[arg(long = "ca", value_name = "FILE")]
    pub ca: Vec<PathBuf>,

    /// Use the certificates in FILE as possible intermediates (not trusted); repeatable
    #[arg(long, value_name = "FILE")]
    pub untrusted: Vec<PathBuf>,

    /// Trust the CAs of an OpenSSL-style hashed directory (<subject-hash>.N files); repeatable
    #[arg(long, value_name = "DIR")]
    pub capath: Vec<PathBuf>,

    /// Use the CAs of a hashed directory as possible intermediates (not trusted); repeatable
    #[arg(long, value_name = "DIR")]
    pub untrusted_capath: Vec<PathBuf>,

    /// Also trust the operating system's root CAs ($SSL_CERT_FILE / $SSL_CERT_DIR when set,
    /// else the system's hashed directory or bundle)
    #[arg(long)]
    pub system: bool,

    /// Leave the certificate store's roots and intermediates out (they are used by default)
    #[arg(long)]
    pub no_store: bool,

    /// Check validity at this time instead of now (RFC 3339, e.g. 2027-01-31T00:00:00Z, or a
    /// date, 2027-01-31, meaning midnight UTC)
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,

    /// What the leaf must be valid for
    #[arg(long, value_enum, default_value = "client")]
    pub purpose: PurposeArg,

    /// Most intermediate CAs allowed between the leaf and the root
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub max_depth: usize,

    /// Also fail (exit 1) on findings only RFC 5280 or CA/Browser Forum profiles require
    /// (non-critical CA basicConstraints, missing key identifiers, weak keys, bad serials);
    /// by default they are warnings
    #[arg(long)]
    pub strict: bool,

    /// Download missing intermediates from their AIA "CA Issuers" URL (http:// only, through
    /// $http_proxy/$HTTP_PROXY except for $NO_PROXY hosts; 30 s, 1 MiB cap, 5 redirects)
    #[arg(long)]
    pub fetch_aia: bool,

    /// Check revocation (CRL, OCSP): off, soft (unknown is a warning) or hard (unknown is an error)
    #[arg(long, value_enum, value_name = "MODE", default_value = "soft")]
    pub revocation: RevocationArg,

    /// Use the CRL(s) in FILE (PEM or DER) before fetching any; repeatable
    #[arg(long, value_name = "FILE")]
    pub crl: Vec<PathBuf>,

    /// Use a saved OCSP response (DER, as `openssl ocsp -respout` writes) before fetching; repeatable
    #[arg(long, value_name = "FILE")]
    pub ocsp_response: Vec<PathBuf>,

    /// Write the path found (leaf first, PEM) to FILE; an existing file is not overwritten
    #[arg(long, value_name = "FILE")]
    pub write_chain: Option<PathBuf>,

    /// The current time for tests (RFC 3339)
    #[arg(long, value_name = "TIME", hide = true, env = "CERTKIT_NOW")]
    pub now: Option<String>,
}
