// crash.mjs BASE TOKEN CSRF CHILD READ CONNECTIONS: writes about CHILD and page views of child READ
// (a child's page grows with its records: one that takes every write would outgrow a page) over
// CONNECTIONS keep-alive
// connections until the server goes away (t0016 kills it with SIGKILL) or 30 s pass. Prints one
// line per acknowledged answer, as soon as it arrives: "W <marker> <record id>" for a saved
// conversation (303), "R <request id>" for a child's page (200). Each write carries a marker of
// its own, so the test can look for every acknowledged one after the restart.
import http from 'node:http';

const [base, token, csrf, child, readChild, n] = process.argv.slice(2);
const conns = Number(n);
const agent = new http.Agent({ keepAlive: true, maxSockets: conns });
const cookie = `__Host-trappe=${token}`;
const run = `${process.pid}-${Date.now()}`;
let seq = 0;
let live = conns;

function gone() {
    if (--live === 0)
        process.exit(0);
}

function write(id) {
    const marker = `crash-${run}-${++seq}`;
    const body = new URLSearchParams({
        csrf, type: 'conversation', barn: child, date: '2026-01-15', present: 'rådgiver',
        bisidder_informed: 'true', child_words: marker, child_wishes: 'at det går godt',
    }).toString();
    const req = http.request(`${base}/ny`, {
        agent, method: 'POST',
        headers: {
            Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded',
            'Content-Length': Buffer.byteLength(body), Origin: base,
        },
    }, (res) => {
        res.resume();
        res.on('error', gone);
        res.on('aborted', gone);
        res.on('end', () => {
            const m = /gemt=conversation-(\d+)/.exec(res.headers.location || '');
            if (res.statusCode === 303 && m)
                process.stdout.write(`W ${marker} ${m[1]}\n`);
            else if (res.statusCode !== 303)
                process.stderr.write(`write answered ${res.statusCode}\n`);
            next(id);
        });
    });
    req.on('error', gone);
    req.end(body);
}

function read(id) {
    const req = http.get(`${base}/barn/${readChild}`, { agent, headers: { Cookie: cookie } }, (res) => {
        res.resume();
        res.on('error', gone);
        res.on('aborted', gone);
        res.on('end', () => {
            if (res.statusCode === 200)
                process.stdout.write(`R ${res.headers['x-request-id']}\n`);
            next(id);
        });
    });
    req.on('error', gone);
}

function next(id) {
    if (id % 2 === 0)
        write(id);
    else
        read(id);
}

for (let i = 0; i < conns; i++)
    next(i);
setTimeout(() => process.exit(0), 30000);
