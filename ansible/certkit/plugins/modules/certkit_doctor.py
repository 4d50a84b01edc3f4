#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: certkit maintainers
# MIT License (see https://opensource.org/licenses/MIT)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: certkit_doctor
short_description: Run certkit's troubleshooting checks on a host
version_added: 0.2.0
description:
  - Runs C(certkit doctor --json) - the installation guide's troubleshooting checks (the file
    opens, the private key is there and matches, the accounts can read it, the chain is complete,
    validity, usage, revocation, the export, duplicates, a handshake) - on the store's personal
    entries, one entry (O(entry)) or a file (O(src)).
  - Fails the task when a check fails (certkit exits 1), unless O(fail_on_problems=false).
    Warnings fail the task only with O(fail_on_warn=true).
  - Never changes anything.
author:
  - certkit maintainers (@certkit)
extends_documentation_fragment:
  - certkit.certkit.certkit
options:
  src:
    description: A certificate file to examine as it would be installed; without it (and without O(entry)) every personal entry of the store.
    type: path
  entry:
    description: Examine one personal entry of the store (name or thumbprint).
    type: str
  host:
    description: Also run a TLS handshake with the certificate against C(HOST[:PORT]) or an https URL.
    type: str
  account:
    description: Accounts (users or groups) that must be able to read the private key.
    type: list
    elements: str
    default: []
  export_dir:
    description: The folder the public certificate is exported to (the shared C(.cer) folder).
    type: path
  name:
    description: The export name configured on the other servers (default the entry's name).
    type: str
  platform:
    description: Platforms that must open the PKCS#12 file.
    type: list
    elements: str
    default: []
    choices: [windows-2016, windows-2019, java8, java17, openssl3, macos, nss, mendix, outsystems]
  warn_days:
    description: Warn when a certificate expires within this many days (certkit's default 30).
    type: int
  revocation:
    description: How strictly revocation is checked; V(off) when the host is offline.
    type: str
    choices: ['off', soft, hard]
  fail_on_problems:
    description: Fail the task when a check fails.
    type: bool
    default: true
  fail_on_warn:
    description: Also fail the task when a check warns.
    type: bool
    default: false
attributes:
  check_mode:
    description: Runs in check mode as usual; it never changes anything.
    support: full
  diff_mode:
    description: Nothing changes, so there is no diff.
    support: none
'''

EXAMPLES = r'''
- name: The front end is healthy, the app pool can read the key, the export is in place
  certkit.certkit.certkit_doctor:
    entry: ACME_billing_client
    store: /var/lib/certkit
    account: [www-data]
    export_dir: /srv/certificates
  register: doctor

- name: Can Windows Server 2016 and old Java open this PFX?
  certkit.certkit.certkit_doctor:
    src: /tmp/client.pfx
    password: "{{ vault_pfx_password }}"
    platform: [windows-2016, java8]
    fail_on_problems: false
'''

RETURN = r'''
verdict:
  description: certkit's verdict for the whole run.
  returned: always
  type: str
checks:
  description:
    - Every check of every subject, each with C(subject), C(id), C(status) (pass, warn, fail, skipped), C(message) and, for a warning or a
      failure, C(fix) (C(advice), and C(commands), each a list of arguments to run in order).
  returned: always
  type: list
  elements: dict
failed_checks:
  description: The checks whose status is C(fail), as C(SUBJECT ID).
  returned: always
  type: list
  elements: str
warnings_found:
  description: The checks whose status is C(warn), as C(SUBJECT ID).
  returned: always
  type: list
  elements: str
exit_code:
  description: certkit doctor's exit status (0 no check failed, 1 a check failed).
  returned: always
  type: int
doctor:
  description: certkit doctor's JSON document (subjects with their checks, summary, verdict).
  returned: always
  type: dict
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.certkit.certkit.plugins.module_utils.certkit import (
    CertkitError, CertkitRunner, common_argument_spec, items_of)


def main():
    argument_spec = common_argument_spec()
    argument_spec.update(
        src=dict(type='path'),
        entry=dict(type='str'),
        host=dict(type='str'),
        account=dict(type='list', elements='str', default=[]),
        export_dir=dict(type='path'),
        name=dict(type='str'),
        platform=dict(type='list', elements='str', default=[], choices=[
            'windows-2016', 'windows-2019', 'java8', 'java17', 'openssl3', 'macos', 'nss',
            'mendix', 'outsystems']),
        warn_days=dict(type='int'),
        revocation=dict(type='str', choices=['off', 'soft', 'hard']),
        fail_on_problems=dict(type='bool', default=True),
        fail_on_warn=dict(type='bool', default=False),
    )
    module = AnsibleModule(
        argument_spec=argument_spec,
        mutually_exclusive=[('password', 'password_file'), ('src', 'entry')],
        supports_check_mode=True,
    )
    runner = CertkitRunner(module)
    params = module.params
    argv = ['doctor']
    if params['src']:
        argv.append(params['src'])
    if params['entry']:
        argv += ['--entry', params['entry']]
    if params['host']:
        argv += ['--host', params['host']]
    for account in params['account']:
        argv += ['--account', account]
    if params['export_dir']:
        argv += ['--export-dir', params['export_dir']]
    if params['name']:
        argv += ['--name', params['name']]
    for platform in params['platform']:
        argv += ['--platform', platform]
    if params['warn_days'] is not None:
        argv += ['--warn-days', str(params['warn_days'])]
    if params['revocation']:
        argv += ['--revocation', params['revocation']]
    try:
        # Exit 1 is "a check failed": a finding, not an error of certkit's.
        rc, document = runner.run(argv, with_password=bool(params['src']), ok_rcs=(0, 1))
    except CertkitError as error:
        runner.fail(error, changed=False)

    checks, failed, warned = [], [], []
    for subject in items_of(document, 'subjects'):
        label = subject.get('name') or subject.get('path') or subject.get('kind', '')
        for check in items_of(subject, 'checks'):
            check = dict(check, subject=label)
            checks.append(check)
            if check.get('status') == 'fail':
                failed.append('%s %s' % (label, check.get('id')))
            elif check.get('status') == 'warn':
                warned.append('%s %s' % (label, check.get('id')))
    result = dict(changed=False, verdict=document.get('verdict'), checks=checks,
                  failed_checks=failed, warnings_found=warned, doctor=document, exit_code=rc,
                  commands=runner.commands)
    if (rc == 1 or failed) and params['fail_on_problems']:
        module.fail_json(msg='certkit doctor: check failed: %s' % ', '.join(failed or ['(see checks)']),
                         kind='check_failed', **result)
    if warned and params['fail_on_warn']:
        module.fail_json(msg='certkit doctor: check warned: %s' % ', '.join(warned), kind='check_warned', **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
