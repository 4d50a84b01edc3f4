#!/usr/bin/env bash
# Tests of the certkit Ansible collection: ansible-test sanity, ansible-test integration (the
# modules on localhost, local connection) and the fleet test (the client_certificate role on
# four simulated front ends). Builds nothing: give it the certkit binary.
#
#   ansible/certkit/tests/run.sh target/debug/certkit
#
# Needs ansible-core (the version .ci/run pins, in its venv .venv/, first on PATH) and openssl. ansible-test sanity bootstraps pip
# into its virtual environments from ci-files.testing.ansible.com, which CI cannot reach: a
# stand-in (tests/tools/get_pip_offline.py, pip from PyPI) is put in ansible-test's cache
# when none is there. Ends with "ansible: N passed, M failed".
set -uo pipefail

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 PATH/TO/certkit" >&2
  exit 2
fi
certkit=$(realpath "$1")
source_dir=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/certkit-ansible.XXXXXX")
trap '[ -n "${CERTKIT_ANSIBLE_KEEP:-}" ] || rm -rf "$work"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok: $1"; }
fail() { failed=$((failed + 1)); echo "FAILED: $1"; }
check() { # NAME COMMAND...: one test, passed when COMMAND succeeds
  local name=$1
  shift
  if "$@"; then pass "$name"; else fail "$name"; fi
}

# ansible-test wants the collection at .../ansible_collections/NAMESPACE/NAME/.
collections=$work/collections
collection=$collections/ansible_collections/certkit/certkit
mkdir -p "$(dirname "$collection")"
cp -r "$source_dir" "$collection"
rm -rf "$collection/tests/output"
mkdir -p "$work/bin"
ln -s "$certkit" "$work/bin/certkit"
export PATH="$work/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH=$collections
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_DEPRECATION_WARNINGS=0
export ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0

# ansible-test runs with the python3 first on PATH (.ci/run's venv), whatever its version.
python_version=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')

# CERTKIT_ANSIBLE_TESTS picks parts (default all): "sanity integration fleet".
parts=" ${CERTKIT_ANSIBLE_TESTS:-sanity integration fleet} "

# --- ansible-test sanity ------------------------------------------------------------------
if [[ $parts == *" sanity "* ]]; then
# The collection builds into a tarball that ansible-galaxy installs.
(cd "$work" && ansible-galaxy collection build "$collection" >"$work/galaxy.log" 2>&1 &&
  ANSIBLE_COLLECTIONS_PATH="$work/installed" ansible-galaxy collection install -p "$work/installed" certkit-certkit-*.tar.gz >>"$work/galaxy.log" 2>&1)
check "ansible-galaxy collection build and install" \
  test -f "$work/installed/ansible_collections/certkit/certkit/plugins/modules/certkit_import.py"
