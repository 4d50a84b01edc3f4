# -*- coding: utf-8 -*-
# Copyright: certkit maintainers
# MIT License (see https://opensource.org/licenses/MIT)

"""Run the certkit binary with --json for the certkit modules.

Every module goes through CertkitRunner: it finds the binary (certkit_path, else PATH), passes
the store, hands a password to certkit through the environment (never the command line), reads
the one JSON document certkit prints, and turns a certkit error into a failed task carrying
certkit's error kind and message. Field names are read defensively because the JSON contract
evolves between certkit versions (for example `sha1` became `thumbprint`).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

# The environment variable certkit reads the password from (--password-env): the value never
# appears in the argument vector, so it is not visible in process lists or in the task result.
PASSWORD_ENV = 'CERTKIT_ANSIBLE_PASSWORD'

# Import/export statuses that mean the host was (or would be) modified.
CHANGING_ACTIONS = ('added', 'replaced', 'written', 'overwritten', 'updated')


def common_argument_spec():
    """Options every certkit module takes."""
    return dict(
        store=dict(type='str'),
        certkit_path=dict(type='path'),
        password=dict(type='str', no_log=True),
        password_file=dict(type='path', no_log=False),
    )


def thumbprint_of(item):
    """The SHA-1 thumbprint of a certificate summary, whichever name this certkit version uses."""
    if not isinstance(item, dict):
        return None
    for key in ('thumbprint', 'sha1'):
        value = item.get(key)
        if value:
            return str(value).upper()
    return None


def items_of(document, *keys):
    """The first list found under one of keys (contract names differ between versions)."""
    if not isinstance(document, dict):
        return []
    for key in keys:
        value = document.get(key)
        if isinstance(value, list):
            return value
    return []


def action_of(item):
    """The action or status certkit reports for one item."""
    if not isinstance(item, dict):
        return None
    for key in ('action', 'status'):
        value = item.get(key)
        if value:
            return str(value)
    return None


class CertkitError(Exception):
    """certkit failed: kind and message come from its JSON error document."""

    def __init__(self, kind, message, rc, stderr=''):
        super(CertkitError, self).__init__(message)
        self.kind = kind
        self.message = message
        self.rc = rc
        self.stderr = stderr


class CertkitRunner(object):
    """Calls certkit for one module invocation."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        path = self.params.get('certkit_path')
        if path:
            self.binary = path
        else:
            self.binary = module.get_bin_path('certkit', required=False)
        if not self.binary:
            module.fail_json(
                msg='certkit was not found on PATH: install it or give its path with certkit_path',
                kind='certkit_not_found')
        self.commands = []

    def base_argv(self, with_store=True):
        argv = [self.binary, '--json', '--no-color']
        if with_store and self.params.get('store'):
            argv += ['--store', self.params['store']]
        return argv

    def password_args(self):
        """Arguments and environment for the input password, if one was given."""
        if self.params.get('password') is not None:
            return ['--password-env', PASSWORD_ENV], {PASSWORD_ENV: self.params['password']}
        if self.params.get('password_file'):
            return ['--password-file', self.params['password_file']], {}
        return [], {}

    def run(self, args, with_password=False, ok_rcs=(0,), with_store=True):
        """Run certkit with args; return (rc, document). Raises CertkitError on a failure."""
        argv = self.base_argv(with_store) + list(args)
        environ = {'NO_COLOR': '1'}
        if with_password:
            extra, env = self.password_args()
            argv += extra
            environ.update(env)
        self.commands.append(argv)
        rc, stdout, stderr = self.module.run_command(
            argv, environ_update=environ, check_rc=False, use_unsafe_shell=False)
        document = None
        try:
            document = json.loads(stdout) if stdout.strip() else None
        except ValueError:
            document = None
        if isinstance(document, dict) and isinstance(document.get('error'), dict):
            error = document['error']
            raise CertkitError(error.get('kind', 'unknown'), error.get('message', stderr.strip()), rc, stderr)
        if rc not in ok_rcs or document is None:
            message = stderr.strip() or stdout.strip() or 'certkit exited with %d' % rc
            raise CertkitError('unknown', message, rc, stderr)
        return rc, document

    def fail(self, error, **result):
        """Fail the task with certkit's error kind and message."""
        result.setdefault('commands', self.commands)
        self.module.fail_json(
            msg='certkit failed (%s): %s' % (error.kind, error.message),
            kind=error.kind,
            error=dict(kind=error.kind, message=error.message),
            rc=error.rc,
            **result)

    def store_entries(self):
        """The store's entries as certkit lists them (an absent store is empty)."""
        _rc, document = self.run(['store', 'list'])
        return items_of(document, 'entries', 'certificates')

    def personal_entry(self, name):
        """The personal store entry called name, or None."""
        for entry in self.store_entries():
            if entry.get('store') == 'personal' and entry.get('name') == name:
                return entry
        return None

    def entry_files(self, name):
        """Paths of a folder-store personal entry: (certificate with chain, private key)."""
        _rc, document = self.run(['store', 'show', name])
        inspect = document.get('inspect') if isinstance(document, dict) else None
        path = inspect.get('path') if isinstance(inspect, dict) else None
        if not path:
            raise CertkitError('unsupported', 'store entry %s has no file path (is this a folder store?)' % name, 0)
        folder = path.rsplit('/', 1)[0]
        return folder + '/fullchain.pem', folder + '/privkey.pem'
