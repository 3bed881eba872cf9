#!/usr/bin/env python3
# Echo node that answers its first 20 echo requests correctly, then writes
# "panic: something broke" to stderr and exits with status 3.
# Expected harness diagnosis: node crashed mid-run with exit status 3, showing
# the tail of its stderr (the panic line) and the node id.
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
        if echoes > 20:
            print("panic: something broke", file=sys.stderr, flush=True)
            sys.exit(3)
        reply = {"type": "echo_ok", "echo": body["echo"]}
    else:
        reply = {"type": "error", "code": 10, "text": f"unsupported type {typ!r}"}
    if "msg_id" in body:
        reply["in_reply_to"] = body["msg_id"]
    out = {"src": node_id, "dest": msg["src"], "body": reply}
    print(json.dumps(out, separators=(",", ":")), flush=True)
