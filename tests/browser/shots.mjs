import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
const base = 'http://127.0.0.1:8181';
const acc = Object.fromEntries(readFileSync('/tmp/w1/demo.db.accounts.txt', 'utf8').split('\n')
  .filter((l) => /^[a-z]/.test(l) && !l.startsWith('login')).map((l) => l.trim().split(/\s+/)).map((a) => [a[0], a]));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const who = process.argv[2]; const paths = process.argv.slice(3);
const ctx = await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
await page.goto(base + '/login');
await page.fill('#login', who); await page.fill('#password', acc[who][2]);
await page.fill('#code', execFileSync('oathtool', ['--totp', '-b', acc[who][3]], { encoding: 'utf8' }).trim());
await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
await page.screenshot({ path: `/tmp/shots/${who}-landing.png`, fullPage: false });
let i = 0;
for (const p of paths) {
  await page.goto(base + p);
  if (process.env.SEL) { await page.locator(process.env.SEL).first().screenshot({ path: `/tmp/shots/${who}-sel-${i++}.png` }); continue; }
  if (process.env.SEG) {
    const h = await page.evaluate(() => document.body.scrollHeight);
    for (let y = 0, k = 0; y < h; y += 1800, k++)
      await page.screenshot({ path: `/tmp/shots/${who}-${i}-${k}.png`, fullPage: true, clip: { x: 0, y, width: 1280, height: Math.min(1800, h - y) } });
    i++;
  } else await page.screenshot({ path: `/tmp/shots/${who}-${i++}.png`, fullPage: process.env.FULL === '1' });
}
console.log(page.url());
await browser.close();
