"""The gateway's checks that need no network: where a request may come from, how many bad tokens
an address may try, how big a terminal may be, and how many sessions the machine can hold.

Each is a small class with an injectable clock, so the tests can step time instead of waiting.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from cxaudit.errors import CxauditError

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
MIN_WIDTH, MAX_WIDTH = 20, 400
MIN_HEIGHT, MAX_HEIGHT = 8, 200
SESSION_MEMORY = 150 * 1024 * 1024
"""Memory to allow per app process: one measured about 90 MB; the rest is headroom."""
SESSIONS_PER_CORE = 20
"""App processes per core: they idle between key presses, so a core holds many."""


class BadPublicUrl(CxauditError):
    """`--public-url` is not an http or https address."""


def public_origin(url: str) -> tuple[str, str]:
    """The (origin, host) of a public URL such as `https://cx.example.org/`, checked."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadPublicUrl(
            f"--public-url must be an http:// or https:// address, such as "
            f"https://cx.example.org; got {url!r}."
        )
    host = parts.netloc.rsplit("@", 1)[-1].lower()
    return f"{parts.scheme}://{host}", host


class AddressGuard:
    """Which Host and Origin headers the gateway accepts: the served address and the public URL.

    A page from another site can make the browser open a websocket here (cross-site websocket
    hijacking), and a DNS name pointed at 127.0.0.1 can make the browser treat this server as
    that site (DNS rebinding). Accepting only our own Host and Origin stops both.
    """

    def __init__(self, *, host: str, port: int, public_url: str | None = None) -> None:
        names: set[str] = set()
        wildcard = host in ("0.0.0.0", "::", "")
        if wildcard or host.strip("[]") in ("127.0.0.1", "localhost", "::1"):
            names.update(LOOPBACK_NAMES)
        if not wildcard:
            names.add(f"[{host}]" if ":" in host and not host.startswith("[") else host)
        self.hosts: set[str] = {f"{name.lower()}:{port}" for name in names}
        if port == 80:
            self.hosts.update(name.lower() for name in names)
        self.origins: set[str] = {f"http://{h}" for h in self.hosts}
        self.public_url = public_url.rstrip("/") if public_url else None
        self.secure = False
        if public_url:
            origin, public_host = public_origin(public_url)
            self.hosts.add(public_host)
            self.origins.add(origin)
            self.secure = origin.startswith("https://")

    def host_ok(self, host_header: str | None) -> bool:
        """Whether the Host header names this server."""
        return host_header is not None and host_header.strip().lower() in self.hosts

    def origin_ok(self, origin: str | None, *, required: bool) -> bool:
        """Whether the Origin header is ours (browsers always send one on a websocket)."""
        if origin is None:
            return not required
        return origin.strip().lower().rstrip("/") in self.origins


class RateLimiter:
    """After `limit` bad tokens from one address within `window` seconds, refuse it for `block`.

    The limits are per address, kept in memory, and forgotten when the server stops.
    """

    def __init__(
        self,
        *,
        limit: int = 20,
        window: float = 60.0,
        block: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.block = block
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._blocked_until: dict[str, float] = {}

    def blocked(self, address: str) -> bool:
        """Whether `address` is refused for now."""
        until = self._blocked_until.get(address)
        if until is None:
            return False
        if self.clock() >= until:
            del self._blocked_until[address]
            return False
        return True

    def failed(self, address: str) -> None:
        """Count one bad token from `address`."""
        now = self.clock()
        failures = self._failures.setdefault(address, deque())
        failures.append(now)
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if len(failures) >= self.limit:
            self._blocked_until[address] = now + self.block
            failures.clear()
        self._forget_old(now)

    def _forget_old(self, now: float) -> None:
        # Keeps memory bounded when many addresses each try a few tokens.
        if len(self._failures) > 10_000:
            for address in [a for a, f in self._failures.items() if not f or f[-1] <= now - 60]:
                del self._failures[address]


def clamp_size(width: object, height: object) -> tuple[int, int]:
    """A terminal size the app can draw: numbers only, within sensible bounds (80×24 if not)."""

    def number(value: object, default: int, low: int, high: int) -> int:
        try:
            result = int(str(value))
        except (TypeError, ValueError):
            return default
        return max(low, min(high, result))

    return (
        number(width, 80, MIN_WIDTH, MAX_WIDTH),
        number(height, 24, MIN_HEIGHT, MAX_HEIGHT),
    )


def _available_memory() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def default_max_sessions(
    *, cpus: int | None = None, memory: int | None = None, extra: Iterable[int] = ()
) -> int:
    """How many app processes this machine holds at once: by its cores and free memory."""
    cores = cpus if cpus is not None else (os.cpu_count() or 1)
    free = memory if memory is not None else _available_memory()
    limits = [cores * SESSIONS_PER_CORE, *extra]
    if free is not None:
        limits.append(free // SESSION_MEMORY)
    return max(2, min(limits))
