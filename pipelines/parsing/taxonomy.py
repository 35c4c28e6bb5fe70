"""The site's own vocabulary, read off its navigation (see shared/PAGE_LAYOUTS.md)."""

SITE_REGIONS: tuple[str, ...] = (
    "Africa",
    "Asia",
    "Asia-Pacific",
    "Europe",
    "Latin America",
    "MENA",
    "Palestine",
    "US & Canada",
)

# Top-level menu -> its sections. `Infographs`, `In Pictures` and `LIVE` have no sub-sections.
SITE_SECTIONS: dict[str, tuple[str, ...]] = {
    "News": (
        "Politics",
        "Economy",
        "Sports",
        "Arts&Culture",
        "Health",
        "Miscellaneous",
        "Technology",
        "Environment",
    ),
    "Articles": ("Opinion", "Analysis", "Blog", "Features"),
    "Videos": ("NewsFeed", "Video Features", "Explainers", "TV", "Digital Series"),
    "Infographs": (),
    "In Pictures": (),
    "LIVE": (),
}
