//! Unix groups that may read private keys (`--grant-read`): lookup, and the owner and mode
//! of a key file.

#[cfg(unix)]
use std::fs;
use std::path::Path;

#[cfg(unix)]
use super::fsio::open_no_follow;
use crate::error::{Error, ErrorKind, Result};
use crate::store::{Grantee, GranteeId};

pub use crate::accounts::Group;

/// Looks a group up by name (or number), through [`crate::accounts`].
#[cfg(unix)]
pub fn resolve_group(name: &str) -> Result<Group> {
    if let Ok(gid) = name.parse::<u32>() {
        return Ok(Group {
            name: name.to_string(),
            gid,
        });
    }
    crate::accounts::group(name).ok_or_else(|| {
        Error::new(
            ErrorKind::Usage,
            format!(
                "group {name:?} does not exist: create it (groupadd) or name an existing group"
            ),
        )
    })
}

#[cfg(not(unix))]
pub fn resolve_group(name: &str) -> Result<Group> {
    Err(Error::new(
        ErrorKind::Usage,
        format!("cannot grant {name:?} read access: groups and file modes exist on Unix only"),
    ))
}

/// The group of a grantee the folder store looked up itself.
pub fn from_grantee(grantee: &Grantee) -> Result<Group> {
    match grantee.id {
        GranteeId::Gid(gid) => Ok(Group {
            name: grantee.name.clone(),
            gid,
        }),
        GranteeId::Sid(_) => resolve_group(&grantee.name),
    }
}

/// Makes the key file readable by `group`: its group becomes `group`, its mode 0640.
#[cfg(unix)]
pub(super) fn set_group(path: &Path, group: &Group) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let file = open_no_follow(path, false).map_err(|e| Error::io("open", path, &e))?;
    std::os::unix::fs::fchown(&file, None, Some(group.gid)).map_err(|e| {
        Error::io(
            &format!("give group {} read access to", group.name),
            path,
            &e,
        )
    })?;
    file.set_permissions(fs::Permissions::from_mode(0o640))
        .map_err(|e| Error::io("change the mode of", path, &e))?;
    file.sync_all().map_err(|e| Error::io("write", path, &e))
}

#[cfg(not(unix))]
pub(super) fn set_group(_path: &Path, group: &Group) -> Result<()> {
    resolve_group(&group.name).map(|_| ())
}

/// Whether the key file has the group and mode a grant gives (always true without a grant).
#[cfg(unix)]
pub(super) fn key_has_group(path: &Path, group: Option<&Group>) -> bool {
    use std::os::unix::fs::MetadataExt;
    match group {
        None => true,
        Some(g) => {
            fs::symlink_metadata(path).is_ok_and(|m| m.gid() == g.gid && m.mode() & 0o777 == 0o640)
        }
    }
}

#[cfg(not(unix))]
pub(super) fn key_has_group(_path: &Path, group: Option<&Group>) -> bool {
    group.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_groups_are_refused() {
        assert_eq!(resolve_group("root").unwrap().gid, 0);
        let err = resolve_group("no-such-group-certkit").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Usage);
    }
}
