
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
            cand completions 'Print shell completions for certkit'
            cand verify-chain 'Build and check the certification path of a certificate, naming every problem'
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
        &'certkit;verify-chain'= {
            cand --ca 'Trust the certificates in FILE as roots (anchors); repeatable'
            cand --untrusted 'Use the certificates in FILE as possible intermediates (not trusted); repeatable'
            cand --capath 'Trust the CAs of an OpenSSL-style hashed directory (<subject-hash>.N files); repeatable'
            cand --untrusted-capath 'Use the CAs of a hashed directory as possible intermediates (not trusted); repeatable'
            cand --at 'Check validity at this time instead of now (RFC 3339, e.g. 2027-01-31T00:00:00Z)'
            cand --purpose 'What the leaf must be valid for'
            cand --max-depth 'Most intermediate CAs allowed between the leaf and the root'
            cand --write-chain 'Write the path found (leaf first, PEM) to FILE; an existing file is not overwritten'
            cand --now 'The current time for tests (RFC 3339)'
            cand --password-file 'Read the input password from the first line of FILE'
            cand --password-env 'Read the input password from the environment variable VAR'
            cand --password 'Input password on the command line (discouraged: visible in process lists)'
            cand --system 'Also trust the operating system''s root CAs'
            cand --fetch-aia 'Download missing intermediates from their AIA "CA Issuers" URL (HTTP, 10 s, 1 MiB cap)'
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
            cand completions 'Print shell completions for certkit'
            cand verify-chain 'Build and check the certification path of a certificate, naming every problem'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'certkit;help;inspect'= {
        }
        &'certkit;help;completions'= {
        }
        &'certkit;help;verify-chain'= {
        }
        &'certkit;help;help'= {
        }
    ]
    $completions[$command]
}
