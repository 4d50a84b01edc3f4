#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: certkit maintainers
# MIT License (see https://opensource.org/licenses/MIT)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: certkit_config
short_description: Write a platform's client-certificate configuration with certkit
version_added: 0.2.0
description:
  - Runs C(certkit config TARGET --json) to write ready-to-use client-certificate configuration
    (Mendix, m2ee-tools, Cloud Foundry, OutSystems, nginx, curl, Java, Spring, Kubernetes) into
    O(out_dir).
  - certkit checks every certificate before it writes anything (key present and matching, chain
    complete, not expired, client authentication allowed, the target's own rules); a failed check
    fails the task with certkit's error kind and message and writes nothing.
  - certkit first writes into a temporary folder (the settings still name O(out_dir)); the task
    is unchanged when every file is already in O(out_dir) with the same content and mode.
    PKCS#12 files and their generated passwords differ on every run (random salts and
    passwords), so a PKCS#12 file counts as unchanged when it exists with the same mode, opens
    with the password file next to it and holds the same certificates.
  - When something differs, certkit runs again into O(out_dir); existing files are replaced only
    with O(force=true) (otherwise certkit refuses with the kind C(exists)).
author:
  - certkit maintainers (@certkit)
extends_documentation_fragment:
  - certkit.certkit.certkit
options:
  target:
    description: The platform to configure.
    type: str
    required: true
    choices: [mendix, mendix-m2ee, mendix-cloud-foundry, outsystems, nginx, curl, java, spring, kubernetes]
  cert:
    description:
      - Certificate files with their private keys, each C(PATH) or C(NAME=PATH) (any format
        certkit reads; the password from O(password) or O(password_file)).
    type: list
    elements: str
    default: []
  entry:
    description: Personal store entries (name or thumbprint) to configure.
    type: list
    elements: str
    default: []
  map:
    description: Pins, each C(KEY=NAME) (a host or a service to a certificate name).
    type: list
    elements: str
    default: []
  ca:
    description: CA certificates the consumer must trust (files).
    type: list
    elements: path
    default: []
  out_dir:
    description: Folder the files are written to (created if missing).
    type: path
    required: true
  install_dir:
    description: Folder the files will be in on the machine that uses them (default O(out_dir)).
    type: str
  url:
    description: The URL called (curl's command line, nginx's proxy_pass).
    type: str
  include_secrets:
    description:
      - Let certkit put passwords and base64 keys into the files it writes (for example the
        m2ee YAML) instead of naming the files that hold them.
      - Secret values are never returned in clear in the task result; they are masked, and
        the files holding them are in RV(files).
    type: bool
    default: false
  force:
    description: Replace existing files that differ.
    type: bool
    default: false
attributes:
  check_mode:
    description: certkit writes into a temporary folder only, and the task reports what would be written.
    support: full
  diff_mode:
    description: Not supported; RV(written) names the files that change.
    support: none
'''

EXAMPLES = r'''
- name: nginx upstream mutual TLS for the partner API
  certkit.certkit.certkit_config:
    target: nginx
    cert: [billing=/etc/certkit/incoming/billing.pfx]
    password: "{{ vault_pfx_password }}"
    ca: [/etc/certkit/incoming/partner-root.cer]
    out_dir: /etc/nginx/certkit

- name: Mendix custom settings from a store entry
  certkit.certkit.certkit_config:
    target: mendix
    entry: [billing]
    map: [api.partner.example=billing]
    store: /var/lib/certkit
    out_dir: /srv/mendix/certificates
  register: mendix
'''

RETURN = r'''
files:
  description: The files of the configuration in O(out_dir) (C(path), C(kind), C(secret), C(mode), C(status) unchanged|written|would be written).
  returned: always
  type: list
  elements: dict
written:
  description: Paths of the files written (in check mode, that would be written).
  returned: always
  type: list
  elements: str
settings:
  description: certkit's settings (name and value); secret values are masked.
  returned: success
  type: list
  elements: dict
snippets:
  description: certkit's snippets (title, language, text, file).
  returned: success
  type: list
  elements: dict
certificates:
  description: The certificates configured (name, subject, thumbprint, root).
  returned: success
  type: list
  elements: dict
notes:
  description: certkit's notes (what to do next on the platform).
  returned: success
  type: list
  elements: str
