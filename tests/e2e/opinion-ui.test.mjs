// opinion-ui.test.mjs — the opinion map in the browser app against a real server (issue 22): ten
// residents (signed from node) split into two camps over six statements of a consultation in 民主协商,
// and all of them want the stairwell lights fixed; then two residents on phones (390x844, touch) join
// by their slips' links and answer the statement cards by taps — one card at a time, 赞同 / 反对 as the
// card's text says their camp would. Checked: each tap reached the server as the resident's signed
// reaction; the card count goes down; the map's words (what the accessibility mirror reads) name two
// groups with their sizes, put each phone resident in the group of their camp, say what that group
// agrees with, and state the statement everyone shares. Screenshots at 390x844 in Chinese and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertLayout, startServer, runServerCommand, launchBrowser, waitForFrames, waitForItem, clickItem, screenshot,
         findItem, reveal, tap, press, labels, deviceKey } from './harness.mjs';
import { REGION, sign, publicKey, submit, checkDb } from './ledger_helpers.mjs';

let server, browser, codes;
const NOW = Date.now();
const TALK = 61;
const seq = {};
const LIGHTS = '楼道灯坏了很久，需要尽快修好';   // everyone agrees
const NORTH = ['北门空地改建成停车位', '停车位按月收费，收入用于维修', '夜间禁止外来车辆进入'];   // camp N agrees
const GARDEN = ['北门空地改建成儿童游乐场', '小区里种更多的树', '外来车辆也可以临时停放'];      // camp G agrees
const ids = {};
const expected = {};   // statement → [agrees, disagrees] the server must hold

