// tally_property.test.mjs — the same count three ways: the tally the server computes from its database
// (GET /api/consultations/{id}, results), the tally in the export bundle (rechecked offline by `yishi
// verify`), and the totals this test replays itself from every ballot it submitted (the latest per voter).
// Seeded random ballots for every method; voters change their minds (a later ballot replaces the
// earlier), comments are hidden in between (never changing a count), and nothing after close counts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, runServerCommand } from './harness.mjs';
import { REGION, sign, publicKey, submit, toolBin } from './ledger_helpers.mjs';

const VOTERS = 12;
const SEED = Number(process.env.YISHI_TALLY_SEED || 20261128);
const T0 = 1764288000000;
const LATER = Date.UTC(2100, 0, 1);   // later stages wait for the committee's advance
let server, codes;
const seq = {};

// mulberry32: a small seeded generator, so a failure can be replayed with YISHI_TALLY_SEED.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(SEED);
const pick = n => Math.floor(rand() * n);
function shuffle(a) { for (let i = a.length - 1; i > 0; --i) { const j = pick(i + 1); [a[i], a[j]] = [a[j], a[i]]; } return a; }

before(async () => {
  // Counting and reading are tested here, not limits (hardening.test.mjs): submissions come faster than 5/s.
  server = await startServer(['--rate-per-key', '0', '--rate-per-address', '0'], dbPath => {
    for (const [cmd, name] of [['add-committee', 'tp-committee'], ['add-moderator', 'tp-moderator']])
      assert.equal(runServerCommand([cmd, '--db', dbPath, '--key', publicKey(name), '--region', String(REGION),
                                     '--name', name]).status, 0);
    const r = runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey('tp-committee'),
                                '--region', String(REGION), '--count', String(VOTERS)]);
    assert.equal(r.status, 0, r.stderr);
    codes = r.stdout.trim().split('\n');
  });
});
after(async () => { await server?.stop(); });

// Signs a batch (one tool run) with running sequence numbers; returns the signed envelopes in order.
function batch(specs) {
  return sign(specs.map(s => {
    const k = s.kind === 'vote' ? `${s.key}/ballot/${s.consultation}` : s.key;
    seq[k] = (seq[k] || 0) + 1;
    return { region: REGION, sequence: seq[k], ...s };
  }));
}
async function acceptAll(specs) {
  const out = [];
  for (const e of batch(specs)) {
    const r = await submit(server.url, e.wire);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    out.push(e.id);
  }
  return out;
}
async function get(p) {
  const r = await fetch(server.url + p);
  assert.equal(r.status, 200, p);
  return r.json();
}

// One random, valid ballot for each method: the entries of a vote payload.
const OPTION_IDS = [1, 2, 3, 4];
const COSTS = [40, 30, 50, 20];
function randomBallot(method) {
  switch (method) {
    case 1: return [[OPTION_IDS[pick(4)], 1]];                                              // plurality
    case 2: return shuffle([...OPTION_IDS]).slice(0, 1 + pick(2)).sort((a, b) => a - b).map(o => [o, 1]);   // approval ≤ 2
    case 3: {                                                                               // ranked: a permutation of a subset
      const chosen = shuffle([...OPTION_IDS]).slice(0, 1 + pick(4));
      return chosen.map((o, rank) => [o, rank + 1]).sort((a, b) => a[0] - b[0]);
    }
    case 4: {                                                                               // score 0..5, unscored = 0
      const out = OPTION_IDS.filter(() => rand() < 0.8).map(o => [o, pick(6)]);
      return out.length ? out : [[1, pick(6)]];
    }
    case 5: {                                                                               // budget 100
      const out = [];
      let spent = 0;
      for (const i of shuffle([0, 1, 2, 3])) if (spent + COSTS[i] <= 100 && rand() < 0.6) { out.push([i + 1, 1]); spent += COSTS[i]; }
      return out.length ? out.sort((a, b) => a[0] - b[0]) : [[4, 1]];
    }
    default: return [[1 + pick(2), 1]];                                                     // yes_no
  }
}

// The per-option totals of docs/api.md ("Exports"), recomputed here from the latest ballot of each voter.
function replayTotals(method, ballots, optionIds) {
  const totals = optionIds.map(() => 0);
  for (const entries of ballots.values())
    for (const [o, v] of entries) {
      const i = optionIds.indexOf(o);
      totals[i] += method === 4 ? v : method === 3 ? (v === 1 ? 1 : 0) : 1;
    }
  return totals;
}

const METHODS = [[1, 0], [2, 2], [3, 1], [4, 5], [5, 100], [6, 0]];   // ranked: 1 = instant-runoff

