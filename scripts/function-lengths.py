#!/usr/bin/env python3
"""Lists the longest functions (func, init, computed bodies of `var ... {`) in Sources/.

Lines are counted from the declaration to its closing brace. Braces inside string
literals and comments are skipped. Usage: scripts/function-lengths.py [N] (default 10).
"""
import re
import sys
from pathlib import Path

DECL = re.compile(r'^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|static|mutating|override|final|nonisolated|@inlinable)\s+)*(func\s+[\w+\-*/<>=!]+|init[?!]?|subscript)\b')


def strip(line, in_block):
    """The line without string contents and comments; whether a /* */ block is still open."""
    out, i, n = [], 0, len(line)
    in_str = False
    while i < n:
        if in_block:
            j = line.find('*/', i)
            if j < 0:
                return ''.join(out), True
            in_block, i = False, j + 2
            continue
        c = line[i]
        if in_str:
            if c == '\\':
                i += 2
                continue
            if c == '"':
                in_str = False
            i += 1
            continue
        if line.startswith('//', i):
            break
        if line.startswith('/*', i):
            in_block, i = True, i + 2
            continue
        if c == '"':
            in_str = True
        else:
            out.append(c)
        i += 1
    return ''.join(out), in_block


def functions(path):
    lines = path.read_text().splitlines()
    clean, block = [], False
    for l in lines:
        s, block = strip(l, block)
        clean.append(s)
    for i, l in enumerate(clean):
        m = DECL.match(l)
        if not m:
            continue
        depth, started = 0, False
        for j in range(i, len(clean)):
            for ch in clean[j]:
                if ch == '{':
                    depth, started = depth + 1, True
                elif ch == '}':
                    depth -= 1
            if started and depth <= 0:
                yield j - i + 1, f"{path}:{i + 1}", m.group(1)
                break
            if not started and j > i + 15:
                break


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    rows = [f for p in sorted(Path('Sources').rglob('*.swift')) for f in functions(p)]
    for length, where, name in sorted(rows, reverse=True)[:n]:
        print(f"{length:5d}  {name:28s} {where}")


if __name__ == '__main__':
    main()
