/*
 * crypt32 probe: what PFXImportCertStore, the CurrentUser/LocalMachine system stores, key
 * containers and chain building do under wine (or on a real Windows). A research tool for the
 * Windows store work, not part of certkit; tests/windows/crypt32-probe.sh builds it with mingw
 * and runs the scenarios that tests/windows/README.md reports.
 *
 *   crypt32-probe pfx FILE PASSWORD            PFXImportCertStore, list what came out
 *   crypt32-probe add FILE PASSWORD STORE MODE import a PFX, add every cert to a CU store
 *   crypt32-probe addder CERT.der STORE MODE [lm|nocommit]
 *   crypt32-probe list STORE [lm]              every cert: thumbprint, name, key provider info
 *   crypt32-probe count STORE [lm]
 *   crypt32-probe del STORE THUMBPRINT [nocommit]
 *   crypt32-probe keymatch STORE THUMBPRINT    does the linked CAPI key match the certificate?
 *   crypt32-probe keyimport KEY.msblob CONTAINER CERT.der STORE
 *                                              RSA key into a named CAPI container, linked by
 *                                              CERT_KEY_PROV_INFO_PROP_ID, added to STORE
 *   crypt32-probe ncrypt NAME KEY.pkcs8der     persist a CNG key (Microsoft Software KSP)
 *   crypt32-probe chain THUMBPRINT YEAR        CertGetCertificateChain for a cert in CU MY
 *   crypt32-probe secdescr CONTAINER ACCOUNT   read a CAPI container's DACL, look up ACCOUNT,
 *                                              write the DACL back (--grant-read's calls)
 *   crypt32-probe mmcadd FILE PASSWORD         MMC-style import: PFXImportCertStore with no
 *                                              flags, the leaf (not self-signed, not CA) to MY
 *   crypt32-probe keyspec STORE THUMBPRINT     the linked key per key spec: prov info,
 *                                              CryptAcquireCertificatePrivateKey's spec,
 *                                              CryptGetUserKey / CryptExportPublicKeyInfo /
 *                                              a SHA-1 and a SHA-256 signature for specs 1, 2, 3
 *
 * MODE is the CERT_STORE_ADD_* number (1 NEW, 2 USE_EXISTING, 3 REPLACE_EXISTING).
 * Build: x86_64-w64-mingw32-gcc -O1 -o crypt32-probe.exe crypt32-probe.c -lcrypt32 -ladvapi32 -lncrypt
 */
#include <windows.h>
#include <wincrypt.h>
#include <ncrypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static BYTE *read_file(const char *path, DWORD *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("cannot open %s\n", path);
        exit(3);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    BYTE *b = malloc(n > 0 ? n : 1);
    if (fread(b, 1, n, f) != (size_t)n) {
        printf("cannot read %s\n", path);
        exit(3);
    }
    fclose(f);
    *len = (DWORD)n;
    return b;
}

static void parse_thumbprint(const char *hex, BYTE *hash)
{
    for (int i = 0; i < 20; i++) {
        unsigned v = 0;
        sscanf(hex + 2 * i, "%2x", &v);
        hash[i] = (BYTE)v;
    }
}

static void widen(const char *s, WCHAR *w, int n)
{
    MultiByteToWideChar(CP_ACP, 0, s, -1, w, n);
}

