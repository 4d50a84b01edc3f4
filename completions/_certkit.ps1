
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'certkit' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'certkit'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'certkit' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Do not colour output (the NO_COLOR environment variable does the same)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the input password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show every certificate, key and container detail of certificate files')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Install certificates and private keys into the store, as the Windows Import Wizard does')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Show and manage the certificate store')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'Connect to a TLS server presenting a client certificate and report what happens')
            [CompletionResult]::new('convert', 'convert', [CompletionResultType]::ParameterValue, 'Convert certificates and keys between PKCS#12, PEM and DER')
            [CompletionResult]::new('check-private-key', 'check-private-key', [CompletionResultType]::ParameterValue, 'Check that a private key is present and belongs to the leaf certificate')
            [CompletionResult]::new('export-public', 'export-public', [CompletionResultType]::ParameterValue, 'Export public certificates (never a private key) under a deterministic name')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export public certificates (never a private key) under a deterministic name')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions for certkit')
            [CompletionResult]::new('verify-chain', 'verify-chain', [CompletionResultType]::ParameterValue, 'Build and check the certification path of a certificate, naming every problem')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Run the installation guide''s troubleshooting checks and say how to fix each problem')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Write ready-to-use client-certificate configuration for the platform that presents it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkit;inspect' {
            [CompletionResult]::new('--expiring', '--expiring', [CompletionResultType]::ParameterName, 'Only list certificates that expire within DURATION (e.g. 30d, 12h, 2w); exit 1 if any')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Evaluate validity at this time instead of now (RFC 3339, e.g. 2027-01-31T00:00:00Z)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--json-lines', '--json-lines', [CompletionResultType]::ParameterName, 'Write JSON Lines as the scan goes: one typed object per file, certificate, CRL, error or skipped entry, then a summary (memory stays flat however many certificates)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Name every skipped directory entry with its reason (JSON always names them)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Name every skipped directory entry with its reason (JSON always names them)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Do not colour output (the NO_COLOR environment variable does the same)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the input password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkit;import' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The logical store: auto (by the rules above), or every certificate into one store')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name of the personal entry (or of the only certificate imported)')
            [CompletionResult]::new('--grant-read', '--grant-read', [CompletionResultType]::ParameterName, 'Let GROUP read the private key: the key file''s group becomes GROUP, its mode 0640 (in the Windows store: GROUP, a Windows account or group, gets Read on the key container)')
            [CompletionResult]::new('--key-provider', '--key-provider', [CompletionResultType]::ParameterName, 'Windows stores: where private keys go. cng (the default): the Microsoft Software Key Storage Provider, RSA and EC keys, what TLS 1.3 client authentication needs; capi: a CryptoAPI container of the Enhanced RSA and AES provider, RSA only, for applications that need a CryptoAPI key')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be imported where, under which name, and change nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Do not colour output (the NO_COLOR environment variable does the same)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the input password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkit;store' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Do not colour output (the NO_COLOR environment variable does the same)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the input password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the store''s folder')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the store''s certificates: store, name, subject, thumbprint, expiry, private key')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show everything about one entry (the inspect view)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete one entry and its hash links')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Let a group read a personal entry''s private key (the key file becomes 0640)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkit;store;path' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Do not colour output (the NO_COLOR environment variable does the same)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the input password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkit;store;list' {
            [CompletionResult]::new('--in', '--in', [CompletionResultType]::ParameterName, 'Only this logical store')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Do not colour output (the NO_COLOR environment variable does the same)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the input password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkit;store;show' {
            [CompletionResult]::new('--in', '--in', [CompletionResultType]::ParameterName, 'Look only in this logical store (when a name is in several)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Evaluate validity at this time instead of now (RFC 3339)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Do not colour output (the NO_COLOR environment variable does the same)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the input password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkit;store;remove' {
            [CompletionResult]::new('--in', '--in', [CompletionResultType]::ParameterName, 'Look only in this logical store (when a name is in several)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Evaluate validity at this time instead of now (RFC 3339)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Do not colour output (the NO_COLOR environment variable does the same)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the input password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkit;store;grant' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Do not colour output (the NO_COLOR environment variable does the same)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the input password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkit;store;help' {
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the store''s folder')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the store''s certificates: store, name, subject, thumbprint, expiry, private key')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show everything about one entry (the inspect view)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete one entry and its hash links')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Let a group read a personal entry''s private key (the key file becomes 0640)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkit;store;help;path' {
            break
        }
        'certkit;store;help;list' {
            break
        }
        'certkit;store;help;show' {
            break
        }
        'certkit;store;help;remove' {
            break
        }
        'certkit;store;help;grant' {
            break
        }
        'certkit;store;help;help' {
            break
        }
        'certkit;connect' {
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate, with its key and chain (PFX, PEM, DER, PKCS#7); omit to send none')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key file, when it is not in the --cert file')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust anchors for the server''s certificate (repeatable); the system store is used when none is given')
            [CompletionResult]::new('--servername', '--servername', [CompletionResultType]::ParameterName, 'Server name to send (SNI) and to check the server''s certificate against (default: the host of TARGET)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up connecting, and waiting for any answer, after DURATION (e.g. 10s, 500ms)')
            [CompletionResult]::new('--revocation', '--revocation', [CompletionResultType]::ParameterName, 'Check the server chain''s revocation (stapled OCSP first): off, soft or hard')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Evaluate validity at this time instead of now (RFC 3339)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--system', '--system', [CompletionResultType]::ParameterName, 'Also trust the system''s CA store when --ca is given')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Do not trust the certificate store''s roots (they are trusted by default)')
            [CompletionResult]::new('--tls1.2', '--tls1.2', [CompletionResultType]::ParameterName, 'Use TLS 1.2 only')
            [CompletionResult]::new('--tls1.3', '--tls1.3', [CompletionResultType]::ParameterName, 'Use TLS 1.3 only')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Also fail on findings in the server''s chain that only RFC 5280 or CA/Browser Forum profiles require (see verify-chain --strict); by default they are warnings')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not count an untrusted server certificate as a failure (it is still reported)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Do not colour output (the NO_COLOR environment variable does the same)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the input password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkit;convert' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output file (a folder with --all; - writes to stdout)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output file (a folder with --all; - writes to stdout)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Output format (default: from OUT''s extension)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'PKCS#12 encryption profile')
            [CompletionResult]::new('--mac', '--mac', [CompletionResultType]::ParameterName, 'PKCS#12 integrity check: classic, or pbmac1 (RFC 9579, for FIPS 140-3; verified by OpenSSL 3.4+, not by OpenSSL 3.0-3.3, Windows, Java 17 or NSS)')
            [CompletionResult]::new('--key-out', '--key-out', [CompletionResultType]::ParameterName, 'PEM output: write the private key to this file instead of into OUT')
            [CompletionResult]::new('--friendly-name', '--friendly-name', [CompletionResultType]::ParameterName, 'Friendly name of the certificate and key in a PKCS#12 file (default: the input''s, else the subject common name)')
            [CompletionResult]::new('--new-password-file', '--new-password-file', [CompletionResultType]::ParameterName, 'Read the new (output) password from the first line of FILE')
            [CompletionResult]::new('--new-password-env', '--new-password-env', [CompletionResultType]::ParameterName, 'Read the new (output) password from the environment variable VAR')
            [CompletionResult]::new('--new-password', '--new-password', [CompletionResultType]::ParameterName, 'New (output) password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--no-chain', '--no-chain', [CompletionResultType]::ParameterName, 'Leave out the chain: only the leaf certificate (and its key)')
            [CompletionResult]::new('--no-key', '--no-key', [CompletionResultType]::ParameterName, 'Leave out the private key')
            [CompletionResult]::new('--no-encrypt', '--no-encrypt', [CompletionResultType]::ParameterName, 'Write a PEM private key unencrypted (PEM output only)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'DER output: write every certificate, one file each, into the folder OUT')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace existing output files')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Do not colour output (the NO_COLOR environment variable does the same)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the input password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkit;check-private-key' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The private key in a separate file')
            [CompletionResult]::new('--entry', '--entry', [CompletionResultType]::ParameterName, 'Check a personal entry of the store (name or thumbprint) instead of a file')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Do not colour output (the NO_COLOR environment variable does the same)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the input password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkit;export-public' {
            [CompletionResult]::new('--der', '--der', [CompletionResultType]::ParameterName, 'Write DER (.cer) into DEST')
            [CompletionResult]::new('--pem', '--pem', [CompletionResultType]::ParameterName, 'Write PEM (.pem) into DEST')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'File name to use (without extension) instead of the friendly name or common name; without INPUT, the store entry to export')
            [CompletionResult]::new('--thumbprint', '--thumbprint', [CompletionResultType]::ParameterName, 'Without INPUT: export only the store entry with this SHA-1 thumbprint')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--chain', '--chain', [CompletionResultType]::ParameterName, 'Also write the CA certificates of the chain')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing file with different content')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Do not colour output (the NO_COLOR environment variable does the same)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the input password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkit;export' {
            [CompletionResult]::new('--der', '--der', [CompletionResultType]::ParameterName, 'Write DER (.cer) into DEST')
            [CompletionResult]::new('--pem', '--pem', [CompletionResultType]::ParameterName, 'Write PEM (.pem) into DEST')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'File name to use (without extension) instead of the friendly name or common name; without INPUT, the store entry to export')
            [CompletionResult]::new('--thumbprint', '--thumbprint', [CompletionResultType]::ParameterName, 'Without INPUT: export only the store entry with this SHA-1 thumbprint')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--chain', '--chain', [CompletionResultType]::ParameterName, 'Also write the CA certificates of the chain')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing file with different content')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Do not colour output (the NO_COLOR environment variable does the same)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the input password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkit;completions' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Do not colour output (the NO_COLOR environment variable does the same)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the input password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkit;verify-chain' {
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust the certificates in FILE as roots (anchors); repeatable')
            [CompletionResult]::new('--untrusted', '--untrusted', [CompletionResultType]::ParameterName, 'Use the certificates in FILE as possible intermediates (not trusted); repeatable')
            [CompletionResult]::new('--capath', '--capath', [CompletionResultType]::ParameterName, 'Trust the CAs of an OpenSSL-style hashed directory (<subject-hash>.N files); repeatable')
            [CompletionResult]::new('--untrusted-capath', '--untrusted-capath', [CompletionResultType]::ParameterName, 'Use the CAs of a hashed directory as possible intermediates (not trusted); repeatable')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Check validity at this time instead of now (RFC 3339, e.g. 2027-01-31T00:00:00Z, or a date, 2027-01-31, meaning midnight UTC)')
            [CompletionResult]::new('--purpose', '--purpose', [CompletionResultType]::ParameterName, 'What the leaf must be valid for')
            [CompletionResult]::new('--max-depth', '--max-depth', [CompletionResultType]::ParameterName, 'Most intermediate CAs allowed between the leaf and the root')
            [CompletionResult]::new('--revocation', '--revocation', [CompletionResultType]::ParameterName, 'Check revocation (CRL, OCSP): off, soft (unknown is a warning) or hard (unknown is an error)')
            [CompletionResult]::new('--crl', '--crl', [CompletionResultType]::ParameterName, 'Use the CRL(s) in FILE (PEM or DER) before fetching any; repeatable')
            [CompletionResult]::new('--ocsp-response', '--ocsp-response', [CompletionResultType]::ParameterName, 'Use a saved OCSP response (DER, as `openssl ocsp -respout` writes) before fetching; repeatable')
            [CompletionResult]::new('--write-chain', '--write-chain', [CompletionResultType]::ParameterName, 'Write the path found (leaf first, PEM) to FILE; an existing file is not overwritten')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The current time for tests (RFC 3339)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--system', '--system', [CompletionResultType]::ParameterName, 'Also trust the operating system''s root CAs ($SSL_CERT_FILE / $SSL_CERT_DIR when set, else the system''s hashed directory or bundle)')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Leave the certificate store''s roots and intermediates out (they are used by default)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Also fail (exit 1) on findings only RFC 5280 or CA/Browser Forum profiles require (non-critical CA basicConstraints, missing key identifiers, weak keys, bad serials); by default they are warnings')
            [CompletionResult]::new('--fetch-aia', '--fetch-aia', [CompletionResultType]::ParameterName, 'Download missing intermediates from their AIA "CA Issuers" URL (http:// only, through $http_proxy/$HTTP_PROXY except for $NO_PROXY hosts; 30 s, 1 MiB cap, 5 redirects)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Do not colour output (the NO_COLOR environment variable does the same)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the input password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkit;doctor' {
            [CompletionResult]::new('--entry', '--entry', [CompletionResultType]::ParameterName, 'Examine one personal entry of the store (name or thumbprint)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Also run a TLS handshake with the certificate against HOST[:PORT] or an https URL')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust anchors for the --host server''s certificate (repeatable), as `connect --ca`; the system store is used when none is given')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'An account (user or group) that must be able to read the private key; repeatable')
            [CompletionResult]::new('--export-dir', '--export-dir', [CompletionResultType]::ParameterName, 'The folder the public certificate is exported to (the shared .cer folder)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The export name configured on the other servers (default: the entry''s name)')
            [CompletionResult]::new('--platform', '--platform', [CompletionResultType]::ParameterName, 'A platform that must open the PKCS#12 file; repeatable')
            [CompletionResult]::new('--revocation', '--revocation', [CompletionResultType]::ParameterName, 'How strictly revocation (CRL, OCSP) is checked: `off` when offline')
            [CompletionResult]::new('--warn-days', '--warn-days', [CompletionResultType]::ParameterName, 'Warn when a certificate expires within this many days')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up the --host handshake after DURATION (e.g. 10s, 500ms)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Evaluate validity at this time instead of now (RFC 3339)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Do not colour output (the NO_COLOR environment variable does the same)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the input password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkit;config' {
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'A certificate with its private key from a file, optionally named (NAME=IN)')
            [CompletionResult]::new('--entry', '--entry', [CompletionResultType]::ParameterName, 'A personal certificate of the store, by entry name or thumbprint')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Pin certificate NAME to a host or service KEY (KEY=NAME); nginx also takes KEY= for "no certificate for this host"')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CA certificates the consumer must trust (the server it calls); also anchors the client certificate''s chain')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Folder the files are written to (created if missing)')
            [CompletionResult]::new('--install-dir', '--install-dir', [CompletionResultType]::ParameterName, 'Folder the files will be in on the machine that uses them, as written into the settings (default: the absolute --out-dir); for OutSystems, the folder the public certificate is exported to')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The URL called (curl''s command line, nginx''s proxy_pass)')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'The Cloud Foundry application name in the `cf set-env` commands')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'PKCS#12 profile to write (default: what the target''s runtime reads)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Check time (RFC 3339; tests use a fixed clock)')
            [CompletionResult]::new('--new-password-file', '--new-password-file', [CompletionResultType]::ParameterName, 'Read the new (output) password from the first line of FILE')
            [CompletionResult]::new('--new-password-env', '--new-password-env', [CompletionResultType]::ParameterName, 'Read the new (output) password from the environment variable VAR')
            [CompletionResult]::new('--new-password', '--new-password', [CompletionResultType]::ParameterName, 'New (output) password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The certificate store: a folder, or on Windows `windows` (CurrentUser) or `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--system', '--system', [CompletionResultType]::ParameterName, 'Also trust the operating system''s CAs when checking the chain')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Do not use the store''s roots and intermediates when checking the chain')
            [CompletionResult]::new('--include-secrets', '--include-secrets', [CompletionResultType]::ParameterName, 'Print passwords and base64 keys instead of naming the files that hold them')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace existing output files')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of human output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but errors (and the JSON document with --json)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Do not colour output (the NO_COLOR environment variable does the same)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the input password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'certkit;help' {
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show every certificate, key and container detail of certificate files')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Install certificates and private keys into the store, as the Windows Import Wizard does')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'Show and manage the certificate store')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'Connect to a TLS server presenting a client certificate and report what happens')
            [CompletionResult]::new('convert', 'convert', [CompletionResultType]::ParameterValue, 'Convert certificates and keys between PKCS#12, PEM and DER')
            [CompletionResult]::new('check-private-key', 'check-private-key', [CompletionResultType]::ParameterValue, 'Check that a private key is present and belongs to the leaf certificate')
            [CompletionResult]::new('export-public', 'export-public', [CompletionResultType]::ParameterValue, 'Export public certificates (never a private key) under a deterministic name')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions for certkit')
            [CompletionResult]::new('verify-chain', 'verify-chain', [CompletionResultType]::ParameterValue, 'Build and check the certification path of a certificate, naming every problem')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Run the installation guide''s troubleshooting checks and say how to fix each problem')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Write ready-to-use client-certificate configuration for the platform that presents it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkit;help;inspect' {
            break
        }
        'certkit;help;import' {
            break
        }
        'certkit;help;store' {
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the store''s folder')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the store''s certificates: store, name, subject, thumbprint, expiry, private key')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show everything about one entry (the inspect view)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete one entry and its hash links')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Let a group read a personal entry''s private key (the key file becomes 0640)')
            break
        }
        'certkit;help;store;path' {
            break
        }
        'certkit;help;store;list' {
            break
        }
        'certkit;help;store;show' {
            break
        }
        'certkit;help;store;remove' {
            break
        }
        'certkit;help;store;grant' {
            break
        }
        'certkit;help;connect' {
            break
        }
        'certkit;help;convert' {
            break
        }
        'certkit;help;check-private-key' {
            break
        }
        'certkit;help;export-public' {
            break
        }
        'certkit;help;completions' {
            break
        }
        'certkit;help;verify-chain' {
            break
        }
        'certkit;help;doctor' {
            break
        }
        'certkit;help;config' {
            break
        }
        'certkit;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
