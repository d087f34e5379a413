// witness.test.mjs — witnesses (C2SP tlog-witness / tlog-cosignature; docs/audit.md "Witnesses") with
// real processes on loopback: `yishi witness` cosigning the checkpoints yishi-server pushes to it, the
// cosignature published with the checkpoint and in exports, and `yishi verify` / `yishi audit` with
// --witness-key. Tampering is played by real parts: a second server holding the same log key but
// another history (a fork), an older checkpoint sent back (a rollback), a proxy that strips the
// cosignature, and bundles whose cosignature is removed or altered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, statSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from './harness.mjs';
import { toolBin, prepareRegion, populateVote, startRewritingProxy } from './ledger_helpers.mjs';

const C = 7;
const ENTRIES = 1 + 5 * 3 + 1;   // populateVote with five residents
const work = mkdtempSync(path.join(tmpdir(), 'yishi-witness-'));
const keyFile = path.join(work, 'log.key');
const witnessDir = path.join(work, 'witness');
let a, b, witness, witnessUrl, witnessKey, logKey, firstNote, proxy, proxyUrl;
let witnessLog = '';

const yishi = (...args) => spawnSync(toolBin, args, { encoding: 'utf8' });
const yishiAsync = (...args) => new Promise(resolve => execFile(toolBin, args, { encoding: 'utf8' },
  (err, stdout, stderr) => resolve({ status: err ? err.code : 0, stdout, stderr })));
const checkpoint = async url => (await fetch(url + '/log/checkpoint')).text();
const cosigned = note => note.split('\n').some(l => l.startsWith('— ' + witnessKey.split('+')[0] + ' '));
const postWitness = body => fetch(witnessUrl + '/add-checkpoint', { method: 'POST', body });

async function until(what, cond, ms = 10000) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting until ' + what);
    await new Promise(r => setTimeout(r, 50));
  }
}

function startWitness() {
  const proc = spawn(toolBin, ['witness', '--dir', witnessDir, '--log', `${logKey.origin}=${logKey.public_key}`],
                     { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stderr.on('data', d => { witnessLog += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', d => {
      out += d;
      const k = /yishi witness key (\S+)\n/.exec(out), u = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (k && u) resolve({ proc, key: k[1], url: u[1] });
    });
    proc.on('exit', code => reject(new Error(`witness exited with ${code}: ${witnessLog}`)));
  });
}

async function saveExport(url, name, edit = x => x) {
  const r = await fetch(`${url}/api/consultations/${C}/export.json`);
  assert.equal(r.status, 200);
  const file = path.join(work, name);
  writeFileSync(file, JSON.stringify(edit(await r.json())));
  return file;
}

before(async () => {
  // The log key exists once the server first ran; the witness is then told it, and the server its witness.
  const dbA = path.join(work, 'a.db');
  const regionA = prepareRegion(5);
  a = await startServer(['--key-file', keyFile], regionA.prepare, undefined, { db: dbA, backend: 'sqlite' });
  logKey = await (await fetch(a.url + '/api/log-key')).json();
  await a.stop();
  ({ proc: witness, key: witnessKey, url: witnessUrl } = await startWitness());
  a = await startServer(['--rate-per-key', '0', '--key-file', keyFile, '--witness', `${witnessUrl}=${witnessKey}`],
                        null, undefined, { db: dbA, backend: 'sqlite' });
  await populateVote(a.url, regionA.codes(), [1, 1, 1, 2, 2], C, async n => {
    if (n !== 1) return;
    const note = await checkpoint(a.url), split = note.indexOf('\n\n') + 2;   // keep the log's line only
    firstNote = note.slice(0, split) + note.slice(split).split('\n')[0] + '\n';
  });
  await until('the last checkpoint is cosigned', async () => {
    const note = await checkpoint(a.url);
    return Number(note.split('\n')[1]) === ENTRIES && cosigned(note);
  });
  // A proxy that serves everything but strips the witness's line from the checkpoint.
  proxy = await startRewritingProxy(a.url, (url, status, body) => url !== '/log/checkpoint' ? body
    : Buffer.from(body.toString().split('\n').filter(l => !l.startsWith('— yishi-witness')).join('\n')));
  proxyUrl = proxy.url;
});
after(async () => {
  proxy?.close();
  await a?.stop();
  await b?.stop();
  if (witness?.exitCode === null) {
    const exited = new Promise(r => witness.once('exit', r));
    witness.kill('SIGTERM');
    await exited;
  }
  rmSync(work, { recursive: true, force: true });
});

test('the witness keeps its key private, cosigns what the server pushes, and the server publishes it', async () => {
  assert.equal(statSync(path.join(witnessDir, 'witness-key')).mode & 0o777, 0o600);
  const log = await (await fetch(a.url + '/api/log-key')).json();
  assert.deepEqual(log.witnesses, [witnessKey]);
  const note = await checkpoint(a.url);
  assert.ok(cosigned(note), note);
  // The witness serves the head it cosigned (tlog-witness monitoring), the same body.
  const originHash = createHash('sha256').update(logKey.origin).digest('hex');
  const seen = await (await fetch(`${witnessUrl}/${originHash}/checkpoint`)).text();
  assert.equal(seen.split('\n\n')[0], note.split('\n\n')[0]);
  assert.ok(cosigned(seen));
});