static void thumbprint(PCCERT_CONTEXT c, char *out)
{
    BYTE h[20];
    DWORD n = sizeof h;
    if (!CertGetCertificateContextProperty(c, CERT_SHA1_HASH_PROP_ID, h, &n)) {
        strcpy(out, "?");
        return;
    }
    for (DWORD i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", h[i]);
}

static void describe(PCCERT_CONTEXT c)
{
    char t[41], name[256];
    thumbprint(c, t);
    CertGetNameStringA(c, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, name, sizeof name);
    DWORD n = 0;
    BOOL has_key = CertGetCertificateContextProperty(c, CERT_KEY_PROV_INFO_PROP_ID, NULL, &n);
    printf("  %s  %-28s keyprovinfo=%d", t, name, has_key);
    if (has_key) {
        CRYPT_KEY_PROV_INFO *kp = malloc(n);
        CertGetCertificateContextProperty(c, CERT_KEY_PROV_INFO_PROP_ID, kp, &n);
        printf(" container=%ls provider=\"%ls\" type=%lu keyspec=%lu", kp->pwszContainerName,
               kp->pwszProvName ? kp->pwszProvName : L"(null)", kp->dwProvType, kp->dwKeySpec);
        free(kp);
    }
    n = 0;
    if (CertGetCertificateContextProperty(c, CERT_FRIENDLY_NAME_PROP_ID, NULL, &n)) {
        WCHAR *fn = malloc(n);
        CertGetCertificateContextProperty(c, CERT_FRIENDLY_NAME_PROP_ID, fn, &n);
        printf(" friendly=\"%ls\"", fn);
        free(fn);
    }
    printf(" selfsigned=%d", CertCompareCertificateName(X509_ASN_ENCODING, &c->pCertInfo->Subject,
                                                         &c->pCertInfo->Issuer));
    HCRYPTPROV_OR_NCRYPT_KEY_HANDLE h = 0;
    DWORD spec = 0;
    BOOL caller_frees = FALSE;
    if (CryptAcquireCertificatePrivateKey(c, CRYPT_ACQUIRE_SILENT_FLAG | CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG,
                                          NULL, &h, &spec, &caller_frees)) {
        printf(" acquirekey=ok");
        if (caller_frees && spec != CERT_NCRYPT_KEY_SPEC)
            CryptReleaseContext(h, 0);
    } else {
        printf(" acquirekey=fail(0x%08lx)", GetLastError());
    }
    printf("\n");
}

static HCERTSTORE open_system(const char *name, int local_machine)
{
    WCHAR w[64];
    widen(name, w, 64);
    HCERTSTORE s = CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0,
                                 local_machine ? CERT_SYSTEM_STORE_LOCAL_MACHINE : CERT_SYSTEM_STORE_CURRENT_USER, w);
    if (!s)
        printf("CertOpenStore(%s, %s) failed 0x%08lx\n", name, local_machine ? "LocalMachine" : "CurrentUser",
               GetLastError());
    return s;
}

/* Commit then close: under wine 8 a deletion is only written back by an explicit commit. */
static void commit_and_close(HCERTSTORE s, int commit)
{
    if (commit) {
        BOOL ok = CertControlStore(s, 0, CERT_STORE_CTRL_COMMIT, NULL);
        printf("commit -> %d\n", ok);
    }
    CertCloseStore(s, 0);
}

static PCCERT_CONTEXT find(HCERTSTORE s, const char *hex)
{
    BYTE h[20];
    parse_thumbprint(hex, h);
    CRYPT_HASH_BLOB blob = { 20, h };
    return CertFindCertificateInStore(s, X509_ASN_ENCODING, 0, CERT_FIND_SHA1_HASH, &blob, NULL);
}

static HCERTSTORE import_pfx(const char *file, const char *password)
{
    DWORD len;
    BYTE *b = read_file(file, &len);
    CRYPT_DATA_BLOB blob = { len, b };
    WCHAR w[256];
    widen(password, w, 256);
    printf("PFXIsPFXBlob=%d PFXVerifyPassword=%d\n", PFXIsPFXBlob(&blob), PFXVerifyPassword(&blob, w, 0));
    SetLastError(0);
    HCERTSTORE s = PFXImportCertStore(&blob, w, CRYPT_USER_KEYSET | CRYPT_EXPORTABLE);
    if (!s)
        printf("PFXImportCertStore failed, last error 0x%08lx\n", GetLastError());
    return s;
}

static void list(HCERTSTORE s)
{
    int n = 0;
    PCCERT_CONTEXT c = NULL;
    while ((c = CertEnumCertificatesInStore(s, c))) {
        describe(c);
        n++;
    }
    printf("  (%d certificates)\n", n);
}