// Signs the envelopes in one run of the signing tool (sequences per key in the order given), then submits
// them in that order; each must be accepted. Returns the signed envelopes ({wire, id}).
async function acceptAll(specs) {
  const signed = sign(specs.map(spec => ({ region: REGION, sequence: (seq[spec.key] = (seq[spec.key] || 0) + 1), ...spec })));
  for (const s of signed) {
    const r = await submit(server.url, s.wire);
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  return signed;
}

before(async () => {
  server = await startServer(['--rate-per-key', '0', '--rate-per-address', '0'], dbPath => {
    const r = runServerCommand(['add-committee', '--db', dbPath, '--key', publicKey('o-committee'), '--region',
                                String(REGION), '--name', '居委会']);
    assert.equal(r.status, 0, r.stderr);
    const c = runServerCommand(['issue-codes', '--db', dbPath, '--committee-key', publicKey('o-committee'),
                                '--region', String(REGION), '--count', '12']);   // 10 signed here, 2 for the phones
    assert.equal(c.status, 0, c.stderr);
    codes = c.stdout.trim().split('\n');
  });
  const residents = Array.from({ length: 10 }, (_, i) => `o-res-${i}`);
  const statements = [LIGHTS, ...NORTH, ...GARDEN];
  const first = await acceptAll([
    { key: 'o-committee', kind: 'consultation_open', consultation: TALK, payload: {
      title: '北门空地怎么用', method: 1, options: [[1, '停车位'], [2, '儿童游乐场']],
      schedule: [[2, NOW - 60000], [3, NOW + 86400000]] } },
    ...residents.map((key, i) => ({ key, kind: 'enroll', payload: { code: codes[i], display_name: `居民${i + 1}` } })),
    ...statements.map((text, i) => ({ key: residents[i], kind: 'comment', consultation: TALK, payload: { text } })),
  ]);
  statements.forEach((text, i) => { ids[text] = first[1 + residents.length + i].id; });
  // Camps: residents 0-4 for parking (north), 5-9 for the playground (garden); all want the lights.
  // A few pass on one statement, so that a camp is a cloud on the map rather than one point.
  for (const s of statements) expected[s] = [0, 0];
  const reactions = [];
  for (let i = 0; i < residents.length; ++i) {
    const north = i < 5;
    const cast = (s, reaction) => {
      const r = (i % 5 === 3 && s === (north ? NORTH : GARDEN)[2]) || (i % 5 === 4 && s === (north ? GARDEN : NORTH)[1]) ? 3 : reaction;
      reactions.push({ key: residents[i], kind: 'react', consultation: TALK, payload: { target: ids[s], reaction: r } });
      if (r < 3) expected[s][r - 1] += 1;
    };
    cast(LIGHTS, 1);
    for (const s of NORTH) cast(s, north ? 1 : 2);
    for (const s of GARDEN) cast(s, north ? 2 : 1);
  }
  await acceptAll(reactions);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// A phone resident: joins by the slip's link, opens the consultation, and answers every card by taps as
// their camp would (agree with `mine` and the lights, disagree with the other camp's statements).
async function phoneResident(code, mine, timings) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', e => page.problems.push('uncaught: ' + e.message));
  page.on('console', m => {
    const t = m.text();
    if (t.startsWith('opinion map:')) timings.push(t);
  });
  await page.goto(server.url + '/#/join?code=' + code);
  await waitForFrames(page, 1);
  await clickItem(page, '加入');
  await page.waitForFunction(() => window.yishi.items.some(it => /^已加入：/.test(it.label)), null, { timeout: 15000 });
  await page.goto(server.url + `/#/c/${TALK}`);
  await reveal(page, '逐条表态');   // after the discussion
  await reveal(page, '还剩 7 条');
  await screenshot(page, mine === NORTH ? 'opinion-card-phone.png' : 'opinion-card-phone-2.png');
  const statements = [LIGHTS, ...NORTH, ...GARDEN];
  for (let left = 7; left >= 1; --left) {
    const count = `还剩 ${left} 条`;
    const card = await reveal(page, count);
    if (card.y > 300) {   // the whole card in sight (the page ends with it and the map)
      await page.mouse.move(page.viewportSize().width / 2, 300);
      await page.mouse.wheel(0, card.y - 150);
      await page.waitForTimeout(300);
      await reveal(page, count);
    }
    // The card's statement: the first known statement drawn under its count (the same text may also be
    // in the discussion further down).
    const shown = await page.evaluate(([count, list]) => {
      const top = window.yishi.items.find(it => it.label === count).y;
      const below = window.yishi.items.filter(it => it.y > top).sort((a, b) => a.y - b.y);
      return below.map(it => it.label).find(l => list.includes(l));
    }, [count, statements]);
    assert.ok(shown, `a statement is on the card: ${JSON.stringify(await labels(page))}`);
    const agree = shown === LIGHTS || mine.includes(shown);
    expected[shown][agree ? 0 : 1] += 1;
    const next = left > 1 ? `还剩 ${left - 1} 条` : '每条意见你都表过态了，谢谢！';
    // A lost tap (harness.mjs, press) is tapped again while the same card is still shown, never twice.
    for (let k = 0; k < 3 && !(await findItem(page, next)); ++k) {
      await tap(page, agree ? '赞同' : '反对');
      await page.waitForFunction(l => window.yishi.items.some(it => it.label === l), next, { timeout: 5000 }).catch(() => {});
    }
    await waitForItem(page, next);
  }
  return { context, page };
}

// The labels on screen from `label` down to the end of the page, scrolling a screen at a time.
async function labelsFrom(page, label) {
  const seen = [];
  const add = list => { for (const l of list) if (!seen.includes(l)) seen.push(l); };
  const top = await reveal(page, label);
  await page.mouse.move(page.viewportSize().width / 2, 300);
  await page.mouse.wheel(0, top.y - 80);
  for (let k = 0; k < 12; ++k) {
    await page.waitForTimeout(150);
    const before = await page.evaluate(() => window.yishi.items.map(it => it.label + '@' + it.y).join('|'));
    add(await labels(page));
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(150);
    if (await page.evaluate(() => window.yishi.items.map(it => it.label + '@' + it.y).join('|')) === before) break;
  }
  return seen;
}

// The reactions the server holds, {comment text: [agrees, disagrees]}, through the public comments API.
async function reactionCounts() {
  const b = await fetch(`${server.url}/api/consultations/${TALK}/comments?limit=50`).then(r => r.json());
  return Object.fromEntries(b.items.map(c => [c.text, [c.agree, c.disagree]]));
}

test('residents answer statement cards on phones, and the opinion map names the groups and what they share', async t => {
  const timings = [];
  const started = Date.now();
  // The two phones at once, as neighbours would.
  const [north, garden] = await Promise.all([phoneResident(codes[10], NORTH, timings),
                                             phoneResident(codes[11], GARDEN, timings)]);

  // Every tap is on the server as that resident's reaction: the agree / disagree counts are the signed
  // residents' plus the phones' taps.
  const same = c => Object.keys(expected).every(s => c[s] && c[s][0] === expected[s][0] && c[s][1] === expected[s][1]);
  for (let k = 0; k < 150 && !same(await reactionCounts()); ++k) await new Promise(r => setTimeout(r, 100));
  assert.deepEqual(await reactionCounts(), expected);
  assert.deepEqual(expected[LIGHTS], [12, 0]);
  const bin = Buffer.from(await (await fetch(`${server.url}/api/consultations/${TALK}/opinion.bin`)).arrayBuffer());
  assert.equal(bin.subarray(0, 4).toString(), 'YOM1');

  // The map in words, read as a screen reader would (the accessibility mirror's labels): two groups of
  // six, each phone resident in the group of their camp, that group defined by what they agreed with,
  // and the statement everyone shares. Both phones read the page again (each other's last taps are in now).
  await Promise.all([north.page.reload(), garden.page.reload()]);
  await Promise.all([north, garden].map(async ({ page }) => {
    const words = await labelsFrom(page, '意见地图（文字版）');
    for (const line of ['12 人表态，分成 2 组', 'A组 · 6 人', 'B组 · 6 人'])
      assert.ok(words.includes(line), `${line}: ${JSON.stringify(words)}`);
    const own = words.find(l => /^你在[AB]组$/.test(l));
    assert.ok(own, `the resident is told their group: ${JSON.stringify(words)}`);
    const g = own[2];
    const mine = page === north.page ? NORTH : GARDEN;
    assert.ok(words.some(l => mine.some(s => l.startsWith(`${g}组多数赞同：${s}（`))),
              `group ${g} is defined by what this resident agreed with: ${JSON.stringify(words)}`);
    assert.ok(words.some(l => l.startsWith(`大家都赞同：${LIGHTS}（`)), `the shared statement: ${JSON.stringify(words)}`);
    assert.ok(!words.includes('暂时还没有大家都赞同的意见。'));
  }));
  await reveal(garden.page, '12 人表态，分成 2 组');
  await screenshot(garden.page, 'opinion-map-phone.png');
  await assertLayout(garden.page, 'opinion-map-phone');
  const shared = await reveal(garden.page, '大家的共识');
  await garden.page.mouse.wheel(0, shared.y - 300);   // the group statements and the shared ones in sight
  await garden.page.waitForTimeout(300);
  await screenshot(garden.page, 'opinion-groups-phone.png');
  await assertLayout(garden.page, 'opinion-groups-phone');

  // English: the same map and words.
  await tap(garden.page, 'English');
  await reveal(garden.page, `Everyone agrees: ${LIGHTS} (12 of 12)`);
  await reveal(garden.page, 'Group B · 6 people');
  await reveal(garden.page, '12 people reacted, in 2 groups');
  await screenshot(garden.page, 'opinion-map-phone-en.png');
  await assertLayout(garden.page, 'opinion-map-phone-en');

  const check = checkDb(server.dbPath);
  assert.ok(check.ok, check.text);
  for (const { page, context } of [north, garden]) {
    assert.deepEqual(page.problems, []);
    await context.close();
  }
  // How long the map takes in the browser (printed by client/model/opinion.cpp each time it computes).
  const ms = timings.map(l => Number(/([\d.]+) ms$/.exec(l)[1]));
  t.diagnostic(`${ms.length} map computations in the browser, longest ${Math.max(...ms)} ms, last: ${timings.at(-1)}; ` +
               `test ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

// The committee drafting the options of a new consultation sees, in the wizard, what every group of the
// residents shares in the area's consultation still in 民主协商 (after the first test's taps: 12 residents).
test('the committee sees the statements every group shares while drafting options', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', e => problems.push('uncaught: ' + e.message));
  await page.goto(server.url + '/#/me');
  await waitForFrames(page, 1);
  const key = await deviceKey(page);
  const r = runServerCommand(['add-committee', '--db', server.dbPath, '--key', key, '--region', String(REGION), '--name', '居委会']);
  assert.equal(r.status, 0, r.stderr);
  await page.goto(server.url + '/#/committee');
  await page.reload();   // the key's roles are read at start
  await waitForFrames(page, 1);
  await press(page, '发起新议题', ['议题标题', true]);
  const words = await labelsFrom(page, '居民的共识（拟定选项时参考）');
  const at = words.indexOf(`#${TALK} 北门空地怎么用`);
  assert.ok(at >= 0, JSON.stringify(words));
  assert.ok(words[at + 1].startsWith(`大家都赞同：${LIGHTS}（12 人中 12 人）`), JSON.stringify(words));
  const heading = await reveal(page, '居民的共识（拟定选项时参考）');
  await page.mouse.wheel(0, heading.y - 200);
  await page.waitForTimeout(300);
  await screenshot(page, 'opinion-committee-phone.png');
  await assertLayout(page, 'opinion-committee-phone');
  assert.deepEqual(problems, []);
  await context.close();
});
