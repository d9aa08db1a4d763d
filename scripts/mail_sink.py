"""`make mail`: a local SMTP server that prints every mail it receives and delivers none.

Run it in one terminal, then `MAIL_SINK=1 make run` in another: Odoo sends its mail here
(127.0.0.1, port MAIL_PORT, default 1025). Ctrl-C stops it.
"""

import email
import email.policy
import html
import os
import re
import threading

from aiosmtpd.controller import Controller

INVISIBLE_RE = re.compile("[\u034f\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def readable_body(message):
    """The text a reader sees: the plain-text part, else the HTML part without its tags."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part.get_content()
    if part.get_content_type() == "text/html":
        text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"(?is)<(style|script).*?</\1>", "", text)))
    text = INVISIBLE_RE.sub("", text)  # the preview fillers of Odoo's mail layout
    text = "\n".join(" ".join(line.split()) for line in text.splitlines())
    return re.sub(r"\n\n+", "\n\n", text).strip()


class PrintingHandler:
    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        print("=" * 78)
        for header in ("Date", "From", "To", "Cc", "Reply-To", "Subject"):
            if message[header]:
                print(f"{header}: {message[header]}")
        print(f"(envelope: from {envelope.mail_from} to {', '.join(envelope.rcpt_tos)})")
        print("-" * 78)
        print(readable_body(message))
        attachments = [part.get_filename() for part in message.iter_attachments() if part.get_filename()]
        if attachments:
            print("-" * 78)
            print("attachments:", ", ".join(attachments))
        print(flush=True)
        return "250 Message accepted (printed, not delivered)"


def main():
    port = int(os.environ.get("MAIL_PORT") or 1025)
    controller = Controller(PrintingHandler(), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"Mail sink on 127.0.0.1:{port}: prints every mail, delivers none. Ctrl-C stops it.")
    print(f"Point Odoo at it: MAIL_SINK=1 MAIL_PORT={port} make run", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
