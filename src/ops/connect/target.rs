//! Where `connect` goes: parsing `HOST`, `HOST:PORT`, `[IPv6]:PORT` and
//! `https://HOST[:PORT]/PATH` into a [`Target`]. Knows nothing of TLS or HTTP.

use crate::error::{Error, ErrorKind, Result};

/// Where to connect: `HOST[:PORT]` or `https://HOST[:PORT]/PATH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub host: String,
    pub port: u16,
    /// The path of an https URL (with its query); `None` for a bare HOST[:PORT].
    pub path: Option<String>,
}

impl Target {
    pub fn parse(text: &str) -> Result<Target> {
        let usage = |why: &str| {
            Error::new(
                ErrorKind::Usage,
                format!("invalid target {text:?}: {why} (use HOST, HOST:PORT or https://HOST[:PORT]/PATH)"),
            )
        };
        let (authority, path) = if let Some(rest) = strip_prefix_ignore_case(text, "https://") {
            match rest.find(['/', '?']) {
                Some(i) if rest[i..].starts_with('/') => (&rest[..i], Some(rest[i..].to_string())),
                Some(i) => (&rest[..i], Some(format!("/{}", &rest[i..]))),
                None => (rest, Some("/".to_string())),
            }
        } else if let Some(i) = text.find("://") {
            return Err(usage(&format!(
                "certkit connects with TLS only, not {}",
                &text[..i]
            )));
        } else {
            if text.contains('/') {
                return Err(usage("a path needs the https:// form"));
            }
            (text, None)
        };
        if authority.contains('@') {
            return Err(usage("user names in the URL are not supported"));
        }
        let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
            let end = inner
                .find(']')
                .ok_or_else(|| usage("unclosed [ in an IPv6 address"))?;
            let after = &inner[end + 1..];
            let port = match after.strip_prefix(':') {
                Some(p) => Some(p),
                None if after.is_empty() => None,
                None => return Err(usage("unexpected text after the IPv6 address")),
            };
            (&inner[..end], port)
        } else if authority.matches(':').count() > 1 {
            (authority, None)
        } else {
            match authority.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority, None),
            }
        };
        if host.is_empty() {
            return Err(usage("the host is missing"));
        }
        let port = match port {
            None => 443,
            Some(p) => match p.parse::<u16>() {
                Ok(n) if n > 0 => n,
                _ => return Err(usage(&format!("{p:?} is not a port number"))),
            },
        };
        Ok(Target {
            host: host.to_string(),
            port,
            path,
        })
    }

    /// `host:port`, with brackets around an IPv6 address.
    pub fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::Target;

    #[test]
    fn targets() {
        let t = Target::parse("example.com").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path),
            ("example.com", 443, None)
        );
        let t = Target::parse("127.0.0.1:8443").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("127.0.0.1", 8443));
        let t = Target::parse("https://api.example.com:9443/health?x=1").unwrap();
        assert_eq!(t.host, "api.example.com");
        assert_eq!(t.port, 9443);
        assert_eq!(t.path.as_deref(), Some("/health?x=1"));
        let t = Target::parse("HTTPS://example.com").unwrap();
        assert_eq!(t.path.as_deref(), Some("/"));
        let t = Target::parse("[::1]:4433").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 4433));
        assert_eq!(t.authority(), "[::1]:4433");
        let t = Target::parse("::1").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 443));
        assert!(Target::parse("http://example.com").is_err());
        assert!(Target::parse("example.com:0").is_err());
        assert!(Target::parse("example.com:http").is_err());
        assert!(Target::parse("example.com/path").is_err());
        assert!(Target::parse(":443").is_err());
    }
}
