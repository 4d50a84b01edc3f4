#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: certkit maintainers
# MIT License (see https://opensource.org/licenses/MIT)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: certkit_import
short_description: Import certificates and private keys into the certkit store
version_added: 0.1.0
description:
  - Runs C(certkit import --json) on the target host. The certificate with its private key goes
    into the personal store, self-signed CAs into root and other CAs into intermediate, as the
    Windows Certificate Import Wizard does with "automatically select the certificate store".
  - Idempotent by thumbprint. The task reports C(changed) exactly when certkit adds or replaces
    at least one certificate.
  - A renewal is a new certificate under the same O(name). When O(name) already holds another
    certificate, the old entry is removed and the new one imported under the same name; the
    personal item is then reported as C(replaced), with C(previous_thumbprint).
  - Check mode runs C(certkit import --dry-run) and reports what would be added or replaced.
  - Passwords are handed to certkit through the environment (C(--password-env)), never on the
    command line.
author:
  - certkit maintainers (@certkit)
extends_documentation_fragment:
  - certkit.certkit.certkit
options:
  src:
    description: Certificate, key, PKCS#12 (.pfx/.p12) or PKCS#7 files on the target host.
    type: list
    elements: path
    required: true
  name:
    description:
      - Name of the personal store entry. Without it certkit uses the friendly name, else the
        common name.
    type: str
  grant_read:
    description:
      - Group (on Windows, an account or group) that gets read access to the private key, as
        "Manage private keys" does.
    type: str
  to:
    description: The logical store, or C(auto) for the Import Wizard's rules.
    type: str
    choices: [auto, personal, root, intermediate]
    default: auto
  replace_renewed:
    description:
      - When O(name) is taken by another certificate, replace that entry (a renewal). When
        false, certkit keeps both and gives the new one a suffixed name.
    type: bool
    default: true
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check mode), when in diff mode.
    support: full
notes:
  - Requires the certkit binary on the target host.
'''

EXAMPLES = r'''
- name: Import the partner's PFX and its root, let www-data read the key
  certkit.certkit.certkit_import:
    src:
      - /etc/certkit/incoming/client.pfx
      - /etc/certkit/incoming/partner-root.cer
    name: ACME_billing_client
    grant_read: www-data
    password: "{{ pfx_password }}"
    store: /var/lib/certkit
  register: imported
'''

RETURN = r'''
items:
  description: certkit's items, one per certificate, each with its action.
  returned: always
  type: list
  elements: dict
  sample:
    - store: personal
      name: ACME_billing_client
      thumbprint: 43928C118EC1468ED63508137ABA071972E68C09
      subject: CN=acme-billing-client
      action: added
      has_key: true
thumbprint:
  description: SHA-1 thumbprint of the leaf (the personal certificate with its key).
  returned: when a personal certificate was imported
  type: str
  sample: 43928C118EC1468ED63508137ABA071972E68C09
name:
  description: Name of the personal store entry.
  returned: when a personal certificate was imported
  type: str
warnings_certkit:
  description: Warnings certkit printed (for example a root that is not trusted yet).
  returned: always
  type: list
  elements: raw
store:
  description: The store certkit used.
  returned: always
  type: str
