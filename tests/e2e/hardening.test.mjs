// hardening.test.mjs — the server's defences and operator commands against a real server process:
// per-key and per-address rate limits (429 rate_limited + Retry-After, nothing stored, allowed again
// after waiting), key rotation and revocation (the identity continues under the new key, the old key is
// refused with key_rotated, a revoked key with key_revoked), an online backup taken under write load
// that `yishi-server check` accepts, and a log-key rotation after which old heads still verify.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, runServerCommand } from './harness.mjs';
import { REGION, signOne, sign, publicKey, submit, checkDb, openCheckpoint, verifyReceipt, prepareRegion } from './ledger_helpers.mjs';

// The size of the last signed head stored in a database (`yishi-server check`).
const checkDbHead = dbPath => checkDb(dbPath).checkpoint_size;

const sleep = ms => new Promise(r => setTimeout(r, ms));

const enroll = (key, code) => signOne({ key, kind: 'enroll', sequence: 1, region: REGION,
                                        payload: { code, display_name: '王喆' } }).wire;
const propose = (key, sequence, title = '加装电梯') =>
  signOne({ key, kind: 'propose', sequence, region: REGION, payload: { title, text: '请居委会考虑。' } }).wire;

test('a burst beyond the per-key limit gets 429 rate_limited with Retry-After, stores nothing, and passes after waiting', async () => {
  const region = prepareRegion(1);
  const server = await startServer(['--rate-per-key', '2', '--rate-per-address', '0'], region.prepare);
  try {
    assert.equal((await submit(server.url, enroll('rl-resident', region.codes()[0]))).status, 201);
    await sleep(1100);   // the bucket is full again: 2 tokens
    const answers = [];
    for (let seq = 2; seq <= 6; ++seq) {
      const r = await fetch(server.url + '/api/submit', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' },
                                                         body: Buffer.from(propose('rl-resident', seq), 'hex') });
      answers.push({ status: r.status, retry: r.headers.get('retry-after'), body: await r.json() });
    }
    assert.deepEqual(answers.map(a => a.status), [201, 201, 429, 429, 429]);
    for (const a of answers.slice(2)) {
      assert.equal(a.body.error.code, 'rate_limited');
      assert.ok(Number(a.retry) >= 1, `Retry-After is whole seconds: ${a.retry}`);
    }
    assert.equal(checkDb(server.dbPath).envelopes, 3, 'the refused submissions left nothing behind');
    await sleep(Number(answers[2].retry) * 1000 + 100);
    assert.equal((await submit(server.url, propose('rl-resident', 4))).status, 201, 'allowed again after Retry-After');
    const db = checkDb(server.dbPath);
    assert.equal(db.envelopes, 4);
    assert.ok(db.ok, db.text);
  } finally {
    await server.stop();
  }
});

test('reads beyond the per-address limit get 429 with Retry-After, and pass again after waiting', async () => {
  const server = await startServer(['--read-rate-per-address', '3']);
  try {
    const statuses = [];
    let retry = null;
    for (let i = 0; i < 6; ++i) {
      const r = await fetch(server.url + '/api/tree-head');
      statuses.push(r.status);
      if (r.status === 429) {
        retry = r.headers.get('retry-after');
        assert.equal((await r.json()).error.code, 'rate_limited');
      } else {
        await r.text();
      }
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429, 429]);
    await sleep(Number(retry) * 1000 + 100);
    assert.equal((await fetch(server.url + '/api/tree-head')).status, 200);
  } finally {
    await server.stop();
  }
});

test('key_rotate moves the identity to the new key; the old key is refused; key_revoke makes a key unusable', async () => {
  const region = prepareRegion(2);
  const server = await startServer([], region.prepare);
  try {
    const [codeA, codeB] = region.codes();
    assert.equal((await submit(server.url, enroll('rot-old', codeA))).status, 201);
    assert.equal((await submit(server.url, propose('rot-old', 2))).status, 201);
    // The new key signs its own proof; the old key signs the envelope.
    const rotate = signOne({ key: 'rot-old', kind: 'key_rotate', sequence: 3, region: REGION, payload: { new_key: 'rot-new' } });
    const r = await submit(server.url, rotate.wire);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    // The new key acts as the same resident, its sequence numbers starting at 1.
    assert.equal((await submit(server.url, propose('rot-new', 1, '新钥匙的提案'))).status, 201);
    const seq = await (await fetch(`${server.url}/api/authors/${publicKey('rot-new')}/sequence`)).json();
    assert.equal(seq.sequence, 1);
    // The old key is refused afterwards, with a specific code, and nothing is stored.
    let before = checkDb(server.dbPath).envelopes;
    let old = await submit(server.url, propose('rot-old', 4));
    assert.equal(old.status, 403);
    assert.equal(old.body.error.code, 'key_rotated');
    assert.equal(checkDb(server.dbPath).envelopes, before);
    // Rotating onto a key that is already someone's is refused.
    assert.equal((await submit(server.url, enroll('rot-other', codeB))).status, 201);
    const taken = await submit(server.url, signOne({ key: 'rot-new', kind: 'key_rotate', sequence: 2, region: REGION,
                                                    payload: { new_key: 'rot-other' } }).wire);
    assert.equal(taken.status, 409);
    assert.equal(taken.body.error.code, 'key_in_use');
    // Someone else may not revoke a resident's key; the key itself may.
    const stranger = await submit(server.url, signOne({ key: 'rot-other', kind: 'key_revoke', sequence: 2, region: REGION,
                                                       payload: { revoked_key: 'rot-new', reason: 2 } }).wire);
    assert.equal(stranger.status, 403);
    assert.equal(stranger.body.error.code, 'revoke_not_allowed');
    const revoke = await submit(server.url, signOne({ key: 'rot-new', kind: 'key_revoke', sequence: 2, region: REGION,
                                                     payload: { revoked_key: 'rot-new', reason: 2 } }).wire);
    assert.equal(revoke.status, 201, JSON.stringify(revoke.body));
    before = checkDb(server.dbPath).envelopes;
    const after = await submit(server.url, propose('rot-new', 3));
    assert.equal(after.status, 403);
    assert.equal(after.body.error.code, 'key_revoked');
    assert.equal(checkDb(server.dbPath).envelopes, before);
    // The committee of the region revokes a resident's lost key.
    const byCommittee = await submit(server.url, signOne({ key: 'committee', kind: 'key_revoke', sequence: 1, region: REGION,
                                                          payload: { revoked_key: 'rot-other', reason: 1 } }).wire);
    assert.equal(byCommittee.status, 201, JSON.stringify(byCommittee.body));
    assert.equal((await submit(server.url, propose('rot-other', 3))).body.error.code, 'key_revoked');
    assert.ok(checkDb(server.dbPath).ok);
  } finally {
    await server.stop();
  }
});

