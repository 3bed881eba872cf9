#!/usr/bin/env python3
# Echo node with the "buffered stdout" mistake: stdout is fully buffered (64 KiB)
# and never flushed, so init_ok sits in the buffer and never reaches the harness.
# Expected harness diagnosis: init timeout ("did not answer init within 10s"),
# with a hint that the node probably does not flush stdout after each line.
import json
import sys

sys.stdout = open(sys.stdout.fileno(), "w", buffering=65536)

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
    print(json.dumps(out, separators=(",", ":")))  # the bug: no flush
