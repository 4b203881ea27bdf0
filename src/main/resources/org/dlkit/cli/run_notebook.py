"""Executes one notebook through Jupyter for `kit run` and the notebook tests.

Usage: python3 run_notebook.py NOTEBOOK OUT_IPYNB OUT_HTML OUT_JSON KERNEL_NAME CELL_TIMEOUT_S [keep-going]

Runs every code cell with nbclient, stops at the first cell that raises (with keep-going, as
the grader needs: runs every cell whatever happens and records the errors), writes the
executed notebook (outputs up to and including the failing cell) and its HTML page, and
writes the outcome to OUT_JSON: {"ok": true, ...} or {"ok": false, "cell": n, ...}. (Not to
stdout: the kernel inherits it and prints there.) A kernel that does not start is tried
once more before the run counts as failed.
Cell numbers count code cells from 1, as a reader counts In [n] boxes.
"""
import json
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def first_error(nb):
    """(code-cell number, error output) of the first cell with an error output."""
    n = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        n += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return n, out
    return None, None


def code_cell_number(nb, index):
    return sum(1 for c in nb.cells[: index + 1] if c.cell_type == "code")


def main():
    src, out_ipynb, out_html, out_json, kernel, timeout = sys.argv[1:7]
    keep_going = len(sys.argv) > 7 and sys.argv[7] == "keep-going"
    for attempt in (1, 2):
        nb = nbformat.read(src, as_version=4)
        result, started_a_cell = execute(nb, kernel, int(timeout), keep_going, out_ipynb)
        if result["ok"] or started_a_cell or attempt == 2:
            break
        print(f"run_notebook: the kernel did not start ({result['evalue']}); trying once more", file=sys.stderr)

    write_atomically(nb, out_ipynb)
    try:
        from nbconvert import HTMLExporter
        body, _ = HTMLExporter(mathjax_url=MATHJAX).from_notebook_node(nb)
        body = self_contained(body)
        with open(out_html, "w", encoding="utf-8") as f:
            f.write(body)
    except Exception as e:  # the notebook is written; a missing exporter must not hide the result
        result["html_error"] = f"{type(e).__name__}: {e}"
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump(result, f)


# the pages load MathJax from the folder beside them (kit run places it there), so a copy of
# build/site/ on a web server or a laptop shows its formulas with no network and no /usr/share
MATHJAX = "mathjax/dlkit-mathjax.js"


def self_contained(page):
    """The page without what it would load from the machine that built it.

    nbconvert's page template loads RequireJS for interactive widgets, which the lessons do not
    have; on Debian from file:///usr/share/javascript, which is not there on another machine."""
    return re.sub(r'<script src="file://[^"]*"></script>\n?', "", page)


def write_atomically(nb, path):
    """The notebook to path through a temporary file beside it: a reader never sees half a file."""
    part = f"{path}.part"
    nbformat.write(nb, part)
    os.replace(part, path)


def peak_resident_kb(client):
    """VmHWM of the kernel's process (Linux), or None where it cannot be read."""
    try:
        km = client.km
        pid = getattr(getattr(km, "provisioner", None), "pid", None) or km.kernel.pid
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except Exception:
        return None
    return None


def execute(nb, kernel, timeout, keep_going=False, progress_ipynb=None):
    """Runs the notebook in place; returns (outcome, whether any cell started). With
    progress_ipynb, the notebook so far is written there after every cell that ran for a second
    or more: a run of hours can be looked at while it goes, and one that is stopped keeps what
    its cells computed."""
    running = {"index": None}

    def on_cell_start(cell, cell_index, **_):
        running["index"] = cell_index
        running["since"] = time.time()

    memory = {"peak_kb": 0}

    def on_cell_executed(**_):
        # the kernel's peak resident memory so far (VmHWM), read after every cell while it lives
        memory["peak_kb"] = max(memory["peak_kb"], peak_resident_kb(client) or 0)
        if progress_ipynb and time.time() - running.get("since", 0) >= 1:
            try:
                write_atomically(nb, progress_ipynb)
            except Exception as e:  # a full disk must not stop the run; the end writes again
                print(f"run_notebook: could not save the notebook so far ({e})", file=sys.stderr)

    client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, allow_errors=keep_going, startup_timeout=120,
                            resources={"metadata": {"path": "."}}, on_cell_start=on_cell_start,
                            on_cell_executed=on_cell_executed)
    started = time.time()
    result = {"ok": True}
    try:
        client.execute()
    except (CellTimeoutError, DeadKernelError) as e:
        n = code_cell_number(nb, running["index"]) if running["index"] is not None else None
        what = "timeout" if isinstance(e, CellTimeoutError) else "kernel died"
        result = {"ok": False, "cell": n, "ename": what, "evalue": str(e).strip(), "traceback": ""}
    except CellExecutionError as e:
        n, out = first_error(nb)
        result = {"ok": False, "cell": n, "ename": (out or {}).get("ename", "error"),
                  "evalue": (out or {}).get("evalue", str(e)),
                  "traceback": "\n".join((out or {}).get("traceback", []))}
    except Exception as e:  # the kernel did not start, or Jupyter itself failed
        result = {"ok": False, "cell": None, "ename": type(e).__name__, "traceback": "",
                  "evalue": f"{e} (the kernel did not start or Jupyter failed; see the kernel's messages above)"}
    result["seconds"] = round(time.time() - started, 1)
    if memory["peak_kb"]:
        result["peak_rss_mb"] = round(memory["peak_kb"] / 1024)
    result["code_cells"] = sum(1 for c in nb.cells if c.cell_type == "code")
    return result, running["index"] is not None


if __name__ == "__main__":
    main()
