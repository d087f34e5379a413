// moderation-targets.test.mjs — issue 20: a moderator hides (and restores) not only comments but a
// proposal, a feedback text and a display name, through the real server on loopback. Each hide takes the
// text out of every public read (proposals, comments' author names, feedback endpoints, the resident
// endpoint), withholds the target's bytes from the log's envelope bundles while the moderate envelope
// itself is logged; a restore brings everything back. A resident, a moderator of another region, and
// targets that do not fit are refused with their specific codes, and a refusal leaves the ledger (counts
// read back with `yishi-server check`) and what the API serves exactly as they were. Finally the export's
// opinion section and `yishi audit` agree with what is hidden.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, runServerCommand } from './harness.mjs';
import { REGION, toolBin, signOne, publicKey, submit, checkDb } from './ledger_helpers.mjs';

const OTHER_REGION = 320506;
const C = 51;
const NOW = Date.now();
let server;
const seq = {};
const ids = {};

// Signs with the key's next sequence number (kept only when the server accepts).
function signNext(spec) {
  return signOne({ region: REGION, sequence: (seq[spec.key] || 0) + 1, ...spec });
}
async function accept(spec) {
  const s = signNext(spec);
  const r = await submit(server.url, s.wire);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  seq[spec.key] = (seq[spec.key] || 0) + 1;
  return { ...s, log_index: r.body.log_index };
}
const get = async p => { const r = await fetch(server.url + p); assert.equal(r.status, 200, p); return r.json(); };
const proposals = () => get(`/api/consultations/${C}/proposals?sort=oldest`);
const comments = () => get(`/api/consultations/${C}/comments?sort=oldest`);
const resident = name => get(`/api/residents/${publicKey(name)}`);
const feedback = () => get(`/api/feedback/${ids.feedback.id}`);

// Everything a refusal must leave alone: the ledger's counts and the public reads.
async function snapshot() {
  const c = checkDb(server.dbPath);
  return { envelopes: c.envelopes, leaves: c.leaves, proposals: await proposals(), comments: await comments(),
           name: await resident('t-fake'), feedback: await feedback(), queue: await get(`/api/feedback?region=${REGION}`) };
}
async function refused(spec, status, code) {
  const before = await snapshot();
  const r = await submit(server.url, signNext(spec).wire);
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.body.error.code, code);
  assert.deepEqual(await snapshot(), before, `a refusal (${code}) changes nothing`);
}
const moderate = (key, target, action, extra = {}) =>
  ({ key, kind: 'moderate', payload: { target, action, reason: '人身攻击' }, ...extra });

// The log's envelope bundle: per log index, 1 (the wire) or 2 (withheld: id and signature only).
async function recordKinds() {
  const note = await (await fetch(server.url + '/log/checkpoint')).text();
  const size = Number(note.split('\n')[1]);
  assert.ok(size < 256, 'one partial tile');
  const b = Buffer.from(await (await fetch(`${server.url}/log/tile/envelopes/000.p/${size}`)).arrayBuffer());
  const kinds = [];
  for (let pos = 0; pos < b.length; pos += 4 + b.readUInt32BE(pos)) kinds.push(b[pos + 4]);
  assert.equal(kinds.length, size);
  return kinds;
}

before(async () => {
  server = await startServer(['--rate-per-key', '0'], dbPath => {
    const add = (cmd, name, region) => {
      const r = runServerCommand([cmd, '--db', dbPath, '--key', publicKey(name), '--region', String(region), '--name', name]);
      assert.equal(r.status, 0, r.stderr);
    };
    add('add-committee', 't-committee', REGION);
    add('add-moderator', 't-moderator', REGION);
    add('add-moderator', 't-far-moderator', OTHER_REGION);
    const c = runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey('t-committee'),
                                '--region', String(REGION), '--count', '2']);
    assert.equal(c.status, 0, c.stderr);
    const [a, b] = c.stdout.trim().split('\n');
    ids.codes = [a, b];
  });
  await accept({ key: 't-committee', kind: 'consultation_open', consultation: C, payload: {
    title: '小区充电桩选址', method: 1, options: [[1, '东门'], [2, '西门']],
    schedule: [[1, NOW - 60000], [3, NOW + 86400000]] } });
  ids.enrollZhe = await accept({ key: 't-zhe', kind: 'enroll', payload: { code: ids.codes[0], display_name: '张喆' } });
  ids.enrollFake = await accept({ key: 't-fake', kind: 'enroll', payload: { code: ids.codes[1], display_name: '居委会主任（官方）' } });
  ids.fine = await accept({ key: 't-zhe', kind: 'propose', consultation: C, payload: { title: '东门增设充电桩', text: '电动车多' } });
  ids.abuse = await accept({ key: 't-fake', kind: 'propose', consultation: C, payload: { title: '某某是骗子', text: '辱骂邻居的话' } });
  ids.regionNeed = await accept({ key: 't-fake', kind: 'propose', payload: { title: '加微信买保健品', text: '' } });   // no consultation
  await accept({ key: 't-zhe', kind: 'react', consultation: C, payload: { target: ids.abuse.id, reaction: 2 } });
  await accept({ key: 't-fake', kind: 'react', consultation: C, payload: { target: ids.fine.id, reaction: 1 } });
  ids.comment = await accept({ key: 't-fake', kind: 'comment', consultation: C, payload: { text: '请大家听我的' } });
  ids.feedback = await accept({ key: 't-fake', kind: 'feedback', payload: { category: 5, text: '3号楼的王某某家里很脏，电话138…' } });
});
after(async () => { await server?.stop(); });

