#!/usr/bin/env python3
"""Observe which audit events the running interpreter raises, and with how many arguments.

Maintainers only (docs/catalog.md, "Adding a CPython version"); the product never runs Python.

    python3.X scripts/maintainer/observe_events.py [--out FILE]

Installs an audit hook, then calls the standard library APIs below, each in a fresh temporary
folder, and prints JSON in the shape of catalog/sources/observed-*.json:

    {"version": "3.X", "events": {"open": [3], ...}}

`events` maps each event seen to the sorted argument counts seen for it. A call that fails (an
API missing from this release or build, a refused connection) is fine: whatever it raised before
failing still counts. Nothing touches the network beyond 127.0.0.1 (a closed port); nothing runs
but /bin/true and the shell for os.system; forked children exit at once and report what their
hook saw through a pipe.
"""
import json
import os
import sys
import tempfile

SEEN = {}  # event -> set of argument counts
CHILD_PIPE = None  # set in a forked child: its hook writes events here


def hook(event, args):
    if not isinstance(event, str):
        return
    if CHILD_PIPE is not None:
        try:
            os.write(CHILD_PIPE, ("%s\t%d\n" % (event, len(args))).encode())
        except OSError:
            pass
        return
    SEEN.setdefault(event, set()).add(len(args))


def in_child(action):
    """Runs action in a forked child whose events come back through a pipe."""
    global CHILD_PIPE
    if not hasattr(os, "fork"):
        return
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        CHILD_PIPE = w
        try:
            action()
        finally:
            os._exit(0)
    os.close(w)
    data = b""
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        data += chunk
    os.close(r)
    os.waitpid(pid, 0)
    for line in data.decode().splitlines():
        name, count = line.rsplit("\t", 1)
        SEEN.setdefault(name, set()).add(int(count))


def files(d):
    import glob
    import pathlib
    import shutil

    p = os.path.join(d, "f.txt")
    with open(p, "w") as f:
        f.write("x")
    fd = os.open(p, os.O_RDONLY)
    os.close(fd)
    os.listdir(d)
    list(os.scandir(d))
    os.mkdir(os.path.join(d, "sub"))
    os.chmod(p, 0o644)
    os.chown(p, os.getuid(), os.getgid())
    os.utime(p, None)
    os.truncate(p, 1)
    os.link(p, os.path.join(d, "hard"))
    os.symlink(p, os.path.join(d, "soft"))
    os.rename(os.path.join(d, "hard"), os.path.join(d, "hard2"))
    os.remove(os.path.join(d, "hard2"))
    os.rmdir(os.path.join(d, "sub"))
    os.chdir(d)
    list(os.walk(d))
    if hasattr(os, "fwalk"):
        list(os.fwalk(d))
    glob.glob(os.path.join(d, "*"))
    try:
        glob.glob("*", root_dir=d)
    except TypeError:
        pass
    path = pathlib.Path(d)
    list(path.glob("*"))
    list(path.rglob("*"))
    if hasattr(path, "walk"):
        list(path.walk())
    for name, args in (("setxattr", (p, "user.x", b"1")), ("getxattr", (p, "user.x")), ("listxattr", (p,)), ("removexattr", (p, "user.x"))):
        try:
            getattr(os, name)(*args)
        except (OSError, AttributeError):
            pass
    dst = os.path.join(d, "copy.txt")
    shutil.copyfile(p, dst)
    shutil.copymode(p, dst)
    shutil.copystat(p, dst)
    shutil.chown(dst, os.getuid(), os.getgid())
    shutil.copytree(_tree(d), os.path.join(d, "tree2"))
    shutil.move(dst, os.path.join(d, "moved.txt"))
    archive = shutil.make_archive(os.path.join(d, "arch"), "zip", os.path.join(d, "tree2"))
    shutil.unpack_archive(archive, os.path.join(d, "unpacked"))
    shutil.rmtree(os.path.join(d, "tree2"))
    fd, name = tempfile.mkstemp(dir=d)
    os.close(fd)
    tempfile.mkdtemp(dir=d)
    import fcntl

    with open(p, "rb") as f:
        fcntl.fcntl(f.fileno(), fcntl.F_GETFL)
        fcntl.flock(f.fileno(), fcntl.LOCK_SH)
        fcntl.flock(f.fileno(), fcntl.LOCK_UN)
        try:
            fcntl.ioctl(f.fileno(), 0x541B, b"\0\0\0\0")  # FIONREAD
        except OSError:
            pass
    with open(p, "r+b") as f:
        fcntl.lockf(f.fileno(), fcntl.LOCK_SH)
        fcntl.lockf(f.fileno(), fcntl.LOCK_UN)
        os.lockf(f.fileno(), os.F_TEST, 0)
    import mmap

    with open(p, "r+b") as f:
        mmap.mmap(f.fileno(), 1).close()
    import sqlite3

    sqlite3.connect(os.path.join(d, "db.sqlite")).close()


def _tree(d):
    t = os.path.join(d, "tree")
    os.mkdir(t)
    with open(os.path.join(t, "a"), "w") as f:
        f.write("a")
    return t


