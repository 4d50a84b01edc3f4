//! Process exit codes: one small enum, the same for every command.

/// What the process tells its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// The command succeeded, or the check passed.
    Success = 0,
    /// The check ran and found a problem (an expiring certificate, a key that does not match…).
    CheckFailed = 1,
    /// An error: unreadable input, wrong password, bad usage, refused overwrite.
    Error = 2,
}

impl ExitCode {
    /// The worse of two outcomes: an error beats a failed check, which beats success.
    pub fn worst(self, other: ExitCode) -> ExitCode {
        if (other as i32) > (self as i32) {
            other
        } else {
            self
        }
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::ExitCode;

    #[test]
    fn worst_prefers_errors_over_findings_over_success() {
        assert_eq!(
            ExitCode::Success.worst(ExitCode::CheckFailed),
            ExitCode::CheckFailed
        );
        assert_eq!(
            ExitCode::CheckFailed.worst(ExitCode::Error),
            ExitCode::Error
        );
        assert_eq!(ExitCode::Error.worst(ExitCode::Success), ExitCode::Error);
        assert_eq!(ExitCode::Success as i32, 0);
        assert_eq!(ExitCode::CheckFailed as i32, 1);
        assert_eq!(ExitCode::Error as i32, 2);
    }
}
