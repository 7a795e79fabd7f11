"""Drive Debian's headless Chromium through the DevTools protocol, over a pipe.

Nothing here downloads a browser: :func:`find_chromium` looks for the executable that
``apt-get install chromium`` provides, and :class:`Chromium` starts it with
``--remote-debugging-pipe``, so the protocol's JSON messages travel over two inherited
file descriptors (3: commands in, 4: replies and events out, each message ended by a NUL
byte). This needs no chromedriver, no WebSocket client and no Python package beyond the
standard library.

The browser is started so that it cannot reach the network: every request to a host other
than the loopback interface is sent to a proxy address on which nothing listens, so it fails
at once (the loopback interface bypasses the proxy). The page's ``Network`` events still
report such a request, which is how a caller notices that a page tried to leave the machine.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

#: Where Debian's ``chromium`` package puts the browser, tried in this order.
CHROMIUM_NAMES = ("chromium", "chromium-browser")

#: A proxy address on which nothing listens: requests that would leave the machine fail there.
UNREACHABLE_PROXY = "http://127.0.0.1:9"


class DevToolsError(RuntimeError):
    """The browser failed to start, answered with an error, or did not answer in time."""


def find_chromium() -> str | None:
    """Return the path of an installed Chromium, or None when there is none.

    Returns
    -------
    str or None
        The executable found on ``PATH`` (Debian: ``/usr/bin/chromium``), or None.
    """
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def _move_above(fd: int, lowest: int) -> int:
    """Return a duplicate of ``fd`` numbered above ``lowest``, closing the original."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, lowest + 1)
    os.close(fd)
    return moved


class Chromium:
    """A headless Chromium with one tab, controlled through the DevTools protocol.

    Use it as a context manager; the browser and its temporary profile are removed on exit.

    Parameters
    ----------
    executable : str
        Path of the Chromium binary (see :func:`find_chromium`).
    width, height : int
        Size of the viewport in CSS pixels; also the size of :meth:`screenshot`.
    timeout : float
        Seconds to wait for any single reply from the browser.
    """

    def __init__(self, executable: str, *, width: int = 1280, height: int = 900,
                 timeout: float = 30.0) -> None:
        self.executable = executable
        self.width = width
        self.height = height
        self.timeout = timeout
        self._process: subprocess.Popen | None = None
        self._profile: tempfile.TemporaryDirectory | None = None
        self._to_browser = -1
        self._from_browser = -1
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        self._session: str | None = None

    # -- life cycle ---------------------------------------------------------------------
    def __enter__(self) -> Chromium:
        self._start()
        try:
            self._open_tab()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _start(self) -> None:
        self._profile = tempfile.TemporaryDirectory(prefix="check-book-chromium-")
        commands_read, commands_write = os.pipe()
        replies_read, replies_write = os.pipe()
        # The browser's ends must not already be numbered 3 or 4 (see the rewiring below).
        commands_read = _move_above(commands_read, 9)
        replies_write = _move_above(replies_write, 9)
        flags = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--remote-debugging-pipe", f"--user-data-dir={self._profile.name}",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-default-apps", "--mute-audio", "--lang=en-US",
            f"--proxy-server={UNREACHABLE_PROXY}", "--force-device-scale-factor=1",
            f"--window-size={self.width},{self.height}", "about:blank",
        ]
        # The protocol pipe must be the browser's descriptors 3 and 4: a shell moves them
        # there just before it becomes the browser (no preexec_fn, which is unsafe in a
        # process that has threads, such as one serving the pages).
        rewire = (f'exec "$@" 3<&{commands_read} 4>&{replies_write} '
                  f'{commands_read}<&- {replies_write}>&-')
        self._process = subprocess.Popen(
            ["/bin/bash", "-c", rewire, "bash", self.executable, *flags],
            pass_fds=(commands_read, replies_write),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(commands_read)
        os.close(replies_write)
        self._to_browser = commands_write
        self._from_browser = replies_read

    def _open_tab(self) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.send("Target.attachToTarget",
                             {"targetId": target["targetId"], "flatten": True}, session=False)
        self._session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride", {
            "width": self.width, "height": self.height, "deviceScaleFactor": 1,
            "mobile": False})

    def close(self) -> None:
        """Close the browser (politely, then by force) and remove its profile."""
        if self._process is not None:
            try:
                self.send("Browser.close", session=False, timeout=5)
            except (DevToolsError, OSError):
                pass
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        for fd in (self._to_browser, self._from_browser):
            if fd >= 0:
                os.close(fd)
        self._to_browser = self._from_browser = -1
        if self._profile is not None:
            self._profile.cleanup()
            self._profile = None

    # -- the protocol -------------------------------------------------------------------
    def send(self, method: str, params: dict[str, Any] | None = None, *,
             session: bool = True, timeout: float | None = None) -> dict[str, Any]:
        """Send one command and return its result; events that arrive meanwhile are kept.

        Parameters
        ----------
        method : str
            A DevTools method, such as ``"Page.navigate"``.
        params : dict, optional
            Its parameters.
        session : bool
            Send to the tab (True) or to the browser itself (False).
        timeout : float, optional
            Seconds to wait for the reply; the instance's ``timeout`` by default.

        Raises
        ------
        DevToolsError
            When the browser answers with an error, exits, or does not answer in time.
        """
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method,
                                   "params": params or {}}
        if session:
            message["sessionId"] = self._session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._to_browser, data):]
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            reply = self._read(deadline, f"the reply to {method}")
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise DevToolsError(f"{method} failed: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.append(reply)

    def wait_for_event(self, method: str, timeout: float | None = None) -> dict[str, Any]:
        """Wait for the next event named ``method`` and return its parameters.

        Events that arrive before it stay queued for :meth:`take_events`.
        """
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            for index, event in enumerate(self._events):
                if event["method"] == method:
                    return self._events.pop(index)["params"]
            self._events.append(self._read(deadline, f"the event {method}"))

    def take_events(self, settle: float = 0.0) -> list[dict[str, Any]]:
        """Return every event received so far (after waiting ``settle`` s for late ones)."""
        deadline = time.monotonic() + settle
        while True:
            try:
                self._events.append(self._read(deadline, "events", quiet=True))
            except TimeoutError:
                break
        events, self._events = self._events, []
        return events

    def _read(self, deadline: float, waiting_for: str, quiet: bool = False) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_browser], [], [], max(remaining, 0))
            if not ready:
                if quiet:
                    raise TimeoutError(waiting_for)
                raise DevToolsError(f"Chromium did not send {waiting_for} within the time "
                                    f"limit ({self.timeout:g} s)")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise DevToolsError(f"Chromium exited while waiting for {waiting_for}")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    # -- conveniences -------------------------------------------------------------------
    def navigate(self, url: str, timeout: float | None = None) -> None:
        """Load ``url`` in the tab and wait for its ``load`` event."""
        result = self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise DevToolsError(f"could not load {url}: {result['errorText']}")
        self.wait_for_event("Page.loadEventFired", timeout)

    def evaluate(self, expression: str, timeout: float | None = None) -> Any:
        """Evaluate JavaScript in the page, await it if it is a promise, return its value.

        Raises
        ------
        DevToolsError
            When the expression throws; the message carries the JavaScript error.
        """
        result = self.send("Runtime.evaluate", {
            "expression": expression, "awaitPromise": True, "returnByValue": True},
            timeout=timeout)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise DevToolsError(f"JavaScript failed in the page: {text}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        """Write a PNG of the visible part of the page (the first screen) to ``path``."""
        result = self.send("Page.captureScreenshot", {"format": "png"})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(result["data"]))
