// audit.test.mjs — anyone can mirror and audit the whole log (docs/audit.md): the tiles a real server
// serves, `yishi audit` over them, and `yishi verify` with a trusted key and a mirror. Tampering is
// played by real parts: a second server sharing the log key but with another history (a fork), a
// fault-injecting proxy in node that drops a ballot from the export, and doctored bundles whose totals
// are recomputed so that only the log can tell.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from './harness.mjs';
import { toolBin, prepareRegion, populateVote, startRewritingProxy } from './ledger_helpers.mjs';

const C = 7;
const work = mkdtempSync(path.join(tmpdir(), 'yishi-audit-'));
const keyFile = path.join(work, 'log.key');
let a, b, proxy, proxyUrl, logKey;

const yishi = (...args) => spawnSync(toolBin, args, { encoding: 'utf8' });
// Without blocking this process: the fault-injecting proxy runs in it.
const yishiAsync = (...args) => new Promise(resolve => execFile(toolBin, args, { encoding: 'utf8' },
  (err, stdout, stderr) => resolve({ status: err ? err.code : 0, stdout, stderr })));

const populate = (url, codes, choices) => populateVote(url, codes, choices, C);

before(async () => {
  const regionA = prepareRegion(5);
  a = await startServer(['--rate-per-key', '0', '--key-file', keyFile], regionA.prepare);
  await populate(a.url, regionA.codes(), [1, 1, 1, 2, 2]);
  logKey = await (await fetch(a.url + '/api/log-key')).json();
  // A fault-injecting proxy: everything passes through, except that exports lose their first ballot.
  proxy = await startRewritingProxy(a.url, (url, status, body) => {
    if (!/\/export\.json$/.test(url) || status !== 200) return body;
    const x = JSON.parse(body);
    x.ballots.shift();
    return Buffer.from(JSON.stringify(x));
  });
  proxyUrl = proxy.url;
});
after(async () => {
  proxy?.close();
  await a?.stop();
  await b?.stop();
});

test('the log is served as tlog tiles: hash tiles, entry bundles and envelope bundles that withhold bindings', async () => {
  const note = await (await fetch(a.url + '/log/checkpoint')).text();
  const size = Number(note.split('\n')[1]);
  assert.equal(size, 1 + 5 * 3 + 1);
  const tile = await fetch(`${a.url}/log/tile/0/000.p/${size}`);
  assert.equal(tile.status, 200);
  assert.match(tile.headers.get('cache-control'), /immutable/);
  assert.equal((await tile.arrayBuffer()).byteLength, 32 * size);
  const entries = Buffer.from(await (await fetch(`${a.url}/log/tile/entries/000.p/${size}`)).arrayBuffer());
  assert.equal(entries.length, size * (2 + 96));
  const envelopes = Buffer.from(await (await fetch(`${a.url}/log/tile/envelopes/000.p/${size}`)).arrayBuffer());
  let withheld = 0;
  for (let pos = 0; pos < envelopes.length;) {
    const n = envelopes.readUInt32BE(pos);
    if (envelopes[pos + 4] === 2) { ++withheld; assert.equal(n, 1 + 32 + 64); }
    pos += 4 + n;
  }
  assert.equal(withheld, 5, 'the five ballot-key bindings are withheld (id and signature only)');
  assert.equal((await fetch(`${a.url}/log/tile/0/000.p/${size + 1}`)).status, 404);
  assert.equal((await fetch(`${a.url}/log/tile/0/000`)).status, 404, 'no full tile before 256 entries');
  assert.equal((await fetch(`${a.url}/log/tile/0/x000/000.p/1`)).status, 404, 'one spelling per tile');
});

test('yishi audit mirrors the log, recounts the consultation and agrees with the published export', async () => {
  const dir = path.join(work, 'mirror');
  const r = yishi('audit', a.url, '--dir', dir, '--bench');
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, new RegExp(`key ${logKey.public_key}`));
  assert.match(r.stdout, /consultation 7: 5 ballots, winner 1/);
  assert.match(r.stdout, /bench: audit checked \d+ entries\/s; raw native verify \d+\/s/);
  assert.match(r.stdout, /agree/);
  const again = yishi('audit', a.url, '--dir', dir);   // resumes: the pinned key and checkpoint are reused
  assert.equal(again.status, 0, again.stderr);
  const otherKey = yishi('audit', a.url, '--dir', dir, '--log-key', 'ab'.repeat(32));
  assert.equal(otherKey.status, 2);
  assert.match(otherKey.stderr, /not the one this mirror pinned/);
});

