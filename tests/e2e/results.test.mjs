// results.test.mjs — results people understand (issue 17, item 5), on a phone with touch: instant runoff
// round by round (who had the fewest and was out, who won with more than half), Schulze's ranking with
// the head-to-head counts behind a tap, and the score averages of the most a ballot may give. Five
// residents vote in three consultations; the committee ends the vote; the words on the page are checked
// against the server's own count (GET /api/consultations/{id}, results.tally), in Chinese and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runServerCommand, launchBrowser, waitForFrames, reveal, tap, screenshot, labels, assertLayout } from './harness.mjs';
import { REGION, sign, publicKey, submit } from './ledger_helpers.mjs';

const IRV = 71, SCHULZE = 72, SCORE = 73;
const ROOMS = [[1, '老年活动'], [2, '儿童阅读'], [3, '健身']];
// Ranked ballots as [option, rank]: round 1 gives 老年活动 2, 儿童阅读 1, 健身 2; 儿童阅读 is out and its
// ballot goes to 老年活动, which then has 3 of 5.
const RANKED = [[[1, 1], [2, 2]], [[1, 1], [2, 2]], [[1, 2], [2, 1]], [[2, 2], [3, 1]], [[2, 2], [3, 1]]];   // by option id
const SCORES = [[[1, 4], [2, 2]], [[1, 5], [2, 3]], [[1, 3], [2, 3]], [[1, 4], [2, 1]], [[1, 4], [2, 2]]];
let server, browser;

before(async () => {
  let codes;
  server = await startServer(['--rate-per-key', '0'], dbPath => {
    const ok = r => { assert.equal(r.status, 0, r.stderr); return r; };
    ok(runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey('rs-committee'), '--region', String(REGION),
                         '--name', '居委会']));
    codes = ok(runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey('rs-committee'),
                                 '--region', String(REGION), '--count', '5'])).stdout.trim().split('\n');
  });
  const seq = {};
  const one = async s => {
    const [e] = sign([{ region: REGION, sequence: s.sequence || (seq[s.key] = (seq[s.key] || 0) + 1), ...s }]);
    const r = await submit(server.url, e.wire);
    assert.equal(r.status, 201, JSON.stringify(r.body));
  };
  const open = [[IRV, '公共活动室用途（逐轮淘汰）', 3, 1, ROOMS], [SCHULZE, '公共活动室用途（两两比较）', 3, 2, ROOMS],
                [SCORE, '物业服务打分', 4, 5, [[1, '保洁'], [2, '保安']]]];
  for (const [consultation, title, method, method_param, options] of open)
    await one({ key: 'rs-committee', kind: 'consultation_open', consultation,
                payload: { title, method, method_param, options, schedule: [[3, 0]] } });
  for (let r = 0; r < 5; ++r) {
    const key = `rs-r${r}`;
    await one({ key, kind: 'enroll', payload: { code: codes[r], display_name: `居民${r}` } });
    for (const [consultation, method, entries] of [[IRV, 3, RANKED[r]], [SCHULZE, 3, RANKED[r]], [SCORE, 4, SCORES[r]]]) {
      await one({ key, kind: 'ballot_key_bind', consultation, payload: { blinding: '5a'.repeat(32) } });
      await one({ key, kind: 'vote', consultation, sequence: 1, payload: { method, entries } });
    }
  }
  for (const consultation of [IRV, SCHULZE, SCORE])
    await one({ key: 'rs-committee', kind: 'consultation_advance', consultation, payload: { stage: 4 } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function phone(consultation, lang = 'zh') {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true,
                                             isMobile: true });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', e => page.problems.push('uncaught: ' + e.message));
  await page.goto(`${server.url}/#/c/${consultation}`);
  await waitForFrames(page, 1);
  if (lang === 'en') {
    await tap(page, 'English');
    await reveal(page, '中文');
  }
  return { page, context };
}
const tally = async id => (await (await fetch(`${server.url}/api/consultations/${id}`)).json()).results.tally;

test('instant runoff: each round in words, who was out, who won with more than half', async () => {
  const t = await tally(IRV);
  assert.equal(t.irv.majority_round, 2, JSON.stringify(t.irv));   // (the count goes on to rank the rest)
  assert.ok(t.irv.rounds.length >= 2, JSON.stringify(t.irv));
  const { page, context } = await phone(IRV);
  await reveal(page, '结果：“老年活动”获胜');
  await reveal(page, '第 1 轮：老年活动 2、儿童阅读 1、健身 2——“儿童阅读”票数最少，淘汰');
  await reveal(page, '第 2 轮：老年活动 3、健身 2——“老年活动”过半数，获胜');
  assert.equal((await labels(page)).some(l => l.startsWith('第 3 轮')), false, 'no round after the majority');
  await screenshot(page, 'results-irv-phone.png');
  await assertLayout(page, 'results-irv-phone');   // targets, overlaps, sides, contrast
  assert.deepEqual(page.problems, []);
  await context.close();

  const en = await phone(IRV, 'en');
  await reveal(en.page, 'Round 1: 老年活动 2, 儿童阅读 1, 健身 2 — “儿童阅读” has the fewest and is out');
  await reveal(en.page, 'Round 2: 老年活动 3, 健身 2 — “老年活动” has more than half and wins');
  await screenshot(en.page, 'results-irv-phone-en.png');
  await assertLayout(en.page, 'results-irv-phone-en');   // targets, overlaps, sides, contrast
  await en.context.close();
});

test("Schulze: the ranking, and the head-to-head counts behind a tap, as the server counted", async () => {
  const t = await tally(SCHULZE);
  const name = id => ROOMS.find(([i]) => i === id)[1];
  const { page, context } = await phone(SCHULZE);
  await reveal(page, '排名：' + t.schulze.ranking.map((id, k) => `${k + 1}. ${name(id)}`).join('、'));
  assert.equal((await labels(page)).some(l => l.includes('人更喜欢前者')), false, 'the counts wait behind a tap');
  await tap(page, '查看两两比较');
  const p = t.schulze.pairwise;
  for (const [i, j] of [[0, 1], [0, 2], [1, 2]])
    await reveal(page, `“${ROOMS[i][1]}”与“${ROOMS[j][1]}”相比：${p[i][j]} 人更喜欢前者，${p[j][i]} 人更喜欢后者`);
  await screenshot(page, 'results-schulze-phone.png');
  await assertLayout(page, 'results-schulze-phone');   // targets, overlaps, sides, contrast
  await context.close();
});

test('score: each option\'s average of the most a ballot may give, and the total', async () => {
  const { page, context } = await phone(SCORE);
  await reveal(page, '结果：“保洁”获胜');
  await reveal(page, '保洁：平均 4.0 分（满分 5），合计 20 分');
  await reveal(page, '保安：平均 2.2 分（满分 5），合计 11 分');
  await screenshot(page, 'results-score-phone.png');
  await assertLayout(page, 'results-score-phone');   // targets, overlaps, sides, contrast
  await context.close();
});
