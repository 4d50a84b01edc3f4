//! Human rendering of an export.

use crate::ops::export_public::{ExportReport, Status};

pub fn human(report: &ExportReport) -> String {
    let mut text = String::new();
    if let Some(folder) = &report.created_folder {
        text.push_str(&format!("created    folder {folder} (it did not exist)\n"));
    }
    for file in &report.files {
        let status = match file.status {
            Status::Written => "written",
            Status::Unchanged => "unchanged",
            Status::Replaced => "replaced",
        };
        text.push_str(&format!(
            "{status:<9}  {}  ({} {}, {})\n",
            file.path,
            file.role.as_str(),
            file.certificate.subject,
            file.certificate.thumbprint
        ));
    }
    text
}
