"""A headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe): enough
to open a page, run script in it, hear its console errors and take screenshots, with nothing but
the standard library."""
from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import signal
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def find_browser() -> str | None:
    found = os.environ.get("CNNCALC_BROWSER")
    if found:
        return found
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


class BrowserError(RuntimeError):
    pass


class Browser:
    """One headless browser with one page. Use as a context manager."""

    def __init__(self, executable: str, timeout: float = 30.0):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="cnncalc-browser-")
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        # above 4, so that placing them at 3 and 4 in the browser cannot overwrite one with the other
        to_browser_read, from_browser_write = (self._above_four(to_browser_read), self._above_four(from_browser_write))
        arguments = [executable, "--headless", "--remote-debugging-pipe", "--disable-gpu", "--no-first-run",
                     "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
                     "--disable-dev-shm-usage", f"--user-data-dir={self.profile}", "about:blank"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            arguments.insert(1, "--no-sandbox")  # Chromium refuses to run its sandbox as root (a CI container)
        # the protocol is read from fd 3 and written to fd 4 of the browser
        script = f'exec "$@" 3<&{to_browser_read} 4>&{from_browser_write}'
        self._buffer = bytearray()
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""
        try:  # a session of its own, so that closing it ends every process the browser started
            self.process = subprocess.Popen(["bash", "-c", script, "bash", *arguments], start_new_session=True,
                                            pass_fds=(to_browser_read, from_browser_write), stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        finally:
            os.close(to_browser_read)
            os.close(from_browser_write)
        try:
            target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
            self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                     session=False)["sessionId"]
            for domain in ("Page", "Runtime", "Log"):
                self.send(f"{domain}.enable")
        except BaseException:
            self.close()
            raise

    @staticmethod
    def _above_four(descriptor: int) -> int:
        moved = fcntl.fcntl(descriptor, fcntl.F_DUPFD, 10)
        os.close(descriptor)
        return moved

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    def close(self) -> None:
        self.timeout = min(self.timeout, 10.0)
        try:
            self.send("Browser.close", session=False)
        except (BrowserError, OSError, ValueError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # what is left of it: renderers, zygotes
        except (ProcessLookupError, PermissionError):
            pass
        if self.process.returncode is None:
            self.process.wait()
        for descriptor in (self._to_browser, self._from_browser):
            try:
                os.close(descriptor)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def _message(self, deadline: float) -> dict[str, Any]:
        end = self._buffer.find(b"\0")
        while end < 0:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise BrowserError("the browser did not answer in time")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError("the browser closed its pipe")
            searched = len(self._buffer)
            self._buffer += chunk
            found = chunk.find(b"\0")
            end = searched + found if found >= 0 else -1
        message = bytes(self._buffer[:end])
        del self._buffer[:end + 1]
        return json.loads(message)  # type: ignore[no-any-return]

    def send(self, method: str, params: dict[str, Any] | None = None, session: bool = True) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._message(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer.get("result", {})  # type: ignore[no-any-return]
            self.events.append(answer)

    def wait_for(self, method: str, since: int = 0) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while True:
            for event in self.events[since:]:
                if event.get("method") == method:
                    return event
            since = len(self.events)
            self.events.append(self._message(deadline))

    def size(self, width: int, height: int, mobile: bool = False) -> None:
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})

    def open(self, path: Path) -> float:
        """Opens a file and waits for its load event; the seconds it took."""
        since = len(self.events)
        started = time.monotonic()
        self.send("Page.navigate", {"url": path.resolve().as_uri()})
        self.wait_for("Page.loadEventFired", since)
        return time.monotonic() - started

    def run(self, expression: str) -> Any:
        """The value of a script run in the page."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"the script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def errors(self) -> list[str]:
        """Every console error, uncaught exception and error in the browser's log so far."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(str(params.get("exceptionDetails", {}).get("text")))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                found.append(" ".join(str(argument.get("value")) for argument in params.get("args", [])))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                found.append(str(params["entry"].get("text")))
        return found

    def screenshot(self, path: Path, selector: str | None = None) -> None:
        """The viewport, or the whole of the first element `selector` finds."""
        params: dict[str, Any] = {"format": "png"}
        if selector is not None:
            box = self.run(f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
                           " return [r.left + scrollX, r.top + scrollY, r.width, r.height]; })()")
            params["clip"] = dict(zip(("x", "y", "width", "height"), box), scale=1)
            params["captureBeyondViewport"] = True
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", params)["data"]))
