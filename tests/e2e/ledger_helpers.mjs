// ledger_helpers.mjs — what the API tests of signed submissions share: signing envelopes with the
// `yishi sign-envelopes` tool (test keys by name), POSTing them, reading the ledger's counts through
// `yishi-server check`, and an independent receipt verifier written from docs/protocol.md
// (sections 5, 10, 11, 12) with node's own crypto — not the C++ code under test.
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import { createHash, createPublicKey, verify as edVerify } from 'node:crypto';
import path from 'node:path';
import { runServerCommand } from './harness.mjs';

const serverBin = process.env.YISHI_SERVER;
export const toolBin = process.env.YISHI_TOOL || path.resolve(path.dirname(serverBin), '../shared/tool/yishi');
export const REGION = 320508;

// Signs envelopes described as objects (see shared/tool/sign_command.cpp); returns [{wire, id, author}].
export function sign(specs) {
  const r = spawnSync(toolBin, ['sign-envelopes'], { input: specs.map(s => JSON.stringify(s)).join('\n') + '\n',
                                                       encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error('sign-envelopes failed: ' + r.stderr);
  return r.stdout.trim().split('\n').map(l => JSON.parse(l));
}
export const signOne = spec => sign([spec])[0];

export function publicKey(name) {
  const r = spawnSync(toolBin, ['sign-envelopes', '--public-key', name], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

// The query (viewer=…&viewer_ms=…&viewer_sig=…) by which the named identity signs that it reads `path`
// for its own marks (shared/viewer_proof.hpp); `timeMs` defaults to now.
export function viewerProof(name, path, timeMs) {
  const args = ['sign-envelopes', '--viewer', name, '--path', path, ...(timeMs ? ['--time', String(timeMs)] : [])];
  const r = spawnSync(toolBin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

// POST /api/submit; returns { status, body }.
// A committee in REGION (key 'committee') and `count` enrolment codes, written before the server
// starts: pass `prepare` to startServer, read `codes()` afterwards.
export function prepareRegion(count) {
  let codes;
  const prepare = dbPath => {
    const r = runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey('committee'), '--region',
                                String(REGION), '--name', '菊苑社区居委会']);
    if (r.status !== 0) throw new Error('add-committee failed: ' + r.stderr);
    const c = runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey('committee'),
                                '--region', String(REGION), '--count', String(count)]);
    if (c.status !== 0) throw new Error('issue-codes failed: ' + c.stderr);
    codes = c.stdout.trim().split('\n');
  };
  return { prepare, codes: () => codes };
}

export async function submit(url, wireHex, contentType = 'application/octet-stream') {
  const r = await fetch(url + '/api/submit', { method: 'POST', headers: { 'Content-Type': contentType },
                                               body: Buffer.from(wireHex, 'hex') });
  return { status: r.status, body: await r.json() };
}

// POST /api/submit, and throw unless the envelope was accepted (201).
export async function accepted(url, wireHex) {
  const r = await submit(url, wireHex);
  if (r.status !== 201) throw new Error(`submission refused with ${r.status}: ${JSON.stringify(r.body)}`);
}

// A plurality consultation in the vote stage, one resident per entry of `choices` (enrolled with
// `codes`) voting for that option, then advanced to evaluate: 1 + 3 * choices.length + 1 log entries.
// Pass onEntry to see the log grow (called with the number of entries submitted so far).
export async function populateVote(url, codes, choices, consultation = 7, onEntry = async () => {}) {
  let n = 0;
  const add = async wire => { await accepted(url, wire); await onEntry(++n); };
  await add(signOne({ key: 'committee', kind: 'consultation_open', sequence: 1, region: REGION, consultation,
    payload: { title: '小区停车方案', method: 1, options: [[1, '划线停车'], [2, '立体车库'], [3, '维持现状']],
               schedule: [[3, 0]] } }).wire);
  for (let i = 0; i < choices.length; ++i) {
    const key = `audit-resident-${i}`;
    const [enrol, bind, vote] = sign([
      { key, kind: 'enroll', sequence: 1, region: REGION, payload: { code: codes[i], display_name: `居民${i}` } },
      { key, kind: 'ballot_key_bind', sequence: 2, region: REGION, consultation, payload: { blinding: '5a'.repeat(32) } },
      { key, kind: 'vote', sequence: 1, region: REGION, consultation, payload: { method: 1, entries: [[choices[i], 1]] } }]);
    for (const w of [enrol, bind, vote]) await add(w.wire);
  }
  await add(signOne({ key: 'committee', kind: 'consultation_advance', sequence: 2, region: REGION,
                      consultation, payload: { stage: 4 } }).wire);
}

// A fault-injecting proxy on a free loopback port in front of `target`: every answer passes through, its
// body given to rewrite(path, status, body Buffer) first, which returns the body to send. Resolves with
// { url, close() }.
export async function startRewritingProxy(target, rewrite) {
  const proxy = http.createServer(async (req, res) => {
    const r = await fetch(target + req.url);
    const body = rewrite(req.url, r.status, Buffer.from(await r.arrayBuffer()));
    res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') });
    res.end(body);
  });
  await new Promise(resolve => proxy.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${proxy.address().port}`, close: () => proxy.close() };
}

// [Ballot stream] GET /api/consultations/{id}/ballots.bin (docs/protocol.md §15a), read and written
// independently of the C++ code, so the tests can tamper with it.
export function readBallotStream(buf) {
  let pos = 0;
  const take = n => { if (pos + n > buf.length) throw new Error('ballot stream cut short'); pos += n; return buf.subarray(pos - n, pos); };
  const u = n => take(n).reduce((v, b) => v * 256 + b, 0);
  const record = () => { const log_index = u(8); return { log_index, wire: Buffer.from(take(u(4))) }; };
  if (take(17).toString() !== 'yishi-ballots-v1\n') throw new Error('not a ballot stream');
  const s = { origin: take(u(4)).toString(), log_key: Buffer.from(take(32)) };
  s.checkpoint = take(u(4)).toString();
  s.consultation = u(8);
  s.open = record();
  s.close = u(1) ? record() : null;
  s.ballots = Array.from({ length: u(4) }, record);
  if (pos !== buf.length) throw new Error('ballot stream has trailing bytes');
  return s;
}
export function writeBallotStream(s) {
  const be = (v, n) => { const b = Buffer.alloc(n); for (let i = n - 1; i >= 0; --i, v = Math.floor(v / 256)) b[i] = v % 256; return b; };
  const text = t => Buffer.concat([be(Buffer.byteLength(t), 4), Buffer.from(t)]);
  const record = r => Buffer.concat([be(r.log_index, 8), be(r.wire.length, 4), r.wire]);
  return Buffer.concat([Buffer.from('yishi-ballots-v1\n'), text(s.origin), s.log_key, text(s.checkpoint), be(s.consultation, 8),
                        record(s.open), s.close ? Buffer.concat([Buffer.from([1]), record(s.close)]) : Buffer.from([0]),
                        be(s.ballots.length, 4), ...s.ballots.map(record)]);
}

// `yishi-server check --db`: { integrity, envelopes, leaves, ok, ... } parsed from its output.
export function checkDb(dbPath) {
  const r = runServerCommand(['check', '--db', dbPath]);
  const out = { status: r.status, text: r.stdout + r.stderr };
  for (const line of r.stdout.split('\n')) {
    const m = /^(\w+) (.+)$/.exec(line);
    if (m) out[m[1]] = /^\d+$/.test(m[2]) ? Number(m[2]) : m[2];
  }
  out.ok = r.status === 0 && /\nok\n?$/.test(r.stdout);
  return out;
}

// [Independent verifier] ------------------------------------------------------------------------
const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts.map(p => Buffer.from(p)))).digest();
const ENVELOPE_DOMAIN = Buffer.from('yishi/envelope/v1\0', 'binary');

function ed25519Key(raw) {
  return createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]), format: 'der',
                           type: 'spki' });
}

// Parses and verifies a checkpoint note (section 11); returns { size, root } or throws.
export function openCheckpoint(note, origin, serverKeyHex) {
  const split = note.lastIndexOf('\n\n');
  const body = note.slice(0, split + 1);
  const lines = body.split('\n');
  if (lines[0] !== origin) throw new Error('wrong origin');
  const key = Buffer.from(serverKeyHex, 'hex');
  const keyHash = sha256(Buffer.from(origin), Buffer.from([0x0a, 0x01]), key).subarray(0, 4);
  for (const sigLine of note.slice(split + 2).split('\n').filter(Boolean)) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(sigLine);
    if (!m || m[1] !== origin) continue;
    const blob = Buffer.from(m[2], 'base64');
    if (!blob.subarray(0, 4).equals(keyHash)) continue;
    if (!edVerify(null, Buffer.from(body), ed25519Key(key), blob.subarray(4))) throw new Error('bad checkpoint signature');
    return { size: BigInt(lines[1]), root: Buffer.from(lines[2], 'base64') };
  }
  throw new Error('no signature by the log key');
}

// RFC 9162 section 2.1.3.2.
export function rootFromInclusion(leafHash, index, size, proof) {
  let fn = BigInt(index), sn = BigInt(size) - 1n;
  if (fn > sn) throw new Error('index beyond size');
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0n) throw new Error('proof too long');
    if ((fn & 1n) === 1n || fn === sn) {
      r = sha256([1], p, r);
      if ((fn & 1n) === 0n) while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
    } else {
      r = sha256([1], r, p);
    }
    fn >>= 1n; sn >>= 1n;
  }
  if (sn !== 0n) throw new Error('proof too short');
  return r;
}

// RFC 9162 section 2.1.4.2: throws unless `proof` shows the tree (size1, root1) is a prefix of (size2, root2).
export function verifyConsistency(size1, size2, proof, root1, root2) {
  if (size1 > size2) throw new Error('size1 beyond size2');
  if (size1 === size2 || size1 === 0) {
    if (proof.length !== 0) throw new Error('proof should be empty');
    if (size1 === size2 && !root1.equals(root2)) throw new Error('same size, different roots');
    return;
  }
  if (proof.length === 0) throw new Error('empty proof');
  const path = (size1 & (size1 - 1)) === 0 ? [root1, ...proof] : proof;               // step 2
  let fn = BigInt(size1 - 1), sn = BigInt(size2 - 1);                                 // step 3
  while ((fn & 1n) === 1n) { fn >>= 1n; sn >>= 1n; }                                   // step 4
  let fr = path[0], sr = path[0];                                                      // step 5
  for (const c of path.slice(1)) {                                                     // step 6
    if (sn === 0n) throw new Error('proof too long');
    if ((fn & 1n) === 1n || fn === sn) {
      fr = sha256([1], c, fr); sr = sha256([1], c, sr);
      if ((fn & 1n) === 0n) while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
    } else {
      sr = sha256([1], sr, c);
    }
    fn >>= 1n; sn >>= 1n;
  }
  if (!fr.equals(root1) || !sr.equals(root2) || sn !== 0n) throw new Error('consistency proof invalid');  // step 7
}

// Sections 5 and 10: an envelope's id and leaf hash, after checking its own signature.
export function leafOf(wireHex) {
  const wire = Buffer.from(wireHex, 'hex');
  const body = wire.subarray(0, wire.length - 64), sig = wire.subarray(wire.length - 64);
  const author = body.subarray(2, 34);
  const signed = Buffer.concat([ENVELOPE_DOMAIN, body]);
  if (!edVerify(null, signed, ed25519Key(author), sig)) throw new Error('envelope signature');
  const id = sha256(signed);
  return { id, leaf: sha256([0], id, sig) };
}

// RFC 9162 section 2.1.1: the root of a list of leaf hashes (Buffers), computed from scratch.
export function merkleRoot(leaves) {
  if (leaves.length === 0) return sha256([]);
  let level = leaves;
  while (level.length > 1) {   // pairing left to right; an odd last node moves up unchanged (same MTH)
    const next = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(sha256([1], level[i], level[i + 1]));
    if (level.length % 2) next.push(level.at(-1));
    level = next;
  }
  return level[0];
}

// Section 12: the envelope's own signature, its leaf, the checkpoint, the inclusion proof.
export function verifyReceipt(wireHex, receipt, origin, serverKeyHex) {
  const { leaf } = leafOf(wireHex);
  if (leaf.toString('hex') !== receipt.leaf_hash) throw new Error('receipt_mismatch');
  const cp = openCheckpoint(receipt.checkpoint, origin, serverKeyHex);
  const root = rootFromInclusion(leaf, receipt.log_index, cp.size, receipt.inclusion_proof.map(h => Buffer.from(h, 'hex')));
  if (!root.equals(cp.root)) throw new Error('inclusion_proof_invalid');
  return cp;
}

// `yishi witness` for the log `logKey` ({origin, public_key} of /api/log-key), keeping its state in `dir`.
// Resolves with { proc, key (its verifier key), url, log() (its stderr), stop() } once it listens.
export function startWitness(dir, logKey) {
  const proc = spawn(toolBin, ['witness', '--dir', dir, '--log', `${logKey.origin}=${logKey.public_key}`],
                     { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stderr.on('data', d => { log += d; });
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise(r => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', d => {
      out += d;
      const k = /yishi witness key (\S+)\n/.exec(out), u = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (k && u) resolve({ proc, key: k[1], url: u[1], log: () => log, stop });
    });
    proc.on('exit', code => reject(new Error(`witness exited with ${code}: ${log}`)));
  });
}
