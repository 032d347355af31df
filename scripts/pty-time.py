"""Times a command run directly on a pseudo-terminal (80x24), with no wrapper process.

Usage: python3 pty-time.py '<json script>' command [args...]
The script is a list of steps: {"until": "text"} waits until the terminal output
contains the text (since the last wait), {"send": "text"} types it, {"sleep": ms} lets the
screen settle (a list takes keys only once it is drawn), {"mark": true}
starts the clock for the next figure. Prints one JSON list: the ms of each "until"
(and of the command's exit, when the script ends with {"exit": true}), measured from
the fork (or the last mark).
"""
import fcntl, json, os, pty, select, signal, struct, sys, termios, time

steps = json.loads(sys.argv[1])
command = sys.argv[2:]
started = time.perf_counter()
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
    os.execvp(command[0], command)

clock = started
seen = b''
figures = []
exited = False


def read(timeout):
    global seen, exited
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        chunk = b''
    if not chunk:
        exited = True
    seen += chunk


deadline = time.perf_counter() + 30
for step in steps:
    if 'mark' in step:
        clock = time.perf_counter()
    elif 'sleep' in step:
        end = time.perf_counter() + step['sleep'] / 1000
        while time.perf_counter() < end:
            read(0.01)
    elif 'send' in step:
        os.write(fd, step['send'].encode())
    elif 'until' in step:
        want = step['until'].encode()
        while want not in seen and not exited and time.perf_counter() < deadline:
            read(0.05)
        figures.append((time.perf_counter() - clock) * 1000 if want in seen else None)
        seen = b''
    elif 'exit' in step:
        while not exited and time.perf_counter() < deadline:
            read(0.05)
        figures.append((time.perf_counter() - clock) * 1000 if exited else None)

try:
    os.kill(pid, signal.SIGKILL)
except ProcessLookupError:
    pass
os.waitpid(pid, 0)
print(json.dumps(figures))