static int keymatch(PCCERT_CONTEXT c)
{
    HCRYPTPROV prov = 0, verify = 0;
    DWORD spec = 0;
    BOOL caller_frees = FALSE;
    HCRYPTKEY linked, from_cert;
    BYTE a[2048], b[2048];
    DWORD na = sizeof a, nb = sizeof b;
    if (!CryptAcquireCertificatePrivateKey(c, CRYPT_ACQUIRE_SILENT_FLAG, NULL, &prov, &spec, &caller_frees)) {
        printf("CryptAcquireCertificatePrivateKey failed 0x%08lx\n", GetLastError());
        return 1;
    }
    if (!CryptGetUserKey(prov, AT_KEYEXCHANGE, &linked) || !CryptExportKey(linked, 0, PUBLICKEYBLOB, 0, a, &na)) {
        printf("reading the container's key failed 0x%08lx\n", GetLastError());
        return 1;
    }
    CryptAcquireContextW(&verify, NULL, NULL, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT);
    if (!CryptImportPublicKeyInfo(verify, X509_ASN_ENCODING, &c->pCertInfo->SubjectPublicKeyInfo, &from_cert) ||
        !CryptExportKey(from_cert, 0, PUBLICKEYBLOB, 0, b, &nb)) {
        printf("reading the certificate's key failed 0x%08lx\n", GetLastError());
        return 1;
    }
    /* Compare past the BLOBHEADER (8 bytes), whose algorithm id may differ. */
    int same = na == nb && !memcmp(a + 8, b + 8, na - 8);
    printf("container key matches certificate: %s\n", same ? "yes" : "NO");
    return !same;
}

static int keyimport(const char *blob_file, const char *container, const char *der_file, const char *store)
{
    DWORD blen, clen;
    BYTE *blob = read_file(blob_file, &blen), *der = read_file(der_file, &clen);
    WCHAR wc[128];
    widen(container, wc, 128);
    HCRYPTPROV prov = 0;
    HCRYPTKEY key = 0;
    if (!CryptAcquireContextW(&prov, wc, MS_ENHANCED_PROV_W, PROV_RSA_FULL, CRYPT_NEWKEYSET)) {
        printf("CryptAcquireContext(NEWKEYSET) failed 0x%08lx, opening it\n", GetLastError());
        if (!CryptAcquireContextW(&prov, wc, MS_ENHANCED_PROV_W, PROV_RSA_FULL, 0))
            return 1;
    }
    if (!CryptImportKey(prov, blob, blen, 0, 0, &key)) {
        printf("CryptImportKey failed 0x%08lx\n", GetLastError());
        return 1;
    }
    CryptDestroyKey(key);
    CryptReleaseContext(prov, 0);
    PCCERT_CONTEXT c = CertCreateCertificateContext(X509_ASN_ENCODING, der, clen);
    CRYPT_KEY_PROV_INFO info = { wc, (LPWSTR)MS_ENHANCED_PROV_W, PROV_RSA_FULL, 0, 0, NULL, AT_KEYEXCHANGE };
    printf("set key prov info -> %d\n", CertSetCertificateContextProperty(c, CERT_KEY_PROV_INFO_PROP_ID, 0, &info));
    HCERTSTORE s = open_system(store, 0);
    if (!s)
        return 1;
    BOOL ok = CertAddCertificateContextToStore(s, c, CERT_STORE_ADD_NEW, NULL);
    printf("add -> %d err=0x%08lx\n", ok, ok ? 0 : GetLastError());
    commit_and_close(s, 1);
    return !ok;
}

