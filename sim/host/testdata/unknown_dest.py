#!/usr/bin/env python3
# Echo node that, once right after init, also sends a message to "n99", a node
# that does not exist in the cluster.
# Expected harness diagnosis: report the unknown destination "n99" with the
# sending node's id, drop that message, and keep running (node is not muted).
import json
import sys

node_id = None


def send(dest, body):
    print(json.dumps({"src": node_id, "dest": dest, "body": body}, separators=(",", ":")), flush=True)


for line in sys.stdin:
    msg = json.loads(line)
    body = msg["body"]
    typ = body.get("type")
    if typ == "init":
        node_id = body["node_id"]
        send(msg["src"], {"type": "init_ok", "in_reply_to": body["msg_id"]})
        send("n99", {"type": "hello", "msg_id": 1})
    elif typ == "echo":
        send(msg["src"], {"type": "echo_ok", "echo": body["echo"], "in_reply_to": body["msg_id"]})
    elif "msg_id" in body:
        send(msg["src"], {"type": "error", "code": 10, "text": f"unsupported type {typ!r}",
                          "in_reply_to": body["msg_id"]})