test('a proposal is hidden with a reason, withheld from the log\'s bundles, and restored; nobody else can', async () => {
  await refused(moderate('t-zhe', ids.abuse.id, 1, { consultation: C }), 403, 'not_moderator');
  await refused(moderate('t-far-moderator', ids.abuse.id, 1, { consultation: C }), 403, 'wrong_region');
  await refused(moderate('t-far-moderator', ids.abuse.id, 1, { region: OTHER_REGION }), 403, 'wrong_region');
  await refused(moderate('t-moderator', 'cd'.repeat(32), 1), 422, 'unknown_target');
  await refused(moderate('t-moderator', ids.abuse.id, 1, { consultation: C + 1 }), 422, 'unknown_target');

  const hide = await accept(moderate('t-moderator', ids.abuse.id, 1, { consultation: C }));
  const p = (await proposals()).items;
  assert.deepEqual(p.map(x => x.id), [ids.fine.id, ids.abuse.id], 'a hidden proposal keeps its place');
  assert.deepEqual([p[1].hidden, p[1].title, p[1].text, p[1].hidden_reason], [true, '', '', '人身攻击']);
  assert.deepEqual([p[0].hidden, p[0].title, p[0].hidden_reason], [false, '东门增设充电桩', '']);
  const kinds = await recordKinds();
  assert.equal(kinds[ids.abuse.log_index], 2, 'the hidden proposal\'s bytes are withheld');
  assert.equal(kinds[hide.log_index], 1, 'the moderate envelope itself is published');
  assert.equal(kinds[ids.fine.log_index], 1);
  const logged = await get(`/api/authors/${publicKey('t-moderator')}/envelopes`);
  assert.deepEqual(logged.items.map(x => [x.envelope_id, x.kind]), [[hide.id, 'moderate']]);

  await accept(moderate('t-moderator', ids.abuse.id, 2));   // the consultation is optional
  const back = (await proposals()).items[1];
  assert.deepEqual([back.hidden, back.title, back.text, back.hidden_reason], [false, '某某是骗子', '辱骂邻居的话', '']);
  assert.equal((await recordKinds())[ids.abuse.log_index], 1, 'restored: the bytes are published again');

  // A need of the whole region (no consultation) is a proposal too; it stays hidden from here on.
  await refused(moderate('t-moderator', ids.regionNeed.id, 1, { consultation: C }), 422, 'unknown_target');
  await accept(moderate('t-moderator', ids.regionNeed.id, 1));
  assert.equal((await recordKinds())[ids.regionNeed.log_index], 2);
});

test('a feedback text is hidden on every feedback endpoint and restored; its status stays', async () => {
  await refused(moderate('t-zhe', ids.feedback.id, 1), 403, 'not_moderator');
  await refused(moderate('t-far-moderator', ids.feedback.id, 1, { region: OTHER_REGION }), 403, 'wrong_region');
  await refused(moderate('t-moderator', ids.feedback.id, 1, { consultation: C }), 422, 'unknown_target');

  await accept({ ...moderate('t-moderator', ids.feedback.id, 1), payload: { target: ids.feedback.id, action: 1, reason: '泄露隐私' } });
  const one = await feedback();
  assert.deepEqual([one.text, one.hidden, one.hidden_reason, one.status], ['', true, '泄露隐私', 'received']);
  const queue = await get(`/api/feedback?region=${REGION}`);
  assert.deepEqual(queue.items.map(i => [i.id, i.text, i.hidden]), [[ids.feedback.id, '', true]]);
  const own = await get(`/api/authors/${publicKey('t-fake')}/feedback`);
  assert.equal(own.items[0].text, '', 'hidden on the author\'s own list too');
  assert.equal((await recordKinds())[ids.feedback.log_index], 2);

  await accept(moderate('t-moderator', ids.feedback.id, 2));
  const back = await feedback();
  assert.deepEqual([back.text, back.hidden, back.hidden_reason], ['3号楼的王某某家里很脏，电话138…', false, '']);
  assert.equal((await recordKinds())[ids.feedback.log_index], 1);
});

