"""Runs a notebook as "Run All" does (nbclient, python3 kernel) and checks that every code
cell's outputs are the same before and after: the outputs are redrawn from the data the
notebook embeds. Prints "same N" (N outputs compared) or the first difference."""
import sys

import nbformat
from nbclient import NotebookClient


def bundles(nb):
    return [[(o.get("output_type"), dict(o.get("data", {}))) for o in c.get("outputs", [])]
            for c in nb.cells if c.cell_type == "code"]


nb = nbformat.read(sys.argv[1], as_version=4)
before = bundles(nb)
NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=False).execute()
after = bundles(nb)
count = sum(len(b) for b in before)
if count == 0:
    sys.exit("no outputs stored")
for i, (b, a) in enumerate(zip(before, after)):
    if b != a:
        sys.exit("code cell %d: outputs differ after running: %r ... against %r ..." % (i, str(b)[:200], str(a)[:200]))
print("same", count)
