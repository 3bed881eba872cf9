#!/usr/bin/env python3
# Echo node that ignores SIGTERM and spawns a child (`sleep 1000`) that it
# never reaps or kills.
# Expected harness diagnosis: none for echo; on shutdown the harness must
# escalate to SIGKILL of the whole process group so no process (incl. sleep) is left.
import json
import signal
import subprocess
import sys

signal.signal(signal.SIGTERM, lambda signum, frame: print("ignoring SIGTERM", file=sys.stderr, flush=True))
child = subprocess.Popen(["sleep", "1000"])
print(f"ignore_sigterm.py: spawned sleep pid {child.pid}", file=sys.stderr, flush=True)

node_id = None
for line in sys.stdin:
    msg = json.loads(line)
    body = msg["body"]
    typ = body.get("type")
    if typ == "init":
        node_id = body["node_id"]
        reply = {"type": "init_ok"}
    elif typ == "echo":
        reply = {"type": "echo_ok", "echo": body["echo"]}
    else:
        reply = {"type": "error", "code": 10, "text": f"unsupported type {typ!r}"}
    if "msg_id" in body:
        reply["in_reply_to"] = body["msg_id"]
    out = {"src": node_id, "dest": msg["src"], "body": reply}
    print(json.dumps(out, separators=(",", ":")), flush=True)
