"""Raise sites: sys.audit calls that CPython would reject or that hooks cannot unpack."""
import sys
from sys import audit as emit

PAYMENT = "myapp.payment"


def login(user, ip):
    sys.audit("myapp.login", user, ip)  # right: settings declare (user, ip)


def charge(card, amount, currency):
    sys.audit(PAYMENT, card, amount, currency)


def refund(card, amount):
    emit(PAYMENT, card, amount)  # inconsistent-arity: 3 arguments above, 2 here


def open_config(path):
    sys.audit("open", path, "r")  # arity: open takes (path, mode, flags)


def audit_user(user):
    sys.audit("myapp.user", user=user)  # keyword-args: TypeError at run time


def audit_bytes():
    sys.audit(b"myapp.bytes")  # event-not-str: the event must be a str


def remove(path):
    sys.audit("os.rmeove", path, None)  # unknown-event (information): a typo of os.remove
