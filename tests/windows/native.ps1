# certkit's Windows procedure on a real Windows machine (not wine): what tests/windows/run.sh
# cannot check because wine 8 persists no CNG key and enforces no key ACLs.
#
#   pwsh tests/windows/native.ps1 [-Certkit target\release\certkit.exe] [-KeyProvider cng|capi]
#
# Needs: an elevated PowerShell 7 (LocalMachine is written), OpenSSL 1.1.1 or later (on the PATH,
# or Git for Windows' copy) for the test PKI and the test server. It makes a PKI (root, issuing
# CA, an RSA and an EC P-256 client, a server for 127.0.0.1/localhost), then for each client:
#   import the PFX into windows:LocalMachine with --grant-read IIS_IUSRS,
#   the key as .NET sees it (provider, machine key, not exportable) and its key file's ACL
#     (IIS_IUSRS may read it, read independently of certkit with Get-Acl),
#   check-private-key --entry (SHA-256 signature, the provider),
#   doctor --entry --account IIS_IUSRS (private_key, key_access naming IIS_IUSRS among the
#     readers, key_provider: pass for CNG, a warning for CryptoAPI),
#   a TLS 1.3 and a TLS 1.2 client-authenticated handshake against `openssl s_server -www`
#     (TLS 1.2 limited to SHA-256 client signatures, as a server that refuses SHA-1):
#     through `certkit connect --cert PFX` (certkit's own OpenSSL, the file's key) and through
#     .NET's HttpClient with the certificate from Cert:\LocalMachine\My (Schannel, the key
#     certkit put in the store),
#   export --der (compared with OpenSSL's DER), store remove (certificate gone).
# Prints one line per check and `native: N passed, M failed`; exits 1 on any failure.
#
# -KeyProvider is passed to `certkit import` as --key-provider when given; without it certkit's
# default (cng) is used. With capi the EC client must be refused in one line, nothing stored,
# and the RSA client is expected to fail the TLS 1.3 checks through Schannel (no CryptoAPI key
# signs RSA-PSS): those are reported as expected failures, not passes.
# This script has not been run yet (no Windows machine where it was written): see the README.
[CmdletBinding()]
param(
    [string]$Certkit = "target\release\certkit.exe",
    [ValidateSet("", "cng", "capi")]
    [string]$KeyProvider = ""
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = "Stop"

$script:passed = 0
$script:failed = 0
$script:failures = @()
function Pass([string]$Name) { $script:passed++; Write-Host "ok   $Name" }
function Fail([string]$Name, [string]$Detail) {
    $script:failed++
    $script:failures += $Name
    Write-Host "FAIL $Name"
    if ($Detail) { Write-Host "     $Detail" }
}
function Check([string]$Name, [scriptblock]$Condition, [string]$Detail) {
    $ok = $false
    try { $ok = [bool](& $Condition) } catch { $Detail = "$Detail $($_.Exception.Message)" }
    if ($ok) { Pass $Name } else { Fail $Name $Detail }
}

$principal = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    Write-Host "native: run elevated (windows:LocalMachine is written)"
    exit 2
}
$Certkit = (Resolve-Path $Certkit).Path
$openssl = (Get-Command openssl -ErrorAction SilentlyContinue).Source
if (-not $openssl) {
    foreach ($candidate in @("$env:ProgramFiles\Git\usr\bin\openssl.exe", "$env:ProgramFiles\OpenSSL\bin\openssl.exe")) {
        if (Test-Path $candidate) { $openssl = $candidate; break }
    }
}
if (-not $openssl) { Write-Host "native: OpenSSL not found"; exit 2 }
# Git for Windows' OpenSSL is an MSYS2 program: keep "/CN=..." from being taken for a path.
$env:MSYS_NO_PATHCONV = "1"
$env:MSYS2_ARG_CONV_EXCL = "*"
Write-Host "native: $(& $openssl version) at $openssl; certkit $(& $Certkit --version)"

