"""Several students at once on a dlkit JupyterHub, for HubIT.

Usage: python3 hub_students.py HUB_URL PASSWORD API_TOKEN NOTEBOOK OUT_JSON USER...

Each student, all at the same time: logs in through the hub's login form (the authenticator the
hub was started with), has their server started (the hub's REST API, with the teacher's token),
starts a dlkit kernel in it and, once the kernel has answered a kernel_info request on its shell
channel and published its status on IOPub (what the notebook page waits for before it lets a cell
run), runs every code cell of NOTEBOOK there, over the kernel's websocket, as the page would. A cell with an error, or a check cell (tagged "check", or
an nbgrader grade cell) without a pass line, fails that student. The kernel's resident memory is
sampled from /proc while it runs; its peak (VmHWM) is read before it is shut down. One JSON object
per student goes to OUT_JSON. A student whose kernel stops answering gets, beside the error, what
the kernel had sent for the cell and a dump of its threads (USER-threads.txt beside OUT_JSON).
"""
import asyncio
import http.cookiejar
import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid

from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect


def api(hub, token, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(hub + path, data=data, method=method,
                                 headers={"Authorization": "token " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        text = r.read().decode()
        return r.status, (json.loads(text) if text.strip() else None)


def login(hub, user, password):
    """The login form, as a browser posts it; returns the page the hub sent the student to."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(hub + "/hub/login", timeout=60).read()
    xsrf = next((c.value for c in jar if c.name == "_xsrf"), None)
    form = {"username": user, "password": password}
    if xsrf:
        form["_xsrf"] = xsrf

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    try:
        r = opener.open(hub + "/hub/login", data=urllib.parse.urlencode(form).encode(), timeout=60)
        return r.status, r.headers.get("Location"), [c.name for c in jar]
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Location"), [c.name for c in jar]


def kernel_pid(kernel_id):
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if f"kernel-{kernel_id}.json".encode() in f.read():
                    return int(pid)
        except OSError:
            pass
    return None


def memory_kb(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def header(msg_type, user, session):
    return {"msg_id": uuid.uuid4().hex, "username": user, "session": session, "msg_type": msg_type,
            "version": "5.3", "date": ""}


async def until_ready(ws, user, session, seconds=300):
    """Asks for kernel_info until the reply comes on shell and a status for it on IOPub: a kernel
    still starting, or an IOPub subscription not yet joined, would lose a cell's output otherwise.
    Returns the number of requests it took."""
    until = time.time() + seconds
    asked = 0
    while time.time() < until:
        h = header("kernel_info_request", user, session)
        asked += 1
        await ws.write_message(json.dumps({"header": h, "parent_header": {}, "metadata": {}, "channel": "shell",
                                           "buffers": [], "content": {}}))
        replied = published = False
        wait_until = time.time() + 5
        while time.time() < wait_until and not (replied and published):
            try:
                raw = await asyncio.wait_for(ws.read_message(), timeout=max(0.1, wait_until - time.time()))
            except asyncio.TimeoutError:
                break
            if raw is None:
                raise RuntimeError("the kernel's websocket closed before the kernel was ready")
            m = json.loads(raw)
            if m.get("parent_header", {}).get("msg_id") != h["msg_id"]:
                continue
            replied |= m["header"]["msg_type"] == "kernel_info_reply"
            published |= m.get("channel") == "iopub"
        if replied and published:
            return asked
    raise RuntimeError(f"the kernel did not answer kernel_info on shell and IOPub within {seconds} s "
                       f"({asked} requests)")


def thread_dump(pid, path):
    """The kernel's threads (jcmd of the kernel's own Java) written to path; the first lines of the
    threads that run cells or read the shell channel, for the error message."""
    try:
        jcmd = os.path.join(os.path.dirname(os.path.realpath(f"/proc/{pid}/exe")), "jcmd")
        text = subprocess.run([jcmd, str(pid), "Thread.print"], capture_output=True, text=True,
                              timeout=60).stdout
    except Exception as e:
        return f"(no thread dump: {e})"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    keep = []
    for block in text.split("\n\n"):
        first = block.strip().splitlines()[0] if block.strip() else ""
        if any(k in block for k in ("ShellChannel", "Shell-", "REPL", "JShell", "ExecutionControl", "main\"")):
            keep.append("\n".join(block.strip().splitlines()[:14]))
    return f"threads in {path}:\n" + "\n--\n".join(keep[:6])


def is_check(cell):
    meta = cell.get("metadata", {})
    return "check" in meta.get("tags", []) or meta.get("nbgrader", {}).get("grade") is True


async def student(hub, password, token, cells, user, out_json):
    out = {"user": user, "ok": False}
    t0 = time.time()
    loop = asyncio.get_running_loop()
    status, location, cookies = await loop.run_in_executor(None, login, hub, user, password)
    out["login"] = {"status": status, "location": location}
    if status != 302 or not any(c.startswith("jupyterhub") for c in cookies):
        out["error"] = f"login as {user} failed: HTTP {status}, cookies {cookies}"
        return out
    await loop.run_in_executor(None, api, hub, token, "POST", f"/hub/api/users/{user}/server")
    while True:
        _, info = await loop.run_in_executor(None, api, hub, token, "GET", f"/hub/api/users/{user}")
        server = (info.get("servers") or {}).get("", {})
        if server.get("ready"):
            break
        if time.time() - t0 > 300:
            out["error"] = f"{user}'s server was not ready after 300 s: {info}"
            return out
        await asyncio.sleep(1)
    out["server_seconds"] = round(time.time() - t0, 1)
    base = f"/user/{user}/api"
    _, kernel = await loop.run_in_executor(None, api, hub, token, "POST", base + "/kernels", {"name": "dlkit"})
    kid = kernel["id"]
    t_kernel = time.time()
    ws_url = hub.replace("http", "ws", 1) + f"{base}/kernels/{kid}/channels"
    ws = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": "token " + token},
                                             connect_timeout=300, request_timeout=300),
                                 max_message_size=256 * 1024 * 1024)
    session = uuid.uuid4().hex
    pid, peak_rss = None, 0
    results = []
    n = 0
    seen = []
    try:
        out["kernel_info_requests"] = await until_ready(ws, user, session)
        out["ready_seconds"] = round(time.time() - t_kernel, 1)
        pid = kernel_pid(kid)
        for n, cell in enumerate(cells, 1):
            h = header("execute_request", user, session)
            msg_id = h["msg_id"]
            seen = []
            await ws.write_message(json.dumps({
                "header": h, "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": "".join(cell["source"]), "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
            text, reply, idle = [], None, False
            while reply is None or not idle:
                raw = await asyncio.wait_for(ws.read_message(), timeout=900)
                if raw is None:
                    raise RuntimeError("the kernel's websocket closed")
                if pid is None:
                    pid = kernel_pid(kid)
                if pid:
                    peak_rss = max(peak_rss, memory_kb(pid, "VmRSS") or 0)
                m = json.loads(raw)
                if m.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = m["header"]["msg_type"]
                seen.append(kind if kind != "status" else m["content"]["execution_state"])
                if kind == "stream":
                    text.append(m["content"]["text"])
                elif kind == "error":
                    text.append(m["content"]["ename"] + ": " + m["content"]["evalue"])
                elif kind == "execute_reply":
                    reply = m["content"]
                elif kind == "status" and m["content"]["execution_state"] == "idle":
                    idle = True
            said = "".join(text)
            if n == 1:
                out["first_cell_seconds"] = round(time.time() - t_kernel, 1)  # the kernel's start, mostly
            if reply.get("status") != "ok":
                out["error"] = f"cell {n} failed: {reply.get('ename')}: {reply.get('evalue')}\n{said[-2000:]}"
                return out
            if is_check(cell):
                results.append(said)
                if "✔" not in said:
                    out["error"] = f"check cell {n} printed no pass line:\n{said[-2000:]}"
                    return out
        out["ok"] = True
        out["checks"] = len(results)
        out["pass_lines"] = sum(s.count("✔") for s in results)
    except Exception as e:  # say whose kernel, at which cell, and whether it is still alive
        alive = pid is not None and os.path.exists(f"/proc/{pid}")
        out["error"] = (f"cell {n} of {len(cells)}: {type(e).__name__}: {e}; kernel process {pid} "
                        + ("still running" if alive else "gone (crashed or killed)")
                        + f"; the kernel had sent for the cell: {seen or 'nothing'}")
        if alive:
            out["error"] += "\n" + thread_dump(pid, os.path.join(os.path.dirname(out_json), f"{user}-threads.txt"))
    finally:
        out["lesson_seconds"] = round(time.time() - t_kernel, 1)
        if pid:
            hwm = memory_kb(pid, "VmHWM")
            out["peak_rss_mb"] = round(max(peak_rss, hwm or 0) / 1024)
        ws.close()
        try:
            await loop.run_in_executor(None, api, hub, token, "DELETE", f"{base}/kernels/{kid}")
        except Exception:
            pass
        out["seconds"] = round(time.time() - t0, 1)
    return out


async def main():
    hub, password, token, notebook, out_json = sys.argv[1:6]
    users = sys.argv[6:]
    with open(notebook, encoding="utf-8") as f:
        cells = [c for c in json.load(f)["cells"] if c["cell_type"] == "code"]
    started = time.time()
    done = await asyncio.gather(*(student(hub, password, token, cells, u, out_json) for u in users), return_exceptions=True)
    results = [d if isinstance(d, dict) else {"ok": False, "error": f"{type(d).__name__}: {d}"} for d in done]
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump({"wall_seconds": round(time.time() - started, 1), "students": results}, f, indent=1)


if __name__ == "__main__":
    asyncio.run(main())