test('an online backup taken under write load opens and checks out; a log-key rotation keeps old heads verifiable', async () => {
  const residents = 8, perResident = 40;
  const region = prepareRegion(residents);
  const server = await startServer(['--rate-per-key', '0', '--rate-per-address', '0'], region.prepare);
  let oldKey, copyPath;
  try {
    const codes = region.codes();
    for (let i = 0; i < residents; ++i) assert.equal((await submit(server.url, enroll(`bk-${i}`, codes[i]))).status, 201);
    const specs = [];
    for (let i = 0; i < residents; ++i)
      for (let s = 2; s < perResident + 2; ++s)
        specs.push({ key: `bk-${i}`, kind: 'propose', sequence: s, region: REGION, payload: { title: `提案${s}`, text: '' } });
    const wires = sign(specs);
    let stop = false, accepted = 0;
    const writers = Array.from({ length: residents }, async (_, i) => {
      for (const w of wires.slice(i * perResident, (i + 1) * perResident)) {
        if (stop) return;
        const r = await submit(server.url, w.wire);
        assert.equal(r.status, 201, JSON.stringify(r.body));
        ++accepted;
      }
    });
    await sleep(200);
    const out = path.join(path.dirname(server.dbPath), 'backup.db');
    const b = runServerCommand(['backup', '--db', server.dbPath, '--out', out]);
    const acceptedAtBackup = accepted;
    assert.equal(b.status, 0, b.stderr);
    await Promise.all(writers);
    stop = true;
    assert.ok(existsSync(out));
    const copy = checkDb(out);
    assert.ok(copy.ok, copy.text);
    assert.ok(copy.envelopes >= residents + 1 && copy.envelopes <= residents + residents * perResident,
              `the copy holds a consistent prefix: ${copy.envelopes}`);
    console.log(`backup under load: ${copy.envelopes} envelopes in the copy, ${acceptedAtBackup} load submissions acknowledged when it ran`);
    const again = runServerCommand(['backup', '--db', server.dbPath, '--out', out]);
    assert.equal(again.status, 1, 'a backup never overwrites');

    // Rotate the log key on the copy (no server runs on it), then serve the rotated copy.
    oldKey = await (await fetch(server.url + '/api/log-key')).json();
    copyPath = path.join(mkdtempSync(path.join(tmpdir(), 'yishi-rotate-')), 'rotated.db');
    copyFileSync(out, copyPath);
  } finally {
    await server.stop();
  }
  const oldHead = checkDbHead(copyPath);
  const rot = runServerCommand(['rotate-server-key', '--db', copyPath]);
  assert.equal(rot.status, 0, rot.stderr);
  const rotated = await startServer([], dbPath => copyFileSync(copyPath, dbPath));
  try {
    const key = await (await fetch(rotated.url + '/api/log-key')).json();
    assert.notEqual(key.public_key, oldKey.public_key);
    assert.deepEqual(key.previous_keys.map(k => k.public_key), [oldKey.public_key], 'the old key stays published');
    assert.ok(oldHead > 0);
    const head = openCheckpoint(await (await fetch(rotated.url + '/api/tree-head')).text(), key.origin, key.public_key);
    assert.equal(Number(head.size), oldHead, 'the same log, its head now signed by the new key');
    const stored = checkDb(rotated.dbPath);
    assert.ok(stored.ok, 'the stored head signed by the previous key still checks out: ' + stored.text);
    const w = signOne({ key: 'bk-0', kind: 'propose', sequence: 1000, region: REGION, payload: { title: '轮换之后', text: '' } });
    const r = await submit(rotated.url, w.wire);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    verifyReceipt(w.wire, r.body, key.origin, key.public_key);
    assert.throws(() => openCheckpoint(r.body.checkpoint, key.origin, oldKey.public_key), 'new heads are not signed by the old key');
    assert.ok(checkDb(rotated.dbPath).ok);
  } finally {
    await rotated.stop();
  }
});
