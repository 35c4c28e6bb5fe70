"""Named pause points for the crash and race tests.

With NEWS_PAUSE_AT=<point> and NEWS_PAUSE_FILE=<file> in the environment, a run that reaches the
point writes its pid to the file and waits: until NEWS_PAUSE_RESUME names a file that exists, or
for an hour, so a test can SIGKILL it exactly there or change the raw folder under it. Without
those variables the points do nothing.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

POINTS = ("scanned", "parse", "load", "publish", "published")


def pause_point(name: str) -> None:
    if os.environ.get("NEWS_PAUSE_AT") != name:
        return
    marker = os.environ.get("NEWS_PAUSE_FILE")
    if marker:
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
    resume = os.environ.get("NEWS_PAUSE_RESUME")
    deadline = time.monotonic() + 3600
    while time.monotonic() < deadline:
        if resume and Path(resume).exists():
            return
        time.sleep(0.05)
