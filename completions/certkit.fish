# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_certkit_global_optspecs
    string join \n json q/quiet no-color store= password-file= password-env= password-stdin password= h/help V/version
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

complete -c certkit -n "__fish_certkit_needs_command" -l store -d 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)' -r -F
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
complete -c certkit -n "__fish_certkit_needs_command" -f -a "import" -d 'Install certificates and private keys into the store, as the Windows Import Wizard does'
complete -c certkit -n "__fish_certkit_needs_command" -f -a "store" -d 'Show and manage the certificate store'
complete -c certkit -n "__fish_certkit_needs_command" -f -a "connect" -d 'Connect to a TLS server presenting a client certificate and report what happens'
complete -c certkit -n "__fish_certkit_needs_command" -f -a "convert" -d 'Convert certificates and keys between PKCS#12, PEM and DER'
complete -c certkit -n "__fish_certkit_needs_command" -f -a "check-private-key" -d 'Check that a private key is present and belongs to the leaf certificate'
complete -c certkit -n "__fish_certkit_needs_command" -f -a "export-public" -d 'Export public certificates (never a private key) under a deterministic name'
complete -c certkit -n "__fish_certkit_needs_command" -f -a "export" -d 'Export public certificates (never a private key) under a deterministic name'
complete -c certkit -n "__fish_certkit_needs_command" -f -a "completions" -d 'Print shell completions for certkit'
complete -c certkit -n "__fish_certkit_needs_command" -f -a "verify-chain" -d 'Build and check the certification path of a certificate, naming every problem'
complete -c certkit -n "__fish_certkit_needs_command" -f -a "doctor" -d 'Run the installation guide\'s troubleshooting checks and say how to fix each problem'
complete -c certkit -n "__fish_certkit_needs_command" -f -a "config" -d 'Write ready-to-use client-certificate configuration for the platform that presents it'
complete -c certkit -n "__fish_certkit_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -l expiring -d 'Only list certificates that expire within DURATION (e.g. 30d, 12h, 2w); exit 1 if any' -r
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -l now -d 'Evaluate validity at this time instead of now (RFC 3339, e.g. 2027-01-31T00:00:00Z)' -r
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -l store -d 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -l json-lines -d 'Write JSON Lines as the scan goes: one typed object per file, certificate, CRL, error or skipped entry, then a summary (memory stays flat however many certificates)'
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -s v -l verbose -d 'Name every skipped directory entry with its reason (JSON always names them)'
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkit -n "__fish_certkit_using_subcommand inspect" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand import" -l to -d 'The logical store: auto (by the rules above), or every certificate into one store' -r -f -a "auto\t'By the automatic rules'
personal\t'Certificates with their private keys'
root\t'Trusted root CAs (trust anchors)'
intermediate\t'Intermediate CAs'"
complete -c certkit -n "__fish_certkit_using_subcommand import" -l name -d 'Name of the personal entry (or of the only certificate imported)' -r
complete -c certkit -n "__fish_certkit_using_subcommand import" -l grant-read -d 'Let GROUP read the private key: the key file\'s group becomes GROUP, its mode 0640 (in the Windows store: GROUP, a Windows account or group, gets Read on the key container)' -r
complete -c certkit -n "__fish_certkit_using_subcommand import" -l key-provider -d 'Windows stores: where private keys go. cng (the default): the Microsoft Software Key Storage Provider, RSA and EC keys, what TLS 1.3 client authentication needs; capi: a CryptoAPI container of the Enhanced RSA and AES provider, RSA only, for applications that need a CryptoAPI key' -r -f -a "cng\t'CNG: Microsoft Software Key Storage Provider'
capi\t'CryptoAPI: Microsoft Enhanced RSA and AES Cryptographic Provider'"
complete -c certkit -n "__fish_certkit_using_subcommand import" -l store -d 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand import" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand import" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand import" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand import" -l dry-run -d 'Print what would be imported where, under which name, and change nothing'
complete -c certkit -n "__fish_certkit_using_subcommand import" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand import" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand import" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand import" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkit -n "__fish_certkit_using_subcommand import" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand store; and not __fish_seen_subcommand_from path list show remove grant help" -l store -d 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand store; and not __fish_seen_subcommand_from path list show remove grant help" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand store; and not __fish_seen_subcommand_from path list show remove grant help" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand store; and not __fish_seen_subcommand_from path list show remove grant help" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand store; and not __fish_seen_subcommand_from path list show remove grant help" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand store; and not __fish_seen_subcommand_from path list show remove grant help" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand store; and not __fish_seen_subcommand_from path list show remove grant help" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand store; and not __fish_seen_subcommand_from path list show remove grant help" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand store; and not __fish_seen_subcommand_from path list show remove grant help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkit -n "__fish_certkit_using_subcommand store; and not __fish_seen_subcommand_from path list show remove grant help" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand store; and not __fish_seen_subcommand_from path list show remove grant help" -f -a "path" -d 'Print the store\'s folder'
complete -c certkit -n "__fish_certkit_using_subcommand store; and not __fish_seen_subcommand_from path list show remove grant help" -f -a "list" -d 'List the store\'s certificates: store, name, subject, thumbprint, expiry, private key'
complete -c certkit -n "__fish_certkit_using_subcommand store; and not __fish_seen_subcommand_from path list show remove grant help" -f -a "show" -d 'Show everything about one entry (the inspect view)'
complete -c certkit -n "__fish_certkit_using_subcommand store; and not __fish_seen_subcommand_from path list show remove grant help" -f -a "remove" -d 'Delete one entry and its hash links'
complete -c certkit -n "__fish_certkit_using_subcommand store; and not __fish_seen_subcommand_from path list show remove grant help" -f -a "grant" -d 'Let a group read a personal entry\'s private key (the key file becomes 0640)'
complete -c certkit -n "__fish_certkit_using_subcommand store; and not __fish_seen_subcommand_from path list show remove grant help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from path" -l store -d 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from path" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from path" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from path" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from path" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from path" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from path" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from list" -l in -d 'Only this logical store' -r -f -a "personal\t'Certificates with their private keys'
intermediate\t'Intermediate CAs'
root\t'Trusted root CAs'"
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from list" -l store -d 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from list" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from list" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from list" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from list" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from list" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from show" -l in -d 'Look only in this logical store (when a name is in several)' -r -f -a "personal\t'Certificates with their private keys'
intermediate\t'Intermediate CAs'
root\t'Trusted root CAs'"
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from show" -l now -d 'Evaluate validity at this time instead of now (RFC 3339)' -r
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from show" -l store -d 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from show" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from show" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from show" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from show" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from show" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from remove" -l in -d 'Look only in this logical store (when a name is in several)' -r -f -a "personal\t'Certificates with their private keys'
intermediate\t'Intermediate CAs'
root\t'Trusted root CAs'"
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from remove" -l now -d 'Evaluate validity at this time instead of now (RFC 3339)' -r
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from remove" -l store -d 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from remove" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from remove" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from remove" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from remove" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from remove" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from remove" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from grant" -l store -d 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from grant" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from grant" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from grant" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from grant" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from grant" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from grant" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from grant" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from grant" -s h -l help -d 'Print help'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from grant" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print the store\'s folder'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the store\'s certificates: store, name, subject, thumbprint, expiry, private key'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show everything about one entry (the inspect view)'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Delete one entry and its hash links'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "grant" -d 'Let a group read a personal entry\'s private key (the key file becomes 0640)'
complete -c certkit -n "__fish_certkit_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l cert -d 'Client certificate, with its key and chain (PFX, PEM, DER, PKCS#7); omit to send none' -r
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l key -d 'Private key file, when it is not in the --cert file' -r
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l ca -d 'Trust anchors for the server\'s certificate (repeatable); the system store is used when none is given' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l servername -d 'Server name to send (SNI) and to check the server\'s certificate against (default: the host of TARGET)' -r
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l timeout -d 'Give up connecting, and waiting for any answer, after DURATION (e.g. 10s, 500ms)' -r
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l revocation -d 'Check the server chain\'s revocation (stapled OCSP first): off, soft or hard' -r -f -a "off\t'Do not check revocation; nothing is fetched'
soft\t'Revoked is an error; a status that cannot be found is a warning'
hard\t'Revoked and a status that cannot be found are both errors'"
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l now -d 'Evaluate validity at this time instead of now (RFC 3339)' -r
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l store -d 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l system -d 'Also trust the system\'s CA store when --ca is given'
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l no-store -d 'Do not trust the certificate store\'s roots (they are trusted by default)'
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l tls1.2 -d 'Use TLS 1.2 only'
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l tls1.3 -d 'Use TLS 1.3 only'
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l strict -d 'Also fail on findings in the server\'s chain that only RFC 5280 or CA/Browser Forum profiles require (see verify-chain --strict); by default they are warnings'
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l insecure -d 'Do not count an untrusted server certificate as a failure (it is still reported)'
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand connect" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand connect" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand connect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkit -n "__fish_certkit_using_subcommand connect" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand convert" -s o -l output -d 'Output file (a folder with --all; - writes to stdout)' -r
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l to -d 'Output format (default: from OUT\'s extension)' -r -f -a "pfx\t'PKCS#12 (.pfx/.p12)'
pem\t'PEM text'
der\t'DER binary (.cer/.der)'"
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l profile -d 'PKCS#12 encryption profile' -r -f -a "modern\t'AES-256-CBC, PBKDF2-HMAC-SHA256, SHA-256 MAC (OpenSSL 1.1.1+, Windows Server 2019+, Java 8u301+)'
legacy\t'3DES, SHA-1 MAC (also Windows Server 2016 and older, old Java, older macOS)'"
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l mac -d 'PKCS#12 integrity check: classic, or pbmac1 (RFC 9579, for FIPS 140-3; verified by OpenSSL 3.4+, not by OpenSSL 3.0-3.3, Windows, Java 17 or NSS)' -r -f -a "classic\t'The PKCS#12 MAC of the profile (SHA-256 or SHA-1): every reader'
pbmac1\t'PBMAC1 (RFC 9579): HMAC-SHA-256 with PBKDF2-HMAC-SHA256 (modern profile only)'"
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l key-out -d 'PEM output: write the private key to this file instead of into OUT' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l friendly-name -d 'Friendly name of the certificate and key in a PKCS#12 file (default: the input\'s, else the subject common name)' -r
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l new-password-file -d 'Read the new (output) password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l new-password-env -d 'Read the new (output) password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l new-password -d 'New (output) password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l store -d 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l no-chain -d 'Leave out the chain: only the leaf certificate (and its key)'
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l no-key -d 'Leave out the private key'
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l no-encrypt -d 'Write a PEM private key unencrypted (PEM output only)'
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l all -d 'DER output: write every certificate, one file each, into the folder OUT'
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l force -d 'Replace existing output files'
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand convert" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand convert" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand convert" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkit -n "__fish_certkit_using_subcommand convert" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand check-private-key" -l key -d 'The private key in a separate file' -r
complete -c certkit -n "__fish_certkit_using_subcommand check-private-key" -l entry -d 'Check a personal entry of the store (name or thumbprint) instead of a file' -r
complete -c certkit -n "__fish_certkit_using_subcommand check-private-key" -l store -d 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand check-private-key" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand check-private-key" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand check-private-key" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand check-private-key" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand check-private-key" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand check-private-key" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand check-private-key" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand check-private-key" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkit -n "__fish_certkit_using_subcommand check-private-key" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand export-public" -l der -d 'Write DER (.cer) into DEST' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand export-public" -l pem -d 'Write PEM (.pem) into DEST' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand export-public" -l name -d 'File name to use (without extension) instead of the friendly name or common name; without INPUT, the store entry to export' -r
complete -c certkit -n "__fish_certkit_using_subcommand export-public" -l thumbprint -d 'Without INPUT: export only the store entry with this SHA-1 thumbprint' -r
complete -c certkit -n "__fish_certkit_using_subcommand export-public" -l store -d 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand export-public" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand export-public" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand export-public" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand export-public" -l chain -d 'Also write the CA certificates of the chain'
complete -c certkit -n "__fish_certkit_using_subcommand export-public" -l force -d 'Replace an existing file with different content'
complete -c certkit -n "__fish_certkit_using_subcommand export-public" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand export-public" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand export-public" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand export-public" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand export-public" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkit -n "__fish_certkit_using_subcommand export-public" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand export" -l der -d 'Write DER (.cer) into DEST' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand export" -l pem -d 'Write PEM (.pem) into DEST' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand export" -l name -d 'File name to use (without extension) instead of the friendly name or common name; without INPUT, the store entry to export' -r
complete -c certkit -n "__fish_certkit_using_subcommand export" -l thumbprint -d 'Without INPUT: export only the store entry with this SHA-1 thumbprint' -r
complete -c certkit -n "__fish_certkit_using_subcommand export" -l store -d 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand export" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand export" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand export" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand export" -l chain -d 'Also write the CA certificates of the chain'
complete -c certkit -n "__fish_certkit_using_subcommand export" -l force -d 'Replace an existing file with different content'
complete -c certkit -n "__fish_certkit_using_subcommand export" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand export" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand export" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand export" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkit -n "__fish_certkit_using_subcommand export" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand completions" -l store -d 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)' -r -F
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
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l at -d 'Check validity at this time instead of now (RFC 3339, e.g. 2027-01-31T00:00:00Z, or a date, 2027-01-31, meaning midnight UTC)' -r
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l purpose -d 'What the leaf must be valid for' -r -f -a "client\t'TLS client authentication (clientAuth)'
server\t'TLS server authentication (serverAuth)'
any\t'Any purpose: key usage and extended key usage are not required'"
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l max-depth -d 'Most intermediate CAs allowed between the leaf and the root' -r
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l revocation -d 'Check revocation (CRL, OCSP): off, soft (unknown is a warning) or hard (unknown is an error)' -r -f -a "off\t'Do not check revocation; nothing is fetched'
soft\t'Revoked is an error; a status that cannot be found is a warning'
hard\t'Revoked and a status that cannot be found are both errors'"
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l crl -d 'Use the CRL(s) in FILE (PEM or DER) before fetching any; repeatable' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l ocsp-response -d 'Use a saved OCSP response (DER, as `openssl ocsp -respout` writes) before fetching; repeatable' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l write-chain -d 'Write the path found (leaf first, PEM) to FILE; an existing file is not overwritten' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l now -d 'The current time for tests (RFC 3339)' -r
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l store -d 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l system -d 'Also trust the operating system\'s root CAs ($SSL_CERT_FILE / $SSL_CERT_DIR when set, else the system\'s hashed directory or bundle)'
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l no-store -d 'Leave the certificate store\'s roots and intermediates out (they are used by default)'
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l strict -d 'Also fail (exit 1) on findings only RFC 5280 or CA/Browser Forum profiles require (non-critical CA basicConstraints, missing key identifiers, weak keys, bad serials); by default they are warnings'
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l fetch-aia -d 'Download missing intermediates from their AIA "CA Issuers" URL (http:// only, through $http_proxy/$HTTP_PROXY except for $NO_PROXY hosts; 30 s, 1 MiB cap, 5 redirects)'
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkit -n "__fish_certkit_using_subcommand verify-chain" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -l entry -d 'Examine one personal entry of the store (name or thumbprint)' -r
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -l host -d 'Also run a TLS handshake with the certificate against HOST[:PORT] or an https URL' -r
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -l ca -d 'Trust anchors for the --host server\'s certificate (repeatable), as `connect --ca`; the system store is used when none is given' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -l account -d 'An account (user or group) that must be able to read the private key; repeatable' -r
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -l export-dir -d 'The folder the public certificate is exported to (the shared .cer folder)' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -l name -d 'The export name configured on the other servers (default: the entry\'s name)' -r
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -l platform -d 'A platform that must open the PKCS#12 file; repeatable' -r -f -a "windows-2016\t'Windows Server 2016 and older (3DES/RC2 only, SHA-1 MAC)'
windows-2019\t'Windows Server 2019 and later, Windows 10 1709+'
java8\t'Java 8 before 8u301 (and 11 before 11.0.12)'
java17\t'Java 8u301+, 11.0.12+, 17 and later'
openssl3\t'OpenSSL 3 without -legacy'
macos\t'macOS Keychain (15 and older: the stricter one)'
nss\t'NSS (Firefox, pk12util)'
dotnet9\t'.NET 9+ X509CertificateLoader with its default Pkcs12LoaderLimits'
dotnet-framework\t'.NET Framework with the June 2023 update (KB5025823): capped password-less files'
mono\t'Mono (.NET apps on Linux): 3DES/RC2 and SHA-1 MACs only'
mendix\t'The Mendix runtime: a JVM reading PKCS#12 with the JDK (same as java17)'
outsystems\t'OutSystems on-premises: Windows Server with IIS and .NET (windows-2016 and windows-2019)'"
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -l revocation -d 'How strictly revocation (CRL, OCSP) is checked: `off` when offline' -r -f -a "off\t'Do not check revocation; nothing is fetched'
soft\t'Revoked is an error; a status that cannot be found is a warning'
hard\t'Revoked and a status that cannot be found are both errors'"
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -l warn-days -d 'Warn when a certificate expires within this many days' -r
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -l timeout -d 'Give up the --host handshake after DURATION (e.g. 10s, 500ms)' -r
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -l now -d 'Evaluate validity at this time instead of now (RFC 3339)' -r
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -l store -d 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkit -n "__fish_certkit_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand config" -l cert -d 'A certificate with its private key from a file, optionally named (NAME=IN)' -r
complete -c certkit -n "__fish_certkit_using_subcommand config" -l entry -d 'A personal certificate of the store, by entry name or thumbprint' -r
complete -c certkit -n "__fish_certkit_using_subcommand config" -l map -d 'Pin certificate NAME to a host or service KEY (KEY=NAME); nginx also takes KEY= for "no certificate for this host"' -r
complete -c certkit -n "__fish_certkit_using_subcommand config" -l ca -d 'CA certificates the consumer must trust (the server it calls); also anchors the client certificate\'s chain' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand config" -l out-dir -d 'Folder the files are written to (created if missing)' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand config" -l install-dir -d 'Folder the files will be in on the machine that uses them, as written into the settings (default: the absolute --out-dir); for OutSystems, the folder the public certificate is exported to' -r
complete -c certkit -n "__fish_certkit_using_subcommand config" -l url -d 'The URL called (curl\'s command line, nginx\'s proxy_pass)' -r
complete -c certkit -n "__fish_certkit_using_subcommand config" -l app -d 'The Cloud Foundry application name in the `cf set-env` commands' -r
complete -c certkit -n "__fish_certkit_using_subcommand config" -l profile -d 'PKCS#12 profile to write (default: what the target\'s runtime reads)' -r -f -a "modern\t'AES-256-CBC, PBKDF2-HMAC-SHA256, SHA-256 MAC (OpenSSL 1.1.1+, Windows Server 2019+, Java 8u301+)'
legacy\t'3DES, SHA-1 MAC (also Windows Server 2016 and older, old Java, older macOS)'"
complete -c certkit -n "__fish_certkit_using_subcommand config" -l now -d 'Check time (RFC 3339; tests use a fixed clock)' -r
complete -c certkit -n "__fish_certkit_using_subcommand config" -l new-password-file -d 'Read the new (output) password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand config" -l new-password-env -d 'Read the new (output) password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand config" -l new-password -d 'New (output) password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand config" -l store -d 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand config" -l password-file -d 'Read the input password from the first line of FILE' -r -F
complete -c certkit -n "__fish_certkit_using_subcommand config" -l password-env -d 'Read the input password from the environment variable VAR' -r
complete -c certkit -n "__fish_certkit_using_subcommand config" -l password -d 'Input password on the command line (discouraged: visible in process lists)' -r
complete -c certkit -n "__fish_certkit_using_subcommand config" -l system -d 'Also trust the operating system\'s CAs when checking the chain'
complete -c certkit -n "__fish_certkit_using_subcommand config" -l no-store -d 'Do not use the store\'s roots and intermediates when checking the chain'
complete -c certkit -n "__fish_certkit_using_subcommand config" -l include-secrets -d 'Print passwords and base64 keys instead of naming the files that hold them'
complete -c certkit -n "__fish_certkit_using_subcommand config" -l force -d 'Replace existing output files'
complete -c certkit -n "__fish_certkit_using_subcommand config" -l json -d 'Print one JSON document on stdout instead of human output'
complete -c certkit -n "__fish_certkit_using_subcommand config" -s q -l quiet -d 'Print nothing but errors (and the JSON document with --json)'
complete -c certkit -n "__fish_certkit_using_subcommand config" -l no-color -d 'Do not colour output (the NO_COLOR environment variable does the same)'
complete -c certkit -n "__fish_certkit_using_subcommand config" -l password-stdin -d 'Read the input password from the first line of standard input'
complete -c certkit -n "__fish_certkit_using_subcommand config" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c certkit -n "__fish_certkit_using_subcommand config" -s V -l version -d 'Print version'
complete -c certkit -n "__fish_certkit_using_subcommand help; and not __fish_seen_subcommand_from inspect import store connect convert check-private-key export-public completions verify-chain doctor config help" -f -a "inspect" -d 'Show every certificate, key and container detail of certificate files'
complete -c certkit -n "__fish_certkit_using_subcommand help; and not __fish_seen_subcommand_from inspect import store connect convert check-private-key export-public completions verify-chain doctor config help" -f -a "import" -d 'Install certificates and private keys into the store, as the Windows Import Wizard does'
complete -c certkit -n "__fish_certkit_using_subcommand help; and not __fish_seen_subcommand_from inspect import store connect convert check-private-key export-public completions verify-chain doctor config help" -f -a "store" -d 'Show and manage the certificate store'
complete -c certkit -n "__fish_certkit_using_subcommand help; and not __fish_seen_subcommand_from inspect import store connect convert check-private-key export-public completions verify-chain doctor config help" -f -a "connect" -d 'Connect to a TLS server presenting a client certificate and report what happens'
complete -c certkit -n "__fish_certkit_using_subcommand help; and not __fish_seen_subcommand_from inspect import store connect convert check-private-key export-public completions verify-chain doctor config help" -f -a "convert" -d 'Convert certificates and keys between PKCS#12, PEM and DER'
complete -c certkit -n "__fish_certkit_using_subcommand help; and not __fish_seen_subcommand_from inspect import store connect convert check-private-key export-public completions verify-chain doctor config help" -f -a "check-private-key" -d 'Check that a private key is present and belongs to the leaf certificate'
complete -c certkit -n "__fish_certkit_using_subcommand help; and not __fish_seen_subcommand_from inspect import store connect convert check-private-key export-public completions verify-chain doctor config help" -f -a "export-public" -d 'Export public certificates (never a private key) under a deterministic name'
complete -c certkit -n "__fish_certkit_using_subcommand help; and not __fish_seen_subcommand_from inspect import store connect convert check-private-key export-public completions verify-chain doctor config help" -f -a "completions" -d 'Print shell completions for certkit'
complete -c certkit -n "__fish_certkit_using_subcommand help; and not __fish_seen_subcommand_from inspect import store connect convert check-private-key export-public completions verify-chain doctor config help" -f -a "verify-chain" -d 'Build and check the certification path of a certificate, naming every problem'
complete -c certkit -n "__fish_certkit_using_subcommand help; and not __fish_seen_subcommand_from inspect import store connect convert check-private-key export-public completions verify-chain doctor config help" -f -a "doctor" -d 'Run the installation guide\'s troubleshooting checks and say how to fix each problem'
complete -c certkit -n "__fish_certkit_using_subcommand help; and not __fish_seen_subcommand_from inspect import store connect convert check-private-key export-public completions verify-chain doctor config help" -f -a "config" -d 'Write ready-to-use client-certificate configuration for the platform that presents it'
complete -c certkit -n "__fish_certkit_using_subcommand help; and not __fish_seen_subcommand_from inspect import store connect convert check-private-key export-public completions verify-chain doctor config help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c certkit -n "__fish_certkit_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "path" -d 'Print the store\'s folder'
complete -c certkit -n "__fish_certkit_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "list" -d 'List the store\'s certificates: store, name, subject, thumbprint, expiry, private key'
complete -c certkit -n "__fish_certkit_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "show" -d 'Show everything about one entry (the inspect view)'
complete -c certkit -n "__fish_certkit_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "remove" -d 'Delete one entry and its hash links'
complete -c certkit -n "__fish_certkit_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "grant" -d 'Let a group read a personal entry\'s private key (the key file becomes 0640)'
