//! `curl`: the command line that presents the client certificate (`--cert`, `--key`) and
//! trusts the partner's CA (`--cacert`), as curl's manual describes those options.

use super::plan::SnippetLanguage;
use super::plan::{shell_quote, Plan};
use crate::error::Result;

pub fn build(plan: &mut Plan<'_>) -> Result<()> {
    let trust = plan.trust_pem();
    let (cert, key) = plan.pem_pair(0)?;
    let name = plan.req.certificates[0].name.clone();
    let url = match (&plan.req.url, plan.keys_for(&name).first()) {
        (Some(url), _) => url.clone(),
        (None, Some(host)) => format!("https://{host}/"),
        (None, None) => "https://api.partner.example/".to_string(),
    };
    let mut args = vec![
        "curl".to_string(),
        "--fail".to_string(),
        "--cert".to_string(),
        shell_quote(&cert.display().to_string()),
        "--key".to_string(),
        shell_quote(&key.display().to_string()),
    ];
    plan.setting("--cert", cert.display().to_string());
    plan.setting("--key", key.display().to_string());
    if let Some(ca) = trust {
        args.push("--cacert".to_string());
        args.push(shell_quote(&ca.display().to_string()));
        plan.setting("--cacert", ca.display().to_string());
    }
    args.push(shell_quote(&url));
    plan.snippet(
        "curl",
        SnippetLanguage::Shell,
        None,
        format!("{}\n", args.join(" ")),
    );
    Ok(())
}