test('the database, the export (and yishi verify) and a replay of the ballots give the same count', async () => {
  await acceptAll(codes.map((code, i) => ({ key: `tp-voter-${i}`, kind: 'enroll', payload: { code, display_name: `居民${i}` } })));
  for (const [method, param] of METHODS) {
    const c = 100 + method;
    const optionIds = method === 6 ? [1, 2] : OPTION_IDS;
    await acceptAll([{ key: 'tp-committee', kind: 'consultation_open', consultation: c, payload: {
      title: `方法 ${method}`, method, method_param: param,
      options: optionIds.map((o, i) => method === 5 ? [o, `项目${o}`, COSTS[i]] : [o, `选项${o}`]),
      schedule: [[2, T0], [3, LATER], [4, LATER + 1], [5, LATER + 2]] } }]);
    const [statement] = await acceptAll([{ key: 'tp-voter-0', kind: 'comment', consultation: c, payload: { text: '讨论' } }]);
    await acceptAll([{ key: 'tp-committee', kind: 'consultation_advance', consultation: c, payload: { stage: 3 } }]);
    await acceptAll(codes.map((_, i) => ({ key: `tp-voter-${i}`, kind: 'ballot_key_bind', consultation: c, payload: {} })));

    // Two or three rounds of voting; each voter takes part in a round with probability 0.7.
    const latest = new Map();
    const rounds = 2 + pick(2);
    for (let round = 0; round < rounds; ++round) {
      const specs = [];
      for (let v = 0; v < VOTERS; ++v) {
        if (rand() >= 0.7) continue;
        const entries = randomBallot(method);
        latest.set(v, entries);
        specs.push({ key: `tp-voter-${v}`, kind: 'vote', consultation: c, payload: { method, entries } });
      }
      await acceptAll(specs);
      if (round === 0)   // hiding a comment between rounds never changes a count
        await acceptAll([{ key: 'tp-moderator', kind: 'moderate', consultation: c, payload: { target: statement, action: 1, reason: '测试' } }]);
    }
    await acceptAll([{ key: 'tp-committee', kind: 'consultation_advance', consultation: c, payload: { stage: 4 } }]);

    const fromDb = (await get(`/api/consultations/${c}`)).results;
    assert.equal(fromDb.visible, true);
    assert.equal(fromDb.ballots, latest.size);
    const replayed = replayTotals(method, latest, optionIds);
    assert.deepEqual(fromDb.totals, replayed, `method ${method}: database totals = replayed totals`);

    const bundle = await get(`/api/consultations/${c}/export.json`);
    assert.deepEqual(bundle.totals.map(t => t.total), replayed, `method ${method}: export totals = replayed totals`);
    const { enrolled, turnout, ...dbTally } = fromDb.tally;
    assert.equal(enrolled, VOTERS);
    assert.deepEqual({ ...bundle.tally, enrolled: undefined, turnout: undefined },
                     { ...dbTally, enrolled: undefined, turnout: undefined }, `method ${method}: export tally = database tally`);
    assert.equal(bundle.tally.ballots, latest.size);

    const file = path.join(path.dirname(server.dbPath), `bundle-${c}.json`);
    writeFileSync(file, JSON.stringify(bundle));
    const verified = spawnSync(toolBin, ['verify', file, '--log-key', bundle.log_key], { encoding: 'utf8' });
    assert.equal(verified.status, 0, verified.stderr);
    assert.deepEqual(JSON.parse(verified.stdout).tally, bundle.tally, `method ${method}: yishi verify recomputes the tally`);

    // A doctored bundle fails verification.
    const doctored = structuredClone(bundle);
    doctored.tally.ranking = [...doctored.tally.ranking].reverse();
    if (JSON.stringify(doctored.tally.ranking) === JSON.stringify(bundle.tally.ranking)) doctored.tally.winner = 999;
    writeFileSync(file, JSON.stringify(doctored));
    assert.equal(spawnSync(toolBin, ['verify', file, '--log-key', bundle.log_key], { encoding: 'utf8' }).status, 2);

    // Nothing after the vote counts: a late ballot is refused and the tally does not move.
    const [late] = batch([{ key: 'tp-voter-1', kind: 'vote', consultation: c, payload: { method, entries: randomBallot(method) } }]);
    const r = await submit(server.url, late.wire);
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'stage_over');

    // A close states the count: a wrong tally_hash is refused; the hash of the count (the results' and
    // yishi verify's) is accepted; the export then carries the close, which yishi verify matches.
    assert.equal(fromDb.tally_hash, JSON.parse(verified.stdout).tally_hash, `method ${method}: one tally_hash`);
    const [wrong] = batch([{ key: 'tp-committee', kind: 'consultation_close', consultation: c,
                             payload: { tally_hash: 'ab'.repeat(32), summary: '已结束' } }]);
    const w = await submit(server.url, wrong.wire);
    assert.equal(w.status, 409);
    assert.equal(w.body.error.code, 'tally_mismatch');
    await acceptAll([{ key: 'tp-committee', kind: 'consultation_close', consultation: c,
                       payload: { tally_hash: fromDb.tally_hash, summary: '已结束' } }]);
    assert.deepEqual((await get(`/api/consultations/${c}`)).results, fromDb);
    const closed = await get(`/api/consultations/${c}/export.json`);
    assert.ok(closed.close, 'the export carries the close');
    writeFileSync(file, JSON.stringify(closed));
    const reverified = spawnSync(toolBin, ['verify', file, '--log-key', bundle.log_key], { encoding: 'utf8' });
    assert.equal(reverified.status, 0, reverified.stderr);
    assert.equal(JSON.parse(reverified.stdout).closed, true);
  }
});
