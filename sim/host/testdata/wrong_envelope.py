#!/usr/bin/env python3
# Echo node whose every third reply carries an extra top-level key ("extra": 1)
# next to src/dest/body, violating Maelstrom's closed message schema.
# Expected harness diagnosis: report the malformed envelope (unexpected key
# "extra") with the node id; the other replies are delivered normally.
import json
import sys

node_id = None
replies = 0
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
    replies += 1
    if replies % 3 == 0:
        out["extra"] = 1  # the bug
    print(json.dumps(out, separators=(",", ":")), flush=True)
