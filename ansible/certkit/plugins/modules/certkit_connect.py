#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: certkit maintainers
# MIT License (see https://opensource.org/licenses/MIT)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: certkit_connect
short_description: Prove a client certificate works with a real mutual TLS handshake
version_added: 0.1.0
description:
  - Runs C(certkit connect --json) from the target host, a TLS handshake presenting the client
    certificate, reporting whether the server asked for one, the CA names it accepts, whether
    our chain reaches one of them, the outcome and, for an https URL, the HTTP status.
  - Fails the task when the server rejects the certificate, unless O(fail_on_rejected=false).
  - Never changes anything.
author:
  - certkit maintainers (@certkit)
extends_documentation_fragment:
  - certkit.certkit.certkit
options:
  target:
    description: C(HOST[:PORT]) or an https URL.
    type: str
    required: true
  src:
    description: Client certificate file (PKCS#12 or PEM with the key) on the target host.
    type: path
  key:
    description: Private key file, when O(src) holds only the certificate.
    type: path
  entry:
    description: Personal store entry to present instead of a file (folder stores).
    type: str
  ca:
    description: Files trusted for the server's certificate.
    type: list
    elements: path
    default: []
  system:
    description: Also trust the system's CA bundle for the server's certificate.
    type: bool
    default: false
  servername:
    description: Server name to send (SNI) and check, when it differs from the host.
    type: str
  timeout:
    description: Connection timeout, for example C(10s).
    type: str
  fail_on_rejected:
    description: Fail the task when the handshake is not accepted.
    type: bool
    default: true
attributes:
  check_mode:
    description: Runs in check mode as usual; it never changes anything.
    support: full
  diff_mode:
    description: Nothing changes, so there is no diff.
    support: none
'''

EXAMPLES = r'''
- name: The partner's API accepts our client certificate
  certkit.certkit.certkit_connect:
    target: https://api.partner.example/health
    entry: ACME_billing_client
    store: /var/lib/certkit
    system: true
  register: handshake
'''

RETURN = r'''
outcome:
  description: certkit's outcome, for example C(accepted) or C(rejected).
  returned: always
  type: str
accepted:
  description: The server accepted the client certificate (and, for a URL, answered below 400).
  returned: always
  type: bool
explanation:
  description: certkit's explanation of the outcome.
  returned: always
  type: str
acceptable_ca_names:
  description: The CA names the server said it accepts client certificates from.
  returned: always
  type: list
  elements: str
http_status:
  description: The HTTP status for an https URL.
  returned: when a URL was given and the handshake succeeded
  type: int
connect:
  description: certkit connect's JSON document.
  returned: always
  type: dict
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.certkit.certkit.plugins.module_utils.certkit import (
    CertkitError, CertkitRunner, common_argument_spec)


def main():
    argument_spec = common_argument_spec()
    argument_spec.update(
        target=dict(type='str', required=True),
        src=dict(type='path'),
        key=dict(type='path', no_log=False),
        entry=dict(type='str'),
        ca=dict(type='list', elements='path', default=[]),
        system=dict(type='bool', default=False),
        servername=dict(type='str'),
        timeout=dict(type='str'),
        fail_on_rejected=dict(type='bool', default=True),
    )
    module = AnsibleModule(
        argument_spec=argument_spec,
        mutually_exclusive=[('password', 'password_file'), ('src', 'entry'), ('key', 'entry')],
        required_one_of=[('src', 'entry')],
        supports_check_mode=True,
    )
    runner = CertkitRunner(module)
    params = module.params
    try:
        if params['entry']:
            cert, key = runner.entry_files(params['entry'])
        else:
            cert, key = params['src'], params['key']
        argv = ['connect', params['target'], '--cert', cert]
        if key:
            argv += ['--key', key]
        for ca in params['ca']:
            argv += ['--ca', ca]
        if params['system']:
            argv.append('--system')
        if params['servername']:
            argv += ['--servername', params['servername']]
        if params['timeout']:
            argv += ['--timeout', params['timeout']]
        rc, document = runner.run(argv, with_password=bool(params['src']), ok_rcs=(0, 1))
    except CertkitError as error:
        runner.fail(error, changed=False)

    outcome = document.get('outcome') or {}
    if not isinstance(outcome, dict):
        outcome = dict(result=outcome)
    client = document.get('client_certificate') or {}
    http = document.get('http') or {}
    result = dict(
        changed=False,
        outcome=outcome.get('result'),
        accepted=rc == 0,
        explanation=outcome.get('explanation', ''),
        acceptable_ca_names=client.get('acceptable_ca_names') or [],
        connect=document,
        commands=runner.commands,
    )
    if isinstance(http, dict) and http.get('status') is not None:
        result['http_status'] = http['status']
    if rc != 0 and params['fail_on_rejected']:
        module.fail_json(msg='handshake with %s: %s: %s' % (params['target'], result['outcome'], result['explanation']),
                         kind='rejected', **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
