#!/usr/bin/env node
// Correct Maelstrom echo node in Node.js (stdlib readline only): answers init
// and echo; other request types get error code 10.
// Expected harness diagnosis: none -- this node should pass cleanly.
'use strict';
const readline = require('readline');

let nodeId = null;
const rl = readline.createInterface({ input: process.stdin, terminal: false });

rl.on('line', (line) => {
  const msg = JSON.parse(line);
  const body = msg.body;
  let reply;
  if (body.type === 'init') {
    nodeId = body.node_id;
    reply = { type: 'init_ok' };
    process.stderr.write(`echo.js: initialised as ${nodeId}\n`);
  } else if (body.type === 'echo') {
    reply = { type: 'echo_ok', echo: body.echo };
  } else {
    reply = { type: 'error', code: 10, text: `unsupported type ${body.type}` };
  }
  if (body.msg_id !== undefined) reply.in_reply_to = body.msg_id;
  process.stdout.write(JSON.stringify({ src: nodeId, dest: msg.src, body: reply }) + '\n');
});
