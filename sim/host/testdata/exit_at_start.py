#!/usr/bin/env python3
# Node that fails immediately: writes "cannot start: missing config" to stderr
# and exits with status 2 before reading any input.
# Expected harness diagnosis: node exited with status 2 before answering init,
# quoting its stderr ("cannot start: missing config") -- not a 10s init timeout.
import sys

print("cannot start: missing config", file=sys.stderr, flush=True)
sys.exit(2)
