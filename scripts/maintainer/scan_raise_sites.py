#!/usr/bin/env python3
"""List every audit-event raise site of a CPython source tree, with its argument count.

Maintainers only (docs/catalog.md, "Adding a CPython version"); the product never runs Python.

    python3 scripts/maintainer/scan_raise_sites.py CPYTHON_TREE [--out FILE]
    python3 scripts/maintainer/scan_raise_sites.py --lib INSTALLED_STDLIB [--out FILE]

Prints JSON in the shape of catalog/sources/raise-sites-*.json (the second form: of
stdlib-sites-*.json, `where` relative to a folder named Lib):

    [{"event": "open", "arity": 3, "where": "Modules/_io/fileio.c:377", "lang": "c", "format": "\\"Osi\\""}, ...]

C: every call of PySys_Audit(event, format, ...), _PySys_Audit(tstate, event, format, ...) and
PySys_AuditTuple(event, args) under Modules/, Objects/, Parser/, PC/ and Python/. `format` is the
format argument as written (NULL, a string literal, or an expression); `arity` is read off a
literal Py_BuildValue format: its top-level items, a (...), [...] or {...} group counting as one
and the #, & and ! modifiers as none; a format that is one parenthesised group builds that tuple,
so its items count; a lone O, S, N or O& passes an object through, which CPython uses whole as the
args tuple when it is one, so the count is null (unknown), as it is for a format that is not a
literal. NULL is 0. PySys_AuditTuple's count is null unless its args are NULL.
Python: every sys.audit("event", ...) call in Lib/ (tests excluded), arity = the arguments after
the event, null when one is starred.
"""
import ast
import json
import os
import re
import sys

C_FOLDERS = ("Modules", "Objects", "Parser", "PC", "Python")
CALLS = {"PySys_Audit": 0, "_PySys_Audit": 1, "PySys_AuditTuple": 0}  # name -> index of the event argument
CALL_RE = re.compile(r"\b(_?PySys_Audit(?:Tuple)?)\s*\(")

OBJECT_UNITS = {"O", "S", "N", "O&"}
UNITS = set("sszyuUibhlBHIkLKncCdfDOSNp")
IGNORED = set(" \t:,")
CLOSE = {"(": ")", "[": "]", "{": "}"}


def format_arity(fmt):
    """The count of a Py_BuildValue format string, or None when it cannot be known."""
    parsed = _items(fmt, 0, "")
    if parsed is None or parsed[1] != len(fmt):
        return None
    items = parsed[0]
    if not items:
        return 0
    if len(items) == 1:
        kind, value = items[0]
        if kind == "group" and value[0] == "(":
            return value[1]
        if kind == "unit" and value in OBJECT_UNITS:
            return None
        return 1
    return len(items)


def _items(fmt, i, close):
    items = []
    while i < len(fmt):
        c = fmt[i]
        if c == close:
            return items, i
        if c in IGNORED:
            i += 1
        elif c in CLOSE:
            inner = _items(fmt, i + 1, CLOSE[c])
            if inner is None or inner[1] >= len(fmt) or fmt[inner[1]] != CLOSE[c]:
                return None
            items.append(("group", (c, len(inner[0]))))
            i = inner[1] + 1
        elif c in UNITS:
            code = c
            i += 1
            while i < len(fmt) and fmt[i] in "#&!":
                code += fmt[i]
                i += 1
            items.append(("unit", code))
        else:
            return None
    return (None if close else (items, i))


