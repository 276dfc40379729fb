"""A stand-in for the app process, speaking textual-serve's protocol: it reports what it was
given (size, grant, environment) and echoes resize requests, so the gateway's own handling can
be tested on a real process quickly. `FAKE_APP=stubborn` ignores quit and SIGTERM and starts a
grandchild that ignores SIGTERM too, as a hung app would."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

out = sys.stdout.buffer


def send(kind: bytes, payload: dict[str, object]) -> None:
    data = json.dumps(payload).encode()
    out.write(kind + len(data).to_bytes(4, "big") + data)
    out.flush()


def main() -> None:
    stubborn = os.environ.get("FAKE_APP") == "stubborn"
    if stubborn:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                "time.sleep(600)",
            ]
        )
    out.write(b"__GANGLION__\n")
    out.flush()
    send(
        b"D",
        {
            "columns": os.environ.get("COLUMNS"),
            "rows": os.environ.get("ROWS"),
            "session": os.environ.get("CXAUDIT_SESSION"),
            "assessment": os.environ.get("CXAUDIT_LINK_ASSESSMENT"),
            "respondent": os.environ.get("CXAUDIT_LINK_RESPONDENT"),
            "has_token": bool(os.environ.get("CXAUDIT_LINK_TOKEN")),
            "argv": sys.argv,
            "pid": os.getpid(),
        },
    )
    stdin = sys.stdin.buffer
    while True:
        head = stdin.read(5)
        if len(head) < 5:
            if stubborn:
                signal.pause()
            return
        payload = stdin.read(int.from_bytes(head[1:], "big"))
        if head[:1] != b"M":
            continue
        meta = json.loads(payload)
        if meta.get("type") == "resize":
            send(b"D", {"resized": [meta.get("width"), meta.get("height")]})
        elif meta.get("type") == "quit" and not stubborn:
            return


if __name__ == "__main__":
    main()
