
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
            [CompletionResult]::new('convert', 'convert', [CompletionResultType]::ParameterValue, 'Convert certificates and keys between PKCS#12, PEM and DER')
            [CompletionResult]::new('check-private-key', 'check-private-key', [CompletionResultType]::ParameterValue, 'Check that a private key is present and belongs to the leaf certificate')
            [CompletionResult]::new('export-public', 'export-public', [CompletionResultType]::ParameterValue, 'Export public certificates (never a private key) under a deterministic name')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export public certificates (never a private key) under a deterministic name')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions for certkit')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkit;inspect' {
            [CompletionResult]::new('--expiring', '--expiring', [CompletionResultType]::ParameterName, 'Only list certificates that expire within DURATION (e.g. 30d, 12h, 2w); exit 1 if any')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Evaluate validity at this time instead of now (RFC 3339, e.g. 2027-01-31T00:00:00Z)')
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
        'certkit;convert' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output file (a folder with --all; - writes to stdout)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output file (a folder with --all; - writes to stdout)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Output format (default: from OUT''s extension)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'PKCS#12 encryption profile')
            [CompletionResult]::new('--key-out', '--key-out', [CompletionResultType]::ParameterName, 'PEM output: write the private key to this file instead of into OUT')
            [CompletionResult]::new('--friendly-name', '--friendly-name', [CompletionResultType]::ParameterName, 'Friendly name of the certificate and key in a PKCS#12 file (default: the input''s, else the subject common name)')
            [CompletionResult]::new('--new-password-file', '--new-password-file', [CompletionResultType]::ParameterName, 'Read the new (output) password from the first line of FILE')
            [CompletionResult]::new('--new-password-env', '--new-password-env', [CompletionResultType]::ParameterName, 'Read the new (output) password from the environment variable VAR')
            [CompletionResult]::new('--new-password', '--new-password', [CompletionResultType]::ParameterName, 'New (output) password on the command line (discouraged: visible in process lists)')
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
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'File name to use (without extension) instead of the friendly name or common name')
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
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'File name to use (without extension) instead of the friendly name or common name')
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
        'certkit;help' {
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show every certificate, key and container detail of certificate files')
            [CompletionResult]::new('convert', 'convert', [CompletionResultType]::ParameterValue, 'Convert certificates and keys between PKCS#12, PEM and DER')
            [CompletionResult]::new('check-private-key', 'check-private-key', [CompletionResultType]::ParameterValue, 'Check that a private key is present and belongs to the leaf certificate')
            [CompletionResult]::new('export-public', 'export-public', [CompletionResultType]::ParameterValue, 'Export public certificates (never a private key) under a deterministic name')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions for certkit')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkit;help;inspect' {
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
        'certkit;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
