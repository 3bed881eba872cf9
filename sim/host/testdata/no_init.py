#!/usr/bin/env python3
# Node that reads stdin forever but never answers init (or anything else).
# Expected harness diagnosis: clear error that the node "did not answer init
# within 10s", naming the node id.
import sys

print("no_init.py: started, ignoring everything", file=sys.stderr, flush=True)
for line in sys.stdin:
    pass