'''

import os
import shutil
import tempfile

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.certkit.certkit.plugins.module_utils.certkit import (
    CHANGING_ACTIONS, CertkitError, CertkitRunner, action_of, common_argument_spec, items_of,
    thumbprint_of)


def import_argv(params, dry_run, name=None):
    argv = ['import'] + list(params['src']) + ['--to', params['to']]
    if name:
        argv += ['--name', name]
    if params.get('grant_read'):
        argv += ['--grant-read', params['grant_read']]
    if dry_run:
        argv.append('--dry-run')
    return argv


def leaf_of(items):
    for item in items:
        if item.get('store') == 'personal' and item.get('has_key', True):
            return item
    for item in items:
        if item.get('store') == 'personal':
            return item
    return None


def back_up_entry(module, runner, name):
    """Copies of a folder-store entry's certificate chain and key, to restore a failed renewal.

    The dry run has already read the new files, so the import after the removal rarely fails;
    if it does, the host keeps its old certificate rather than none.
    """
    try:
        chain, key = runner.entry_files(name)
    except CertkitError:
        return None  # not a folder store: nothing to copy
    if not (os.path.isfile(chain) and os.path.isfile(key)):
        return None
    folder = tempfile.mkdtemp(prefix='certkit-renewal-', dir=module.tmpdir)
    copies = []
    for path in (chain, key):
        copy = os.path.join(folder, os.path.basename(path))
        shutil.copyfile(path, copy)
        os.chmod(copy, 0o600)
        copies.append(copy)
    return copies


def restore_entry(runner, params, name, backup):
    if not backup:
        return
    argv = ['import'] + backup + ['--name', name]
    if params.get('grant_read'):
        argv += ['--grant-read', params['grant_read']]
    try:
        runner.run(argv)
    except CertkitError:
        pass  # the original failure is the one to report


def entry_line(entry):
    return '%s/%s %s' % (entry.get('store'), entry.get('name'), thumbprint_of(entry))


def main():
    argument_spec = common_argument_spec()
    argument_spec.update(
        src=dict(type='list', elements='path', required=True),
        name=dict(type='str'),
        grant_read=dict(type='str'),
        to=dict(type='str', default='auto', choices=['auto', 'personal', 'root', 'intermediate']),
        replace_renewed=dict(type='bool', default=True),
    )
    module = AnsibleModule(
        argument_spec=argument_spec,
        mutually_exclusive=[('password', 'password_file')],
        supports_check_mode=True,
    )
    runner = CertkitRunner(module)
    params = module.params
    name = params.get('name')

    try:
        before_entries = runner.store_entries()
        _rc, plan = runner.run(import_argv(params, True, name), with_password=True)
        items = items_of(plan, 'certificates', 'items')
        leaf = leaf_of(items)

        # A renewal: the entry called `name` holds another certificate, so certkit plans the new
        # one under a suffixed name. The fleet wants the same name everywhere: replace it.
        renewed_from = None
        if name and params['replace_renewed'] and leaf is not None and leaf.get('name') != name:
            for entry in before_entries:
                if entry.get('store') == 'personal' and entry.get('name') == name \
                        and thumbprint_of(entry) != thumbprint_of(leaf):
                    renewed_from = entry
                    break

        if not module.check_mode:
            backup = None
            if renewed_from is not None:
                backup = back_up_entry(module, runner, name)
                runner.run(['store', 'remove', thumbprint_of(renewed_from)])
            try:
                _rc, done = runner.run(import_argv(params, False, name), with_password=True)
            except CertkitError:
                restore_entry(runner, params, name, backup)
                raise
            items = items_of(done, 'certificates', 'items')
            plan = done
            leaf = leaf_of(items)
        if renewed_from is not None and leaf is not None:
            leaf['action'] = 'replaced'
            leaf['name'] = name
            leaf['previous_thumbprint'] = thumbprint_of(renewed_from)
    except CertkitError as error:
        runner.fail(error, changed=False)

    changed = any(action_of(item) in CHANGING_ACTIONS for item in items)
    result = dict(
        changed=changed,
        items=items,
        store=plan.get('store', params.get('store')),
        warnings_certkit=plan.get('warnings', []),
        commands=runner.commands,
    )
    if leaf is not None:
        result['thumbprint'] = thumbprint_of(leaf)
        result['name'] = leaf.get('name')
    if module._diff:
        before = sorted(entry_line(e) for e in before_entries)
        after = set(before)
        if renewed_from is not None:
            after.discard(entry_line(renewed_from))
        for item in items:
            after.add(entry_line(item))
        result['diff'] = dict(
            before_header='certkit store (before)', after_header='certkit store (after)',
            before='\n'.join(before) + '\n', after='\n'.join(sorted(after)) + '\n')
    module.exit_json(**result)


if __name__ == '__main__':
    main()
