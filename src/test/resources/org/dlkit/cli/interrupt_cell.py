"""Runs a cell on a kernel, presses Jupyter's stop button after a while, and reports as JSON:
how long the cell took to answer after the interrupt, its status and error, and what the next
cell printed. Used by InterruptIT; argv: kernel name, seconds before the interrupt, the cell, the
next cell. JUPYTER_PATH comes from the environment."""
import json
import queue
import sys
import time

from jupyter_client.manager import start_new_kernel

kernel, wait, cell, after = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
report = {}
km, kc = start_new_kernel(kernel_name=kernel, startup_timeout=180)
try:
    # the first cell also starts the JVM's classes: run a trivial one first
    kc.execute_interactive('int warmUp = 1;', timeout=180)
    sent = time.time()
    msg_id = kc.execute(cell)
    # count the wait from when the kernel takes the request up (it echoes the cell on iopub), as a
    # person sees the cell start, not from when the request left this process
    while time.time() < sent + 30:
        try:
            m = kc.get_iopub_msg(timeout=max(0.01, sent + 30 - time.time()))
        except queue.Empty:
            break
        if m['parent_header'].get('msg_id') == msg_id and m['msg_type'] == 'execute_input':
            report['taken_up_after'] = round(time.time() - sent, 3)
            break
    time.sleep(wait)
    pressed = time.time()
    km.interrupt_kernel()
    while True:
        try:
            m = kc.get_shell_msg(timeout=60)
        except queue.Empty:
            report['reply'] = 'none within 60 s'
            break
        if m['parent_header'].get('msg_id') == msg_id:
            report['seconds'] = time.time() - pressed
            report['status'] = m['content']['status']
            report['ename'] = m['content'].get('ename', '')
            report['evalue'] = m['content'].get('evalue', '')
            break
    outputs = []
    r = kc.execute_interactive(
        after, timeout=120,
        output_hook=lambda m: outputs.append(m['content'].get('text') or m['content'].get('evalue') or '')
        if m['msg_type'] in ('stream', 'error') else None)
    report['next_status'] = r['content']['status']
    report['next_output'] = ''.join(outputs)
finally:
    km.shutdown_kernel(now=True)
print(json.dumps(report))
