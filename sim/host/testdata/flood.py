#!/usr/bin/env python3
# Node that answers init, then floods stdout with 200000 valid "spam" messages
# to another node (from a background thread) while still answering echoes.
# Expected harness diagnosis: none fatal -- the harness must not hang, deadlock
# or run out of memory; it may report/drop excess traffic. Echo replies flow.
import json
import os
import sys
import threading

lock = threading.Lock()
node_id = None


def send(dest, body):
    line = json.dumps({"src": node_id, "dest": dest, "body": body}, separators=(",", ":"))
    with lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def flood(others):
    target = others[0] if others else node_id
    for i in range(200000):
        send(target, {"type": "spam", "n": i})
    print("flood.py: flood done", file=sys.stderr, flush=True)


for line in sys.stdin:
    msg = json.loads(line)
    body = msg["body"]
    typ = body.get("type")
    if typ == "init":
        node_id = body["node_id"]
        send(msg["src"], {"type": "init_ok", "in_reply_to": body["msg_id"]})
        others = [n for n in body["node_ids"] if n != node_id]
        threading.Thread(target=flood, args=(others,), daemon=True).start()
    elif typ == "echo":
        send(msg["src"], {"type": "echo_ok", "echo": body["echo"], "in_reply_to": body["msg_id"]})
    elif "msg_id" in body:
        send(msg["src"], {"type": "error", "code": 10, "text": f"unsupported type {typ!r}",
                          "in_reply_to": body["msg_id"]})

# stdin hit EOF: exit at once (a daemon thread still writing would otherwise
# make interpreter shutdown noisy).
with lock:
    sys.stdout.flush()
os._exit(0)
