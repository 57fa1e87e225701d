// load.mjs URL COOKIE CONNECTIONS: GET URL over CONNECTIONS keep-alive connections, again and
// again, until the server goes away (or 60 s pass); prints how many whole answers were 200.
// t0006 uses it to kill a server under concurrent load (the committer's read log at work).
import http from 'node:http';

const [url, cookie, n] = process.argv.slice(2);
const conns = Number(n);
const agent = new http.Agent({ keepAlive: true, maxSockets: conns });
let ok = 0;
let live = conns;

function done() {
    console.log(ok);
    process.exit(0);
}

function gone() {
    if (--live === 0)
        done();
}

function one() {
    const req = http.get(url, { agent, headers: { Cookie: cookie } }, (res) => {
        res.on('error', gone);
        res.on('aborted', gone);
        res.on('end', () => {
            if (res.statusCode === 200)
                ok++;
            one();
        });
        res.resume();
    });
    req.on('error', gone);
}

setTimeout(done, 60000);
for (let i = 0; i < conns; i++)
    one();