'''

import os
import shutil
import stat
import tempfile

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.certkit.certkit.plugins.module_utils.certkit import (
    CertkitError, CertkitRunner, common_argument_spec, items_of)


def file_state(path):
    """(content, mode) of path, or None when it does not exist."""
    if not os.path.isfile(path):
        return None
    with open(path, 'rb') as handle:
        content = handle.read()
    return content, stat.S_IMODE(os.stat(path).st_mode)


def thumbprints(value):
    """Every thumbprint in a certkit JSON document, as a set."""
    found = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ('thumbprint', 'sha1') and isinstance(item, str):
                found.add(item.upper())
            else:
                found |= thumbprints(item)
    elif isinstance(value, list):
        for item in value:
            found |= thumbprints(item)
    return found


def pkcs12_certificates(runner, path):
    """The thumbprints in a PKCS#12 file opened with the password file next to it, or None."""
    if not os.path.isfile(path + '.password'):
        return None
    try:
        _rc, document = runner.run(['inspect', path, '--password-file', path + '.password'], with_store=False)
    except CertkitError:
        return None
    return thumbprints(document)


def same_file(runner, kind, fresh, existing):
    """Whether the existing file is what certkit would write now."""
    new, old = file_state(fresh), file_state(existing)
    if old is None or new is None or old[1] != new[1]:
        return False
    if kind == 'pkcs12':
        if os.path.isfile(fresh + '.password') != os.path.isfile(existing + '.password'):
            return False
        new_certs = pkcs12_certificates(runner, fresh)
        return bool(new_certs) and new_certs == pkcs12_certificates(runner, existing)
    if kind == 'password':
        # A generated password is random: it is unchanged when its PKCS#12 file is.
        return True
    return old[0] == new[0]


def main():
    argument_spec = common_argument_spec()
    argument_spec.update(
        target=dict(type='str', required=True, choices=[
            'mendix', 'mendix-m2ee', 'mendix-cloud-foundry', 'outsystems', 'nginx', 'curl',
            'java', 'spring', 'kubernetes']),
        cert=dict(type='list', elements='str', default=[]),
        entry=dict(type='list', elements='str', default=[]),
        map=dict(type='list', elements='str', default=[]),
        ca=dict(type='list', elements='path', default=[]),
        out_dir=dict(type='path', required=True),
        install_dir=dict(type='str'),
        url=dict(type='str'),
        include_secrets=dict(type='bool', default=False),
        force=dict(type='bool', default=False),
    )
    module = AnsibleModule(
        argument_spec=argument_spec,
        mutually_exclusive=[('password', 'password_file')],
        supports_check_mode=True,
    )
    runner = CertkitRunner(module)
    params = module.params
    out_dir = os.path.abspath(params['out_dir'])
    argv = ['config', params['target'], '--install-dir', params['install_dir'] or out_dir]
    for cert in params['cert']:
        argv += ['--cert', cert]
    for entry in params['entry']:
        argv += ['--entry', entry]
    for pin in params['map']:
        argv += ['--map', pin]
    for ca in params['ca']:
        argv += ['--ca', ca]
    if params['url']:
        argv += ['--url', params['url']]
    if params['include_secrets']:
        argv.append('--include-secrets')
    result = dict(changed=False, files=[], written=[])
    scratch = tempfile.mkdtemp(prefix='certkit-config-')
    try:
        # certkit validates and writes in one step: a scratch folder gives the plan.
        _rc, plan = runner.run(argv + ['--out-dir', scratch], with_password=bool(params['cert']))
        differing = []
        for item in items_of(plan, 'files'):
            fresh = item.get('path', '')
            relative = os.path.relpath(fresh, scratch)
            existing = os.path.join(out_dir, relative)
            state = file_state(fresh)
            unchanged = same_file(runner, item.get('kind'), fresh, existing)
            if not unchanged:
                differing.append(existing)
            result['files'].append(dict(
                path=existing, kind=item.get('kind'), secret=bool(item.get('secret')),
                mode='%04o' % state[1] if state else None,
                status='unchanged' if unchanged else ('would be written' if module.check_mode else 'written')))
        document = plan
        if differing and not module.check_mode:
            write = argv + ['--out-dir', out_dir]
            if params['force']:
                write.append('--force')
            _rc, document = runner.run(write, with_password=bool(params['cert']))
        result.update(changed=bool(differing), written=differing)
    except CertkitError as error:
        shutil.rmtree(scratch, ignore_errors=True)
        runner.fail(error, **result)
    shutil.rmtree(scratch, ignore_errors=True)

    settings = []
    for setting in items_of(document, 'settings'):
        setting = dict(setting)
        if setting.get('secret') and setting.get('value') is not None:
            # Secrets stay in the files; the result never carries them.
            module.no_log_values.add(str(setting['value']))
            setting['value'] = None
        settings.append(setting)
    snippets = []
    for snippet in items_of(document, 'snippets'):
        snippet = dict(snippet)
        if snippet.get('file', '').startswith(scratch + os.sep):
            snippet['file'] = os.path.join(out_dir, os.path.relpath(snippet['file'], scratch))
        snippet['text'] = str(snippet.get('text', '')).replace(scratch, out_dir)
        snippets.append(snippet)
    result.update(
        settings=settings, snippets=snippets,
        certificates=items_of(document, 'certificates'),
        notes=items_of(document, 'notes'),
        commands=runner.commands)
    if module.check_mode and result['changed']:
        result['msg'] = 'check mode: %d file(s) would be written in %s' % (len(result['written']), out_dir)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
