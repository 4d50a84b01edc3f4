#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: certkit maintainers
# MIT License (see https://opensource.org/licenses/MIT)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: certkit_verify
short_description: Verify a certificate's chain and private key with certkit
version_added: 0.1.0
description:
  - Runs C(certkit verify-chain --json) (the Certification Path tab) and
    C(certkit check-private-key --json) ("You have a private key that corresponds to this
    certificate") on a file or a store entry.
  - Fails the task when a check finds a problem, unless O(fail_on_problem=false).
  - Never changes anything.
author:
  - certkit maintainers (@certkit)
extends_documentation_fragment:
  - certkit.certkit.certkit
options:
  src:
    description: Certificate file (PEM, DER, PKCS#12, PKCS#7) on the target host.
    type: path
  entry:
    description: Personal store entry to check instead of a file (folder stores).
    type: str
  checks:
    description: Which checks to run.
    type: list
    elements: str
    choices: [chain, private_key]
    default: [chain, private_key]
  ca:
    description: Extra trust anchors (files).
    type: list
    elements: path
    default: []
  untrusted:
    description: Extra intermediate certificates (files).
    type: list
    elements: path
    default: []
  system:
    description: Also trust the system's CA bundle.
    type: bool
    default: false
  purpose:
    description: The usage the leaf must be valid for.
    type: str
    choices: [client, server, any]
    default: client
  fail_on_problem:
    description: Fail the task when a check finds a problem.
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
- name: The chain is complete and trusted, the key matches
  certkit.certkit.certkit_verify:
    entry: ACME_billing_client
    store: /var/lib/certkit
'''

RETURN = r'''
valid:
  description: Every check that ran passed.
  returned: always
  type: bool
findings:
  description: certkit's chain findings (each with its C(kind), C(severity) and C(message)).
  returned: always
  type: list
  elements: dict
problems:
  description: One line per problem found (chain findings of severity error, a missing or mismatched key).
  returned: always
  type: list
  elements: str
chain:
  description: certkit verify-chain's JSON document (verdict, path, findings).
  returned: when the chain check ran
  type: dict
private_key:
  description: certkit check-private-key's JSON document.
  returned: when the private key check ran
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
        checks=dict(type='list', elements='str', choices=['chain', 'private_key'],
                    default=['chain', 'private_key']),
        ca=dict(type='list', elements='path', default=[]),
        untrusted=dict(type='list', elements='path', default=[]),
        system=dict(type='bool', default=False),
        purpose=dict(type='str', default='client', choices=['client', 'server', 'any']),
        fail_on_problem=dict(type='bool', default=True),
    )
    module = AnsibleModule(
        argument_spec=argument_spec,
        mutually_exclusive=[('password', 'password_file'), ('src', 'entry')],
        required_one_of=[('src', 'entry')],
        supports_check_mode=True,
    )
    runner = CertkitRunner(module)
    params = module.params
    result = dict(changed=False, findings=[])
    problems = []
    try:
        if 'chain' in params['checks']:
            target = params['src'] or runner.entry_files(params['entry'])[0]
            argv = ['verify-chain', target, '--purpose', params['purpose']]
            for ca in params['ca']:
                argv += ['--ca', ca]
            for untrusted in params['untrusted']:
                argv += ['--untrusted', untrusted]
            if params['system']:
                argv.append('--system')
            _rc, chain = runner.run(argv, with_password=bool(params['src']), ok_rcs=(0, 1))
            result['chain'] = chain
            result['findings'] = items_of(chain, 'findings')
            for finding in items_of(chain, 'findings'):
                if finding.get('severity', 'error') == 'error':
                    problems.append('chain: %s' % finding.get('message', finding.get('kind')))
            if chain.get('verdict') not in (None, 'valid') and not problems:
                problems.append('chain: verdict %s' % chain.get('verdict'))
        if 'private_key' in params['checks']:
            if params['src']:
                rc, key = runner.run(['check-private-key', params['src']], with_password=True, ok_rcs=(0, 1))
            else:
                rc, key = runner.run(['check-private-key', '--entry', params['entry']], ok_rcs=(0, 1))
            result['private_key'] = key
            if rc != 0:
                problems.append('private key: %s' % key.get('message', key.get('verdict')))
    except CertkitError as error:
        runner.fail(error, **result)

    result.update(valid=not problems, problems=problems, commands=runner.commands)
    if problems and params['fail_on_problem']:
        module.fail_json(msg='certkit found problems: %s' % '; '.join(problems), kind='check_failed', **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
