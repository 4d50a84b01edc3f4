# -*- coding: utf-8 -*-
# Copyright: certkit maintainers
# MIT License (see https://opensource.org/licenses/MIT)
"""The options every certkit module takes, documented once (extends_documentation_fragment:
certkit.certkit.certkit); module_utils/certkit.py declares them once (common_argument_spec)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    DOCUMENTATION = r'''
options:
  store:
    description:
      - The certificate store, a folder or C(windows:LocalMachine). Defaults to certkit's own
        default (C($CERTKIT_STORE), else C(/var/lib/certkit) as root).
    type: str
  certkit_path:
    description: Path of the certkit binary; by default it is looked up on PATH.
    type: path
  password:
    description:
      - Password of the PKCS#12 input files. Passed through the environment, never on the
        command line.
    type: str
  password_file:
    description: File on the target host whose first line is the password.
    type: path
'''
