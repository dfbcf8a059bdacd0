"""Audit hooks: the mistakes that fail silently or crash inside a security hook."""
import sys

IGNORED = {"sys._getframe", "object.__getattr__"}


def audit_hook(event, args):
    if event in IGNORED:
        return
    if event == "open":
        path, mode = args  # unpack-arity: open has 3 arguments (path, mode, flags)
    elif event in ("os.remove", "os.rmdir"):  # incomplete-coverage: os.rename and shutil.move get through
        dir_fd = args[2]  # index-range: both take (path, dir_fd)
    elif event == "os.unlinkk":  # unknown-event: no such event; did you mean os.unlink -> os.remove?
        pass
    elif event == "time.sleep":  # version: 3.11 (the target) does not raise it; 3.13+ does
        (seconds,) = args
    elif event == "sys.set_asyncgen_hooks_firstiter":  # never-raised: a docs erratum
        pass
    match event:
        case "shutil.rmtree":
            path, dir_fd = args  # right for 3.11: (path, dir_fd)
        case "myapp.login":
            user, ip = args  # right: settings declare (user, ip)
        case "myapp.speedups.load":
            path, flags = args  # right: _speedups.c raises it with "Oi"


def file_logger(event, args):
    if event == "open":
        with open("/tmp/opened.log", "a") as log:  # hook-reentry: open() raises 'open', which this hook handles
            log.write(f"{args[0]}\n")
    elif event == "socket.connect":
        print("connect", args[0][0])  # arg-type: args[0] is the socket itself; the address is args[1]


def log_hook(event):  # hook-signature: hooks are called as hook(event, args)
    print(event)


sys.addaudithook(audit_hook)
sys.addaudithook(file_logger)
sys.addaudithook(log_hook)
