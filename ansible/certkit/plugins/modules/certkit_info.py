#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: certkit maintainers
# MIT License (see https://opensource.org/licenses/MIT)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: certkit_info
short_description: Inspect certificate files or certkit store entries
version_added: 0.1.0
description:
  - With O(src), runs C(certkit inspect --json) on files or folders (a folder is scanned
    recursively, one row per certificate).
  - With O(entry), runs C(certkit store show --json) for one store entry.
  - With neither, runs C(certkit store list --json).
  - Never changes anything.
author:
  - certkit maintainers (@certkit)
extends_documentation_fragment:
  - certkit.certkit.certkit
options:
  src:
    description: Files or folders on the target host to inspect.
    type: list
    elements: path
  entry:
    description: Store entry name or SHA-1 thumbprint to show.
    type: str
attributes:
  check_mode:
    description: Runs in check mode as usual; it never changes anything.
    support: full
  diff_mode:
    description: Nothing changes, so there is no diff.
    support: none
'''

EXAMPLES = r'''
- name: What is in the store entry
  certkit.certkit.certkit_info:
    entry: ACME_billing_client
    store: /var/lib/certkit
  register: entry

- name: Every certificate in the export folder
  certkit.certkit.certkit_info:
    src: /srv/certificates
  register: exported
'''

RETURN = r'''
certkit:
  description: certkit's JSON document, as it printed it.
  returned: always
  type: dict
thumbprint:
  description:
    - SHA-1 thumbprint of the entry (with O(entry)) or of the leaf of the first input (with O(src)).
  returned: when there is one
  type: str
certificates:
  description:
    - One row per certificate (store entries, or every certificate of the inputs with its path).
  returned: always
  type: list
  elements: dict
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.certkit.certkit.plugins.module_utils.certkit import (
    CertkitError, CertkitRunner, common_argument_spec, items_of, thumbprint_of)


def rows_of_inspect(document):
    rows = []
    for item in items_of(document, 'inputs', 'files'):
        for cert in items_of(item, 'certificates'):
            row = dict(cert)
            row['path'] = item.get('path')
            row['thumbprint'] = thumbprint_of(cert)
            rows.append(row)
    # A folder scan reports table rows rather than inputs.
    for cert in items_of(document, 'rows', 'certificates'):
        row = dict(cert)
        row['thumbprint'] = thumbprint_of(cert)
        rows.append(row)
    return rows


def main():
    argument_spec = common_argument_spec()
    argument_spec.update(
        src=dict(type='list', elements='path'),
        entry=dict(type='str'),
    )
    module = AnsibleModule(
        argument_spec=argument_spec,
        mutually_exclusive=[('password', 'password_file'), ('src', 'entry')],
        supports_check_mode=True,
    )
    runner = CertkitRunner(module)
    params = module.params
    result = dict(changed=False)
    try:
        if params.get('src'):
            _rc, document = runner.run(['inspect'] + list(params['src']), with_password=True)
            rows = rows_of_inspect(document)
            leaves = [r for r in rows if r.get('role') == 'leaf'] or rows
            if leaves:
                result['thumbprint'] = leaves[0]['thumbprint']
        elif params.get('entry'):
            _rc, document = runner.run(['store', 'show', params['entry']])
            inspect = document.get('inspect') or {}
            rows = [dict(c, thumbprint=thumbprint_of(c)) for c in items_of(inspect, 'certificates')]
            result['thumbprint'] = thumbprint_of(document)
        else:
            _rc, document = runner.run(['store', 'list'])
            rows = [dict(e, thumbprint=thumbprint_of(e)) for e in items_of(document, 'entries')]
    except CertkitError as error:
        runner.fail(error)
    result.update(certkit=document, certificates=rows, commands=runner.commands)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
