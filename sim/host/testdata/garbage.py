#!/usr/bin/env python3
# Echo node with a classic beginner mistake: before every 5th echo reply it
# prints a non-JSON debug line ("DEBUG: got echo") to stdout instead of stderr.
# Expected harness diagnosis: report the malformed stdout line with the node id,
# skip it and keep reading; all echo replies still arrive.
import json
import sys

node_id = None
echoes = 0
for line in sys.stdin:
    msg = json.loads(line)
    body = msg["body"]
    typ = body.get("type")
    if typ == "init":
        node_id = body["node_id"]
        reply = {"type": "init_ok"}
    elif typ == "echo":
        echoes += 1
        if echoes % 5 == 0:
            print("DEBUG: got echo", flush=True)  # the bug: belongs on stderr
        reply = {"type": "echo_ok", "echo": body["echo"]}
    else:
        reply = {"type": "error", "code": 10, "text": f"unsupported type {typ!r}"}
    if "msg_id" in body:
        reply["in_reply_to"] = body["msg_id"]
    out = {"src": node_id, "dest": msg["src"], "body": reply}
    print(json.dumps(out, separators=(",", ":")), flush=True)
