#!/usr/bin/env python3
# Correct Maelstrom unique-ids node: answers init, and answers each generate
# request with an id "<node_id>-<counter>", unique across the cluster.
# Expected harness diagnosis: none -- this node should pass cleanly.
import json
import sys

node_id = None
counter = 0
for line in sys.stdin:
    msg = json.loads(line)
    body = msg["body"]
    typ = body.get("type")
    if typ == "init":
        node_id = body["node_id"]
        reply = {"type": "init_ok"}
    elif typ == "generate":
        counter += 1
        reply = {"type": "generate_ok", "id": f"{node_id}-{counter}"}
    else:
        reply = {"type": "error", "code": 10, "text": f"unsupported type {typ!r}"}
    if "msg_id" in body:
        reply["in_reply_to"] = body["msg_id"]
    out = {"src": node_id, "dest": msg["src"], "body": reply}
    print(json.dumps(out, separators=(",", ":")), flush=True)