def blank_comments(text):
    """The C text with comments turned into spaces (newlines kept, so lines still count)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r"[^\n]", " ", text[i:end]))
            i = end
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def call_arguments(text, start):
    """The top-level arguments of the call whose '(' is at start, as source strings; None if unbalanced."""
    depth, i, n = 0, start, len(text)
    args, current = [], []
    while i < n:
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            current.append(text[i : j + 1])
            i = j + 1
            continue
        if c in "([{":
            depth += 1
            if depth == 1:
                i += 1
                continue
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append("".join(current).strip())
                return args
        elif c == "," and depth == 1:
            args.append("".join(current).strip())
            current = []
            i += 1
            continue
        current.append(c)
        i += 1
    return None


STRING_RE = re.compile(r'\s*"((?:[^"\\]|\\.)*)"\s*')


def literal(expr):
    """The value of an argument made only of adjacent string literals ("os" ".open"), else None."""
    pos, parts = 0, []
    while pos < len(expr):
        m = STRING_RE.match(expr, pos)
        if not m:
            return None
        parts.append(m.group(1))
        pos = m.end()
    return "".join(parts) if parts else None


def scan_c(root):
    sites = []
    for folder in C_FOLDERS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, folder)):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.endswith((".c", ".h")):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = blank_comments(f.read())
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                for m in CALL_RE.finditer(text):
                    site = c_site(m, text, rel)
                    if site:
                        sites.append(site)
    return sites


def c_site(match, text, rel):
    name = match.group(1)
    args = call_arguments(text, match.end() - 1)
    if not args:
        return None
    at = CALLS[name]
    event = literal(args[at]) if len(args) > at else None
    if event is None:
        # A declaration or definition (const char *event, ...), or an event that is not a literal.
        if len(args) > at and '"' in args[at]:
            sys.stderr.write("scan_raise_sites: %s:%d: event is not a plain literal: %s\n" % (rel, line_of(text, match.start()), args[at]))
        return None
    fmt_src = " ".join(args[at + 1].split()) if len(args) > at + 1 else "NULL"
    if name == "PySys_AuditTuple":
        arity = 0 if fmt_src == "NULL" else None
    elif fmt_src == "NULL":
        arity = 0
    else:
        fmt = literal(fmt_src)
        arity = format_arity(fmt) if fmt is not None else None
    return {"event": event, "arity": arity, "where": "%s:%d" % (rel, line_of(text, match.start())), "lang": "c", "format": fmt_src}


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def is_test(rel):
    parts = rel.split("/")
    return any(p in ("test", "tests", "idle_test") for p in parts[:-1])


def scan_lib(lib, prefix="Lib"):
    sites = []
    for dirpath, dirnames, filenames in os.walk(lib):
        dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "__pycache__"))
        for name in sorted(filenames):
            if not name.endswith(".py"):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, lib).replace(os.sep, "/")
            if is_test(rel):
                continue
            with open(path, "rb") as f:
                source = f.read()
            try:
                tree = ast.parse(source, path)
            except (SyntaxError, ValueError):
                continue  # lib2to3 test data and the like
            for node in ast.walk(tree):
                site = py_site(node, "%s/%s" % (prefix, rel))
                if site:
                    sites.append(site)
    return sorted(sites, key=lambda s: (s["where"].rsplit(":", 1)[0], int(s["where"].rsplit(":", 1)[1])))


def py_site(node, rel):
    if not isinstance(node, ast.Call) or not node.args:
        return None
    func = node.func
    is_audit = isinstance(func, ast.Attribute) and func.attr == "audit" and isinstance(func.value, ast.Name) and func.value.id in ("sys", "_sys")
    if not is_audit:
        return None
    first = node.args[0]
    if not isinstance(first, ast.Constant) or not isinstance(first.value, str):
        return None
    value = first.value
    rest = node.args[1:]
    starred = any(isinstance(a, ast.Starred) for a in rest)
    return {"event": value, "arity": None if starred else len(rest), "where": "%s:%d" % (rel, node.lineno), "lang": "py"}


def main(argv):
    out = None
    if "--out" in argv:
        i = argv.index("--out")
        out = argv[i + 1]
        argv = argv[:i] + argv[i + 2 :]
    if len(argv) == 2 and argv[0] == "--lib":
        sites = scan_lib(argv[1])
    elif len(argv) == 1:
        root = argv[0]
        sites = scan_c(root) + scan_lib(os.path.join(root, "Lib"))
    else:
        sys.stderr.write(__doc__)
        return 2
    text = json.dumps(sites, indent=1) + "\n"
    if out:
        with open(out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
