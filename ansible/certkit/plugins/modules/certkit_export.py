#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: certkit maintainers
# MIT License (see https://opensource.org/licenses/MIT)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: certkit_export
short_description: Export public certificates under a deterministic name
version_added: 0.1.0
description:
  - Runs C(certkit export-public --json) on the target host, as MMC's Export with "No, do not export
    the private key", "DER encoded binary X.509 (.cer)". Never writes a private key.
  - The file name is deterministic (O(name), else the store entry's name), so every front end
    produces the same file name.
  - Idempotent; C(changed) when a file is written or replaced.
  - In check mode certkit exports into a private temporary folder and the module compares the
    result with O(dest), so nothing in O(dest) is touched.
author:
  - certkit maintainers (@certkit)
extends_documentation_fragment:
  - certkit.certkit.certkit
options:
  dest:
    description: Folder to write into, or a file name ending in .cer, .crt, .der or .pem.
    type: path
    required: true
  format:
    description: DER (.cer) or PEM (.pem).
    type: str
    choices: [der, pem]
    default: der
  name:
    description:
      - File name without extension. Without O(src), the store entry to export.
    type: str
  src:
    description:
      - Certificate files to export from. Without it, the store's personal certificates.
    type: list
    elements: path
  force:
    description: Replace an existing file whose content differs (a renewed certificate).
    type: bool
    default: false
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check mode), when in diff mode.
    support: full
'''

EXAMPLES = r'''
- name: Export the client certificate as a .cer under the same name on every front end
  certkit.certkit.certkit_export:
    dest: /srv/certificates
    format: der
    name: ACME_billing_client
    store: /var/lib/certkit
    force: true
'''

RETURN = r'''
files:
  description: The files written, replaced or found unchanged, as certkit reports them.
  returned: always
  type: list
  elements: dict
  sample:
    - path: /srv/certificates/ACME_billing_client.cer
      name: ACME_billing_client
      role: leaf
      subject: CN=acme-billing-client
      thumbprint: 43928C118EC1468ED63508137ABA071972E68C09
      status: written
'''

import filecmp
import os
import shutil
import tempfile

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.certkit.certkit.plugins.module_utils.certkit import (
    CHANGING_ACTIONS, CertkitError, CertkitRunner, action_of, common_argument_spec, items_of,
    thumbprint_of)


def export_argv(params, dest, force):
    argv = ['export-public']
    if params.get('src'):
        argv += list(params['src'])
    argv += ['--' + params['format'], dest]
    if params.get('name'):
        argv += ['--name', params['name']]
    if force:
        argv.append('--force')
    return argv


def planned(module, runner, params):
    """Check mode: export into a temporary folder and compare with the real destination."""
    dest = params['dest']
    scratch = tempfile.mkdtemp(prefix='certkit-export-check-')
    try:
        is_file = not os.path.isdir(dest) and dest.lower().endswith(('.cer', '.crt', '.der', '.pem'))
        target = os.path.join(scratch, os.path.basename(dest)) if is_file else scratch
        _rc, document = runner.run(export_argv(params, target, False), with_password=True)
        files = items_of(document, 'files')
        for item in files:
            written = item.get('path', '')
            real = os.path.join(os.path.dirname(dest) if is_file else dest, os.path.basename(written))
            if not os.path.exists(real):
                item['status'] = 'written'
            elif filecmp.cmp(written, real, shallow=False):
                item['status'] = 'unchanged'
            elif params['force']:
                item['status'] = 'replaced'
            else:
                raise CertkitError('exists', '%s exists with different content: set force to replace it' % real, 2)
            item['path'] = real
        return files
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main():
    argument_spec = common_argument_spec()
    argument_spec.update(
        dest=dict(type='path', required=True),
        format=dict(type='str', default='der', choices=['der', 'pem']),
        name=dict(type='str'),
        src=dict(type='list', elements='path'),
        force=dict(type='bool', default=False),
    )
    module = AnsibleModule(
        argument_spec=argument_spec,
        mutually_exclusive=[('password', 'password_file')],
        supports_check_mode=True,
    )
    runner = CertkitRunner(module)
    params = module.params
    try:
        if module.check_mode:
            files = planned(module, runner, params)
        else:
            _rc, document = runner.run(export_argv(params, params['dest'], params['force']), with_password=True)
            files = items_of(document, 'files')
    except CertkitError as error:
        runner.fail(error, changed=False)

    for item in files:
        if 'thumbprint' not in item and thumbprint_of(item):
            item['thumbprint'] = thumbprint_of(item)
    changed = any(action_of(item) in CHANGING_ACTIONS for item in files)
    result = dict(changed=changed, files=files, commands=runner.commands)
    if module._diff:
        before = []
        for item in files:
            if action_of(item) == 'unchanged':
                before.append('%s %s' % (item.get('path', ''), thumbprint_of(item)))
            elif action_of(item) == 'replaced':
                before.append('%s (another certificate)' % item.get('path', ''))
        result['diff'] = dict(
            before='\n'.join(sorted(before)) + '\n',
            after='\n'.join(sorted('%s %s' % (f.get('path', ''), thumbprint_of(f)) for f in files)) + '\n')
    module.exit_json(**result)


if __name__ == '__main__':
    main()
