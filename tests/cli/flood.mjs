// flood.mjs SPEC.json: a normal client's pages while a bounded trickle and a bounded login flood
// run (issue 19). SPEC: {base, port, reader, readerSecret, login, secret, password, seconds}. From
// 127.0.0.1 the normal client (reader, signed in before) asks for a page every 200 ms; from
// 127.0.0.2-3, 160 connections (80 each) send a request's headers one byte a second; from 127.0.0.4-7, 40
// clients post wrong passwords for login, as fast as they are answered. Halfway, the user whose
// login is attacked logs in from 127.0.0.1.
// Prints JSON: the normal client's latencies, the trickle's fate, the flood's answers.
import http from 'node:http';
import net from 'node:net';
import { totp } from './totp.mjs';
import { readFileSync } from 'node:fs';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const out = { normal: [], normalStatus: {}, trickle: { opened: 0, refused: 0, cut: [], open: 0 },
  flood: {}, relogin: null };


function request(from, method, path, cookie, form) {
  return new Promise((resolve) => {
    const body = form ? new URLSearchParams(form).toString() : null;
    const headers = { Connection: 'close' };
    if (cookie) headers.Cookie = cookie;
    if (body) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const t0 = performance.now();
    const req = http.request(spec.base + path, { method, headers, localAddress: from }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
        text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }));
    });
    req.setTimeout(15000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, error: e.message, ms: performance.now() - t0 }));
    if (body) req.write(body);
    req.end();
  });
}

async function login(from, login, password, code) {
  const f = await request(from, 'GET', '/login');
  const lc = [].concat(f.headers?.['set-cookie'] || []).join(';').match(/__Host-trappe-login=([^;]+)/);
  const csrf = (f.text?.match(/name="csrf" value="([^"]*)"/) || [])[1];
  if (!lc || !csrf) return { status: f.status };
  const r = await request(from, 'POST', '/login', `__Host-trappe-login=${lc[1]}`,
    { csrf, login, password, code });
  const m = [].concat(r.headers?.['set-cookie'] || []).join(';').match(/__Host-trappe=([^;]+)/);
  return { status: r.status, session: m ? m[1] : null, retry: Number(r.headers?.['retry-after'] || 0) };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const end = Date.now() + spec.seconds * 1000;

// The user signs in before the attack.
const first = await login('127.0.0.1', spec.reader, spec.password, totp(spec.readerSecret));
if (!first.session) {
  console.log(JSON.stringify({ error: `cannot log in first (${first.status})` }));
  process.exit(1);
}

// The trickle: headers one byte a second, never finished.
const trickles = [];
for (let i = 0; i < 160; i++) {
  const from = i % 2 ? '127.0.0.3' : '127.0.0.2';
  trickles.push(new Promise((resolve) => {
    const t0 = Date.now();
    let timer = null;
    let connected = false;
    const s = net.connect({ host: '127.0.0.1', port: spec.port, localAddress: from }, () => {
      connected = true;
      out.trickle.opened++;
      s.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
      timer = setInterval(() => { if (!s.destroyed) s.write('a'); }, 1000);
    });
    s.on('data', () => {});
    s.on('error', () => {});
    s.on('close', () => {
      clearInterval(timer);
      if (!connected) out.trickle.refused++;
      else if (Date.now() < end) out.trickle.cut.push(Date.now() - t0);
      else out.trickle.open++;
      resolve();
    });
    setTimeout(() => s.destroy(), spec.seconds * 1000 + 500);
  }));
}

// The login flood: wrong passwords for the user's login, from four addresses.
async function flooder(from) {
  while (Date.now() < end) {
    const r = await login(from, spec.login, 'forkert-kodeord-123', '000000');
    out.flood[r.status] = (out.flood[r.status] || 0) + 1;
  }
}
const flooders = [];
for (let i = 0; i < 40; i++) flooders.push(flooder(`127.0.0.${4 + (i % 4)}`));

// The normal client: a page every 200 ms; halfway, a new login (retried as told to).
const normal = (async () => {
  let relogged = false;
  const start = Date.now();
  while (Date.now() < end) {
    const r = await request('127.0.0.1', 'GET', '/boern', `__Host-trappe=${first.session}`);
    out.normal.push(Math.round(r.ms));
    out.normalStatus[r.status] = (out.normalStatus[r.status] || 0) + 1;
    if (!relogged && Date.now() - start > spec.seconds * 500) {
      relogged = true;
      const t0 = Date.now();
      for (let tries = 1; tries <= 10; tries++) {
        const l = await login('127.0.0.1', spec.login, spec.password, totp(spec.secret));
        if (l.session) {
          out.relogin = { tries, ms: Date.now() - t0 };
          break;
        }
        out.relogin = { tries, status: l.status };
        if (l.status !== 429) break;
        await sleep(Math.max(1, l.retry) * 1000);
      }
    }
    await sleep(200);
  }
})();

await normal;
await Promise.all(flooders);
await Promise.all(trickles);
const sorted = [...out.normal].sort((a, b) => a - b);
out.p50 = sorted[Math.floor(sorted.length * 0.5)];
out.p95 = sorted[Math.floor(sorted.length * 0.95)];
out.max = sorted[sorted.length - 1];
console.log(JSON.stringify(out));