static int ncrypt_probe(const char *name, const char *pkcs8_file)
{
    NCRYPT_PROV_HANDLE p = 0;
    NCRYPT_KEY_HANDLE k = 0;
    SECURITY_STATUS st = NCryptOpenStorageProvider(&p, MS_KEY_STORAGE_PROVIDER, 0);
    printf("NCryptOpenStorageProvider -> 0x%08lx\n", st);
    if (st)
        return 1;
    WCHAR wn[128];
    widen(name, wn, 128);
    DWORD len;
    BYTE *b = read_file(pkcs8_file, &len);
    NCryptBuffer buf = { (lstrlenW(wn) + 1) * 2, NCRYPTBUFFER_PKCS_KEY_NAME, wn };
    NCryptBufferDesc desc = { NCRYPTBUFFER_VERSION, 1, &buf };
    st = NCryptImportKey(p, 0, NCRYPT_PKCS8_PRIVATE_KEY_BLOB, &desc, &k, b, len,
                         NCRYPT_OVERWRITE_KEY_FLAG | NCRYPT_DO_NOT_FINALIZE_FLAG);
    printf("NCryptImportKey(PKCS8, named) -> 0x%08lx\n", st);
    if (!st)
        printf("NCryptFinalizeKey -> 0x%08lx\n", NCryptFinalizeKey(k, 0));
    NCRYPT_KEY_HANDLE created = 0;
    st = NCryptCreatePersistedKey(p, &created, BCRYPT_ECDSA_P256_ALGORITHM, wn, 0, NCRYPT_OVERWRITE_KEY_FLAG);
    printf("NCryptCreatePersistedKey(ECDSA_P256) -> 0x%08lx\n", st);
    if (!st)
        printf("NCryptFinalizeKey -> 0x%08lx\n", NCryptFinalizeKey(created, 0));
    NCRYPT_KEY_HANDLE opened = 0;
    printf("NCryptOpenKey(%s) -> 0x%08lx\n", name, NCryptOpenKey(p, &opened, wn, 0, 0));
    return 0;
}

static int chain(const char *hex, int year)
{
    HCERTSTORE s = open_system("MY", 0);
    PCCERT_CONTEXT c = s ? find(s, hex) : NULL;
    if (!c) {
        printf("not found\n");
        return 1;
    }
    CERT_CHAIN_PARA para;
    memset(&para, 0, sizeof para);
    para.cbSize = sizeof para;
    SYSTEMTIME st;
    memset(&st, 0, sizeof st);
    st.wYear = year;
    st.wMonth = 6;
    st.wDay = 1;
    FILETIME at;
    SystemTimeToFileTime(&st, &at);
    PCCERT_CHAIN_CONTEXT ch = NULL;
    if (!CertGetCertificateChain(NULL, c, &at, NULL, &para, 0, NULL, &ch)) {
        printf("CertGetCertificateChain failed 0x%08lx\n", GetLastError());
        return 1;
    }
    printf("chain: error=0x%08lx info=0x%08lx\n", ch->TrustStatus.dwErrorStatus, ch->TrustStatus.dwInfoStatus);
    for (DWORD i = 0; i < ch->cChain; i++)
        for (DWORD j = 0; j < ch->rgpChain[i]->cElement; j++) {
            PCERT_CHAIN_ELEMENT e = ch->rgpChain[i]->rgpElement[j];
            char name[256];
            CertGetNameStringA(e->pCertContext, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, name, sizeof name);
            printf("  [%lu] %s error=0x%08lx info=0x%08lx\n", j, name, e->TrustStatus.dwErrorStatus,
                   e->TrustStatus.dwInfoStatus);
        }
    CERT_CHAIN_POLICY_PARA pp;
    CERT_CHAIN_POLICY_STATUS ps;
    memset(&pp, 0, sizeof pp);
    memset(&ps, 0, sizeof ps);
    pp.cbSize = sizeof pp;
    ps.cbSize = sizeof ps;
    CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_BASE, ch, &pp, &ps);
    printf("policy base: error=0x%08lx\n", ps.dwError);
    CertFreeCertificateChain(ch);
    return 0;
}