def processes():
    import signal
    import subprocess
    import threading

    subprocess.run(["/bin/true"])
    subprocess.run(["true"], cwd="/")
    os.system("/bin/true")
    if hasattr(os, "posix_spawn"):
        pid = os.posix_spawn("/bin/true", ["true"], os.environ)
        os.waitpid(pid, 0)
    in_child(lambda: os.execv("/bin/true", ["true"]))
    os.kill(os.getpid(), 0)
    os.killpg(os.getpgid(0), 0)
    signal.pthread_kill(threading.get_ident(), 0)
    import resource

    limit = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, limit)
    if hasattr(resource, "prlimit"):
        resource.prlimit(0, resource.RLIMIT_NOFILE, limit)
    threading.Thread(target=lambda: None).start()
    import _thread

    _thread.start_new_thread(lambda: None, ())


def environment():
    os.environ["AUDIT_EVENTS_OBSERVE"] = "1"
    del os.environ["AUDIT_EVENTS_OBSERVE"]
    saved = dict(os.environ)
    # clear() is os._clearenv from 3.15 where libc has clearenv(3), os.unsetenv per variable before
    os.environ.clear()
    os.environ.update(saved)


def code():
    import gc
    import marshal
    import pickle
    import types

    c = compile("x = 1", "<observe>", "exec")
    exec(c, {})
    eval("1 + 1")
    def f():
        return 1
    f.__code__ = f.__code__  # object.__setattr__, and reading __code__: object.__getattr__
    if hasattr(c, "replace"):
        c.replace(co_name="g")
    types.FunctionType(c, {})
    marshal.loads(marshal.dumps(c))
    import io

    buffer = io.BytesIO()
    marshal.dump(c, buffer)
    buffer.seek(0)
    marshal.load(buffer)
    pickle.loads(pickle.dumps(os.path.join))
    gc.get_objects()
    gc.get_referrers(f)
    gc.get_referents(f)
    sys._getframe()
    sys._current_frames()
    for name in ("_current_exceptions", "_getframemodulename"):
        if hasattr(sys, name):
            getattr(sys, name)()
    id(f)
    sys.settrace(None)
    sys.setprofile(None)
    sys.set_asyncgen_hooks(firstiter=None, finalizer=None)
    sys.set_asyncgen_hooks(*sys.get_asyncgen_hooks())
    monitoring = getattr(sys, "monitoring", None)
    if monitoring is not None:
        monitoring.use_tool_id(4, "observe")
        monitoring.register_callback(4, monitoring.events.PY_START, None)
        monitoring.free_tool_id(4)
    sys.addaudithook(lambda event, args: None)
    import array

    array.array("b", b"x")
    import time

    time.sleep(0)
    import colorsys  # noqa: F401 -- a module this script has not imported: import, open, exec


def native():
    import ctypes

    buf = ctypes.create_string_buffer(4)
    ctypes.create_unicode_buffer(4)
    ctypes.addressof(buf)
    ctypes.c_int.from_address(ctypes.addressof(buf))
    ctypes.c_char.from_buffer(buf)
    ctypes.string_at(ctypes.addressof(buf), 1)
    ctypes.get_errno()
    ctypes.set_errno(0)
    libc = ctypes.CDLL(None)
    libc.abs(-3)
    if hasattr(ctypes, "memoryview_at"):
        ctypes.memoryview_at(ctypes.addressof(buf), 1)


def network():
    import socket

    socket.gethostname()
    socket.getaddrinfo("127.0.0.1", 9)
    socket.gethostbyname("127.0.0.1")
    try:
        socket.gethostbyaddr("127.0.0.1")
    except OSError:
        pass
    socket.getnameinfo(("127.0.0.1", 9), 0)
    for call in (lambda: socket.getservbyname("http"), lambda: socket.getservbyport(80)):
        try:
            call()
        except OSError:
            pass
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        s.sendto(b"x", s.getsockname())
    with socket.socket() as s:
        s.settimeout(0.2)
        try:
            s.connect(("127.0.0.1", 9))
        except OSError:
            pass
    import urllib.request

    try:
        urllib.request.urlopen("http://127.0.0.1:9/", timeout=0.2)
    except OSError:
        pass
    for module, cls in (("ftplib", "FTP"), ("imaplib", "IMAP4"), ("poplib", "POP3"), ("smtplib", "SMTP")):
        client = getattr(__import__(module), cls)
        try:
            try:
                client("127.0.0.1", 9, timeout=0.2)
            except TypeError:  # imaplib takes a timeout from 3.9
                client("127.0.0.1", 9)
        except OSError:
            pass
    import syslog

    syslog.openlog("observe")
    syslog.setlogmask(syslog.LOG_UPTO(syslog.LOG_ERR))
    syslog.closelog()


def main():
    out = None
    if "--out" in sys.argv:
        out = sys.argv[sys.argv.index("--out") + 1]
    sys.addaudithook(hook)
    start = os.getcwd()
    failures = []
    for step in (files, processes, environment, code, native, network):
        with tempfile.TemporaryDirectory() as d:
            try:
                if step is files:
                    step(d)
                else:
                    os.chdir(d)
                    step()
            except Exception as e:  # a missing API or a refused connection ends only that step
                failures.append("%s: %s: %s" % (step.__name__, type(e).__name__, e))
            finally:
                os.chdir(start)
    result = {
        "version": "%d.%d" % sys.version_info[:2],
        "events": {name: sorted(counts) for name, counts in sorted(SEEN.items())},
    }
    text = json.dumps(result, indent=1) + "\n"
    if out:
        with open(out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    for failure in failures:
        sys.stderr.write("observe_events: %s\n" % failure)


if __name__ == "__main__":
    main()
