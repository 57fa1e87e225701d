# rawhttp.py PORT [--kept]: send the bytes on standard input to 127.0.0.1:PORT as they are, and
# write the answer, whole, to standard output (for heads no HTTP client would send). With --kept
# they are the second request of a kept-alive connection: a GET /healthz goes first, and its
# answer must be a 200 that keeps the connection open.
import socket
import sys

s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(10)
if sys.argv[2:] == ["--kept"]:
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    got = b""
    while b"\r\n\r\n" not in got:
        b = s.recv(65536)
        if not b:
            sys.exit("the first answer did not arrive")
        got += b
    head, body = got.split(b"\r\n\r\n", 1)
    lines = head.decode().split("\r\n")
    fields = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:])}
    if not lines[0].startswith("HTTP/1.1 200 ") or fields.get("connection") == "close":
        sys.exit("the first answer did not keep the connection: " + lines[0])
    while len(body) < int(fields["content-length"]):
        body += s.recv(65536)
try:
    s.sendall(sys.stdin.buffer.read())
except OSError:
    pass  # the door may answer and close before a large head is all sent
out = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    out += b
sys.stdout.write(out.decode())
