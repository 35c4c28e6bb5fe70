"""Named pause points for the crash tests.

With NEWS_PAUSE_AT=<point> and NEWS_PAUSE_FILE=<file> in the environment, a run that reaches the
point writes its pid to the file and sleeps, so a test can SIGKILL it exactly there. Without
those variables the points do nothing.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

POINTS = ("parse", "load", "publish", "published")


def pause_point(name: str) -> None:
    if os.environ.get("NEWS_PAUSE_AT") != name:
        return
    marker = os.environ.get("NEWS_PAUSE_FILE")
    if marker:
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(3600)
