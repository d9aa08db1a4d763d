"""Screenshots taken by tours, for the README's gallery.

A tour step calls ``takeScreenshot(name)`` (advocacy_program/static/tests/tours/screenshot.js: it logs
`advocacy-screenshot:<name>` and waits until the picture is taken) and the page as Chromium shows it is
saved as `<name>.png` in $ADVOCACY_SCREENSHOTS (`make gallery` points
it at docs/screenshots) or else in Odoo's screenshots folder. Used by the tours of every advocacy addon.
"""

import base64
import os
import pathlib
import re
import threading
from unittest.mock import patch

import odoo
from odoo.tests.common import ChromeBrowser

SCREENSHOT_SIGNAL = "advocacy-screenshot:"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def screenshots_dir():
    folder = os.environ.get("ADVOCACY_SCREENSHOTS") or os.path.join(
        odoo.tools.config["screenshots"], "advocacy"
    )
    path = pathlib.Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


class TourScreenshotsMixin:
    """For HttpCase: `start_tour_with_screenshots` runs a tour and returns {name: path} of the
    screenshots its steps asked for."""

    def start_tour_with_screenshots(self, url_path, tour_name, **kwargs):
        taken = {}
        done = threading.Event()
        pending = []
        original = ChromeBrowser._handle_console

        def handle_console(browser, type, args=None, **kw):  # pylint: disable=redefined-builtin
            first = str(browser._from_remoteobject(args[0])) if args else ""
            if type == "log" and first.startswith(SCREENSHOT_SIGNAL):
                name = first[len(SCREENSHOT_SIGNAL) :]
                if re.fullmatch(r"[\w-]+", name):
                    pending.append(name)
                    future = browser._websocket_send("Page.captureScreenshot", with_future=True)

                    def save(result, name=name):
                        try:
                            path = screenshots_dir() / f"{name}.png"
                            path.write_bytes(base64.b64decode(result.result()["data"]))
                            taken[name] = path
                        finally:
                            # lets the tour go on (takeScreenshot waits for it): the next step must
                            # not change the page before the capture
                            browser._websocket_send(
                                "Runtime.evaluate",
                                params={"expression": f"window.advocacyScreenshotTaken = {name!r};"},
                            )
                            if len(taken) == len(pending):
                                done.set()

                    future.add_done_callback(save)
            return original(browser, type, args=args, **kw)

        with patch.object(ChromeBrowser, "_handle_console", handle_console):
            self.start_tour(url_path, tour_name, **kwargs)
        if pending:
            done.wait(timeout=10)
        return taken

    def assertScreenshots(self, taken, names):
        """Every named screenshot was saved as a real PNG image."""
        self.assertEqual(sorted(taken), sorted(names), "the tour did not take every screenshot")
        for name in names:
            self.assertEqual(taken[name].read_bytes()[:8], PNG_MAGIC, f"{name}.png is not a PNG image")
