// hostile_attacker.mjs — the attackers of hostile_load.mjs, on a worker thread of their own so that
// their thousands of sockets never delay the well-behaved client's probes. workerData: {port,
// keepAlive, slowBodies, flooders}. Answers the message 'stats' with what it saw so far; the main
// thread ends it with terminate(). Loopback only; a closed socket waits 0.5 s (floods), 1 s (slow
// bodies) or 3 s (keep-alive) before it reconnects, so it is bounded in rate as well as in count.
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

// The attackers: three kinds of connection, each reconnecting after the server closes it.
function attack(port, keepAlive, slowBodies, flooders) {
  const kinds = ['keepAlive', 'slowBodies', 'flood'];
  const stats = Object.fromEntries(kinds.map(k => [k, { opened: 0, closedByServer: 0, answers: {} }]));
  function connect(kind, localAddress, onOpen, reopenMs) {
    const st = stats[kind];
    const s = net.connect({ host: '127.0.0.1', port, localAddress });
    ++st.opened;
    s.on('connect', () => onOpen(s));
    s.on('data', d => {
      const m = /^HTTP\/1\.1 (\d+)/.exec(d.toString('latin1', 0, 16));
      if (m) st.answers[m[1]] = (st.answers[m[1]] || 0) + 1;
    });
    s.on('error', () => {});
    s.on('close', () => {
      ++st.closedByServer;
      setTimeout(() => connect(kind, localAddress, onOpen, reopenMs), reopenMs);
    });
  }
  // Idle keep-alive connections, opened over the first 3 s.
  for (let i = 0; i < keepAlive; ++i)
    setTimeout(() => connect('keepAlive', '127.0.0.2', s => {
      const ask = () => s.writable && s.write('GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n');
      ask();
      const t = setInterval(ask, 3000);
      s.on('close', () => clearInterval(t));
    }, 3000), Math.floor(i * 3000 / keepAlive));
  // Slow bodies.
  for (let i = 0; i < slowBodies; ++i)
    connect('slowBodies', '127.0.0.4', s => {
      const path = i % 2 ? '/api/submit' : '/index.html';
      s.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n`);
      const t = setInterval(() => s.writable && s.write('x'), 2000);
      s.on('close', () => clearInterval(t));
    }, 1000);
  // Header floods: 20,000 headers of 4,000 bytes, written as fast as the server reads them.
  const header = 'X-Flood: ' + 'a'.repeat(4000) + '\r\n';
  const flood = s => {
    s.write('GET /api/health HTTP/1.1\r\nHost: x\r\n');
    let sent = 0;
    const more = () => {
      while (sent < 20000 && s.writable) {
        ++sent;
        if (!s.write(header)) return s.once('drain', more);
      }
      if (s.writable) s.write('\r\n');
    };
    more();
  };
  for (let i = 0; i < flooders; ++i) connect('flood', '127.0.0.5', flood, 500);
  return stats;
}

const stats = attack(workerData.port, workerData.keepAlive, workerData.slowBodies, workerData.flooders);
parentPort.on('message', () => parentPort.postMessage(stats));
