// matrix.mjs SPEC.json: the access matrix of t0009 in one process (keep-alive, no process per
// request). SPEC holds the server's base URL, the route table (`trappe serve --routes`), the
// accounts with their TOTP secrets, the children with their names and the ids of their records.
// Every role x every route x every child's relation is requested and judged by the oracle below
// (the policy's rules, written out independently of policy.c). Prints JSON: the number of
// requests and grants, every leak, and the request id of every 403 (each must have its audit row).
import http from 'node:http';
import { totp } from './totp.mjs';
import { readFileSync } from 'node:fs';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const out = { requests: 0, granted: 0, leaks: [], refused: [] };
const leak = (s) => out.leaks.push(s);


function request(method, path, cookie, form) {
  return new Promise((resolve, reject) => {
    const body = form ? new URLSearchParams(form).toString() : null;
    const headers = {};
    // A bare token is a session; "name=value" is sent as it is (the login form's cookie).
    if (cookie) headers.Cookie = cookie.includes('=') ? cookie : `__Host-trappe=${cookie}`;
    if (body) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const req = http.request(spec.base + path, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode === 403) {
          const m = text.match(/Fejlnummer: ([0-9a-f]+)/);
          if (m) out.refused.push(m[1]);
          else leak(`${method} ${path}: a 403 without its request id`);
        }
        resolve({ status: res.statusCode, text, headers: res.headers });
      });
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

// --- the oracle ---------------------------------------------------------------------------
const consentScope = { 'partner-skole': ['child', 'case', 'intervention', 'plan', 'goal', 'followup'] };
function allowed(who, k, type, op) {
  switch (who) {
    case 'rg-anne': return k === 1 || k === 3;
    case 'rg-cille': return k === 4;
    case 'tl-nord': return k === 1 || k === 3 || k === 4;
    case 'rg-bo': return k === 2;
    case 'partner-skole': return k === 1 && op === 'read' && consentScope[who].includes(type);
    case 'tf-ung':
      if (k !== 1) return false;
      if (type === 'child') return op === 'read';
      // The task force's own plan: all of it to read; its actions and meeting notes to keep.
      if (['taskforce', 'taskforce_member'].includes(type)) return op === 'read';
      if (['taskforce_action', 'taskforce_meeting'].includes(type)) return true;
      return ['plan', 'goal', 'followup'].includes(type);
    default: return false;
  }
}
const caseLists = (who) => /^(rg-|tl-|partner-|tf-)/.test(who);
// The page each role lands on at "/": a worklist for caseworkers and team leaders; for the others
// a redirect to the page made for them.
const landing = { 'partner-skole': '/boern', 'tf-ung': '/boern', ledelse: '/ledelse',
  analytiker: '/udtraek', admin: '/opsaetning' };
function mayPage(who, path) {
  switch (path) {
    case '/': return landing[who] ? 'redirect' : caseLists(who);
    case '/boern': case '/soeg': return caseLists(who);
    case '/modtag': case '/indbakke': return /^(rg-|tl-)/.test(who);
    case '/henvendelser': case '/henvendelser/ny': return who === 'partner-skole';
    case '/indbakke/9999': return false; // an inquiry that does not exist: 403 like a forbidden one
    case '/tilsyn': return who === 'tl-nord' || who === 'ledelse';
    case '/udtraek': return who === 'analytiker';
    case '/ledelse': case '/ledelse/data?format=csv': case '/ledelse/notat?format=pdf':
      return who === 'tl-nord' || who === 'ledelse';
    case '/opsaetning': return who === 'ledelse' || who === 'admin';
    case '/ledelse/notat.css': return true; // the note's style: nothing of anyone's
    case '/strategi': return who === 'tl-nord' || who === 'ledelse';
    case '/strategi/ny?type=maal&under=P1': case '/strategi/ret?type=maal&id=1': return who === 'ledelse';
    default: return false;
  }
}
const EDITABLE = new Set(['case', 'consent', 'notification', 'screening', 'assessment', 'conversation', 'decision',
  'intervention', 'plan', 'goal', 'followup', 'supervision', 'taskforce', 'taskforce_member',
  'taskforce_action', 'taskforce_meeting', 'aftercare_contact']);
const NEWTYPES = ['notification', 'consent', 'screening', 'assessment', 'conversation', 'decision', 'intervention',
  'plan', 'goal', 'followup', 'supervision', 'case', 'taskforce', 'taskforce_member', 'taskforce_action',
  'taskforce_meeting', 'aftercare_contact'];
const kids = spec.children.map((c) => c.k);
const child = (k) => spec.children.find((c) => c.k === k);

// A page who may see: no text of a child they may not read; for consent roles, no restricted
// field of anyone. Returns the children whose name the page shows.
function checkPage(who, what, text) {
  const shown = new Set();
  for (const c of spec.children) {
    const has = text.includes(c.name) || text.includes(`SKJULT-K${c.k}-`);
    if (has) shown.add(c.k);
    if (has && !allowed(who, c.k, 'child', 'read')) leak(`${who} ${what} shows child ${c.k}`);
  }
  if ((who === 'partner-skole' || who === 'tf-ung') && /SKJULT-|120512-?40\d8/.test(text))
    leak(`${who} ${what} shows a restricted field`);
  return shown;
}
function checkList(who, what, text) {
  const shown = checkPage(who, what, text);
  for (const k of kids)
    if (allowed(who, k, 'child', 'read') && !shown.has(k)) leak(`${who} ${what} lacks child ${k}`);
}

async function expect(who, cookie, path, want) {
  const r = await request('GET', path, cookie);
  out.requests++;
  if (want === true) {
    if (r.status === 200) out.granted++;
    else leak(`${who} ${path}: expected 200, got ${r.status}`);
  } else if (want === 'none') {
    if (r.status !== 404 && r.status !== 403) leak(`${who} ${path}: expected 404 or 403, got ${r.status}`);
  } else if (r.status !== 403) {
    leak(`${who} ${path}: expected 403, got ${r.status}`);
  }
  checkPage(who, path, r.text);
  return r;
}

async function expectPost(who, cookie, path, form, want, what) {
  const r = await request('POST', path, cookie, form);
  out.requests++;
  const code = want ? 303 : 403;
  if (r.status !== code) leak(`${who} POST ${path} ${what}: expected ${code}, got ${r.status}`);
  if (want && r.status === 303) out.granted++;
  checkPage(who, `POST ${path} ${what}`, r.text);
  return r;
}

// The login form first: its CSRF cookie and token go back with the credentials.
async function login(who) {
  const f = await request('GET', '/login', null);
  const lc = [].concat(f.headers['set-cookie'] || []).join(';').match(/__Host-trappe-login=([^;]+)/);
  if (!lc) throw new Error('the login form sets no CSRF cookie');
  const r = await request('POST', '/login', `__Host-trappe-login=${lc[1]}`,
    { csrf: csrfOf(f.text), login: who, password: spec.password, code: totp(spec.secrets[who]) });
  const set = [].concat(r.headers['set-cookie'] || []).join(';');
  const m = set.match(/__Host-trappe=([^;]+)/);
  if (!m) throw new Error(`cannot log in ${who} (${r.status})`);
  return m[1];
}

const csrfOf = (text) => (text.match(/name="csrf" value="([^"]*)"/) || [])[1];

// --- the route table decides what is walked ------------------------------------------------
const known = new Set(['GET /', 'GET /boern', 'GET /soeg', 'GET /tilsyn', 'GET /udtraek', 'POST /udtraek', 'GET /barn/',
  'GET /ny', 'GET /ret', 'POST /ny', 'POST /ret', 'POST /soeg', 'POST /logout', 'GET /login',
  'POST /login', 'GET /healthz', 'GET /ledelse', 'GET /ledelse/data', 'GET /opsaetning',
  'GET /strategi', 'GET /strategi/ny', 'GET /ledelse/notat', 'GET /ledelse/notat.css', 'POST /strategi/ny', 'GET /strategi/ret', 'POST /strategi/ret',
  'GET /modtag', 'POST /modtag', 'POST /modtag/soeg', 'POST /samtykke/tilbage',
  'GET /henvendelser', 'GET /henvendelser/ny', 'POST /henvendelser/ny', 'GET /indbakke', 'GET /indbakke/',
  'POST /indbakke/modtag', 'POST /indbakke/svar']);
for (const rt of spec.routes) {
  if (!known.has(`${rt.method} ${rt.path}`))
    leak(`route ${rt.method} ${rt.path} (${rt.flags.join(' ')}) has no place in the access matrix`);
  if (rt.flags.includes('public') && !['/login', '/healthz'].includes(rt.path))
    leak(`route ${rt.method} ${rt.path} is public`);
  // Deny by default at the door: every other route needs a session and names the role it needs.
  const roles = rt.flags.filter((f) => f === 'any-role' || f.startsWith('needs:')).length;
  if (!rt.flags.includes('public') && (!rt.flags.includes('session') || roles !== 1))
    leak(`route ${rt.method} ${rt.path} (${rt.flags.join(' ')}) does not say what it needs`);
}

for (const who of spec.roles) {
  const cookie = await login(who);
  // Every page about one child, for every child, relation and record.
  for (const c of spec.children) {
    const cid = c.id;
    await expect(who, cookie, `/barn/${cid}`, allowed(who, c.k, 'child', 'read'));
    for (const [type, ids] of Object.entries(c.records)) {
      for (const id of ids) {
        // The edit form only for who may save it (a partner reads the plan on the child's page).
        const want = EDITABLE.has(type) ? allowed(who, c.k, type, 'write') : 'none';
        await expect(who, cookie, `/ret?type=${type}&id=${id}`, want);
      }
    }
    for (const type of NEWTYPES)
      await expect(who, cookie, `/ny?type=${type}&barn=${cid}`, allowed(who, c.k, type, 'write'));
  }
  // Ids that do not exist are refused like forbidden ones (no existence oracle).
  for (const type of ['notification', 'plan', 'followup'])
    await expect(who, cookie, `/ret?type=${type}&id=9999`, false);
  await expect(who, cookie, '/barn/9999', false);
  await expect(who, cookie, '/ny?type=notification&barn=9999', false);

  // Pages not about one child, and the lists: exactly the children who may see.
  let csrf;
  // The strategy's objective 1 is made by leadership (the first role that may) below.
  for (const path of ['/', '/boern', '/soeg', '/modtag', '/indbakke', '/indbakke/9999', '/henvendelser',
    '/henvendelser/ny', '/tilsyn', '/udtraek', '/ledelse',
    '/ledelse/data?format=csv', '/ledelse/notat?format=pdf', '/ledelse/notat.css', '/opsaetning', '/strategi',
    '/strategi/ny?type=maal&under=P1']) {
    const r = await request('GET', path, cookie);
    out.requests++;
    if (mayPage(who, path) === 'redirect') {
      const to = (r.headers.location || '').replace(/^https?:\/\/[^/]+/, '');
      if (r.status !== 303 || to !== landing[who]) leak(`${who} ${path}: expected 303 to ${landing[who]}, got ${r.status} ${to}`);
    } else if (mayPage(who, path)) {
      if (r.status !== 200) leak(`${who} ${path}: expected 200, got ${r.status}`);
      else out.granted++;
      if (path === '/boern') checkList(who, path, r.text);
      else checkPage(who, path, r.text);
    } else {
      if (r.status !== 403) leak(`${who} ${path}: expected 403, got ${r.status}`);
      checkPage(who, path, r.text);
    }
    csrf = csrf || csrfOf(r.text); // the page header carries it, an error page's too
  }
  if (!csrf) throw new Error(`no CSRF token for ${who}`);
  {
    // The extract without a purpose: the analyst is asked for one (400, nothing handed out or
    // counted), everyone else refused before that.
    const r = await request('POST', '/udtraek', cookie, { csrf });
    out.requests++;
    const want = who === 'analytiker' ? 400 : 403;
    if (r.status !== want) leak(`${who} POST /udtraek: expected ${want}, got ${r.status}`);
    else if (want === 400) out.granted++;
    checkPage(who, 'POST /udtraek', r.text);
  }
  {
    const r = await request('POST', '/soeg', cookie, { csrf, q: 'Matrixbarn' });
    out.requests++;
    if (mayPage(who, '/soeg')) {
      if (r.status !== 200) leak(`${who} POST /soeg: expected 200, got ${r.status}`);
      checkList(who, 'POST /soeg', r.text);
    } else {
      if (r.status !== 403) leak(`${who} POST /soeg: expected 403, got ${r.status}`);
      checkPage(who, 'POST /soeg', r.text);
    }
  }
  // The intake's search goes over every child on purpose (audited with it): who may take in
  // sees the hits, with no link to a child they may not open; everyone else gets 403 and nothing.
  {
    const r = await request('POST', '/modtag/soeg', cookie, { csrf, q: 'Matrixbarn' });
    out.requests++;
    if (mayPage(who, '/modtag')) {
      if (r.status !== 200) leak(`${who} POST /modtag/soeg: expected 200, got ${r.status}`);
      else out.granted++;
      for (const c of spec.children)
        if (r.text.includes(`href="/barn/${c.id}"`) && !allowed(who, c.k, 'child', 'read'))
          leak(`${who} POST /modtag/soeg links to child ${c.k}`);
      if (/SKJULT-|120512-?40\d8/.test(r.text)) leak(`${who} POST /modtag/soeg shows a restricted field`);
    } else {
      if (r.status !== 403) leak(`${who} POST /modtag/soeg: expected 403, got ${r.status}`);
      checkPage(who, 'POST /modtag/soeg', r.text);
    }
  }
  // Writes: a follow-up of each child's first goal, and an edit of that goal.
  for (const c of spec.children) {
    const goal = (c.records.goal || [])[0];
    const plan = (c.records.plan || [])[0];
    if (!goal) continue;
    await expectPost(who, cookie, '/ny', { csrf, type: 'followup', barn: c.id, goal_id: goal,
      date: '2025-01-10', scale: 'scale_0_10', value: 7, rated_by: 'other' },
      allowed(who, c.k, 'followup', 'write'), `followup of child ${c.k}`);
    const version = spec.goalVersion[goal];
    await expectPost(who, cookie, '/ret', { csrf, type: 'goal', barn: c.id, id: goal, version,
      plan_id: plan, text: 'Går i skole hver dag', area: 'school' },
      allowed(who, c.k, 'goal', 'write'), `goal of child ${c.k}`);
    if (allowed(who, c.k, 'goal', 'write')) spec.goalVersion[goal]++;
  }
  // Withdrawing a consent: one that does not exist, and one of a child of another team's case
  // (child 2 has none: consent 3 is of child 3, the caseworker's own, so it is left alone here
  // and withdrawn by its caseworker in t0009): refused alike for every role.
  await expectPost(who, cookie, '/samtykke/tilbage', { csrf, id: 9999 }, false, 'withdraw consent 9999');
  // Taking in or answering an inquiry that does not exist: refused alike for every role.
  await expectPost(who, cookie, '/indbakke/modtag', { csrf, id: 9999, version: 1, response: 'advice' }, false,
    'take in inquiry 9999');
  await expectPost(who, cookie, '/indbakke/svar', { csrf, id: 9999, version: 1, feedback: 'x' }, false,
    'answer inquiry 9999');
  // Another child's goal edited as if it were child 1's, and a goal that does not exist: 403.
  for (const goal of [child(2).records.goal[0], 9999])
    await expectPost(who, cookie, '/ret', { csrf, type: 'goal', barn: child(1).id, id: goal, version: 1,
      plan_id: child(1).records.plan[0], text: 'Går i skole hver dag', area: 'school' }, false,
    `goal ${goal} as child 1's`);
  // The strategy: leadership adds and edits an objective; nobody else may.
  {
    const lead = who === 'ledelse';
    await expectPost(who, cookie, '/strategi/ny', { csrf, type: 'maal', parent_code: 'P1',
      title: 'Matrixmål' }, lead, 'strategy objective');
    const r = await request('GET', '/strategi/ret?type=maal&id=1', cookie);
    out.requests++;
    if (r.status !== (lead ? 200 : 403)) leak(`${who} GET /strategi/ret: expected ${lead ? 200 : 403}, got ${r.status}`);
    await expectPost(who, cookie, '/strategi/ret', { csrf, type: 'maal', id: 1, version: 1,
      parent_code: 'P1', title: 'Matrixmål, rettet' }, lead, 'strategy objective edit');
  }
  if ((await request('GET', '/login', null)).status !== 200) leak('GET /login does not answer');
  if ((await request('GET', '/healthz', cookie)).status !== 200) leak('GET /healthz does not answer');
  out.cookies = out.cookies || {};
  out.cookies[who] = cookie;
  out.csrf = out.csrf || {};
  out.csrf[who] = csrf;
}
// Logout ends the session (of the account spec.logout, which later tests do not use): the next
// request goes to the login page.
{
  const cookie = out.cookies[spec.logout];
  const r = await request('POST', '/logout', cookie, { csrf: out.csrf[spec.logout] });
  const after = await request('GET', '/', cookie);
  if (r.status !== 303 || after.status !== 303) leak(`POST /logout: the session did not end (${r.status}, ${after.status})`);
  delete out.cookies[spec.logout];
}
console.log(JSON.stringify(out));
