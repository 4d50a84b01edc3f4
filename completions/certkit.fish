# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_certkit_global_optspecs
    string join \n json q/quiet no-color password-file= password-env= password-stdin password= h/help V/version
end

function __fish_certkit_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_certkit_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_certkit_using_subcommand
    set -l cmd (__fish_certkit_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c certkit -n "__fish_certkit_needs_command" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_needs_command" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_needs_command" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_needs_command" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_needs_command" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_needs_command" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_needs_command" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkit -n "__fish_certkit_needs_command" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_needs_command" -f -a "inspect" -d 'Show every certificate, key and container detail of certificate files'
complete -c certkit -n "__fish_certkit_needs_command" -f -a "completions" -d 'Print shell completions for certkit'
complete -c certkit -n "__fish_certkit_needs_command" -f -a "verify-chain" -d 'Build and check the certification path of a certificate, naming every problem'
complete -c certkit -n "__fish_certkit_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -l expiring -d 'Only list certificates that expire within DURATION (e.g. 30d, 12h, 2w); exit 1 if any' -r
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -l now -d 'Evaluate validity at this time instead of now (RFC 3339, e.g. 2027-01-31T00:00:00Z)' -r
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand completions" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand completions" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand completions" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand completions" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand completions" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand completions" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand completions" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand completions" -s h -l help -d 'Print help'
complete -c certkit -n "__fish_certkit_using_subcommand completions" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l ca -d 'Trust the certificates in FILE as roots (anchors); repeatable' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l untrusted -d 'Use the certificates in FILE as possible intermediates (not trusted); repeatable' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l capath -d 'Trust the CAs of an OpenSSL-style hashed directory (<subject-hash>.N files); repeatable' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l untrusted-capath -d 'Use the CAs of a hashed directory as possible intermediates (not trusted); repeatable' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l at -d 'Check validity at this time instead of now (RFC 3339, e.g. 2027-01-31T00:00:00Z)' -r
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l purpose -d 'What the leaf must be valid for' -r -f -a "client\t'TLS client authentication (clientAuth)'
server\t'TLS server authentication (serverAuth)'
any\t'Any purpose: key usage and extended key usage are not required'"
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l max-depth -d 'Most intermediate CAs allowed between the leaf and the root' -r
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l write-chain -d 'Write the path found (leaf first, PEM) to FILE; an existing file is not overwritten' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l now -d 'The current time for tests (RFC 3339)' -r
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l system -d 'Also trust the operating system\'s root CAs'
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l fetch-aia -d 'Download missing intermediates from their AIA "CA Issuers" URL (HTTP, 10 s, 1 MiB cap)'
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand help; and not __fish_seen_subcommand_from inspect completions verify-chain help" -f -a "inspect" -d 'Show every certificate, key and container detail of certificate files'
complete -c certkit -n "__fish_certkit_using_subcommand help; and not __fish_seen_subcommand_from inspect completions verify-chain help" -f -a "completions" -d 'Print shell completions for certkit'
complete -c certkit -n "__fish_certkit_using_subcommand help; and not __fish_seen_subcommand_from inspect completions verify-chain help" -f -a "verify-chain" -d 'Build and check the certification path of a certificate, naming every problem'
complete -c certkit -n "__fish_certkit_using_subcommand help; and not __fish_seen_subcommand_from inspect completions verify-chain help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