$work = Join-Path ([IO.Path]::GetTempPath()) ("certkit-native-" + [Guid]::NewGuid().ToString("N").Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
Push-Location $work
$servers = @()
$env:PFX_PASSWORD = "native-secret"

function OpenSsl {
    & $openssl @args 2>$null | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "openssl $($args -join ' ') failed" }
}
function Issue([string]$Name, [string]$Cn, [string]$Issuer, [string]$Alg, [string]$Ext) {
    Set-Content -Path "$Name.ext" -Value $Ext -Encoding ascii
    if ($Alg -eq "rsa") { OpenSsl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$Name.key" }
    else { OpenSsl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$Name.key" }
    OpenSsl req -new -key "$Name.key" -subj "/CN=$Cn" -out "$Name.csr"
    $serial = "0x" + (-join ((1..8) | ForEach-Object { "{0:x2}" -f (Get-Random -Maximum 256) }))
    if ($Issuer -eq "-") {
        OpenSsl x509 -req -in "$Name.csr" -signkey "$Name.key" -days 3650 -extfile "$Name.ext" -set_serial $serial -out "$Name.pem"
    } else {
        OpenSsl x509 -req -in "$Name.csr" -CA "$Issuer.pem" -CAkey "$Issuer.key" -days 30 -extfile "$Name.ext" -set_serial $serial -out "$Name.pem"
    }
}
function Thumbprint([string]$Pem) {
    ([Security.Cryptography.X509Certificates.X509Certificate2]::new((Join-Path $work $Pem))).Thumbprint
}
# Run-Certkit @(ARGS): runs certkit with the array ARGS (an array, so that PowerShell never
# reads "--json" as its own syntax); sets $script:status, $script:out (stdout), $script:err.
function Run-Certkit([string[]]$Arguments) {
    $script:out = & $Certkit @Arguments 2>"$work\err.txt"
    $script:status = $LASTEXITCODE
    $script:err = Get-Content "$work\err.txt" -Raw -ErrorAction SilentlyContinue
    $script:out = $script:out -join "`n"
}
function Json { $script:out | ConvertFrom-Json }
function Wait-Port([int]$Port) {
    for ($i = 0; $i -lt 50; $i++) {
        $client = [Net.Sockets.TcpClient]::new()
        try { $client.Connect("127.0.0.1", $Port); return $true } catch { Start-Sleep -Milliseconds 200 }
        finally { $client.Dispose() }
    }
    return $false
}

try {
    $ca = "basicConstraints=critical,CA:TRUE`nkeyUsage=critical,keyCertSign,cRLSign`nsubjectKeyIdentifier=hash`nauthorityKeyIdentifier=keyid:always"
    $client = "basicConstraints=CA:FALSE`nkeyUsage=critical,digitalSignature,keyEncipherment`nextendedKeyUsage=clientAuth`nsubjectKeyIdentifier=hash`nauthorityKeyIdentifier=keyid:always"
    $server = "basicConstraints=CA:FALSE`nkeyUsage=critical,digitalSignature,keyEncipherment`nextendedKeyUsage=serverAuth`nsubjectAltName=DNS:localhost,IP:127.0.0.1"
    Issue root "certkit native Root CA" - rsa $ca
    Issue int "certkit native Issuing CA" root rsa $ca
    Issue client-rsa "client-rsa.native.example" int rsa $client
    Issue client-ec "client-ec.native.example" int ec $client
    Issue server "localhost" int rsa $server
    Get-Content int.pem, root.pem | Set-Content chain.pem -Encoding ascii
    Get-Content server.pem, int.pem | Set-Content server-chain.pem -Encoding ascii
    foreach ($k in "rsa", "ec") {
        OpenSsl pkcs12 -export -in "client-$k.pem" -inkey "client-$k.key" -certfile chain.pem -name "native $k" -passout env:PFX_PASSWORD -out "client-$k.pfx"
    }

    # A TLS 1.3 and a TLS 1.2 server asking for a client certificate from this PKI (-Verify:
    # without one the handshake fails). TLS 1.2 accepts only SHA-256 client signatures, as a
    # server that refuses SHA-1 (OpenSSL 3's default security level does): a PROV_RSA_FULL key
    # fails here through Schannel.
    $ports = @{ "1.3" = 18443; "1.2" = 18444 }
    foreach ($version in $ports.Keys) {
        $protocol = if ($version -eq "1.3") { "-tls1_3" } else { "-tls1_2" }
        $serverArgs = @("s_server", "-accept", "127.0.0.1:$($ports[$version])", "-cert", "server.pem",
            "-key", "server.key", "-cert_chain", "int.pem", "-CAfile", "chain.pem", "-Verify", "2", "-www", $protocol,
            "-client_sigalgs", "rsa_pss_rsae_sha256:rsa_pkcs1_sha256:ecdsa_secp256r1_sha256")
        $servers += Start-Process -FilePath $openssl -ArgumentList $serverArgs -PassThru -NoNewWindow `
            -RedirectStandardOutput "$work\s_server-$version.out" -RedirectStandardError "$work\s_server-$version.err"
        if (-not (Wait-Port $ports[$version])) { throw "openssl s_server (TLS $version) did not start" }
    }

    $store = "windows:LocalMachine"
    foreach ($k in "rsa", "ec") {
        $entry = "certkit_native_$k"
        $thumb = Thumbprint "client-$k.pem"
        $importArgs = @("--store", $store, "--json", "import", "client-$k.pfx", "--password-env", "PFX_PASSWORD",
            "--name", $entry, "--grant-read", "IIS_IUSRS")
        if ($KeyProvider) { $importArgs += @("--key-provider", $KeyProvider) }
        Run-Certkit $importArgs
        if ($KeyProvider -eq "capi" -and $k -eq "ec") {
            Check "ec : --key-provider capi refuses the EC key in one line, nothing stored" {
                $status -eq 2 -and $err -match "takes RSA keys only" -and
                    ($err.Trim() -split "`n").Count -eq 1 -and -not (Test-Path "Cert:\LocalMachine\My\$thumb")
            } "exit $status $err"
            continue
        }
        if ($status -ne 0) { Fail "$k : import into LocalMachine with --grant-read IIS_IUSRS" "exit $status $err"; continue }
        Check "$k : import into LocalMachine with --grant-read IIS_IUSRS" {
            $leaf = (Json).certificates | Where-Object { $_.thumbprint -eq $thumb }
            $leaf.store -eq "personal" -and $leaf.has_key
        } $out
        $cert = Get-Item "Cert:\LocalMachine\My\$thumb"
        Check "$k : X509Certificate2 sees the private key" { $cert.HasPrivateKey } ""

        # The key as .NET opens it: which provider, a machine key, not exportable, and the
        # key file's ACL (CNG: %ProgramData%\Microsoft\Crypto\Keys; CryptoAPI:
        # ...\Crypto\RSA\MachineKeys) read with Get-Acl, independently of certkit.
        $keyFile = $null
        try {
            if ($k -eq "ec") {
                $key = [Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::GetECDsaPrivateKey($cert)
            } else {
                $key = [Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($cert)
            }
            if ($key -is [Security.Cryptography.RSACryptoServiceProvider]) {
                $info = $key.CspKeyContainerInfo
                Check "$k : CryptoAPI key: Enhanced RSA and AES provider, machine key, not exportable" {
                    $KeyProvider -eq "capi" -and $info.ProviderName -eq "Microsoft Enhanced RSA and AES Cryptographic Provider" -and
                        $info.MachineKeyStore -and -not $info.Exportable
                } "$($info.ProviderName) machine=$($info.MachineKeyStore) exportable=$($info.Exportable)"
                $keyFile = Join-Path $env:ProgramData "Microsoft\Crypto\RSA\MachineKeys\$($info.UniqueKeyContainerName)"
            } else {
                $cng = $key.Key
                Check "$k : CNG key: Software KSP, machine key, not exportable" {
                    $KeyProvider -ne "capi" -and $cng.Provider.Provider -eq "Microsoft Software Key Storage Provider" -and
                        $cng.IsMachineKey -and $cng.ExportPolicy -eq [Security.Cryptography.CngExportPolicies]::None
                } "$($cng.Provider.Provider) machine=$($cng.IsMachineKey) export=$($cng.ExportPolicy)"
                $keyFile = Join-Path $env:ProgramData "Microsoft\Crypto\Keys\$($cng.UniqueName)"
            }
        } catch {
            Fail "$k : the key as .NET opens it" $_.Exception.ToString()
        }
        if ($keyFile) {
            Check "$k : the key file's ACL lets IIS_IUSRS read" {
                $rules = (Get-Acl $keyFile).Access | Where-Object {
                    $_.IdentityReference.Value -match "IIS_IUSRS$" -and $_.AccessControlType -eq "Allow" -and
                        ($_.FileSystemRights -band [Security.AccessControl.FileSystemRights]::Read)
                }
                @($rules).Count -ge 1
            } "$keyFile : $((Get-Acl $keyFile).AccessToString)"
        }

        Run-Certkit @("--store", $store, "--json", "check-private-key", "--entry", $entry)
        Check "$k : check-private-key --entry (SHA-256, provider)" {
            $doc = Json
            $expected = switch ($KeyProvider) {
                "capi" { "Microsoft Enhanced RSA and AES Cryptographic Provider (CryptoAPI, type 24)" }
                default { "Microsoft Software Key Storage Provider (CNG)" }
            }
            $status -eq 0 -and $doc.verdict -eq "match" -and $doc.signature_hash -eq "SHA-256" -and
                $doc.signature_check -eq "passed" -and $doc.key_provider -eq $expected
        } "exit $status $out"

        Run-Certkit @("--store", $store, "--json", "doctor", "--entry", $entry, "--account", "IIS_IUSRS")
        Check "$k : doctor private_key, key_access (IIS_IUSRS among the readers), key_provider" {
            $checks = @{}
            foreach ($c in (Json).subjects[0].checks) { $checks[$c.id] = $c }
            # key_access is a warning at best on Windows (a re-import resets the grants).
            $provider = if ($KeyProvider -eq "capi") { "warn" } else { "pass" }
            $checks["private_key"].status -eq "pass" -and $checks["key_access"].status -eq "warn" -and
                $checks["key_access"].message -match "lets read: .*IIS_IUSRS" -and
                $checks["key_provider"].status -eq $provider
        } $out

        # A grant for a second account goes into the same access list, read back by doctor.
        Run-Certkit @("--store", $store, "--json", "store", "grant", $entry, "NETWORK SERVICE")
        Run-Certkit @("--store", $store, "--json", "doctor", "--entry", $entry, "--account", "IIS_IUSRS", "--account", "NETWORK SERVICE")
        Check "$k : store grant NETWORK SERVICE, then doctor sees both accounts" {
            $c = (Json).subjects[0].checks | Where-Object { $_.id -eq "key_access" }
            $c.status -eq "warn" -and $c.message -match "IIS_IUSRS" -and $c.message -match "NETWORK SERVICE"
        } $out

        foreach ($version in "1.3", "1.2") {
            $port = $ports[$version]
            Run-Certkit @("--json", "connect", "127.0.0.1:$port", "--servername", "localhost", "--ca", "root.pem",
                "--cert", "client-$k.pfx", "--password-env", "PFX_PASSWORD", "--tls$version")
            # TLS 1.3 client authentication needs RSA-PSS, which a CryptoAPI key cannot sign:
            # with -KeyProvider capi, Schannel's TLS 1.3 attempt is expected to fail.
            $expectFailure = $KeyProvider -eq "capi" -and $version -eq "1.3"
            Check "$k : certkit connect, TLS $version with the client certificate" {
                $doc = Json
                $doc.outcome.result -eq "accepted" -and $doc.tls.version -eq "TLSv$version"
            } "exit $status $out"

            # Schannel with the key in the store, as IIS and .NET applications use it.
            $handler = [Net.Http.HttpClientHandler]::new()
            $handler.ClientCertificateOptions = [Net.Http.ClientCertificateOption]::Manual
            $handler.SslProtocols = if ($version -eq "1.3") { [Security.Authentication.SslProtocols]::Tls13 }
                                    else { [Security.Authentication.SslProtocols]::Tls12 }
            [void]$handler.ClientCertificates.Add($cert)
            $http = [Net.Http.HttpClient]::new($handler)
            try {
                # The root came in with the PFX (LocalMachine ROOT), so the server chain is trusted.
                $response = $http.GetAsync("https://localhost:$port/").GetAwaiter().GetResult()
                if ($expectFailure) {
                    Fail "$k : .NET HttpClient (Schannel), TLS 1.3 with a CryptoAPI key should fail" "HTTP $([int]$response.StatusCode): it worked"
                } else {
                    Check "$k : .NET HttpClient (Schannel), TLS $version with the stored key" {
                        [int]$response.StatusCode -eq 200
                    } "HTTP $([int]$response.StatusCode)"
                }
            } catch {
                if ($expectFailure) {
                    Pass "$k : .NET HttpClient (Schannel), TLS 1.3 with a CryptoAPI key fails as expected"
                } else {
                    Fail "$k : .NET HttpClient (Schannel), TLS $version with the stored key" $_.Exception.ToString()
                }
            } finally {
                $http.Dispose()
            }
        }

        $exported = Join-Path $work "exported-$k"
        New-Item -ItemType Directory -Path $exported | Out-Null
        Run-Certkit @("--store", $store, "--json", "export", "--der", $exported, "--name", $entry)
        OpenSsl x509 -in "client-$k.pem" -outform DER -out "client-$k.der"
        Check "$k : export --der equals OpenSSL's DER" {
            $status -eq 0 -and (Get-FileHash "$exported\$entry.cer").Hash -eq (Get-FileHash "client-$k.der").Hash
        } "exit $status $err"

        Run-Certkit @("--store", $store, "store", "remove", $entry)
        Check "$k : store remove (the certificate and certkit's key file gone)" {
            $status -eq 0 -and -not (Test-Path "Cert:\LocalMachine\My\$thumb") -and
                (-not $keyFile -or -not (Test-Path $keyFile))
        } "exit $status $err"
    }
} catch {
    Fail "setup" $_.Exception.ToString()
} finally {
    foreach ($s in $servers) { if (-not $s.HasExited) { Stop-Process -Id $s.Id -Force } }
    # The test CA certificates certkit imported into LocalMachine CA and ROOT.
    foreach ($pem in "int.pem", "root.pem") {
        if (Test-Path (Join-Path $work $pem)) {
            $t = Thumbprint $pem
            Get-ChildItem Cert:\LocalMachine\CA, Cert:\LocalMachine\Root |
                Where-Object { $_.Thumbprint -eq $t } | Remove-Item -ErrorAction SilentlyContinue
        }
    }
    Pop-Location
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}

if ($script:failed -gt 0) { Write-Host ("native: failed: " + ($script:failures -join "; ")) }
Write-Host "native: $($script:passed) passed, $($script:failed) failed"
exit ([int]($script:failed -gt 0))