static int secdescr(const char *container, const char *account)
{
    WCHAR wc[128], wa[128];
    widen(container, wc, 128);
    widen(account, wa, 128);
    HCRYPTPROV prov = 0;
    if (!CryptAcquireContextW(&prov, wc, MS_ENHANCED_PROV_W, PROV_RSA_FULL, 0)) {
        printf("CryptAcquireContext(%s) failed 0x%08lx\n", container, GetLastError());
        return 1;
    }
    DWORD size = 0;
    BOOL ok = CryptGetProvParam(prov, PP_KEYSET_SEC_DESCR, NULL, &size, DACL_SECURITY_INFORMATION);
    printf("CryptGetProvParam(PP_KEYSET_SEC_DESCR) size -> %d size=%lu err=0x%08lx\n", ok, size, ok ? 0 : GetLastError());
    if (ok && size) {
        BYTE *sd = malloc(size);
        ok = CryptGetProvParam(prov, PP_KEYSET_SEC_DESCR, sd, &size, DACL_SECURITY_INFORMATION);
        printf("CryptGetProvParam(PP_KEYSET_SEC_DESCR) -> %d\n", ok);
        if (ok) {
            ok = CryptSetProvParam(prov, PP_KEYSET_SEC_DESCR, sd, DACL_SECURITY_INFORMATION);
            printf("CryptSetProvParam(PP_KEYSET_SEC_DESCR) -> %d err=0x%08lx\n", ok, ok ? 0 : GetLastError());
        }
    }
    BYTE sid[SECURITY_MAX_SID_SIZE];
    DWORD sid_size = sizeof sid, dom_size = 256;
    WCHAR domain[256];
    SID_NAME_USE use;
    ok = LookupAccountNameW(NULL, wa, sid, &sid_size, domain, &dom_size, &use);
    printf("LookupAccountNameW(%s) -> %d err=0x%08lx domain=%ls use=%d\n", account, ok, ok ? 0 : GetLastError(),
           ok ? domain : L"", ok ? (int)use : 0);
    return 0;
}

static int mmcadd(const char *file, const char *password)
{
    DWORD len;
    BYTE *b = read_file(file, &len);
    CRYPT_DATA_BLOB blob = { len, b };
    WCHAR w[256];
    widen(password, w, 256);
    SetLastError(0);
    HCERTSTORE p = PFXImportCertStore(&blob, w, 0);
    if (!p) {
        printf("PFXImportCertStore(flags 0) failed 0x%08lx\n", GetLastError());
        return 1;
    }
    HCERTSTORE s = open_system("MY", 0);
    if (!s)
        return 1;
    PCCERT_CONTEXT c = NULL;
    while ((c = CertEnumCertificatesInStore(p, c))) {
        if (CertCompareCertificateName(X509_ASN_ENCODING, &c->pCertInfo->Subject, &c->pCertInfo->Issuer))
            continue;
        char t[41];
        thumbprint(c, t);
        describe(c);
        /* the leaf is the one whose subject issues nothing else in the file */
        PCCERT_CONTEXT other = NULL;
        int issues = 0;
        while ((other = CertEnumCertificatesInStore(p, other)))
            if (other != c && CertCompareCertificateName(X509_ASN_ENCODING, &c->pCertInfo->Subject,
                                                         &other->pCertInfo->Issuer))
                issues = 1;
        if (issues)
            continue;
        BOOL ok = CertAddCertificateContextToStore(s, c, CERT_STORE_ADD_NEW, NULL);
        printf("add leaf %s -> %d err=0x%08lx\n", t, ok, ok ? 0 : GetLastError());
    }
    commit_and_close(s, 1);
    return 0;
}

static void sign_with(HCRYPTPROV prov, DWORD spec, ALG_ID alg, const char *label)
{
    HCRYPTHASH h = 0;
    BYTE sig[1024];
    DWORD n = sizeof sig;
    if (!CryptCreateHash(prov, alg, 0, 0, &h)) {
        printf("    CryptCreateHash(%s) failed 0x%08lx\n", label, GetLastError());
        return;
    }
    BOOL ok = CryptHashData(h, (const BYTE *)"probe", 5, 0) && CryptSignHashW(h, spec, NULL, 0, sig, &n);
    printf("    sign %s with spec %lu -> %d err=0x%08lx\n", label, spec, ok, ok ? 0 : GetLastError());
    CryptDestroyHash(h);
}

