// (probe, not committed) screenshots of every screen on a phone, 大字, zh and en, against --demo
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { startServer, launchBrowser, waitForFrames, waitForItem, tap } from './harness.mjs';
test('shots', async () => {
  const server = await startServer(['--demo']);
  const browser = await launchBrowser();
  const list = await (await fetch(server.url + '/api/consultations?limit=50')).json();
  const ids = (list.items || []).map(c => `${c.id}:${c.stage}:${c.method}`);
  console.log(ids.join(' '));
  const pick = [...new Set((list.items || []).map(c => c.stage))].map(st => list.items.find(c => c.stage === st).id);
  for (const lang of ['zh', 'en']) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await page.goto(server.url + '/');
    await waitForFrames(page, 2);
    await waitForItem(page, '我的');
    await tap(page, '大字');
    if (lang === 'en') await tap(page, 'English');
    await page.waitForTimeout(800);
    for (const h of ['#/', ...pick.map(i => '#/c/' + i), '#/orgs', '#/feedback', '#/me']) {
      await page.evaluate(x => { location.hash = x; }, h);
      await page.waitForTimeout(2500);
      const name = `/work/probe/shots/${lang}-${h.replace(/[#/]/g, '') || 'home'}.png`;
      writeFileSync(name, await page.screenshot());
    }
    await context.close();
  }
  await browser.close(); await server.stop();
});
