#!/usr/bin/env python3
"""Scores a certkit binary, and OpenSSL, on the real-world PKCS#12 corpus.

    score.py CERTKIT FILES_DIR MANIFEST  -> one line per file on stderr, a JSON summary on stdout

certkit is right on a file when `inspect --json` exits 0 with the manifest's number of
certificates and (or no) private key. OpenSSL is counted as reading a file when
`openssl pkcs12 -legacy -info -noout` exits 0 with the manifest's password (which checks the
MAC and the structure but decrypts no key), and as decrypting it when `openssl pkcs12 -legacy
-nodes -out /dev/null` (every certificate and key) exits 0.
"""
import json
import subprocess
import sys

certkit, files, manifest = sys.argv[1:4]
rows = []
for line in open(manifest, encoding="utf-8"):
    if line.startswith("#") or line.startswith("file\t") or not line.strip():
        continue
    f = line.rstrip("\n").split("\t")
    if len(f) != 11:
        sys.exit(f"manifest line with {len(f)} fields: {line!r}")
    rows.append(f)

results = []
for file, password, certs, key, written_by, *_ in rows:
    path = f"{files}/{file}"
    args = [certkit, "--json", "inspect", path]
    if password != "-":
        args += ["--password", password]
    out = subprocess.run(args, capture_output=True)
    got = "unreadable output"
    ok = False
    try:
        doc = json.loads(out.stdout)["inputs"][0]
        n = len(doc.get("certificates", []))
        has_key = isinstance(doc.get("private_key"), dict)
        err = doc.get("error", {}).get("kind")
        got = err or f"{n} certificates, {'a key' if has_key else 'no key'}"
        ok = out.returncode == 0 and err is None and n == int(certs) and has_key == (key == "true")
    except (ValueError, KeyError, IndexError):
        pass
    pw = "" if password == "-" else password
    ossl = subprocess.run(
        ["openssl", "pkcs12", "-legacy", "-info", "-noout", "-in", path, "-passin", f"pass:{pw}"],
        capture_output=True,
    )
    full = subprocess.run(
        ["openssl", "pkcs12", "-legacy", "-nodes", "-out", "/dev/null", "-in", path,
         "-passin", f"pass:{pw}"],
        capture_output=True,
    )
    results.append(
        {
            "file": file,
            "certkit_ok": ok,
            "certkit": got,
            "openssl_ok": ossl.returncode == 0,
            "openssl_decrypts": full.returncode == 0,
        }
    )
    print(
        f"{'ok  ' if ok else 'MISS'} {file}: certkit {got}; openssl -legacy -info "
        f"{'reads' if ossl.returncode == 0 else 'fails'}, -nodes "
        f"{'decrypts' if full.returncode == 0 else 'fails'} ({written_by})",
        file=sys.stderr,
    )

summary = {
    "files": len(results),
    "certkit_ok": sum(r["certkit_ok"] for r in results),
    "openssl_ok": sum(r["openssl_ok"] for r in results),
    "openssl_decrypts": sum(r["openssl_decrypts"] for r in results),
    "results": results,
}
print(
    f"corpus: certkit {summary['certkit_ok']}/{summary['files']} as expected; "
    f"openssl pkcs12 -legacy -info -noout {summary['openssl_ok']}/{summary['files']}; "
    f"openssl pkcs12 -legacy -nodes {summary['openssl_decrypts']}/{summary['files']}",
    file=sys.stderr,
)
print(json.dumps(summary))
