"""Pure page parsing: a raw page's bytes or text in, plain records out.

Knows nothing of storage or orchestration (imports neither dagster nor duckdb). Other code
imports only what this module exports.
"""

from pipelines.parsing.decode import DecodedText, decode_bytes
from pipelines.parsing.model import (
    Layout,
    LinkKind,
    ParsedPage,
    RegionMention,
    RelatedLink,
    Status,
    TickerItem,
)
from pipelines.parsing.normalize import normalize_text
from pipelines.parsing.page import parse_page
from pipelines.parsing.regions import infer_regions
from pipelines.parsing.urls import canonical_url, section_from_url

__all__ = [
    "DecodedText",
    "Layout",
    "LinkKind",
    "ParsedPage",
    "RegionMention",
    "RelatedLink",
    "Status",
    "TickerItem",
    "canonical_url",
    "decode_bytes",
    "infer_regions",
    "normalize_text",
    "parse_page",
    "section_from_url",
]
