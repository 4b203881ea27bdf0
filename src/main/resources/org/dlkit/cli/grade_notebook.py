"""Runs one submission's grading plan through a Jupyter kernel, for `kit grade`.

Usage: python3 grade_notebook.py PLAN_JSON OUT_JSON

PLAN_JSON: {"kernel": NAME, "startup_timeout": S,
            "cells": [{"index": I, "source": TEXT, "timeout": S, "needs": [I, ...]}, ...]}
in notebook order. Each cell is sent to the kernel as an execute request and its outcome is
the kernel's execute_reply — "ok" or "error" — which no code in the cells can forge: a cell's
printed text is kept for the feedback page, never read for its outcome.

A cell that runs past its timeout, or during which the kernel dies (System.exit, a crash),
costs that cell only: the kernel is restarted, and before each later cell the cells it needs
(its "needs", earlier cells that ran "ok") are run again, silently, in the new kernel.

OUT_JSON: {"cells": {"I": {"status": "ok"|"error"|"timeout"|"dead"|"skipped", "ename",
"evalue", "traceback", "stdout", "stderr", "seconds"}}, "restarts": N, "seconds": S}
(written to a file, not stdout: the kernel inherits stdout).
"""
import json
import queue
import re
import sys
import time

from jupyter_client.manager import KernelManager

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
KEEP = 100_000  # characters of a cell's printed text kept for the feedback page


class Kernel:
    def __init__(self, name, startup_timeout):
        self.name = name
        self.startup_timeout = startup_timeout
        self.km = None
        self.kc = None
        self.restarts = 0

    def start(self):
        for attempt in (1, 2):  # a kernel that does not answer is tried once more
            self.km = KernelManager(kernel_name=self.name)
            self.km.start_kernel()
            self.kc = self.km.client()
            self.kc.start_channels()
            try:
                self.kc.wait_for_ready(timeout=self.startup_timeout)
                return
            except RuntimeError as e:
                self.stop()
                if attempt == 2:
                    raise RuntimeError(f"the kernel '{self.name}' did not start: {e}")

    def stop(self):
        try:
            if self.kc is not None:
                self.kc.stop_channels()
            if self.km is not None:
                self.km.shutdown_kernel(now=True)
        except Exception:
            pass
        self.km = self.kc = None

    def restart(self):
        self.stop()
        self.restarts += 1
        self.start()

    def run(self, source, timeout):
        """Runs one cell; returns its outcome (a dict)."""
        out = {"status": None, "stdout": "", "stderr": "", "ename": "", "evalue": "", "traceback": ""}
        started = time.time()
        msg_id = self.kc.execute(source, store_history=False, allow_stdin=False, stop_on_error=False)
        deadline = started + timeout
        idle = False
        while not idle:
            left = deadline - time.time()
            if left <= 0:
                out["status"] = "timeout"
                break
            try:
                msg = self.kc.get_iopub_msg(timeout=min(left, 1.0))
            except queue.Empty:
                if not self.km.is_alive():
                    out["status"] = "dead"
                    break
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                key = "stderr" if content.get("name") == "stderr" else "stdout"
                if len(out[key]) < KEEP:  # an answer that prints without end must not fill memory
                    out[key] += content.get("text", "")[: KEEP - len(out[key])]
            elif kind == "error":
                out["ename"] = content.get("ename", "")
                out["evalue"] = content.get("evalue", "")
                out["traceback"] = "\n".join(ANSI.sub("", t) for t in content.get("traceback", []))
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
        if idle:
            out["status"] = self.reply_status(msg_id, deadline)
        out["seconds"] = round(time.time() - started, 2)
        return out

    def reply_status(self, msg_id, deadline):
        """The execute_reply's status: "ok", or "error" (anything else counts as an error)."""
        while True:
            left = max(deadline - time.time(), 5.0)
            try:
                msg = self.kc.get_shell_msg(timeout=min(left, 30.0))
            except queue.Empty:
                return "error"
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                return "ok" if msg["content"].get("status") == "ok" else "error"


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        plan = json.load(f)
    out_path = sys.argv[2]
    started = time.time()
    results = {}
    kernel = Kernel(plan["kernel"], plan.get("startup_timeout", 120))
    by_index = {c["index"]: c for c in plan["cells"]}
    try:
        kernel.start()
        here = set()  # cells run in the kernel now running
        for cell in plan["cells"]:
            for need in cell.get("needs", []):
                if need in here or results.get(need, {}).get("status") != "ok":
                    continue
                again = kernel.run(by_index[need]["source"], by_index[need]["timeout"])
                if again["status"] in ("timeout", "dead"):
                    kernel.restart()
                    here = set()
                    break
                here.add(need)
            r = kernel.run(cell["source"], cell["timeout"])
            results[cell["index"]] = r
            if r["status"] in ("timeout", "dead"):
                kernel.restart()
                here = set()
            else:
                here.add(cell["index"])
    except Exception as e:  # the kernel did not start: every cell not run says why
        for cell in plan["cells"]:
            results.setdefault(cell["index"], {"status": "skipped", "ename": type(e).__name__,
                                                "evalue": str(e), "traceback": "", "stdout": "",
                                                "stderr": "", "seconds": 0})
    finally:
        kernel.stop()
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"cells": {str(k): v for k, v in results.items()}, "restarts": kernel.restarts,
                   "seconds": round(time.time() - started, 1)}, f)


if __name__ == "__main__":
    main()
