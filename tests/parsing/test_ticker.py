"""Speakers of ticker items (see pipelines/parsing/ticker.py for the rule)."""

from __future__ import annotations

import pytest

from pipelines.parsing.ticker import speaker_of


@pytest.mark.parametrize(
    ("item", "speaker"),
    [
        ("Sheikh Daamoush: Zionists must remain worried.", "Sheikh Daamoush"),
        ("U.S. State Department: made-up statement.", "U.S. State Department"),
        ("TASS reports 3 people were injured", "TASS"),
        ("Israeli media says reports incoming of a made-up event.", "Israeli media"),
        ("Israeli media reports injuries in a made-up test.", "Israeli media"),
        ("Ukraine's Ministry of energy reports massive attack", "Ukraine's Ministry of energy"),
        ("Made-up Outlet said the test passed.", "Made-up Outlet"),
        ("Three people were killed, the made-up ministry says", None),  # a sentence, not a name
        ("Made-up event happened in a test town today.", None),
        ("A very long made-up subject with many words here reports a test", None),
        ("reports of made-up shelling in a test town", None),
        ("Made-up clause ended. Then: a statement", None),
    ],
)
def test_speaker(item, speaker):
    assert speaker_of(item) == speaker
