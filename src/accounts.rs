//! This machine's users and groups, and who of them can read a file: the one place certkit
//! looks accounts up (`import --grant-read`, `store grant`, `doctor --account`), so that every
//! command agrees about an account, however large its group.
//!
//! Lookups go through the reentrant libc calls (`getpwnam_r`, `getgrnam_r`, …) with a buffer
//! that grows while the system answers ERANGE: a group with thousands of members needs more
//! than any fixed size. Off Unix there are no such accounts: every lookup finds nothing.

use std::path::Path;

/// A user, with every group it belongs to (its primary group included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
    pub groups: Vec<u32>,
}

/// A group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub gid: u32,
}

/// An account a service runs as, or a group of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Account {
    User(User),
    Group(Group),
}

impl Account {
    /// A user name first (services run as users), else a group name.
    pub fn resolve(name: &str) -> Option<Account> {
        user(name)
            .map(Account::User)
            .or_else(|| group(name).map(Account::Group))
    }

    /// The group a read grant should give so that this account can read: the group itself,
    /// or a user's primary group.
    pub fn group_to_grant(&self) -> Option<String> {
        match self {
            Account::User(u) => Some(group_name(u.gid)).filter(|g| !g.is_empty()),
            Account::Group(g) => Some(g.name.clone()),
        }
    }

    /// Could this account still read `file` once its group became `group_name` (as a read
    /// grant makes it: owner read, group read)?
    pub fn still_reads_with_group(&self, file: &Path, group_name: &str) -> bool {
        let (Some(meta), Some(new)) = (mode_of(file), group(group_name)) else {
            return false;
        };
        match self {
            Account::User(u) => u.uid == 0 || u.uid == meta.uid || u.groups.contains(&new.gid),
            Account::Group(g) => g.gid == new.gid,
        }
    }

    /// Does a file or folder with these owner, group and mode allow `owner_bit` (0o400 read,
    /// 0o100 search) to this account?
    fn can(&self, meta: &Mode, owner_bit: u32) -> bool {
        let group_bit = owner_bit >> 3;
        let other_bit = owner_bit >> 6;
        if meta.mode & other_bit != 0 {
            return true;
        }
        match self {
            Account::User(u) => {
                u.uid == 0
                    || (u.uid == meta.uid && meta.mode & owner_bit != 0)
                    || (u.groups.contains(&meta.gid) && meta.mode & group_bit != 0)
            }
            Account::Group(g) => g.gid == meta.gid && meta.mode & group_bit != 0,
        }
    }
}

/// A file's owner, group and permission bits.
struct Mode {
    uid: u32,
    gid: u32,
    mode: u32,
}

#[cfg(unix)]
fn mode_of(path: &Path) -> Option<Mode> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| Mode {
        uid: m.uid(),
        gid: m.gid(),
        mode: m.mode() & 0o7777,
    })
}

#[cfg(not(unix))]
fn mode_of(_path: &Path) -> Option<Mode> {
    None
}

/// `None` when `account` can read `file`, else why not. The folders above it must let the
/// account through (search permission) too.
pub fn readable_by(file: &Path, account: &Account) -> std::io::Result<Option<String>> {
    std::fs::metadata(file)?;
    let meta = mode_of(file).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "file owners and modes exist on Unix only",
        )
    })?;
    let mut reason = None;
    if !account.can(&meta, 0o400) {
        reason = Some(format!(
            "the key file is owned by {}:{} with mode {:04o}",
            user_name(meta.uid),
            group_name(meta.gid),
            meta.mode
        ));
    }
    for dir in file.ancestors().skip(1) {
        if dir.as_os_str().is_empty() {
            continue;
        }
        if let Some(m) = mode_of(dir) {
            if !account.can(&m, 0o100) {
                let why = format!(
                    "the folder {} ({}:{} mode {:04o}) does not let it through",
                    dir.display(),
                    user_name(m.uid),
                    group_name(m.gid),
                    m.mode
                );
                reason = Some(match reason {
                    Some(r) => format!("{r}, and {why}"),
                    None => why,
                });
                break;
            }
        }
    }
    Ok(reason)
}

/// Can every account of this machine read `file`?
pub fn world_readable(file: &Path) -> bool {
    mode_of(file).is_some_and(|m| m.mode & 0o004 != 0)
}

#[cfg(unix)]
pub use self::unix::{group, group_name, user, user_name};

#[cfg(not(unix))]
pub fn user(_name: &str) -> Option<User> {
    None
}

#[cfg(not(unix))]
pub fn group(_name: &str) -> Option<Group> {
    None
}

#[cfg(not(unix))]
pub fn user_name(uid: u32) -> String {
    uid.to_string()
}

#[cfg(not(unix))]
pub fn group_name(gid: u32) -> String {
    gid.to_string()
}

#[cfg(unix)]
mod unix {
    use std::ffi::{CStr, CString};

    use super::{Group, User};

