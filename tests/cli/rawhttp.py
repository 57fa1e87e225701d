# rawhttp.py PORT: send the bytes on standard input to 127.0.0.1:PORT as they are, and write
# the answer, whole, to standard output (for heads no HTTP client would send).
import socket
import sys

s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(10)
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
