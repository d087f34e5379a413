// submit.test.mjs — signed submissions through the real server: wire form and limits, receipts checked
// by an independent verifier, replays and retries, and the authorization and stage rules. Every refusal
// must leave the ledger exactly as it was (counts read back with `yishi-server check`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, runServerCommand } from './harness.mjs';
import { REGION, toolBin, signOne, publicKey, submit, checkDb, verifyReceipt, openCheckpoint } from './ledger_helpers.mjs';

const OTHER_REGION = 320506;
const C = 7;   // the consultation every test talks about
let server, codes, otherCode, logKey;

before(async () => {
  // One key signs faster than the 5/s per-key limit here; the limits are tested in hardening.test.mjs.
  server = await startServer(['--rate-per-key', '0'], dbPath => {
    const add = (cmd, name, region) => {
      const r = runServerCommand([cmd, '--db', dbPath, '--key', publicKey(name), '--region', String(region), '--name', name]);
      assert.equal(r.status, 0, r.stderr);
    };
    add('add-committee', 'committee', REGION);
    add('add-committee', 'other-committee', OTHER_REGION);
    add('add-moderator', 'moderator', REGION);
    const issue = (name, region, count) => {
      const r = runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey(name),
                                  '--region', String(region), '--count', String(count)]);
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim().split('\n');
    };
    codes = issue('committee', REGION, 4);
    [otherCode] = issue('other-committee', OTHER_REGION, 1);
    const refused = runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey('moderator'),
                                      '--region', String(REGION), '--count', '1']);
    assert.equal(refused.status, 1, 'only a committee issues codes');
  });
  logKey = await (await fetch(server.url + '/api/log-key')).json();
});
after(async () => { await server?.stop(); });

const counts = () => { const c = checkDb(server.dbPath); return { envelopes: c.envelopes, leaves: c.leaves }; };

// Submits and asserts the refusal left the ledger untouched.
async function refused(wire, status, code, contentType) {
  const before = counts();
  const r = await submit(server.url, wire, contentType);
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.body.error.code, code);
  assert.deepEqual(counts(), before, 'a refusal changes nothing');
}

async function accepted(wire) {
  const r = await submit(server.url, wire);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  verifyReceipt(wire, r.body, logKey.origin, logKey.public_key);
  return r.body;
}

const open = {
  key: 'committee', kind: 'consultation_open', sequence: 1, region: REGION, consultation: C,
  payload: { title: '加装电梯方案征求意见', method: 2, method_param: 2, options: [[1, '方案一'], [2, '方案二'], [3, '暂不加装']],
             schedule: [[2, 1764288000000], [3, 4102444800000]] },   // deliberation since 2025-11-28; the vote in 2100 unless advanced
};

test('the wire form is strict: content type, size, decoding and signature are checked first', async () => {
  const { wire } = signOne(open);
  await refused(wire, 415, 'unsupported_media_type', 'application/json');
  await refused('00'.repeat(65536 + 65), 413, 'payload_too_large');
  await refused(wire.slice(0, 100), 400, 'envelope_truncated');
  await refused('02' + wire.slice(2), 400, 'envelope_unknown_version');
  const flipped = wire.slice(0, -2) + (wire.endsWith('00') ? '01' : '00');
  await refused(flipped, 400, 'bad_signature');
  const big = await fetch(server.url + '/api/submit', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' },
                                                        body: Buffer.alloc(2 << 20) });
  assert.equal(big.status, 413);
  assert.equal((await big.json()).error.code, 'payload_too_large');
});

test('a committee opens a consultation in its region and gets a receipt that verifies independently', async () => {
  await refused(signOne({ ...open, key: 'resident-a' }).wire, 403, 'not_committee');
  await refused(signOne({ ...open, key: 'other-committee' }).wire, 403, 'wrong_region');
  const { wire } = signOne(open);
  const receipt = await accepted(wire);
  assert.equal(receipt.log_index, 0);
  const head = await (await fetch(server.url + '/api/tree-head')).text();
  const cp = openCheckpoint(head, logKey.origin, logKey.public_key);
  assert.ok(cp.size >= 1n);
  assert.ok(logKey.verifier_key.startsWith(logKey.origin + '+'));
  const again = await (await fetch(`${server.url}/api/envelopes/${receipt.envelope_id}/receipt`)).json();
  assert.equal(again.log_index, 0);
  verifyReceipt(wire, again, logKey.origin, logKey.public_key);
  await refused(signOne({ ...open, sequence: 2 }).wire, 409, 'consultation_exists');
});

