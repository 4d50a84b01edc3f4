
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
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions for certkit')
            [CompletionResult]::new('verify-chain', 'verify-chain', [CompletionResultType]::ParameterValue, 'Build and check the certification path of a certificate, naming every problem')
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
        'certkit;verify-chain' {
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust the certificates in FILE as roots (anchors); repeatable')
            [CompletionResult]::new('--untrusted', '--untrusted', [CompletionResultType]::ParameterName, 'Use the certificates in FILE as possible intermediates (not trusted); repeatable')
            [CompletionResult]::new('--capath', '--capath', [CompletionResultType]::ParameterName, 'Trust the CAs of an OpenSSL-style hashed directory (<subject-hash>.N files); repeatable')
            [CompletionResult]::new('--untrusted-capath', '--untrusted-capath', [CompletionResultType]::ParameterName, 'Use the CAs of a hashed directory as possible intermediates (not trusted); repeatable')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Check validity at this time instead of now (RFC 3339, e.g. 2027-01-31T00:00:00Z)')
            [CompletionResult]::new('--purpose', '--purpose', [CompletionResultType]::ParameterName, 'What the leaf must be valid for')
            [CompletionResult]::new('--max-depth', '--max-depth', [CompletionResultType]::ParameterName, 'Most intermediate CAs allowed between the leaf and the root')
            [CompletionResult]::new('--write-chain', '--write-chain', [CompletionResultType]::ParameterName, 'Write the path found (leaf first, PEM) to FILE; an existing file is not overwritten')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'The current time for tests (RFC 3339)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the input password from the first line of FILE')
            [CompletionResult]::new('--password-env', '--password-env', [CompletionResultType]::ParameterName, 'Read the input password from the environment variable VAR')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Input password on the command line (discouraged: visible in process lists)')
            [CompletionResult]::new('--system', '--system', [CompletionResultType]::ParameterName, 'Also trust the operating system''s root CAs')
            [CompletionResult]::new('--fetch-aia', '--fetch-aia', [CompletionResultType]::ParameterName, 'Download missing intermediates from their AIA "CA Issuers" URL (HTTP, 10 s, 1 MiB cap)')
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
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions for certkit')
            [CompletionResult]::new('verify-chain', 'verify-chain', [CompletionResultType]::ParameterValue, 'Build and check the certification path of a certificate, naming every problem')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'certkit;help;inspect' {
            break
        }
        'certkit;help;completions' {
            break
        }
        'certkit;help;verify-chain' {
            break
        }
        'certkit;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
