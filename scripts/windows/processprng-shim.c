/*
 * bcryptprimitives.dll shim for running Rust Windows binaries under wine 8.
 *
 * Rust's standard library for Windows gets its randomness from ProcessPrng, exported by
 * bcryptprimitives.dll since Windows 10. Wine 8 has no bcryptprimitives.dll, so a Rust .exe
 * fails to start there ("import ProcessPrng not found"). Placed beside the .exe, this DLL
 * provides ProcessPrng on top of BCryptGenRandom, which wine does implement.
 *
 * Test infrastructure only: it is never shipped with certkit.exe (real Windows has the DLL).
 */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE pbData, SIZE_T cbData)
{
    while (cbData > 0) {
        ULONG chunk = cbData > 0x40000000 ? 0x40000000 : (ULONG)cbData;
        if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, pbData, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
            /* The real ProcessPrng never fails; there is no sensible way to go on without
             * randomness, so stop the process rather than hand back predictable bytes. */
            ExitProcess(0xC0000001);
        pbData += chunk;
        cbData -= chunk;
    }
    return TRUE;
}