test('residents enrol with a single-use code of their own region', async () => {
  const enroll = (key, code, region = REGION, sequence = 1) =>
    signOne({ key, kind: 'enroll', sequence, region, payload: { code, display_name: '王小明' } }).wire;
  await refused(enroll('resident-a', 'NOT-A-CODE'), 403, 'bad_enrollment_code');
  await refused(enroll('resident-a', otherCode), 403, 'wrong_region');
  await accepted(enroll('resident-a', codes[0]));
  await refused(enroll('resident-b', codes[0]), 403, 'bad_enrollment_code');
  await refused(enroll('resident-a', codes[1], REGION, 2), 409, 'already_enrolled');
  await accepted(enroll('resident-b', codes[1]));
  await accepted(enroll('outsider', otherCode, OTHER_REGION));
});

test('replays and retries: the same envelope returns its receipt; a reused or old sequence is refused', async () => {
  const c1 = signOne({ key: 'resident-a', kind: 'comment', sequence: 5, region: REGION, consultation: C,
                       payload: { text: '支持方案一。' } });
  const first = await accepted(c1.wire);
  const retry = await submit(server.url, c1.wire);
  assert.equal(retry.status, 200);
  assert.equal(retry.body.duplicate, true);
  assert.equal(retry.body.log_index, first.log_index);
  verifyReceipt(c1.wire, retry.body, logKey.origin, logKey.public_key);

  const conflicting = signOne({ key: 'resident-a', kind: 'comment', sequence: 5, region: REGION, consultation: C,
                                payload: { text: '改主意了。' } });
  await refused(conflicting.wire, 409, 'sequence_conflict');
  const older = signOne({ key: 'resident-a', kind: 'comment', sequence: 4, region: REGION, consultation: C,
                          payload: { text: '旧的。' } });
  await refused(older.wire, 409, 'replayed_sequence');
  const seq = await (await fetch(`${server.url}/api/authors/${c1.author}/sequence`)).json();
  assert.equal(seq.sequence, 5);
  const none = await (await fetch(`${server.url}/api/authors/${publicKey('nobody')}/sequence`)).json();
  assert.equal(none.sequence, 0);
  const bad = await fetch(`${server.url}/api/authors/xyz/sequence`);
  assert.equal(bad.status, 404);
});

test('residents act only where they are enrolled and when the stage allows it', async () => {
  const comment = (key, sequence, region = REGION) => signOne({ key, kind: 'comment', sequence, region, consultation: C,
                                                                 payload: { text: '意见' } }).wire;
  await refused(comment('stranger', 1), 403, 'not_enrolled');
  await refused(comment('outsider', 2, REGION), 403, 'wrong_region');
  await refused(signOne({ key: 'resident-b', kind: 'propose', sequence: 2, region: REGION, consultation: C,
                          payload: { title: '新需求' } }).wire, 403, 'stage_over');   // needs collection is over
  await refused(signOne({ key: 'resident-b', kind: 'ballot_key_bind', sequence: 2, region: REGION, consultation: C }).wire,
                403, 'wrong_stage');
  await refused(signOne({ key: 'resident-b', kind: 'comment', sequence: 2, region: REGION, consultation: 99,
                          payload: { text: '?' } }).wire, 422, 'unknown_consultation');
  await accepted(comment('resident-b', 2));
});

test('stages move forward only by their committee; a later vote from the same resident replaces the earlier', async () => {
  const advance = (key, sequence, stage) => signOne({ key, kind: 'consultation_advance', sequence, region: REGION,
                                                       consultation: C, payload: { stage } }).wire;
  await refused(advance('moderator', 1, 3), 403, 'not_committee');
  await refused(advance('committee', 3, 2), 403, 'wrong_stage');
  await accepted(advance('committee', 3, 3));

  const vote = (sequence, entries) => signOne({ key: 'resident-a', kind: 'vote', sequence, region: REGION, consultation: C,
                                                payload: { method: 2, entries } }).wire;
  await refused(vote(1, [[1, 1]]), 403, 'not_enrolled');   // no ballot key bound yet
  const bind = (sequence) => signOne({ key: 'resident-a', kind: 'ballot_key_bind', sequence, region: REGION, consultation: C,
                                       payload: { blinding: 'ab'.repeat(32) } }).wire;
  await accepted(bind(6));
  await refused(bind(7), 409, 'already_bound');
  await refused(vote(1, [[1, 1], [2, 1], [3, 1]]), 422, 'ballot_invalid');   // approval of at most 2
  await accepted(vote(1, [[1, 1]]));
  await accepted(vote(2, [[2, 1], [3, 1]]));
  await refused(vote(1, [[3, 1]]), 409, 'sequence_conflict');
  await refused(signOne({ key: 'resident-b', kind: 'comment', sequence: 3, region: REGION, consultation: C,
                          payload: { text: 'x' } }).wire.slice(0, 10), 400, 'envelope_truncated');
});

