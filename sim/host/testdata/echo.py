#!/usr/bin/env python3
# Correct Maelstrom echo node: answers init and echo; any other request type
# gets an error reply with code 10 (not supported).
# Expected harness diagnosis: none -- this node should pass cleanly.
import json
import sys

node_id = None
for line in sys.stdin:
    msg = json.loads(line)
    body = msg["body"]
    typ = body.get("type")
    if typ == "init":
        node_id = body["node_id"]
        reply = {"type": "init_ok"}
        print(f"echo.py: initialised as {node_id}", file=sys.stderr, flush=True)
    elif typ == "echo":
        reply = {"type": "echo_ok", "echo": body["echo"]}
    else:
        reply = {"type": "error", "code": 10, "text": f"unsupported type {typ!r}"}
    if "msg_id" in body:
        reply["in_reply_to"] = body["msg_id"]
    out = {"src": node_id, "dest": msg["src"], "body": reply}
    print(json.dumps(out, separators=(",", ":")), flush=True)