static int keyspec(const char *store, const char *hex)
{
    HCERTSTORE s = open_system(store, 0);
    PCCERT_CONTEXT c = s ? find(s, hex) : NULL;
    if (!c) {
        printf("not found\n");
        return 1;
    }
    describe(c);
    HCRYPTPROV prov = 0;
    DWORD spec = 0;
    BOOL caller_frees = FALSE;
    if (!CryptAcquireCertificatePrivateKey(c, CRYPT_ACQUIRE_SILENT_FLAG, NULL, &prov, &spec, &caller_frees)) {
        printf("CryptAcquireCertificatePrivateKey failed 0x%08lx\n", GetLastError());
        return 1;
    }
    printf("CryptAcquireCertificatePrivateKey -> spec %lu\n", spec);
    WCHAR provname[256];
    DWORD pn = sizeof provname;
    DWORD type = 0, tn = sizeof type;
    char cont[256];
    DWORD cn = sizeof cont;
    if (CryptGetProvParam(prov, PP_NAME, (BYTE *)provname, &pn, 0))
        printf("  PP_NAME %s\n", (char *)provname);
    if (CryptGetProvParam(prov, PP_PROVTYPE, (BYTE *)&type, &tn, 0))
        printf("  PP_PROVTYPE %lu\n", type);
    if (CryptGetProvParam(prov, PP_CONTAINER, (BYTE *)cont, &cn, 0))
        printf("  PP_CONTAINER %s\n", cont);
    for (DWORD k = 1; k <= 3; k++) {
        HCRYPTKEY key = 0;
        BOOL got = CryptGetUserKey(prov, k, &key);
        printf("  spec %lu: CryptGetUserKey -> %d err=0x%08lx", k, got, got ? 0 : GetLastError());
        if (got) {
            ALG_ID alg = 0;
            DWORD an = sizeof alg;
            CryptGetKeyParam(key, KP_ALGID, (BYTE *)&alg, &an, 0);
            printf(" algid=0x%04x", alg);
            CryptDestroyKey(key);
        }
        DWORD len = 0;
        BOOL ex = CryptExportPublicKeyInfo(prov, k, X509_ASN_ENCODING, NULL, &len);
        int same = -1;
        if (ex) {
            CERT_PUBLIC_KEY_INFO *info = malloc(len);
            if (CryptExportPublicKeyInfo(prov, k, X509_ASN_ENCODING, info, &len))
                same = CertComparePublicKeyInfo(X509_ASN_ENCODING, info, &c->pCertInfo->SubjectPublicKeyInfo);
            free(info);
        }
        printf(" CryptExportPublicKeyInfo -> %d matches-certificate=%d\n", ex, same);
        sign_with(prov, k, CALG_SHA1, "SHA-1");
        sign_with(prov, k, CALG_SHA_256, "SHA-256");
    }
    if (caller_frees)
        CryptReleaseContext(prov, 0);
    /* The same container through the AES provider: CryptoAPI containers are shared between
       the RSA providers, which is how a PROV_RSA_FULL key can still sign SHA-256. */
    HCRYPTPROV aes = 0;
    WCHAR wcont[256];
    widen(cont, wcont, 256);
    if (CryptAcquireContextW(&aes, wcont, MS_ENH_RSA_AES_PROV_W, PROV_RSA_AES, CRYPT_SILENT)) {
        printf("  container %s through PROV_RSA_AES:\n", cont);
        sign_with(aes, AT_KEYEXCHANGE, CALG_SHA_256, "SHA-256");
        CryptReleaseContext(aes, 0);
    } else {
        printf("  CryptAcquireContext(%s, PROV_RSA_AES) failed 0x%08lx\n", cont, GetLastError());
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : "";
    int lm = argc > 1 && !strcmp(argv[argc - 1], "lm");
    int commit = !(argc > 1 && !strcmp(argv[argc - 1], "nocommit"));

    if (!strcmp(cmd, "pfx") && argc >= 4) {
        HCERTSTORE s = import_pfx(argv[2], argv[3]);
        if (!s)
            return 1;
        list(s);
        return 0;
    }
    if (!strcmp(cmd, "add") && argc >= 6) {
        HCERTSTORE p = import_pfx(argv[2], argv[3]);
        HCERTSTORE s = p ? open_system(argv[4], 0) : NULL;
        if (!s)
            return 1;
        DWORD mode = strtoul(argv[5], NULL, 0);
        PCCERT_CONTEXT c = NULL;
        while ((c = CertEnumCertificatesInStore(p, c))) {
            char t[41];
            thumbprint(c, t);
            BOOL ok = CertAddCertificateContextToStore(s, c, mode, NULL);
            printf("add %s mode=%lu -> %d err=0x%08lx\n", t, mode, ok, ok ? 0 : GetLastError());
        }
        commit_and_close(s, commit);
        return 0;
    }
    if (!strcmp(cmd, "addder") && argc >= 5) {
        DWORD len;
        BYTE *der = read_file(argv[2], &len);
        HCERTSTORE s = open_system(argv[3], lm);
        if (!s)
            return 1;
        DWORD mode = strtoul(argv[4], NULL, 0);
        BOOL ok = CertAddEncodedCertificateToStore(s, X509_ASN_ENCODING, der, len, mode, NULL);
        printf("addder mode=%lu -> %d err=0x%08lx\n", mode, ok, ok ? 0 : GetLastError());
        if (commit)
            commit_and_close(s, 1);
        /* with nocommit: exit without closing, as a crashed process would */
        return 0;
    }
    if ((!strcmp(cmd, "list") || !strcmp(cmd, "count")) && argc >= 3) {
        HCERTSTORE s = open_system(argv[2], lm);
        if (!s)
            return 1;
        if (!strcmp(cmd, "list")) {
            printf("store %s:\n", argv[2]);
            list(s);
        } else {
            int n = 0;
            PCCERT_CONTEXT c = NULL;
            while ((c = CertEnumCertificatesInStore(s, c)))
                n++;
            printf("store %s%s: %d certificates\n", lm ? "(LocalMachine) " : "", argv[2], n);
        }
        return 0;
    }
    if (!strcmp(cmd, "del") && argc >= 4) {
        HCERTSTORE s = open_system(argv[2], 0);
        PCCERT_CONTEXT c = s ? find(s, argv[3]) : NULL;
        if (!c) {
            printf("not found\n");
            return 1;
        }
        BOOL ok = CertDeleteCertificateFromStore(c);
        printf("delete -> %d err=0x%08lx\n", ok, ok ? 0 : GetLastError());
        commit_and_close(s, commit);
        return !ok;
    }
    if (!strcmp(cmd, "keymatch") && argc >= 4) {
        HCERTSTORE s = open_system(argv[2], 0);
        PCCERT_CONTEXT c = s ? find(s, argv[3]) : NULL;
        if (!c) {
            printf("not found\n");
            return 1;
        }
        return keymatch(c);
    }
    if (!strcmp(cmd, "keyimport") && argc >= 6)
        return keyimport(argv[2], argv[3], argv[4], argv[5]);
    if (!strcmp(cmd, "ncrypt") && argc >= 4)
        return ncrypt_probe(argv[2], argv[3]);
    if (!strcmp(cmd, "chain") && argc >= 4)
        return chain(argv[2], atoi(argv[3]));
    if (!strcmp(cmd, "secdescr") && argc >= 4)
        return secdescr(argv[2], argv[3]);
    if (!strcmp(cmd, "mmcadd") && argc >= 4)
        return mmcadd(argv[2], argv[3]);
    if (!strcmp(cmd, "keyspec") && argc >= 4)
        return keyspec(argv[2], argv[3]);
    printf("usage: see the comment at the top of crypt32-probe.c\n");
    return 2;
}
