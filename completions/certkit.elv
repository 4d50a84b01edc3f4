
use builtin;
use str;

set edit:completion:arg-completer[certkit] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'certkit'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'certkit'= {
            cand --store 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --json 'Print one JSON document on stdout instead of human output'
            cand -q 'Print nothing but errors (and the JSON document with --json)'
            cand --quiet 'Print nothing but errors (and the JSON document with --json)'
            cand --no-color 'Do not colour output (the NO_COLOR environment variable does the same)'
            cand --password-stdin 'Read the input password from the first line of standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand inspect 'Show every certificate, key and container detail of certificate files'
            cand import 'Install certificates and private keys into the store, as the Windows Import Wizard does'
            cand store 'Show and manage the certificate store'
            cand connect 'Connect to a TLS server presenting a client certificate and report what happens'
            cand convert 'Convert certificates and keys between PKCS#12, PEM and DER'
            cand check-private-key 'Check that a private key is present and belongs to the leaf certificate'
            cand export-public 'Export public certificates (never a private key) under a deterministic name'
            cand export 'Export public certificates (never a private key) under a deterministic name'
            cand completions 'Print shell completions for certkit'
            cand verify-chain 'Build and check the certification path of a certificate, naming every problem'
            cand doctor 'Run the installation guide''s troubleshooting checks and say how to fix each problem'
            cand config 'Write ready-to-use client-certificate configuration for the platform that presents it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkit;inspect'= {
            cand --expiring 'Only list certificates that expire within DURATION (e.g. 30d, 12h, 2w); exit 1 if any'
            cand --now 'Evaluate validity at this time instead of now (RFC 3339, e.g. 2027-01-31T00:00:00Z)'
            cand --store 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --json-lines 'Write JSON Lines as the scan goes: one typed object per file, certificate, CRL, error or skipped entry, then a summary (memory stays flat however many certificates)'
            cand -v 'Name every skipped directory entry with its reason (JSON always names them)'
            cand --verbose 'Name every skipped directory entry with its reason (JSON always names them)'
            cand --json 'Print one JSON document on stdout instead of human output'
            cand -q 'Print nothing but errors (and the JSON document with --json)'
            cand --quiet 'Print nothing but errors (and the JSON document with --json)'
            cand --no-color 'Do not colour output (the NO_COLOR environment variable does the same)'
            cand --password-stdin 'Read the input password from the first line of standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkit;import'= {
            cand --to 'The logical store: auto (by the rules above), or every certificate into one store'
            cand --name 'Name of the personal entry (or of the only certificate imported)'
            cand --grant-read 'Let GROUP read the private key: the key file''s group becomes GROUP, its mode 0640 (in the Windows store: GROUP, a Windows account or group, gets Read on the key container)'
            cand --key-provider 'Windows stores: where private keys go. cng (the default): the Microsoft Software Key Storage Provider, RSA and EC keys, what TLS 1.3 client authentication needs; capi: a CryptoAPI container of the Enhanced RSA and AES provider, RSA only, for applications that need a CryptoAPI key'
            cand --store 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --dry-run 'Print what would be imported where, under which name, and change nothing'
            cand --json 'Print one JSON document on stdout instead of human output'
            cand -q 'Print nothing but errors (and the JSON document with --json)'
            cand --quiet 'Print nothing but errors (and the JSON document with --json)'
            cand --no-color 'Do not colour output (the NO_COLOR environment variable does the same)'
            cand --password-stdin 'Read the input password from the first line of standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkit;store'= {
            cand --store 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --json 'Print one JSON document on stdout instead of human output'
            cand -q 'Print nothing but errors (and the JSON document with --json)'
            cand --quiet 'Print nothing but errors (and the JSON document with --json)'
            cand --no-color 'Do not colour output (the NO_COLOR environment variable does the same)'
            cand --password-stdin 'Read the input password from the first line of standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand path 'Print the store''s folder'
            cand list 'List the store''s certificates: store, name, subject, thumbprint, expiry, private key'
            cand show 'Show everything about one entry (the inspect view)'
            cand remove 'Delete one entry and its hash links'
            cand grant 'Let a group read a personal entry''s private key (the key file becomes 0640)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkit;store;path'= {
            cand --store 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --json 'Print one JSON document on stdout instead of human output'
            cand -q 'Print nothing but errors (and the JSON document with --json)'
            cand --quiet 'Print nothing but errors (and the JSON document with --json)'
            cand --no-color 'Do not colour output (the NO_COLOR environment variable does the same)'
            cand --password-stdin 'Read the input password from the first line of standard input'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkit;store;list'= {
            cand --in 'Only this logical store'
            cand --store 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --json 'Print one JSON document on stdout instead of human output'
            cand -q 'Print nothing but errors (and the JSON document with --json)'
            cand --quiet 'Print nothing but errors (and the JSON document with --json)'
            cand --no-color 'Do not colour output (the NO_COLOR environment variable does the same)'
            cand --password-stdin 'Read the input password from the first line of standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkit;store;show'= {
            cand --in 'Look only in this logical store (when a name is in several)'
            cand --now 'Evaluate validity at this time instead of now (RFC 3339)'
            cand --store 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --json 'Print one JSON document on stdout instead of human output'
            cand -q 'Print nothing but errors (and the JSON document with --json)'
            cand --quiet 'Print nothing but errors (and the JSON document with --json)'
            cand --no-color 'Do not colour output (the NO_COLOR environment variable does the same)'
            cand --password-stdin 'Read the input password from the first line of standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkit;store;remove'= {
            cand --in 'Look only in this logical store (when a name is in several)'
            cand --now 'Evaluate validity at this time instead of now (RFC 3339)'
            cand --store 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --json 'Print one JSON document on stdout instead of human output'
            cand -q 'Print nothing but errors (and the JSON document with --json)'
            cand --quiet 'Print nothing but errors (and the JSON document with --json)'
            cand --no-color 'Do not colour output (the NO_COLOR environment variable does the same)'
            cand --password-stdin 'Read the input password from the first line of standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkit;store;grant'= {
            cand --store 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --json 'Print one JSON document on stdout instead of human output'
            cand -q 'Print nothing but errors (and the JSON document with --json)'
            cand --quiet 'Print nothing but errors (and the JSON document with --json)'
            cand --no-color 'Do not colour output (the NO_COLOR environment variable does the same)'
            cand --password-stdin 'Read the input password from the first line of standard input'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkit;store;help'= {
            cand path 'Print the store''s folder'
            cand list 'List the store''s certificates: store, name, subject, thumbprint, expiry, private key'
            cand show 'Show everything about one entry (the inspect view)'
            cand remove 'Delete one entry and its hash links'
            cand grant 'Let a group read a personal entry''s private key (the key file becomes 0640)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkit;store;help;path'= {
        }
        &'certkit;store;help;list'= {
        }
        &'certkit;store;help;show'= {
        }
        &'certkit;store;help;remove'= {
        }
        &'certkit;store;help;grant'= {
        }
        &'certkit;store;help;help'= {
        }
        &'certkit;connect'= {
            cand --cert 'Client certificate, with its key and chain (PFX, PEM, DER, PKCS#7); omit to send none'
            cand --key 'Private key file, when it is not in the --cert file'
            cand --ca 'Trust anchors for the server''s certificate (repeatable); the system store is used when none is given'
            cand --servername 'Server name to send (SNI) and to check the server''s certificate against (default: the host of TARGET)'
            cand --timeout 'Give up connecting, and waiting for any answer, after DURATION (e.g. 10s, 500ms)'
            cand --revocation 'Check the server chain''s revocation (stapled OCSP first): off, soft or hard'
            cand --now 'Evaluate validity at this time instead of now (RFC 3339)'
            cand --store 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --system 'Also trust the system''s CA store when --ca is given'
            cand --no-store 'Do not trust the certificate store''s roots (they are trusted by default)'
            cand --tls1.2 'Use TLS 1.2 only'
            cand --tls1.3 'Use TLS 1.3 only'
            cand --strict 'Also fail on findings in the server''s chain that only RFC 5280 or CA/Browser Forum profiles require (see verify-chain --strict); by default they are warnings'
            cand --insecure 'Do not count an untrusted server certificate as a failure (it is still reported)'
            cand --json 'Print one JSON document on stdout instead of human output'
            cand -q 'Print nothing but errors (and the JSON document with --json)'
            cand --quiet 'Print nothing but errors (and the JSON document with --json)'
            cand --no-color 'Do not colour output (the NO_COLOR environment variable does the same)'
            cand --password-stdin 'Read the input password from the first line of standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkit;convert'= {
            cand -o 'Output file (a folder with --all; - writes to stdout)'
            cand --output 'Output file (a folder with --all; - writes to stdout)'
            cand --to 'Output format (default: from OUT''s extension)'
            cand --profile 'PKCS#12 encryption profile'
            cand --mac 'PKCS#12 integrity check: classic, or pbmac1 (RFC 9579, for FIPS 140-3; verified by OpenSSL 3.4+, not by OpenSSL 3.0-3.3, Windows, Java 17 or NSS)'
            cand --key-out 'PEM output: write the private key to this file instead of into OUT'
            cand --friendly-name 'Friendly name of the certificate and key in a PKCS#12 file (default: the input''s, else the subject common name)'
            cand --new-password-file 'Read the new (output) password from the first line of FILE'
            cand --new-password-env 'Read the new (output) password from the environment variable VAR'
            cand --new-password 'New (output) password on the command line (discouraged: visible in process lists)'
            cand --store 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --no-chain 'Leave out the chain: only the leaf certificate (and its key)'
            cand --no-key 'Leave out the private key'
            cand --no-encrypt 'Write a PEM private key unencrypted (PEM output only)'
            cand --all 'DER output: write every certificate, one file each, into the folder OUT'
            cand --force 'Replace existing output files'
            cand --json 'Print one JSON document on stdout instead of human output'
            cand -q 'Print nothing but errors (and the JSON document with --json)'
            cand --quiet 'Print nothing but errors (and the JSON document with --json)'
            cand --no-color 'Do not colour output (the NO_COLOR environment variable does the same)'
            cand --password-stdin 'Read the input password from the first line of standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkit;check-private-key'= {
            cand --key 'The private key in a separate file'
            cand --entry 'Check a personal entry of the store (name or thumbprint) instead of a file'
            cand --store 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --json 'Print one JSON document on stdout instead of human output'
            cand -q 'Print nothing but errors (and the JSON document with --json)'
            cand --quiet 'Print nothing but errors (and the JSON document with --json)'
            cand --no-color 'Do not colour output (the NO_COLOR environment variable does the same)'
            cand --password-stdin 'Read the input password from the first line of standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkit;export-public'= {
            cand --der 'Write DER (.cer) into DEST'
            cand --pem 'Write PEM (.pem) into DEST'
            cand --name 'File name to use (without extension) instead of the friendly name or common name; without INPUT, the store entry to export'
            cand --thumbprint 'Without INPUT: export only the store entry with this SHA-1 thumbprint'
            cand --store 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --chain 'Also write the CA certificates of the chain'
            cand --force 'Replace an existing file with different content'
            cand --json 'Print one JSON document on stdout instead of human output'
            cand -q 'Print nothing but errors (and the JSON document with --json)'
            cand --quiet 'Print nothing but errors (and the JSON document with --json)'
            cand --no-color 'Do not colour output (the NO_COLOR environment variable does the same)'
            cand --password-stdin 'Read the input password from the first line of standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkit;export'= {
            cand --der 'Write DER (.cer) into DEST'
            cand --pem 'Write PEM (.pem) into DEST'
            cand --name 'File name to use (without extension) instead of the friendly name or common name; without INPUT, the store entry to export'
            cand --thumbprint 'Without INPUT: export only the store entry with this SHA-1 thumbprint'
            cand --store 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --chain 'Also write the CA certificates of the chain'
            cand --force 'Replace an existing file with different content'
            cand --json 'Print one JSON document on stdout instead of human output'
            cand -q 'Print nothing but errors (and the JSON document with --json)'
            cand --quiet 'Print nothing but errors (and the JSON document with --json)'
            cand --no-color 'Do not colour output (the NO_COLOR environment variable does the same)'
            cand --password-stdin 'Read the input password from the first line of standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkit;completions'= {
            cand --store 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --json 'Print one JSON document on stdout instead of human output'
            cand -q 'Print nothing but errors (and the JSON document with --json)'
            cand --quiet 'Print nothing but errors (and the JSON document with --json)'
            cand --no-color 'Do not colour output (the NO_COLOR environment variable does the same)'
            cand --password-stdin 'Read the input password from the first line of standard input'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkit;verify-chain'= {
            cand --ca 'Trust the certificates in FILE as roots (anchors); repeatable'
            cand --untrusted 'Use the certificates in FILE as possible intermediates (not trusted); repeatable'
            cand --capath 'Trust the CAs of an OpenSSL-style hashed directory (<subject-hash>.N files); repeatable'
            cand --untrusted-capath 'Use the CAs of a hashed directory as possible intermediates (not trusted); repeatable'
            cand --at 'Check validity at this time instead of now (RFC 3339, e.g. 2027-01-31T00:00:00Z, or a date, 2027-01-31, meaning midnight UTC)'
            cand --purpose 'What the leaf must be valid for'
            cand --max-depth 'Most intermediate CAs allowed between the leaf and the root'
            cand --revocation 'Check revocation (CRL, OCSP): off, soft (unknown is a warning) or hard (unknown is an error)'
            cand --crl 'Use the CRL(s) in FILE (PEM or DER) before fetching any; repeatable'
            cand --ocsp-response 'Use a saved OCSP response (DER, as `openssl ocsp -respout` writes) before fetching; repeatable'
            cand --write-chain 'Write the path found (leaf first, PEM) to FILE; an existing file is not overwritten'
            cand --now 'The current time for tests (RFC 3339)'
            cand --store 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --system 'Also trust the operating system''s root CAs ($SSL_CERT_FILE / $SSL_CERT_DIR when set, else the system''s hashed directory or bundle)'
            cand --no-store 'Leave the certificate store''s roots and intermediates out (they are used by default)'
            cand --strict 'Also fail (exit 1) on findings only RFC 5280 or CA/Browser Forum profiles require (non-critical CA basicConstraints, missing key identifiers, weak keys, bad serials); by default they are warnings'
            cand --fetch-aia 'Download missing intermediates from their AIA "CA Issuers" URL (http:// only, through $http_proxy/$HTTP_PROXY except for $NO_PROXY hosts; 30 s, 1 MiB cap, 5 redirects)'
            cand --json 'Print one JSON document on stdout instead of human output'
            cand -q 'Print nothing but errors (and the JSON document with --json)'
            cand --quiet 'Print nothing but errors (and the JSON document with --json)'
            cand --no-color 'Do not colour output (the NO_COLOR environment variable does the same)'
            cand --password-stdin 'Read the input password from the first line of standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkit;doctor'= {
            cand --entry 'Examine one personal entry of the store (name or thumbprint)'
            cand --host 'Also run a TLS handshake with the certificate against HOST[:PORT] or an https URL'
            cand --ca 'Trust anchors for the --host server''s certificate (repeatable), as `connect --ca`; the system store is used when none is given'
            cand --account 'An account (user or group) that must be able to read the private key; repeatable'
            cand --export-dir 'The folder the public certificate is exported to (the shared .cer folder)'
            cand --name 'The export name configured on the other servers (default: the entry''s name)'
            cand --platform 'A platform that must open the PKCS#12 file; repeatable'
            cand --revocation 'How strictly revocation (CRL, OCSP) is checked: `off` when offline'
            cand --warn-days 'Warn when a certificate expires within this many days'
            cand --timeout 'Give up the --host handshake after DURATION (e.g. 10s, 500ms)'
            cand --now 'Evaluate validity at this time instead of now (RFC 3339)'
            cand --store 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --json 'Print one JSON document on stdout instead of human output'
            cand -q 'Print nothing but errors (and the JSON document with --json)'
            cand --quiet 'Print nothing but errors (and the JSON document with --json)'
            cand --no-color 'Do not colour output (the NO_COLOR environment variable does the same)'
            cand --password-stdin 'Read the input password from the first line of standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkit;config'= {
            cand --cert 'A certificate with its private key from a file, optionally named (NAME=IN)'
            cand --entry 'A personal certificate of the store, by entry name or thumbprint'
            cand --map 'Pin certificate NAME to a host or service KEY (KEY=NAME); nginx also takes KEY= for "no certificate for this host"'
            cand --ca 'CA certificates the consumer must trust (the server it calls); also anchors the client certificate''s chain'
            cand --out-dir 'Folder the files are written to (created if missing)'
            cand --install-dir 'Folder the files will be in on the machine that uses them, as written into the settings (default: the absolute --out-dir); for OutSystems, the folder the public certificate is exported to'
            cand --url 'The URL called (curl''s command line, nginx''s proxy_pass)'
            cand --app 'The Cloud Foundry application name in the `cf set-env` commands'
            cand --profile 'PKCS#12 profile to write (default: what the target''s runtime reads)'
            cand --now 'Check time (RFC 3339; tests use a fixed clock)'
            cand --new-password-file 'Read the new (output) password from the first line of FILE'
            cand --new-password-env 'Read the new (output) password from the environment variable VAR'
            cand --new-password 'New (output) password on the command line (discouraged: visible in process lists)'
            cand --store 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --system 'Also trust the operating system''s CAs when checking the chain'
            cand --no-store 'Do not use the store''s roots and intermediates when checking the chain'
            cand --include-secrets 'Print passwords and base64 keys instead of naming the files that hold them'
            cand --force 'Replace existing output files'
            cand --json 'Print one JSON document on stdout instead of human output'
            cand -q 'Print nothing but errors (and the JSON document with --json)'
            cand --quiet 'Print nothing but errors (and the JSON document with --json)'
            cand --no-color 'Do not colour output (the NO_COLOR environment variable does the same)'
            cand --password-stdin 'Read the input password from the first line of standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'certkit;help'= {
            cand inspect 'Show every certificate, key and container detail of certificate files'
            cand import 'Install certificates and private keys into the store, as the Windows Import Wizard does'
            cand store 'Show and manage the certificate store'
            cand connect 'Connect to a TLS server presenting a client certificate and report what happens'
            cand convert 'Convert certificates and keys between PKCS#12, PEM and DER'
            cand check-private-key 'Check that a private key is present and belongs to the leaf certificate'
            cand export-public 'Export public certificates (never a private key) under a deterministic name'
            cand completions 'Print shell completions for certkit'
            cand verify-chain 'Build and check the certification path of a certificate, naming every problem'
            cand doctor 'Run the installation guide''s troubleshooting checks and say how to fix each problem'
            cand config 'Write ready-to-use client-certificate configuration for the platform that presents it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkit;help;inspect'= {
        }
        &'certkit;help;import'= {
        }
        &'certkit;help;store'= {
            cand path 'Print the store''s folder'
            cand list 'List the store''s certificates: store, name, subject, thumbprint, expiry, private key'
            cand show 'Show everything about one entry (the inspect view)'
            cand remove 'Delete one entry and its hash links'
            cand grant 'Let a group read a personal entry''s private key (the key file becomes 0640)'
        }
        &'certkit;help;store;path'= {
        }
        &'certkit;help;store;list'= {
        }
        &'certkit;help;store;show'= {
        }
        &'certkit;help;store;remove'= {
        }
        &'certkit;help;store;grant'= {
        }
        &'certkit;help;connect'= {
        }
        &'certkit;help;convert'= {
        }
        &'certkit;help;check-private-key'= {
        }
        &'certkit;help;export-public'= {
        }
        &'certkit;help;completions'= {
        }
        &'certkit;help;verify-chain'= {
        }
        &'certkit;help;doctor'= {
        }
        &'certkit;help;config'= {
        }
        &'certkit;help;help'= {
        }
    ]
    $completions[$command]
}
