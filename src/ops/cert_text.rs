//! Certificate fields as the text every report shows: general names (`DNS:…`, `IP:…`,
//! `DirName:…`, `X400Name:…`), key usage and extended key usage names, OID names. Shared by
//! the certificate report of `inspect` and the certificate-request report, so both name the
//! same extension the same way.

use x509_parser::extensions::GeneralName;

use crate::model::name_text;
use crate::model::oids::{self, Oid};

pub fn oid_name(oid: &x509_parser::der_parser::oid::Oid<'_>) -> String {
    x509_parser::objects::oid2sn(oid, x509_parser::objects::oid_registry())
        .map(str::to_string)
        .unwrap_or_else(|_| oid.to_id_string())
}

/// Extended key usages x509-parser leaves in `other`, and the names certkit shows for them.
static OTHER_EKU_NAMES: [(Oid<'static>, &str); 3] = [
    (oids::OID_MS_SMARTCARD_LOGON, "smartcardLogon"),
    (oids::OID_PKIX_KP_IPSEC_IKE, "ipsecIKE"),
    (oids::OID_MS_ENCRYPTED_FILE_SYSTEM, "encryptedFileSystem"),
];

pub fn general_name(name: &GeneralName<'_>) -> String {
    match name {
        GeneralName::DNSName(d) => format!("DNS:{d}"),
        GeneralName::RFC822Name(e) => format!("email:{e}"),
        GeneralName::URI(u) => format!("URI:{u}"),
        GeneralName::IPAddress(bytes) => match bytes.len() {
            4 => format!(
                "IP:{}",
                std::net::Ipv4Addr::from(<[u8; 4]>::try_from(*bytes).unwrap())
            ),
            16 => format!(
                "IP:{}",
                std::net::Ipv6Addr::from(<[u8; 16]>::try_from(*bytes).unwrap())
            ),
            _ => format!("IP:{}", hex::encode_upper(bytes)),
        },
        GeneralName::DirectoryName(n) => format!("DirName:{}", name_text::name_text(n)),
        GeneralName::RegisteredID(oid) => format!("RID:{}", oid.to_id_string()),
        GeneralName::OtherName(oid, value) => {
            if *oid == oids::OID_MS_USER_PRINCIPAL_NAME {
                // Microsoft UPN: [0] EXPLICIT UTF8String.
                if let Some(upn) = utf8_in_explicit(value) {
                    return format!("UPN:{upn}");
                }
            }
            format!("othername:{}", oid.to_id_string())
        }
        GeneralName::X400Address(value) => name_text::x400_text(value),
        GeneralName::EDIPartyName(value) => name_text::edi_party_text(value),
        GeneralName::Invalid(tag, bytes) => {
            format!("invalid:[{}]#{}", tag.0, hex::encode_upper(bytes))
        }
    }
}

fn utf8_in_explicit(value: &[u8]) -> Option<String> {
    use x509_parser::der_parser::ber::parse_ber_any_r;
    let (_, outer) = parse_ber_any_r(value, 8).ok()?;
    let inner = match outer.content {
        x509_parser::der_parser::ber::BerObjectContent::Unknown(ref any) => {
            parse_ber_any_r(any.data, 8).ok()?.1
        }
        _ => outer,
    };
    inner.as_str().ok().map(str::to_string)
}

pub fn key_usage_names(ku: &x509_parser::extensions::KeyUsage) -> Vec<String> {
    let names = [
        (ku.digital_signature(), "digitalSignature"),
        (ku.non_repudiation(), "nonRepudiation"),
        (ku.key_encipherment(), "keyEncipherment"),
        (ku.data_encipherment(), "dataEncipherment"),
        (ku.key_agreement(), "keyAgreement"),
        (ku.key_cert_sign(), "keyCertSign"),
        (ku.crl_sign(), "cRLSign"),
        (ku.encipher_only(), "encipherOnly"),
        (ku.decipher_only(), "decipherOnly"),
    ];
    names
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, n)| n.to_string())
        .collect()
}

pub fn eku_names(eku: &x509_parser::extensions::ExtendedKeyUsage<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let known = [
        (eku.any, "anyExtendedKeyUsage"),
        (eku.server_auth, "serverAuth"),
        (eku.client_auth, "clientAuth"),
        (eku.code_signing, "codeSigning"),
        (eku.email_protection, "emailProtection"),
        (eku.time_stamping, "timeStamping"),
        (eku.ocsp_signing, "OCSPSigning"),
    ];
    out.extend(
        known
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, n)| n.to_string()),
    );
    for oid in &eku.other {
        out.push(
            OTHER_EKU_NAMES
                .iter()
                .find(|(known, _)| known == oid)
                .map(|(_, name)| name.to_string())
                .unwrap_or_else(|| oid.to_id_string()),
        );
    }
    out
}
