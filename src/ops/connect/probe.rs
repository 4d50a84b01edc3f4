//! Watching the TLS handshake from inside OpenSSL.
//!
//! The openssl crate does not expose what `connect` needs to report: whether the server sent a
//! CertificateRequest (and when), the CA names in it, the exact Certificate message certkit
//! sent, and the alerts exchanged. Two OpenSSL callbacks give all of it: the message callback
//! sees every handshake message and alert in clear text (TLS 1.3 included), and the certificate
//! callback runs right after a CertificateRequest is parsed, when `SSL_get_client_CA_list`
//! holds the names the server sent. Both record into a [`Probe`] shared with the caller; the
//! context keeps its own reference, so the callbacks' argument outlives every connection.

use std::ffi::{c_int, c_long, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex, MutexGuard};

use openssl::error::ErrorStack;
use openssl::ssl::{SslContext, SslContextBuilder};
use openssl_sys as ffi;

// Public OpenSSL functions the openssl-sys bindings do not declare.
extern "C" {
    fn SSL_CTX_set_cert_cb(
        ctx: *mut ffi::SSL_CTX,
        cb: Option<unsafe extern "C" fn(*mut ffi::SSL, *mut c_void) -> c_int>,
        arg: *mut c_void,
    );
    fn SSL_CTX_set_msg_callback(
        ctx: *mut ffi::SSL_CTX,
        cb: Option<
            unsafe extern "C" fn(
                c_int,
                c_int,
                c_int,
                *const c_void,
                usize,
                *mut ffi::SSL,
                *mut c_void,
            ),
        >,
    );
    fn SSL_get_client_CA_list(ssl: *const ffi::SSL) -> *mut ffi::stack_st_X509_NAME;
}

/// `SSL_CTX_set_msg_callback_arg` is a macro over this control code.
const SSL_CTRL_SET_MSG_CALLBACK_ARG: c_int = 16;
const CONTENT_ALERT: c_int = 21;
const CONTENT_HANDSHAKE: c_int = 22;
const HANDSHAKE_CERTIFICATE: u8 = 11;
const HANDSHAKE_CERTIFICATE_REQUEST: u8 = 13;
const TLS1_3_VERSION: c_int = 0x0304;
/// `SSL_OP_BIT(32)` of OpenSSL 3.2+ (`ssl.h`); openssl-sys does not name it.
const SSL_OP_NO_TX_CERTIFICATE_COMPRESSION: u64 = 1 << 32;

/// What the callbacks saw during one connection.
#[derive(Debug, Default, Clone)]
pub struct Observed {
    /// CertificateRequest messages received during the handshake.
    pub requests_in_handshake: u32,
    /// CertificateRequest messages received after it (TLS 1.3 post-handshake authentication,
    /// or a TLS 1.2 renegotiation).
    pub requests_after_handshake: u32,
    /// DER of each CA name of the latest CertificateRequest.
    pub ca_names: Vec<Vec<u8>>,
    /// Each Certificate message certkit sent: the DER certificates in it (empty = none sent).
    pub sent: Vec<Vec<Vec<u8>>>,
    /// The first alert other than close_notify received from the server: (level, description).
    pub alert_received: Option<(u8, u8)>,
    /// The first alert other than close_notify that certkit's side sent.
    pub alert_sent: Option<(u8, u8)>,
    /// Set by the caller once the handshake completed.
    pub handshake_done: bool,
}

/// Shared record of one connection's handshake.
#[derive(Debug, Default)]
pub struct Probe {
    state: Mutex<Observed>,
}

impl Probe {
    pub fn observed(&self) -> Observed {
        self.lock().clone()
    }

    pub fn mark_handshake_done(&self) {
        self.lock().handshake_done = true;
    }

    fn lock(&self) -> MutexGuard<'_, Observed> {
        // A poisoned lock only means a callback panicked mid-update; the data is still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Installs the callbacks on `builder`, recording into `probe`.
pub fn attach(builder: &mut SslContextBuilder, probe: &Arc<Probe>) -> Result<(), ErrorStack> {
    // The context owns a reference: the raw pointer given to OpenSSL stays valid as long as
    // the context (and every connection made from it, which reference the context) lives.
    let index = SslContext::new_ex_index::<Arc<Probe>>()?;
    builder.set_ex_data(index, Arc::clone(probe));
    let arg = Arc::as_ptr(probe) as *mut c_void;
    // SAFETY: `builder.as_ptr()` is a live SSL_CTX; the callbacks match OpenSSL's prototypes
    // and only read `arg` as a `&Probe`, which the context keeps alive (see above).
    unsafe {
        let ctx = builder.as_ptr();
        SSL_CTX_set_msg_callback(ctx, Some(message_callback));
        ffi::SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MSG_CALLBACK_ARG, 0 as c_long, arg);
        SSL_CTX_set_cert_cb(ctx, Some(certificate_callback), arg);
        // Announce support for TLS 1.3 post-handshake client authentication.
        ffi::SSL_CTX_set_post_handshake_auth(ctx, 1);
        // OpenSSL 3.2+ sends its chain as a CompressedCertificate (RFC 8879) when the server
        // offers compression (OpenSSL 3.5's s_server does): the report reads the chain from
        // the Certificate message certkit writes, so send the plain one. OpenSSL 3.0 has no
        // such option bit and ignores it.
        ffi::SSL_CTX_set_options(ctx, SSL_OP_NO_TX_CERTIFICATE_COMPRESSION);
    }
    Ok(())
}

