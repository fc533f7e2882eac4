#!/usr/bin/env node
/**
 * docker/healthcheck.js — the image's HEALTHCHECK: sends PING as a RESP multibulk to the server
 * and exits 0 on +PONG (or -NOAUTH: the server answers, it just wants a password), 1 otherwise.
 * The port is $RESPITE_PORT, else the last `--port N` on PID 1's command line (the server,
 * exec'd by the entrypoint), else 6379. Plain node, no dependencies, bounded by a 2 s timeout.
 */
'use strict';
const net = require('net');
const fs = require('fs');

function port() {
  if (process.env.RESPITE_PORT) return Number(process.env.RESPITE_PORT);
  try {
    const args = fs.readFileSync('/proc/1/cmdline', 'latin1').split('\0');
    let p = 0;
    for (let i = 0; i < args.length - 1; i++) if (args[i] === '--port') p = Number(args[i + 1]);
    if (p > 0) return p;
  } catch {
    /* not on Linux, or no access: use the default */
  }
  return 6379;
}

const host = process.env.RESPITE_HOST || '127.0.0.1';
const sock = net.connect({ host, port: port() });
let reply = '';
const done = (ok, why) => {
  if (!ok) process.stderr.write(`unhealthy: ${why}\n`);
  sock.destroy();
  process.exit(ok ? 0 : 1);
};
const timer = setTimeout(() => done(false, 'timeout'), 2000);
timer.unref();
sock.on('connect', () => sock.write('*1\r\n$4\r\nPING\r\n'));
sock.on('data', (d) => {
  reply += d.toString('latin1');
  const nl = reply.indexOf('\r\n');
  if (nl < 0) return;
  const line = reply.slice(0, nl);
  done(line === '+PONG' || line.startsWith('-NOAUTH'), line);
});
sock.on('error', (e) => done(false, e.message));
sock.on('close', () => done(false, 'connection closed'));
