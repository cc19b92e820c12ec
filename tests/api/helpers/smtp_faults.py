"""A scripted SMTP submission server for the sending tests (Debian's python3-aiosmtpd).

It speaks like a provider's: STARTTLS with the loopback test CA's certificate (MAIL_DIR's
cert.pem and key.pem), then AUTH PLAIN or LOGIN (any username, password "secret"). Each
recipient's local part picks the answer:

  t421-...      421 at RCPT (the service is closing)
  t450-...      450 at RCPT (mailbox busy: try again later)
  t452-...      452 at RCPT (insufficient storage)
  t454-...      454 at RCPT (a temporary failure on the server's side)
  t550-...      550 at RCPT (no such user)
  t552-...      552 at RCPT (the mailbox is full)
  t554-...      554 after the message (rejected as spam: about the message, not the recipient)
  tdroprcpt-... the connection dropped at RCPT, before the message is handed over
  tdrop-...     the connection dropped after the message, before any answer
  thang-...     the message received, then no answer for an hour (the sender is killed meanwhile)
  anything else accepted (250), and counted

Usage: python3 smtp_faults.py PORT CERT KEY COUNT_FILE
Every accepted or dropped-after-the-message message appends "RECIPIENT MESSAGE-ID" to
COUNT_FILE, so a test counts what the server received.
"""

import asyncio
import re
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, cert, key, count_file = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"secret"
    return AuthResult(success=ok)


def record(envelope):
    text = envelope.content.decode("utf-8", "replace")
    found = re.search(r"^Message-ID:\s*(\S+)", text, re.MULTILINE | re.IGNORECASE)
    with open(count_file, "a") as out:
        for rcpt in envelope.rcpt_tos:
            out.write(f"{rcpt} {found.group(1) if found else '-'}\n")


class Script:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0]
        if local.startswith("tdroprcpt-"):
            server.transport.abort()
            return "250 never sent"
        for code, words in (
            ("t421-", "421 4.3.2 Service shutting down, try again later"),
            ("t450-", "450 4.2.1 Mailbox busy, try again later"),
            ("t452-", "452 4.2.2 Insufficient storage"),
            ("t454-", "454 4.7.1 Temporary local problem, try again later"),
            ("t550-", "550 5.1.1 No such user"),
            ("t552-", "552 5.2.2 Mailbox full"),
        ):
            if local.startswith(code):
                return words
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        local = envelope.rcpt_tos[0].split("@")[0]
        if local.startswith("tdrop-"):
            record(envelope)
            server.transport.abort()
            return "250 never sent"
        if local.startswith("thang-"):
            record(envelope)
            await asyncio.sleep(3600)
            return "250 too late"
        if local.startswith("t554-"):
            return "554 5.7.1 Message rejected as spam"
        record(envelope)
        return "250 OK: queued"


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
controller = Controller(
    Script(),
    hostname="127.0.0.1",
    port=int(port),
    tls_context=context,
    require_starttls=True,
    authenticator=authenticate,
    auth_require_tls=True,
    auth_required=True,
)
controller.start()
print("ready", flush=True)
try:
    asyncio.get_event_loop().run_forever()
except KeyboardInterrupt:
    pass