unsafe extern "C" fn message_callback(
    write_p: c_int,
    version: c_int,
    content_type: c_int,
    buf: *const c_void,
    len: usize,
    _ssl: *mut ffi::SSL,
    arg: *mut c_void,
) {
    if arg.is_null() || buf.is_null() {
        return;
    }
    let probe = &*(arg as *const Probe);
    let bytes = std::slice::from_raw_parts(buf as *const u8, len);
    let _ = catch_unwind(AssertUnwindSafe(|| {
        record_message(probe, write_p != 0, version, content_type, bytes)
    }));
}

fn record_message(probe: &Probe, sent: bool, version: c_int, content_type: c_int, bytes: &[u8]) {
    let mut state = probe.lock();
    match content_type {
        CONTENT_ALERT if bytes.len() >= 2 && bytes[1] != 0 => {
            let slot = if sent {
                &mut state.alert_sent
            } else {
                &mut state.alert_received
            };
            if slot.is_none() {
                *slot = Some((bytes[0], bytes[1]));
            }
        }
        CONTENT_HANDSHAKE if !bytes.is_empty() => match (bytes[0], sent) {
            (HANDSHAKE_CERTIFICATE_REQUEST, false) => {
                if state.handshake_done {
                    state.requests_after_handshake += 1;
                } else {
                    state.requests_in_handshake += 1;
                }
                state.ca_names.clear();
            }
            (HANDSHAKE_CERTIFICATE, true) => {
                let certs =
                    parse_certificate_message(bytes, version == TLS1_3_VERSION).unwrap_or_default();
                state.sent.push(certs);
            }
            _ => {}
        },
        _ => {}
    }
}

unsafe extern "C" fn certificate_callback(ssl: *mut ffi::SSL, arg: *mut c_void) -> c_int {
    if arg.is_null() || ssl.is_null() {
        return 1;
    }
    let probe = &*(arg as *const Probe);
    let names = read_ca_names(ssl);
    let _ = catch_unwind(AssertUnwindSafe(|| probe.lock().ca_names = names));
    // 1: carry on with the certificate already configured (or none).
    1
}

/// DER of every name in the CertificateRequest just received.
unsafe fn read_ca_names(ssl: *mut ffi::SSL) -> Vec<Vec<u8>> {
    let stack = SSL_get_client_CA_list(ssl);
    if stack.is_null() {
        return Vec::new();
    }
    let stack = stack as *const ffi::OPENSSL_STACK;
    let count = ffi::OPENSSL_sk_num(stack).max(0);
    let mut names = Vec::with_capacity(count as usize);
    for i in 0..count {
        let name = ffi::OPENSSL_sk_value(stack, i) as *mut ffi::X509_NAME;
        if name.is_null() {
            continue;
        }
        let len = ffi::i2d_X509_NAME(name as _, std::ptr::null_mut());
        if len <= 0 {
            continue;
        }
        let mut der = vec![0u8; len as usize];
        let mut out = der.as_mut_ptr();
        if ffi::i2d_X509_NAME(name as _, &mut out) == len {
            names.push(der);
        }
    }
    names
}

/// The certificates of a Certificate handshake message (with its 4-byte header).
fn parse_certificate_message(msg: &[u8], tls13: bool) -> Option<Vec<Vec<u8>>> {
    let body_len = read_u24(msg.get(1..4)?);
    let mut body = msg.get(4..4 + body_len)?;
    if tls13 {
        let context_len = *body.first()? as usize;
        body = body.get(1 + context_len..)?;
    }
    let list_len = read_u24(body.get(0..3)?);
    let mut list = body.get(3..3 + list_len)?;
    let mut certs = Vec::new();
    while !list.is_empty() {
        let len = read_u24(list.get(0..3)?);
        certs.push(list.get(3..3 + len)?.to_vec());
        list = &list[3 + len..];
        if tls13 {
            let ext_len = u16::from_be_bytes([*list.first()?, *list.get(1)?]) as usize;
            list = list.get(2 + ext_len..)?;
        }
    }
    Some(certs)
}

fn read_u24(b: &[u8]) -> usize {
    ((b[0] as usize) << 16) | ((b[1] as usize) << 8) | b[2] as usize
}

#[cfg(test)]
mod tests {
    use super::parse_certificate_message;

    #[test]
    fn certificate_messages_of_both_versions() {
        // TLS 1.2: two certificates "AB" and "C".
        let tls12 = [11, 0, 0, 12, 0, 0, 9, 0, 0, 2, b'A', b'B', 0, 0, 1, b'C'];
        assert_eq!(
            parse_certificate_message(&tls12, false),
            Some(vec![b"AB".to_vec(), b"C".to_vec()])
        );
        // TLS 1.3: empty context, one certificate "XY" with no extensions.
        let tls13 = [11, 0, 0, 11, 0, 0, 0, 7, 0, 0, 2, b'X', b'Y', 0, 0];
        assert_eq!(
            parse_certificate_message(&tls13, true),
            Some(vec![b"XY".to_vec()])
        );
        // An empty Certificate message: no client certificate sent.
        let empty13 = [11, 0, 0, 4, 0, 0, 0, 0];
        assert_eq!(parse_certificate_message(&empty13, true), Some(vec![]));
        // Truncated input is refused, never read past.
        assert_eq!(parse_certificate_message(&tls13[..9], true), None);
    }
}
