//! `certkit config TARGET`: configuration for the platform that presents a client certificate.
//!
//! The inputs are checked first ([`checks`]); then one module per target turns the checked
//! certificates into settings, configuration snippets and files through a [`Plan`], which
//! knows how to write PKCS#12 files in a profile, PEM chains, private keys and passwords. Every
//! file is planned before any is written, so a refusal (including an existing file without
//! `--force`) leaves nothing behind. Secrets stay in files: the report names the file unless
//! the user asked for the secrets to be printed.

pub mod checks;
pub mod curl;
pub mod java;
pub mod kubernetes;
pub mod mendix;
pub mod mendix_cloud_foundry;
pub mod mendix_m2ee;
pub mod nginx;
pub mod outsystems;
pub mod plan;
pub mod spring;

use crate::error::Result;

pub use checks::{check, refuse, Checked};
pub use plan::{
    shell_quote, shell_secret, CertificateUsed, ConfigReport, NewPassword, Plan, Request, Secret,
    Setting, Snippet, Target, WrittenFile,
};

/// Checks the request against the rules every target shares and builds the configuration for
/// `req.target`; nothing is written.
pub fn prepare(req: &Request) -> Result<Plan<'_>> {
    plan::validate_common(req)?;
    let mut plan = Plan::new(req);
    match req.target {
        Target::Mendix => mendix::build(&mut plan)?,
        Target::MendixM2ee => mendix_m2ee::build(&mut plan)?,
        Target::MendixCloudFoundry => mendix_cloud_foundry::build(&mut plan)?,
        Target::Outsystems => outsystems::build(&mut plan)?,
        Target::Nginx => nginx::build(&mut plan)?,
        Target::Curl => curl::build(&mut plan)?,
        Target::Java => java::build(&mut plan)?,
        Target::Spring => spring::build(&mut plan)?,
        Target::Kubernetes => kubernetes::build(&mut plan)?,
    }
    Ok(plan)
}
