//! Network access for the commands that download what a certificate points to: AIA
//! "CA Issuers" certificates today, CRLs and OCSP answers later. Everything goes through
//! [`http`], one place for the policy (plain http only, bounded redirects, timeouts, size cap,
//! the proxy from the environment).

pub mod http;