test('a display name is hidden wherever it is shown and restored; only a moderator of its region can', async () => {
  await refused(moderate('t-zhe', ids.enrollFake.id, 1), 403, 'not_moderator');
  await refused(moderate('t-far-moderator', ids.enrollFake.id, 1), 403, 'wrong_region');
  await refused(moderate('t-moderator', ids.enrollFake.id, 1, { consultation: C }), 422, 'unknown_target');

  await accept(moderate('t-moderator', ids.enrollFake.id, 1));
  const r = await resident('t-fake');
  assert.deepEqual([r.enrolled, r.display_name, r.display_name_hidden, r.hidden_reason], [true, '', true, '人身攻击']);
  assert.equal((await resident('t-zhe')).display_name, '张喆', 'only that name');
  assert.deepEqual((await proposals()).items.map(x => x.author_name), ['张喆', '']);
  assert.deepEqual((await comments()).items.map(x => [x.author_name, x.text]), [['', '请大家听我的']],
                   'the comment itself stays; its author shows no name');
  assert.equal((await recordKinds())[ids.enrollFake.log_index], 2, 'the enrolment\'s bytes (the name) are withheld');

  await accept(moderate('t-moderator', ids.enrollFake.id, 2));
  assert.equal((await resident('t-fake')).display_name, '居委会主任（官方）');
  assert.deepEqual((await proposals()).items.map(x => x.author_name), ['张喆', '居委会主任（官方）']);
  assert.equal((await recordKinds())[ids.enrollFake.log_index], 1);
});

test('GET /api/moderation/content lists a region\'s needs, feedback texts and names newest first, hidden ones as readers see them', async () => {
  const content = (kind, region = REGION) => get(`/api/moderation/content?region=${region}&kind=${kind}`);
  const needs = await content('needs');
  assert.equal(needs.total, 3);
  assert.deepEqual(needs.items.map(i => [i.id, i.consultation, i.title, i.author_name, i.hidden, i.hidden_reason]),
                   [[ids.regionNeed.id, 0, '', '居委会主任（官方）', true, '人身攻击'],   // hidden in the first test
                    [ids.abuse.id, C, '某某是骗子', '居委会主任（官方）', false, ''],
                    [ids.fine.id, C, '东门增设充电桩', '张喆', false, '']]);
  assert.equal(needs.items[2].text, '电动车多');
  const fb = await content('feedback');
  assert.deepEqual(fb.items.map(i => [i.id, i.consultation, i.text, i.author_name, i.hidden]),
                   [[ids.feedback.id, 0, '3号楼的王某某家里很脏，电话138…', '', false]], 'no author on feedback');
  const names = await content('names');
  assert.deepEqual(names.items.map(i => [i.id, i.text, i.hidden]),
                   [[ids.enrollFake.id, '居委会主任（官方）', false], [ids.enrollZhe.id, '张喆', false]]);
  const page = await get(`/api/moderation/content?region=${REGION}&kind=names&limit=1&offset=1`);
  assert.deepEqual([page.total, page.items.map(i => i.id)], [2, [ids.enrollZhe.id]]);
  assert.equal((await content('names', OTHER_REGION)).total, 0, 'only the region asked for');
  for (const [query, code] of [['region=' + REGION + '&kind=comments', 'bad_kind'], ['kind=needs', 'bad_region'],
                               ['region=0&kind=needs', 'bad_region'], ['region=' + REGION + '&kind=needs&limit=0', 'bad_paging']]) {
    const r = await fetch(`${server.url}/api/moderation/content?${query}`);
    assert.equal(r.status, 400, query);
    assert.equal((await r.json()).error.code, code, query);
  }
});

test('the export\'s opinion and yishi audit agree with what is hidden', async () => {
  // Hidden again, each: a proposal (a statement of the opinion matrix), a feedback and a display name
  // (and the region's need, still hidden).
  for (const t of [ids.abuse, ids.feedback, ids.enrollFake]) await accept(moderate('t-moderator', t.id, 1));
  await accept({ key: 't-committee', kind: 'consultation_advance', consultation: C, payload: { stage: 4 } });
  const bundle = await get(`/api/consultations/${C}/export.json`);
  assert.ok(bundle.opinion.statements.includes(ids.abuse.id));
  assert.deepEqual(bundle.opinion.moderated_out, [ids.abuse.id], 'the hidden proposal is moderated out');

  const dir = mkdtempSync(path.join(tmpdir(), 'yishi-modtargets-'));
  const a = spawnSync(toolBin, ['audit', server.url, '--dir', dir], { encoding: 'utf8' });
  assert.equal(a.status, 0, a.stderr + a.stdout);
  assert.match(a.stdout, /every entry checked \(4 with bytes withheld: 4 hidden by a logged moderate, 0 ballot-key bindings/);
  const check = checkDb(server.dbPath);
  assert.ok(check.ok, check.text);
});
