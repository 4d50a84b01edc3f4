#!/usr/bin/env python3
"""The layout rules of certkit's source tree, checked by tests/layout.rs:

1. no import cycles: among the child modules of every module (the top-level modules of the
   crate included), the "uses" relation has no cycle. A module uses another when its code
   (comments and `#[cfg(test)]` parts left out) names it through `crate::...` or `super::...`;
   a reference to a nested module counts for its ancestor that is a sibling of the user.
2. no source file over 800 lines (src/ and tests/; generated and data files are elsewhere).

Usage: layout_check.py [SRC_DIR] [TESTS_DIR]. Prints each violation and exits 1 if any.
"""
import os, re, sys, itertools
root = sys.argv[1] if len(sys.argv) > 1 else 'src'
tests_dir = sys.argv[2] if len(sys.argv) > 2 else 'tests'
mods = {}
for d, _, fs in os.walk(root):
    for f in fs:
        if not f.endswith('.rs'): continue
        p = os.path.join(d, f)
        rel = os.path.relpath(p, root)[:-3].split(os.sep)
        if rel[-1] == 'mod': rel = rel[:-1]
        if rel in (['lib'], ['main']): rel = []
        mods[tuple(rel)] = open(p).read()
def strip_tests(src):
    src = re.sub(r'^\s*//.*$', '', src, flags=re.M)
    i = src.find('#[cfg(test)]')
    return src if i < 0 else src[:i]
edges = {}
for m, src in mods.items():
    src = strip_tests(src)
    targets = set()
    for path in re.findall(r'crate::((?:[a-z_0-9]+::)*[a-z_0-9]+)', src):
        targets.add(tuple(path.split('::')))
    for sup in re.findall(r'(?<![a-z_])super::((?:[a-z_0-9]+::)*[a-z_0-9]+)', src):
        base = m[:-1]
        targets.add(base + tuple(sup.split('::')))
    # use crate::a::{b, c}
    for pre, inner in re.findall(r'crate::((?:[a-z_0-9]+::)*)\{([^}]*)\}', src):
        for it in inner.split(','):
            it = it.strip().split('::')[0].split(' ')[0]
            if it: targets.add(tuple((pre + it).strip(':').split('::')))
    for pre, inner in re.findall(r'(?<![a-z_])super::((?:[a-z_0-9]+::)*)\{([^}]*)\}', src):
        for it in inner.split(','):
            it = it.strip().split('::')[0].split(' ')[0]
            if it: targets.add(m[:-1] + tuple((pre + it).strip(':').split('::')))
    res = set()
    for t in targets:
        # longest prefix that is a module
        for k in range(len(t), 0, -1):
            if t[:k] in mods:
                if t[:k] != m: res.add(t[:k])
                break
    edges[m] = res
def sccs(nodes, adj):
    index = {}; low = {}; st = []; on = set(); out = []; c = [0]
    def strong(v):
        index[v] = low[v] = c[0]; c[0] += 1; st.append(v); on.add(v)
        for w in adj.get(v, ()):
            if w not in nodes: continue
            if w not in index: strong(w); low[v] = min(low[v], low[w])
            elif w in on: low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = st.pop(); on.discard(w); comp.append(w)
                if w == v: break
            if len(comp) > 1: out.append(comp)
    sys.setrecursionlimit(10000)
    for v in nodes:
        if v not in index: strong(v)
    return out
bad = 0
# sibling level: project each edge to the children of the common parent
parents = set(m[:-1] for m in mods if m)
for par in sorted(parents):
    kids = set(m[:len(par)+1] for m in mods if len(m) > len(par) and m[:len(par)] == par)
    adj = {}
    for a, ts in edges.items():
        if len(a) <= len(par) or a[:len(par)] != par: continue
        ka = a[:len(par)+1]
        for t in ts:
            if len(t) > len(par) and t[:len(par)] == par:
                kt = t[:len(par)+1]
                if kt != ka: adj.setdefault(ka, set()).add(kt)
    for comp in sccs(kids, adj):
        bad += 1
        print('cycle under', '::'.join(par) or 'crate', ':', sorted('::'.join(c) for c in comp))
print('cycles:', bad)
long_files = 0
for top in (root, tests_dir):
    for d, _, fs in os.walk(top):
        if os.sep + 'data' in d:
            continue
        for f in fs:
            if f.endswith('.rs'):
                p = os.path.join(d, f)
                n = sum(1 for _ in open(p, encoding='utf-8', errors='replace'))
                if n > 800:
                    long_files += 1
                    print(f'{p}: {n} lines (the limit is 800)')
print('files over 800 lines:', long_files)
sys.exit(1 if bad or long_files else 0)
