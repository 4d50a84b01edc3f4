//! The CNG Key Isolation service (`KeyIso`): Windows keeps private keys in its process, so a
//! stopped service makes every key of the store unusable although the certificates look fine.
//! Queried through the service control manager; elsewhere there is nothing to query.

/// What the service control manager says about `KeyIso`.
// Off Windows only `Unknown` is ever made.
#[cfg_attr(not(windows), allow(dead_code))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyIsolation {
    Running,
    /// Installed but in another state (stopped, paused, starting…), named.
    NotRunning(String),
    /// It could not be asked (no such service, access denied, not Windows), with the reason.
    Unknown(String),
}

#[cfg(windows)]
pub fn query() -> KeyIsolation {
    use windows_sys::Win32::System::Services::{
        CloseServiceHandle, OpenSCManagerW, OpenServiceW, QueryServiceStatus, SC_MANAGER_CONNECT,
        SERVICE_PAUSED, SERVICE_QUERY_STATUS, SERVICE_RUNNING, SERVICE_STATUS, SERVICE_STOPPED,
    };
    let name: Vec<u16> = "KeyIso".encode_utf16().chain(std::iter::once(0)).collect();
    // SAFETY: null machine and database names mean the local, active database; every handle
    // opened is closed before returning, and `status` is a plain out-parameter.
    unsafe {
        let manager = OpenSCManagerW(std::ptr::null(), std::ptr::null(), SC_MANAGER_CONNECT);
        if manager.is_null() {
            return KeyIsolation::Unknown(format!(
                "the service control manager cannot be opened ({})",
                std::io::Error::last_os_error()
            ));
        }
        let service = OpenServiceW(manager, name.as_ptr(), SERVICE_QUERY_STATUS);
        if service.is_null() {
            let e = std::io::Error::last_os_error();
            CloseServiceHandle(manager);
            return KeyIsolation::Unknown(format!("the KeyIso service cannot be opened ({e})"));
        }
        let mut status: SERVICE_STATUS = std::mem::zeroed();
        let ok = QueryServiceStatus(service, &mut status) != 0;
        let e = std::io::Error::last_os_error();
        CloseServiceHandle(service);
        CloseServiceHandle(manager);
        if !ok {
            return KeyIsolation::Unknown(format!("its status cannot be read ({e})"));
        }
        match status.dwCurrentState {
            SERVICE_RUNNING => KeyIsolation::Running,
            SERVICE_STOPPED => KeyIsolation::NotRunning("stopped".into()),
            SERVICE_PAUSED => KeyIsolation::NotRunning("paused".into()),
            other => KeyIsolation::NotRunning(format!("in state {other}")),
        }
    }
}

#[cfg(not(windows))]
pub fn query() -> KeyIsolation {
    KeyIsolation::Unknown("the CNG Key Isolation service exists on Windows only".into())
}