    /// Runs a reentrant lookup with a buffer that grows (up to 16 MiB) while the system says
    /// it is too small. `call` returns the error number and, when found, the answer copied
    /// out of the buffer.
    fn with_buffer<T>(
        mut call: impl FnMut(&mut [libc::c_char]) -> (libc::c_int, Option<T>),
    ) -> Option<T> {
        let mut size = 4096usize;
        loop {
            let mut buf: Vec<libc::c_char> = vec![0; size];
            match call(&mut buf) {
                (libc::ERANGE, _) if size < 1 << 24 => size *= 4,
                (0, found) => return found,
                _ => return None,
            }
        }
    }

    /// A user by name, with its groups.
    pub fn user(name: &str) -> Option<User> {
        let cname = CString::new(name).ok()?;
        let (uid, gid) = with_buffer(|buf| {
            // SAFETY: an all-zero `passwd` is a valid out-parameter; getpwnam_r points its
            // strings into `buf`, and only the ids are copied out.
            let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
            let mut result: *mut libc::passwd = std::ptr::null_mut();
            let rc = unsafe {
                libc::getpwnam_r(
                    cname.as_ptr(),
                    &mut pwd,
                    buf.as_mut_ptr(),
                    buf.len(),
                    &mut result,
                )
            };
            (rc, (!result.is_null()).then_some((pwd.pw_uid, pwd.pw_gid)))
        })?;
        let mut groups: Vec<libc::gid_t> = vec![0; 256];
        loop {
            let mut count = groups.len() as libc::c_int;
            // SAFETY: `groups` has room for `count` entries; getgrouplist writes at most that
            // many and sets `count` to the number found (or needed, when it returns -1).
            let rc =
                unsafe { libc::getgrouplist(cname.as_ptr(), gid, groups.as_mut_ptr(), &mut count) };
            let count = count.max(0) as usize;
            if rc >= 0 {
                groups.truncate(count);
                break;
            }
            // Some systems do not say how many they need: grow anyway, within reason.
            let wanted = count.max(groups.len() * 2);
            if wanted > 1 << 20 {
                break;
            }
            groups.resize(wanted, 0);
        }
        if !groups.contains(&gid) {
            groups.push(gid);
        }
        Some(User {
            name: name.to_string(),
            uid,
            gid,
            groups,
        })
    }

    /// A group by name.
    pub fn group(name: &str) -> Option<Group> {
        let cname = CString::new(name).ok()?;
        let gid = with_buffer(|buf| {
            // SAFETY: an all-zero `group` is a valid out-parameter; getgrnam_r points its
            // strings into `buf`, and only the gid is copied out.
            let mut grp: libc::group = unsafe { std::mem::zeroed() };
            let mut result: *mut libc::group = std::ptr::null_mut();
            let rc = unsafe {
                libc::getgrnam_r(
                    cname.as_ptr(),
                    &mut grp,
                    buf.as_mut_ptr(),
                    buf.len(),
                    &mut result,
                )
            };
            (rc, (!result.is_null()).then_some(grp.gr_gid))
        })?;
        Some(Group {
            name: name.to_string(),
            gid,
        })
    }

    /// The name of a user id, else the number.
    pub fn user_name(uid: u32) -> String {
        with_buffer(|buf| {
            // SAFETY: as in `user`; pw_name points into `buf`, NUL-terminated, and is copied
            // before `buf` goes.
            let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
            let mut result: *mut libc::passwd = std::ptr::null_mut();
            let rc = unsafe {
                libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result)
            };
            let name = (!result.is_null()).then(|| {
                unsafe { CStr::from_ptr(pwd.pw_name) }
                    .to_string_lossy()
                    .into_owned()
            });
            (rc, name)
        })
        .unwrap_or_else(|| uid.to_string())
    }

    /// The name of a group id, else the number.
    pub fn group_name(gid: u32) -> String {
        with_buffer(|buf| {
            // SAFETY: as in `group`; gr_name points into `buf`, NUL-terminated, and is copied
            // before `buf` goes.
            let mut grp: libc::group = unsafe { std::mem::zeroed() };
            let mut result: *mut libc::group = std::ptr::null_mut();
            let rc = unsafe {
                libc::getgrgid_r(gid, &mut grp, buf.as_mut_ptr(), buf.len(), &mut result)
            };
            let name = (!result.is_null()).then(|| {
                unsafe { CStr::from_ptr(grp.gr_name) }
                    .to_string_lossy()
                    .into_owned()
            });
            (rc, name)
        })
        .unwrap_or_else(|| gid.to_string())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn root_is_found_as_user_and_group_and_unknown_names_are_not() {
        let root = user("root").expect("root exists");
        assert_eq!((root.uid, root.gid), (0, 0));
        assert!(root.groups.contains(&0));
        assert_eq!(group("root").unwrap().gid, 0);
        assert_eq!(group_name(0), "root");
        assert_eq!(user_name(0), "root");
        assert!(Account::resolve("no-such-account-certkit").is_none());
        assert!(matches!(Account::resolve("root"), Some(Account::User(_))));
    }
}