pip_version=$(python3 -c "
import inspect, re
from ansible_test._internal import python_requirements as m
print(re.search(r\"pip='([^']+)'\", inspect.getsource(m.get_venv_packages)).group(1))")
bootstrap=~/.ansible/test/cache/get_pip_${pip_version//./_}.py
if [ ! -f "$bootstrap" ]; then
  mkdir -p "$(dirname "$bootstrap")"
  cp "$source_dir/tests/tools/get_pip_offline.py" "$bootstrap"
fi
(cd "$collection" && ansible-test sanity --python "$python_version" --local >"$work/sanity.log" 2>&1)
status=$?
grep -E '^(ERROR|FATAL|Running)' "$work/sanity.log"
check "ansible-test sanity" test $status -eq 0
fi

# --- ansible-test integration -------------------------------------------------------------
if [[ $parts == *" integration "* ]]; then
(cd "$collection" && ansible-test integration --python "$python_version" --local >"$work/integration.log" 2>&1)
status=$?
grep -E '^(ok|changed|fatal|failed|PLAY RECAP|testhost|FATAL|ERROR)' "$work/integration.log" | grep -v '^ok:' | tail -20
check "ansible-test integration (certkit_modules, certkit_config, certkit_doctor)" test $status -eq 0
fi

# --- fleet test ---------------------------------------------------------------------------
if [[ $parts == *" fleet "* ]]; then
fleet=$collection/tests/fleet
export CERTKIT_FLEET_DIR=$work/fleet
export CERTKIT_FLEET_PASSWORD="fleet-$RANDOM$RANDOM"
CERTKIT_FLEET_GROUP=$(id -gn)
export CERTKIT_FLEET_GROUP
mkdir -p "$CERTKIT_FLEET_DIR/hosts"
bash "$collection/tests/integration/targets/setup_certkit_pki/files/make-pki.sh" \
  "$CERTKIT_FLEET_DIR/pki" "$CERTKIT_FLEET_PASSWORD" || fail "fixtures"
hosts=(fe1 fe2 fe3 fe4)
playbook() { # LOG ARGS...: run a playbook, output in LOG; returns its exit status
  local log=$1
  shift
  ansible-playbook -i "$fleet/inventory.yml" "$@" >"$work/$log" 2>&1
}
recap() { # LOG HOST FIELD: the PLAY RECAP count of FIELD for HOST
  grep -E "^$2 +:" "$work/$1" | tail -1 | grep -oE "$3=[0-9]+" | cut -d= -f2
}
every_host() { # LOG FIELD OP VALUE [HOSTS...]: the recap of every host satisfies FIELD OP VALUE
  local log=$1 field=$2 op=$3 value=$4 host count
  shift 4
  [ $# -gt 0 ] || set -- "${hosts[@]}"
  for host in "$@"; do
    count=$(recap "$log" "$host" "$field")
    if [ -z "$count" ] || ! test "$count" "$op" "$value"; then
      echo "  $host: $field=$count in $log"
      return 1
    fi
  done
}
snapshot() { # a listing of every file of every host with its size, mode and checksum
  (cd "$CERTKIT_FLEET_DIR/hosts" && find . -type f -exec sha1sum {} + | sort; find . -printf '%p %m %s\n' | sort)
}
exports_identical() { # every host has exactly NAME.cer, byte-identical to the DER of PEM
  local reference=$work/expected.cer host
  openssl x509 -in "$1" -outform der -out "$reference"
  for host in "${hosts[@]}"; do
    [ "$(ls "$CERTKIT_FLEET_DIR/hosts/$host/exports")" = "ACME_billing_client.cer" ] || { echo "  $host exports differ"; return 1; }
    cmp -s "$reference" "$CERTKIT_FLEET_DIR/hosts/$host/exports/ACME_billing_client.cer" || { echo "  $host export content differs"; return 1; }
  done
}
elapsed() { # START: seconds since START (date +%s.%N)
  awk -v start="$1" -v now="$(date +%s.%N)" 'BEGIN { print now - start }'
}
summary_has() { # LOG HOST WORD: the role's summary line for HOST mentions WORD
  grep -A2 -E "^ok: \[$2\] =>" "$work/$1" | grep '"msg": "ACME_billing_client' | grep -q -- "$3"
}

# --check on fresh front ends: nothing written, the plan reported.
before=$(snapshot)
playbook check.log "$fleet/site.yml" --check --diff
status=$?
check "check mode on fresh front ends succeeds" test $status -eq 0
check "check mode reports changes on every front end" every_host check.log changed -gt 0
check "check mode writes nothing on disk" test "$before" = "$(snapshot)"
check "check mode names the copy it would make" grep -q "would be copied first" "$work/check.log"

# The PFX already on a front end (no copy): check mode shows certkit's import plan.
mkdir -p "$CERTKIT_FLEET_DIR/hosts/fe4/incoming"
cp "$CERTKIT_FLEET_DIR/pki/client.pfx" "$CERTKIT_FLEET_DIR/hosts/fe4/incoming/ACME_billing_client.pfx"
cp "$CERTKIT_FLEET_DIR/pki/root.pem" "$CERTKIT_FLEET_DIR/hosts/fe4/incoming/"
before=$(snapshot)
thumbprint=$(openssl x509 -in "$CERTKIT_FLEET_DIR/pki/client.pem" -noout -fingerprint -sha1 | cut -d= -f2 | tr -d :)
playbook check-plan.log "$fleet/site.yml" --check --diff --limit fe4 \
  -e "{\"client_certificate_pfx_src\": \"\", \"client_certificate_ca_src\": [],
       \"client_certificate_ca_paths\": [\"$CERTKIT_FLEET_DIR/hosts/fe4/incoming/root.pem\"]}"
status=$?
check "check mode with the PFX on the host succeeds" test $status -eq 0
check "check mode diff shows the entry to be added" grep -q "+personal/ACME_billing_client $thumbprint" "$work/check-plan.log"
check "check mode summary says added and written" summary_has check-plan.log fe4 "import=added,added,added export=written"
check "check mode with the PFX on the host writes nothing" test "$before" = "$(snapshot)"
rm -rf "$CERTKIT_FLEET_DIR/hosts/fe4"

# One run on three front ends, then one on the fourth alone (timed), then all again.
start=$(date +%s.%N)
playbook run-three.log "$fleet/site.yml" --limit fe1,fe2,fe3
status=$?
three_hosts=$(elapsed "$start")
check "first run on three front ends succeeds" test $status -eq 0
check "first run reports changed on every front end" every_host run-three.log changed -gt 0 fe1 fe2 fe3
start=$(date +%s.%N)
playbook run-one.log "$fleet/site.yml" --limit fe4
status=$?
one_host=$(elapsed "$start")
check "first run on a fourth front end succeeds" test $status -eq 0
check "first run on the fourth reports changed" every_host run-one.log changed -gt 0 fe4
start=$(date +%s.%N)
playbook run-again.log "$fleet/site.yml"
status=$?
again=$(elapsed "$start")
check "second run succeeds" test $status -eq 0
check "second run changes nothing on any front end" every_host run-again.log changed -eq 0
for host in "${hosts[@]}"; do
  check "certkit doctor finds $host healthy (key access, export, chain)" summary_has run-again.log "$host" "doctor=healthy"
done
check "all exports byte-identical under the same name" exports_identical "$CERTKIT_FLEET_DIR/pki/client.pem"
check "the key is readable by the granted group only (0640)" \
  test "$(stat -c %a "$CERTKIT_FLEET_DIR/hosts/fe1/store/personal/ACME_billing_client/privkey.pem")" = 640
check "the password is not in any output" bash -c "! grep -rqF -- '$CERTKIT_FLEET_PASSWORD' '$work'/*.log"

# A wrong password fails with certkit's kind and leaves every front end as it was.
before=$(snapshot)
CERTKIT_FLEET_PASSWORD=not-the-password playbook wrong-password.log "$fleet/site.yml"
status=$?
check "a wrong password fails the run" test $status -ne 0
check "a wrong password fails on every front end" every_host wrong-password.log failed -eq 1
check "the failure carries certkit's wrong_password kind" grep -q '"kind": "wrong_password"' "$work/wrong-password.log"
check "a wrong password leaves every front end unchanged" test "$before" = "$(snapshot)"

# The consistency play: consistent now; then one front end with another certificate and one
# with another export name are flagged.
playbook consistent.log "$fleet/consistency.yml"
status=$?
check "consistency play passes on a consistent fleet" test $status -eq 0
check "consistency play says CONSISTENT" grep -q "CONSISTENT: every front end holds $thumbprint" "$work/consistent.log"
PFX_PASSWORD=$CERTKIT_FLEET_PASSWORD certkit --store "$CERTKIT_FLEET_DIR/hosts/fe2/store" -q store remove ACME_billing_client
PFX_PASSWORD=$CERTKIT_FLEET_PASSWORD certkit --store "$CERTKIT_FLEET_DIR/hosts/fe2/store" -q import \
  "$CERTKIT_FLEET_DIR/pki/client-renewed.pfx" --name ACME_billing_client --password-env PFX_PASSWORD \
  --grant-read "$CERTKIT_FLEET_GROUP"
mv "$CERTKIT_FLEET_DIR/hosts/fe3/exports/ACME_billing_client.cer" "$CERTKIT_FLEET_DIR/hosts/fe3/exports/acme.cer"
playbook inconsistent.log "$fleet/consistency.yml"
status=$?
check "consistency play fails on an inconsistent fleet" test $status -ne 0
check "consistency play flags fe2's thumbprint" grep -q "FRONT END DIFFERS: fe2: thumbprint" "$work/inconsistent.log"
check "consistency play flags fe3's export name" grep -q "FRONT END DIFFERS: fe3: export name acme.cer" "$work/inconsistent.log"
check "consistency play leaves fe1 and fe4 alone" bash -c "! grep -qE 'FRONT END DIFFERS: fe(1|4)' '$work/inconsistent.log'"
rm "$CERTKIT_FLEET_DIR/hosts/fe3/exports/acme.cer"

# The renewed certificate rolled out to the fleet: replaced, and the export follows.
renewed=$(openssl x509 -in "$CERTKIT_FLEET_DIR/pki/client-renewed.pem" -noout -fingerprint -sha1 | cut -d= -f2 | tr -d :)
CERTKIT_FLEET_PFX=client-renewed.pfx playbook renewal.log "$fleet/site.yml" --diff
status=$?
check "renewal run succeeds" test $status -eq 0
for host in fe1 fe3 fe4; do
  check "renewal reports replaced on $host" summary_has renewal.log $host "thumbprint=$renewed import=replaced"
done
check "renewal on fe2 (already renewed by hand) reports unchanged" summary_has renewal.log fe2 "import=unchanged"
check "renewal export follows on every front end" exports_identical "$CERTKIT_FLEET_DIR/pki/client-renewed.pem"
playbook renewed-consistent.log "$fleet/consistency.yml"
check "consistency play passes after the renewal" grep -q "CONSISTENT: every front end holds $renewed" "$work/renewed-consistent.log"

fi

[ -n "${three_hosts:-}" ] && printf 'timing: one role run on three front ends %.1f s (%.1f s per front end); on one front end %.1f s; a no-change run on four %.1f s\n' \
  "$three_hosts" "$(awk "BEGIN { print $three_hosts / 3 }")" "$one_host" "$again"
if [ "$failed" -ne 0 ]; then
  for log in "$work"/*.log; do
    echo "--- $(basename "$log") (last lines)"
    tail -40 "$log"
  done
fi
echo "ansible: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
