"""A deterministic generator of synthetic raw pages of english.almayadeen.net (stdlib only).

Every title, body, ticker item, person and outlet it writes is invented and says so
("Synthetic ..."); only place names are real, so that region inference has evidence.
"""

from pipelines.sample.generator import SampleSummary, append_pages, generate_sample

__all__ = ["SampleSummary", "append_pages", "generate_sample"]
