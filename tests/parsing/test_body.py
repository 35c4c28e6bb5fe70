"""parse_body on made-up blocks: sub-headings, links, embeds, repeats."""

from __future__ import annotations

from pipelines.parsing.body import parse_body


def test_subheadings():
    body = parse_body(
        [
            "Made-up heading",
            "What comes next in the made-up test?",
            "A made-up paragraph ends with a full stop.",
            '"A made-up quote," a made-up source said.',
            "Made-up list item",
            "Made-up cut-off fragment",
        ],
        list_items={4},
        cut_position=5,
    )
    assert body.subheadings == ["Made-up heading", "What comes next in the made-up test?"]
    assert body.text.count("\n\n") == 5


def test_read_more_lines_are_links_and_a_cut_one_is_dropped():
    body = parse_body(
        ["A made-up paragraph.", "Read more: Made-up title", "Read more: Made-up ti"],
        cut_position=2,
    )
    assert body.read_more == ["Made-up title"]
    assert body.text == "A made-up paragraph."


def test_embed_with_picture_link_on_its_own_line():
    body = parse_body(
        [
            "A made-up paragraph.",
            "Made-up post text",
            "pic.twitter.com/MadeUp",
            "— Made Up (@made_up) January 2, 2024",
            "A made-up closing paragraph.",
            "pic.twitter.com/Lonely",
        ]
    )
    assert body.embeds == [
        "Made-up post text\npic.twitter.com/MadeUp\n— Made Up (@made_up) January 2, 2024",
        "pic.twitter.com/Lonely",
    ]
    assert body.text == "A made-up paragraph.\n\nA made-up closing paragraph."


def test_repeats_only_in_a_row():
    body = parse_body(["Made-up A.", "Made-up A.", "Made-up B.", "Made-up A."])
    assert body.text == "Made-up A.\n\nMade-up B.\n\nMade-up A."