test('a ballot dropped from the export is caught by yishi audit', async () => {
  const r = await yishiAsync('audit', proxyUrl, '--dir', path.join(work, 'mirror-proxy'));
  assert.equal(r.status, 3, r.stderr + r.stdout);
  assert.match(r.stderr, /consultation 7: 1 ballot\(s\) in the log are missing from the export/);
});

test('yishi verify needs a trusted log key, refuses another log, and with the mirror proves the bundle complete', async () => {
  const bundle = await (await fetch(`${a.url}/api/consultations/${C}/export.json`)).json();
  const file = path.join(work, 'bundle.json');
  writeFileSync(file, JSON.stringify(bundle));
  const noKey = yishi('verify', file);
  assert.equal(noKey.status, 1);
  assert.match(noKey.stderr, /give the log key you trust/);
  const ok = yishi('verify', file, '--log-key-file', path.join(work, 'mirror', 'log-key'), '--log', path.join(work, 'mirror'));
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stderr, new RegExp(`trusting log key ${logKey.public_key} of ${logKey.origin}`));
  assert.equal(JSON.parse(ok.stdout).complete, true);
  const wrongKey = yishi('verify', file, '--log-key', 'cd'.repeat(32));
  assert.equal(wrongKey.status, 2);
  assert.match(wrongKey.stderr, /from another log/);

  // Drop every ballot for option 1 and recompute the unsigned totals, outcome and tally: the bundle is
  // self-consistent (verify without the log passes), but the log says what is missing.
  const doctored = structuredClone(bundle);
  const option1 = new Set();
  for (const [i, t] of bundle.totals.entries()) if (t.option_id === 1) option1.add(i);
  doctored.ballots = bundle.ballots.filter(x => {
    const wire = Buffer.from(x.wire, 'hex');
    return wire.readUInt32BE(wire.length - 64 - 12) !== 1;   // the single entry's option id (plurality)
  });
  assert.equal(doctored.ballots.length, 2);
  doctored.totals = bundle.totals.map(t => ({ ...t, total: t.option_id === 2 ? 2 : 0 }));
  doctored.outcome = { counting: bundle.outcome.counting, winner: 2, ranking: [2, 1, 3], valid: 2, invalid: 0 };
  doctored.tally = { ...bundle.tally, winner: 2, ranking: [2, 1, 3], totals: [0, 2, 0], votes: [0, 2, 0], ballots: 2,
                     valid: 2 };
  writeFileSync(file, JSON.stringify(doctored));
  const selfConsistent = yishi('verify', file, '--log-key', logKey.public_key);
  assert.equal(selfConsistent.status, 0, 'the doctoring recomputed everything: ' + selfConsistent.stderr);
  const caught = yishi('verify', file, '--log-key', logKey.public_key, '--log', path.join(work, 'mirror'));
  assert.equal(caught.status, 2);
  assert.match(caught.stderr, /incomplete: the log's counted ballot at index \d+ is missing from the bundle \(5 in the log, 2 in the bundle\)/);

  // A stage that contradicts the bundle's own close, or the log's advances.
  writeFileSync(file, JSON.stringify({ ...bundle, stage: 5 }));
  const closedWithoutClose = yishi('verify', file, '--log-key', logKey.public_key);
  assert.equal(closedWithoutClose.status, 2);
  assert.match(closedWithoutClose.stderr, /closed \(stage 5\) but carries no close/);
  writeFileSync(file, JSON.stringify({ ...bundle, stage: 3 }));
  const behind = yishi('verify', file, '--log-key', logKey.public_key, '--log', path.join(work, 'mirror'));
  assert.equal(behind.status, 2);
  assert.match(behind.stderr, /says stage 3 but the log's committee advanced it to 4/);
});

test('a fork (another history under the same log key) is caught by yishi audit against its mirror', async () => {
  const regionB = prepareRegion(5);
  b = await startServer(['--rate-per-key', '0', '--key-file', keyFile], regionB.prepare);
  await populate(b.url, regionB.codes(), [2, 2, 1, 2, 2]);
  const r = yishi('audit', b.url, '--dir', path.join(work, 'mirror'));
  assert.equal(r.status, 2, r.stderr + r.stdout);
  assert.match(r.stderr, /LOG INVALID: fork: the checkpoint of size 17 seen before has root [0-9a-f]{64}, but the log now has [0-9a-f]{64}/);
});