test('moderators hide and restore comments of their region; nobody else can', async () => {
  const target = signOne({ key: 'resident-b', kind: 'comment', sequence: 5, region: REGION, consultation: C,
                           payload: { text: '不文明的话' } });
  await accepted(target.wire);
  const moderate = (key, sequence, action, t = target.id) => signOne({ key, kind: 'moderate', sequence, region: REGION,
    consultation: C, payload: { target: t, action, reason: '人身攻击' } }).wire;
  await refused(moderate('resident-a', 9, 1), 403, 'not_moderator');
  await refused(moderate('moderator', 1, 1, 'cd'.repeat(32)), 422, 'unknown_target');
  await accepted(moderate('moderator', 2, 1));
  await accepted(moderate('moderator', 3, 2));
});

test('exports: hidden during the vote; then the JSON bundle verifies offline with the latest ballot per resident; the CSV is spreadsheet-safe', async () => {
  // While the vote runs the ballots would show the result, which stays hidden for everyone.
  const early = await fetch(`${server.url}/api/consultations/${C}/export.json`);
  assert.equal(early.status, 403);
  assert.equal((await early.json()).error.code, 'results_hidden');
  const cliEarly = runServerCommand(['export', '--db', server.dbPath, '--consultation', String(C)]);
  assert.equal(cliEarly.status, 1);
  assert.match(cliEarly.stderr, /results_hidden/);
  const advanceTo = (sequence, consultation, stage) => signOne({ key: 'committee', kind: 'consultation_advance', sequence,
    region: REGION, consultation, payload: { stage } }).wire;
  await accepted(advanceTo(4, C, 4));

  const r = await fetch(`${server.url}/api/consultations/${C}/export.json`);
  assert.equal(r.status, 200);
  const bundle = await r.json();
  assert.equal(bundle.ballots.length, 1, 'one resident voted twice: only the later ballot counts');
  assert.deepEqual(bundle.totals.map(t => t.total), [0, 1, 1]);
  assert.deepEqual(bundle.outcome, { counting: 'approval', winner: 2, ranking: [2, 3, 1], valid: 1, invalid: 0 });
  const dir = mkdtempSync(path.join(tmpdir(), 'yishi-export-'));
  const file = path.join(dir, 'bundle.json');
  writeFileSync(file, JSON.stringify(bundle));
  const ok = spawnSync(toolBin, ['verify', file, '--log-key', bundle.log_key], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).verified, true);
  for (const tamper of [b => { b.totals[0].total = 1; }, b => { b.ballots[0].inclusion_proof.pop(); },
                        b => { b.checkpoint = b.checkpoint.replace(/\n\d+\n/, '\n999\n'); },
                        b => { b.outcome.ranking.reverse(); }]) {
    const bad = structuredClone(bundle);
    tamper(bad);
    writeFileSync(file, JSON.stringify(bad));
    const v = spawnSync(toolBin, ['verify', file, '--log-key', bundle.log_key], { encoding: 'utf8' });
    assert.equal(v.status, 2, v.stdout);
    assert.match(v.stderr, /FAILED/);
  }

  // A consultation whose option labels look like spreadsheet formulas.
  const C2 = 8;
  await accepted(signOne({ key: 'committee', kind: 'consultation_open', sequence: 10, region: REGION, consultation: C2,
    payload: { title: '公式', method: 1, options: [[1, '=HYPERLINK("http://x")'], [2, '-2+3, "引号"']], schedule: [[3, 0]] } }).wire);
  await accepted(signOne({ key: 'resident-b', kind: 'ballot_key_bind', sequence: 10, region: REGION, consultation: C2,
                           payload: { blinding: '01'.repeat(32) } }).wire);
  await accepted(signOne({ key: 'resident-b', kind: 'vote', sequence: 1, region: REGION, consultation: C2,
                           payload: { method: 1, entries: [[1, 1]] } }).wire);
  await accepted(advanceTo(11, C2, 4));
  const csv = await fetch(`${server.url}/api/consultations/${C2}/export.csv`);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const text = Buffer.from(await csv.arrayBuffer()).toString('utf8');
  // The operator's CLI gives the same bytes.
  const cli = runServerCommand(['export', '--db', server.dbPath, '--consultation', String(C2), '--format', 'csv']);
  assert.equal(cli.status, 0, cli.stderr);
  assert.equal(cli.stdout, text);
  assert.ok(text.startsWith('\uFEFFballot_key,sequence,log_index,option_id,option_label,value\r\n'));
  assert.match(text, /,1,"'=HYPERLINK\(""http:\/\/x""\)",1\r\n$/);
  const missing = await fetch(`${server.url}/api/consultations/999/export.json`);
  assert.equal(missing.status, 404);
});

test('the ledger checks out: integrity ok, leaves match the stored envelopes, root = last signed head', async () => {
  const c = checkDb(server.dbPath);
  assert.equal(c.integrity, 'ok');
  assert.equal(c.leaves_match, 'ok');
  assert.equal(c.checkpoint_root, 'ok');
  assert.equal(c.envelopes, c.checkpoint_size);
  assert.ok(c.ok, c.text);
});
