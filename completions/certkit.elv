
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
            cand convert 'Convert certificates and keys between PKCS#12, PEM and DER'
            cand check-private-key 'Check that a private key is present and belongs to the leaf certificate'
            cand export-public 'Export public certificates (never a private key) under a deterministic name'
            cand export 'Export public certificates (never a private key) under a deterministic name'
            cand completions 'Print shell completions for certkit'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkit;inspect'= {
            cand --expiring 'Only list certificates that expire within DURATION (e.g. 30d, 12h, 2w); exit 1 if any'
            cand --now 'Evaluate validity at this time instead of now (RFC 3339, e.g. 2027-01-31T00:00:00Z)'
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
        &'certkit;convert'= {
            cand -o 'Output file (a folder with --all; - writes to stdout)'
            cand --output 'Output file (a folder with --all; - writes to stdout)'
            cand --to 'Output format (default: from OUT''s extension)'
            cand --profile 'PKCS#12 encryption profile'
            cand --key-out 'PEM output: write the private key to this file instead of into OUT'
            cand --friendly-name 'Friendly name of the certificate and key in a PKCS#12 file (default: the input''s, else the subject common name)'
            cand --new-password-file 'Read the new (output) password from the first line of FILE'
            cand --new-password-env 'Read the new (output) password from the environment variable VAR'
            cand --new-password 'New (output) password on the command line (discouraged: visible in process lists)'
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
            cand --name 'File name to use (without extension) instead of the friendly name or common name'
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
            cand --name 'File name to use (without extension) instead of the friendly name or common name'
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
        &'certkit;help'= {
            cand inspect 'Show every certificate, key and container detail of certificate files'
            cand convert 'Convert certificates and keys between PKCS#12, PEM and DER'
            cand check-private-key 'Check that a private key is present and belongs to the leaf certificate'
            cand export-public 'Export public certificates (never a private key) under a deterministic name'
            cand completions 'Print shell completions for certkit'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkit;help;inspect'= {
        }
        &'certkit;help;convert'= {
        }
        &'certkit;help;check-private-key'= {
        }
        &'certkit;help;export-public'= {
        }
        &'certkit;help;completions'= {
        }
        &'certkit;help;help'= {
        }
    ]
    $completions[$command]
}