test('untampered, yishi verify and yishi audit with the witness key agree', async () => {
  const bundle = await saveExport(a.url, 'a.json');
  const v = yishi('verify', bundle, '--log-key', logKey.public_key, '--witness-key', witnessKey);
  assert.equal(v.status, 0, v.stderr);
  assert.equal(JSON.parse(v.stdout).witnessed, true);
  assert.match(v.stderr, /trusting witness yishi-witness/);
  const au = await yishiAsync('audit', a.url, '--dir', path.join(work, 'mirror-a'), '--witness-key', witnessKey);
  assert.equal(au.status, 0, au.stderr);
});

test('verify refuses a bundle whose checkpoint lost its cosignature, or carries a forged one, each with its own message', async () => {
  const strip = x => ({ ...x, checkpoint: x.checkpoint.split('\n').filter(l => !l.startsWith('— yishi-witness')).join('\n') });
  const forge = x => ({ ...x, checkpoint: x.checkpoint.replace(/(— yishi-witness\S+ \S{20})(\S)/,
                                                               (_, head, c) => head + (c === 'A' ? 'B' : 'A')) });
  const missing = yishi('verify', await saveExport(a.url, 'strip.json', strip), '--log-key', logKey.public_key,
                        '--witness-key', witnessKey);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /FAILED: not witnessed: the checkpoint carries no cosignature from a trusted witness/);
  const forged = yishi('verify', await saveExport(a.url, 'forge.json', forge), '--log-key', logKey.public_key,
                       '--witness-key', witnessKey);
  assert.equal(forged.status, 2);
  assert.match(forged.stderr, /FAILED: bad cosignature: a cosignature line naming a trusted witness/);
  // Without --witness-key the stripped bundle still verifies: only the log's signature is asked for.
  assert.equal(yishi('verify', path.join(work, 'strip.json'), '--log-key', logKey.public_key).status, 0);
  const badKey = yishi('verify', path.join(work, 'a.json'), '--log-key', logKey.public_key, '--witness-key', 'nonsense');
  assert.equal(badKey.status, 1);
  assert.match(badKey.stderr, /--witness-key nonsense: a witness key must be a verifier key/);
});

test('audit refuses a server that serves its checkpoint without the cosignature', async () => {
  const r = await yishiAsync('audit', proxyUrl, '--dir', path.join(work, 'mirror-proxy'), '--witness-key', witnessKey);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /LOG INVALID: not witnessed/);
});

test('the witness refuses a rollback, a stale old size, an unknown log and a checkpoint the log did not sign', async () => {
  const oldBody = 'old 0\n\n' + firstNote;   // the log's own signed checkpoint of size 1
  const stale = await postWitness(oldBody);
  assert.equal(stale.status, 409);
  assert.equal(stale.headers.get('content-type'), 'text/x.tlog.size');
  assert.equal(await stale.text(), `${ENTRIES}\n`);
  const rollback = await postWitness(`old ${ENTRIES}\n\n` + firstNote);
  assert.equal(rollback.status, 400);
  assert.match(await rollback.text(), /^witness_old_size_ahead: rollback/);
  const unknown = await postWitness('old 0\n\n' + firstNote.replaceAll(logKey.origin, 'another.example/log'));
  assert.equal(unknown.status, 404);
  const unsigned = await postWitness(`old ${ENTRIES}\n\n` + firstNote.replace(/\n— .*\n$/, `\n— ${logKey.origin} ${'A'.repeat(92)}\n`));
  assert.equal(unsigned.status, 403);
  assert.match(witnessLog, /refused yishi\.local\/log \(old 17, size 1\) with 400/);
});

test('a second server with the same log key and another history is refused as a fork, and stays uncosigned', async () => {
  const regionB = prepareRegion(5);
  b = await startServer(['--rate-per-key', '0', '--key-file', keyFile, '--witness', `${witnessUrl}=${witnessKey}`],
                        regionB.prepare);
  await populateVote(b.url, regionB.codes(), [3, 3, 3, 1, 2], C);
  await until('the fork is refused', async () => /witness_root_mismatch|consistency_proof_invalid/.test(b.log()));
  assert.match(b.log(), /witness http:\/\/[\d.:]+ refused the checkpoint of size 17: 422 witness_root_mismatch: fork/);
  assert.match(witnessLog, /refused yishi\.local\/log \(old 17, size 17\) with 422: witness_root_mismatch/);
  assert.ok(readdirSync(path.join(witnessDir, 'refused')).length >= 1, 'the refused signed checkpoint is kept as evidence');
  const note = await checkpoint(b.url);
  assert.ok(!cosigned(note), note);
  const v = yishi('verify', await saveExport(b.url, 'b.json'), '--log-key', logKey.public_key, '--witness-key', witnessKey);
  assert.equal(v.status, 2);
  assert.match(v.stderr, /not witnessed/);
  // The honest server's head is still the one the witness holds.
  const originHash = createHash('sha256').update(logKey.origin).digest('hex');
  const seen = await (await fetch(`${witnessUrl}/${originHash}/checkpoint`)).text();
  assert.equal(seen.split('\n\n')[0], (await checkpoint(a.url)).split('\n\n')[0]);
});
