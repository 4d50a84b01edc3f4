"""Stand-in for the pip bootstrap script ansible-test downloads from ci-files.testing.ansible.com.

ansible-test bootstraps pip into each sanity virtual environment by running a cached
get-pip.py. That host is not reachable from CI (only PyPI is), so run.sh installs this script
in the cache instead: it seeds pip from the standard library's ensurepip, then lets that pip
install the exact packages ansible-test asked for (pip==N, from PyPI). The get-pip options
--no-setuptools and --no-wheel mean "install nothing else", which is what pip does anyway.
"""
import subprocess
import sys

args = [a for a in sys.argv[1:] if a not in ('--no-setuptools', '--no-wheel')]
subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'])
subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + args)
