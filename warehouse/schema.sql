-- The warehouse schema: the one place that knows the tables. Applied with IF NOT EXISTS on every
-- build. A warehouse written with another version of this file or of build.sql is rebuilt from
-- the raw folder (see parsed.warehouse_info).
-- Timestamps are naive: published_at is the site's wall-clock time as printed on the page,
-- fetched_at is UTC (from the manifest, or the file's modification time).

-- Schema parsed: one row per extracted item per page copy, as the parser found it; the public
-- tables are built from these.
CREATE SCHEMA IF NOT EXISTS parsed;

CREATE TABLE IF NOT EXISTS parsed.warehouse_info (
    format VARCHAR NOT NULL,
    folder_fingerprint VARCHAR NOT NULL,
    word_hash_probe UBIGINT NOT NULL
);
COMMENT ON TABLE parsed.warehouse_info IS 'What wrote this file, and from what; one row.';
COMMENT ON COLUMN parsed.warehouse_info.format IS 'Hash of the schema, build SQL and storage version that wrote this file; a run of another version rebuilds the warehouse from the raw folder.';
COMMENT ON COLUMN parsed.warehouse_info.word_hash_probe IS 'Hash of the word "news" as parsed.search_words stores words; a reader that hashes it differently must not use the index.';
COMMENT ON COLUMN parsed.warehouse_info.folder_fingerprint IS 'Hash of the raw folder listing (paths, sizes, modification times) and parser version this state was built from; a run that finds the same has nothing to do.';

CREATE TABLE IF NOT EXISTS pages (
    page_id VARCHAR NOT NULL,
    path VARCHAR NOT NULL,
    content_hash VARCHAR,
    bytes BIGINT NOT NULL,
    mtime_ns BIGINT NOT NULL,
    url VARCHAR,
    canonical_url VARCHAR,
    section VARCHAR,
    fetched_at TIMESTAMP,
    fetched_at_source VARCHAR NOT NULL,
    is_synthetic BOOLEAN NOT NULL,
    encoding VARCHAR,
    layout VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    problems VARCHAR[] NOT NULL,
    truncated BOOLEAN NOT NULL,
    title VARCHAR,
    article_key VARCHAR,
    article_id VARCHAR,
    is_present BOOLEAN NOT NULL,
    parsed_at TIMESTAMP NOT NULL,
    parser_version VARCHAR NOT NULL,
    -- zstd: long texts read whole, rarely; a tenth of the space of the default.
    raw_text VARCHAR USING COMPRESSION zstd
);
COMMENT ON TABLE pages IS 'One row per raw file ever seen in the raw folder, with what became of it and why.';
COMMENT ON COLUMN pages.page_id IS 'Stable key of the file: hash of its path relative to the raw folder.';
COMMENT ON COLUMN pages.path IS 'Path of the file relative to the raw folder, with / separators.';
COMMENT ON COLUMN pages.content_hash IS 'BLAKE2b-128 of the file bytes (hex); NULL when the file could not be read.';
COMMENT ON COLUMN pages.bytes IS 'File size in bytes when last seen.';
COMMENT ON COLUMN pages.mtime_ns IS 'File modification time (ns since the epoch) when last seen; with bytes, tells a changed file without reading it.';
COMMENT ON COLUMN pages.url IS 'URL of the page as given by the manifest; NULL when unknown.';
COMMENT ON COLUMN pages.canonical_url IS 'url made canonical: https, english host (the preview host next-en maps to it), no query, fragment or trailing slash.';
COMMENT ON COLUMN pages.section IS 'Site section named by the URL path (/news/politics/... -> Politics); NULL without a URL.';
COMMENT ON COLUMN pages.fetched_at IS 'When the page was fetched (UTC): from the manifest, else the file modification time.';
COMMENT ON COLUMN pages.fetched_at_source IS 'Where fetched_at came from: manifest or file_mtime.';
COMMENT ON COLUMN pages.is_synthetic IS 'True when the manifest marks the page as generated sample data, not a real page of the site.';
COMMENT ON COLUMN pages.encoding IS 'Text encoding the bytes were decoded with (utf-8, utf-16, cp1252); NULL for binary or unreadable files.';
COMMENT ON COLUMN pages.layout IS 'Layout recognised: full, reader, video, preview, spanish, arabic, foreign, empty, binary, manifest, unreadable.';
COMMENT ON COLUMN pages.status IS 'parsed (all expected fields found), partial (kept, fields missing or text cut off) or quarantined (not parsed as an article).';
COMMENT ON COLUMN pages.problems IS 'Readable reasons for a partial or quarantined status; empty when parsed.';
COMMENT ON COLUMN pages.truncated IS 'True when the text stops mid-way (crawler size limit, failed download).';
COMMENT ON COLUMN pages.title IS 'Title found on the page, normalized; NULL when none.';
COMMENT ON COLUMN pages.article_key IS 'What makes copies one article (see articles.article_key); NULL for pages with no article.';
COMMENT ON COLUMN pages.article_id IS 'The article this page is a copy of (articles.article_id); NULL for pages with no article.';
COMMENT ON COLUMN pages.is_present IS 'False once the file has disappeared from the raw folder; its row and data are kept.';
COMMENT ON COLUMN pages.parsed_at IS 'When this version of the file was parsed (UTC).';
COMMENT ON COLUMN pages.parser_version IS 'Version of the parser that produced the row; a new version re-parses every page.';
COMMENT ON COLUMN pages.raw_text IS 'The decoded text of the file as it was, before normalization; NULL for binary, unreadable or oversized files.';

-- The parsed tables are read by the build, not by the dashboard: most of their text columns are
-- zstd. DuckDB's default analyses every method for each column and picks FSST or a dictionary,
-- which for page ids (16 hex digits, nearly all distinct) and titles costs more than it saves:
-- at 100k pages, inserting page_fields took 2.5 s that way and 0.8 s in zstd (43 MB -> 31 MB),
-- page_links' page_id alone 0.7 s.
CREATE TABLE IF NOT EXISTS parsed.page_fields (
    page_id VARCHAR NOT NULL USING COMPRESSION zstd,
    title VARCHAR USING COMPRESSION zstd,
    title_key VARCHAR USING COMPRESSION zstd,
    summary VARCHAR USING COMPRESSION zstd,
    body VARCHAR USING COMPRESSION zstd,
    subheadings VARCHAR[],
    embeds VARCHAR[],
    author VARCHAR,
    source VARCHAR,
    published_at TIMESTAMP,
    published_at_text VARCHAR,
    read_minutes INTEGER,
    image_alt VARCHAR USING COMPRESSION zstd,
    image_caption VARCHAR USING COMPRESSION zstd,
    image_credit VARCHAR,
    word_count INTEGER
);
COMMENT ON TABLE parsed.page_fields IS 'Article fields found on each page copy, before copies are merged into articles.';
COMMENT ON COLUMN parsed.page_fields.title_key IS 'Title folded for matching: lower case, quotes and punctuation removed, spaces collapsed.';
COMMENT ON COLUMN parsed.page_fields.word_count IS 'Words in body; NULL when the copy has no body (so the build need not read bodies to know).';

CREATE TABLE IF NOT EXISTS parsed.page_tags (
    page_id VARCHAR NOT NULL USING COMPRESSION zstd,
    position INTEGER NOT NULL,
    tag VARCHAR NOT NULL
);
COMMENT ON TABLE parsed.page_tags IS 'Tags in the order the page lists them.';

CREATE TABLE IF NOT EXISTS parsed.page_links (
    -- Only page_id in zstd: an incremental build fetches the links of a few copies by rowid,
    -- which is cheap from a dictionary and costs a whole zstd block per row. The other texts
    -- are dictionaries, named here: DuckDB's default analyses every method for each segment and
    -- picks a dictionary or FSST, for the same size; naming it halves the insert (0.64-0.67 s ->
    -- 0.35-0.37 s for 472k links at 100k pages, with scans as fast).
    page_id VARCHAR NOT NULL USING COMPRESSION zstd,
    kind VARCHAR NOT NULL USING COMPRESSION dictionary,
    position INTEGER NOT NULL,
    title VARCHAR NOT NULL USING COMPRESSION dictionary,
    title_key VARCHAR NOT NULL USING COMPRESSION dictionary,
    section VARCHAR USING COMPRESSION dictionary,
    target_date DATE,
    image_alt VARCHAR USING COMPRESSION dictionary,
    image_alt_key VARCHAR USING COMPRESSION dictionary,
    first_on_page BOOLEAN NOT NULL
);
COMMENT ON TABLE parsed.page_links IS 'Read more, Most Read and Read Next entries of each page copy.';
COMMENT ON COLUMN parsed.page_links.first_on_page IS 'True on the first entry of the page with its kind and title_key (a page can list a title twice); related_links.times_seen counts these.';

CREATE TABLE IF NOT EXISTS parsed.page_ticker (
    page_id VARCHAR NOT NULL USING COMPRESSION zstd,
    position INTEGER NOT NULL,
    item_id VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    speaker VARCHAR
);
COMMENT ON TABLE parsed.page_ticker IS 'BREAKING ticker lines of each page copy, as shown when it was fetched.';

CREATE TABLE IF NOT EXISTS parsed.page_regions (
    page_id VARCHAR NOT NULL USING COMPRESSION zstd,
    region VARCHAR NOT NULL,
    country_iso3 VARCHAR,
    evidence VARCHAR NOT NULL,
    mentions INTEGER NOT NULL,
    is_primary BOOLEAN NOT NULL
);
COMMENT ON TABLE parsed.page_regions IS 'Regions and countries inferred from each page copy.';

CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR NOT NULL,
    article_key VARCHAR NOT NULL,
    url VARCHAR,
    title VARCHAR NOT NULL,
    summary VARCHAR,
    -- Uncompressed: the dashboard's search reads bodies to confirm a phrase in the articles the
    -- word index finds, and they are scattered over the whole table. DuckDB decompresses zstd
    -- and FSST a block at a time: checking 1,629 candidates of 65k articles took 159 ms in zstd,
    -- 133 ms in FSST, 19 ms uncompressed. It costs ~100 MB at 100k pages (a fifth of the file)
    -- and no compression time.
    body VARCHAR USING COMPRESSION uncompressed,
    author VARCHAR,
    source VARCHAR,
    published_at TIMESTAMP,
    published_date DATE,
    date_status VARCHAR NOT NULL,
    read_minutes INTEGER,
    section VARCHAR,
    primary_region VARCHAR,
    primary_country_iso3 VARCHAR,
    image_alt VARCHAR,
    image_caption VARCHAR,
    image_credit VARCHAR,
    word_count INTEGER NOT NULL,
    layout VARCHAR NOT NULL,
    is_partial BOOLEAN NOT NULL,
    is_synthetic BOOLEAN NOT NULL,
    first_fetched_at TIMESTAMP,
    last_fetched_at TIMESTAMP,
    copies INTEGER NOT NULL
);
COMMENT ON TABLE articles IS 'One row per distinct article, merged from every copy of it (see article_key).';
COMMENT ON COLUMN articles.article_id IS 'Stable key: first 16 hex digits of the MD5 of article_key.';
COMMENT ON COLUMN articles.article_key IS 'What makes copies one article: the canonical URL when any copy has one (also for copies without a URL but with the same folded title), else title:<folded title>.';
COMMENT ON COLUMN articles.url IS 'Canonical URL (https, english host, no query or trailing slash) when known.';
COMMENT ON COLUMN articles.body IS 'Paragraphs and sub-headings only, separated by blank lines: no navigation, ticker, captions, Read more lines, tags or widgets.';
COMMENT ON COLUMN articles.source IS 'Origin agency or outlet the story is based on (Source: line).';
COMMENT ON COLUMN articles.published_at IS 'Publication time as printed (site wall-clock time); NULL when no copy shows a date. Never filled from the fetch time.';
COMMENT ON COLUMN articles.published_date IS 'Date part of published_at; NULL when unknown (charts count these apart, never on a fallback date).';
COMMENT ON COLUMN articles.date_status IS 'printed (absolute date on the page), relative (Today/Yesterday resolved against the fetch time), missing (no copy shows a date) or rejected (only dates after the fetch time).';
COMMENT ON COLUMN articles.section IS 'Site section (Politics, Analysis, ...) from the URL path; NULL when no copy has a URL.';
COMMENT ON COLUMN articles.primary_region IS 'The region with the strongest evidence (regions.is_primary).';
COMMENT ON COLUMN articles.image_credit IS 'Credit of the lead image, e.g. AP, from the parentheses ending the caption.';
COMMENT ON COLUMN articles.word_count IS 'Words in body.';
COMMENT ON COLUMN articles.layout IS 'Layout of the copy the body was taken from.';
COMMENT ON COLUMN articles.is_partial IS 'True when no copy was parsed completely (every copy partial).';
COMMENT ON COLUMN articles.first_fetched_at IS 'Earliest fetch time over all copies.';
COMMENT ON COLUMN articles.last_fetched_at IS 'Latest fetch time over all copies.';
COMMENT ON COLUMN articles.copies IS 'Number of raw files that are copies of this article.';

CREATE TABLE IF NOT EXISTS parsed.search_words (
    word UBIGINT NOT NULL,
    article UINTEGER NOT NULL
);
COMMENT ON TABLE parsed.search_words IS 'Search index: one row per distinct word of an article''s title, summary and body (lower-cased runs of letters, digits and _); see warehouse/search_index.py.';
COMMENT ON COLUMN parsed.search_words.word IS 'The word''s polars hash (see warehouse_info.word_hash_probe).';
COMMENT ON COLUMN parsed.search_words.article IS 'The article''s number in parsed.search_articles.';

CREATE TABLE IF NOT EXISTS parsed.search_articles (
    article UINTEGER NOT NULL,
    article_id VARCHAR NOT NULL
);
COMMENT ON TABLE parsed.search_articles IS 'The indexed articles, numbered from 1 in the order they were first indexed: a small number packs into a few bits a row of search_words, where the id read as a 64-bit number took 8 bytes.';

CREATE TABLE IF NOT EXISTS parsed.search_counts (
    article UINTEGER NOT NULL,
    words UINTEGER NOT NULL
);
COMMENT ON TABLE parsed.search_counts IS 'How many rows of search_words each indexed article has, written with them: the check that the index is whole compares these with the table''s row count instead of listing the articles of 9 million rows.';

CREATE TABLE IF NOT EXISTS tags (
    article_id VARCHAR NOT NULL,
    tag VARCHAR NOT NULL,
    position INTEGER NOT NULL
);
COMMENT ON TABLE tags IS 'Tags of each article (people, countries, topics) in page order, from its most complete copy.';

CREATE TABLE IF NOT EXISTS regions (
    article_id VARCHAR NOT NULL,
    region VARCHAR NOT NULL,
    country_iso3 VARCHAR,
    evidence VARCHAR NOT NULL,
    mentions INTEGER NOT NULL,
    is_primary BOOLEAN NOT NULL
);
COMMENT ON TABLE regions IS 'Regions of the site taxonomy and ISO countries an article is about, inferred from tags, title, summary and body.';
COMMENT ON COLUMN regions.region IS 'One of Africa, Asia, Asia-Pacific, Europe, Latin America, MENA, Palestine, US & Canada.';
COMMENT ON COLUMN regions.country_iso3 IS 'ISO 3166-1 alpha-3 code; NULL when the evidence names only a region (e.g. Latin America).';
COMMENT ON COLUMN regions.evidence IS 'Strongest evidence: where it was found and what, e.g. tag:Venezuela, title:Colombia, body:Caracas.';
COMMENT ON COLUMN regions.mentions IS 'How often the country or region is mentioned in title, summary, body and tags.';
COMMENT ON COLUMN regions.is_primary IS 'True for the one main country or region of the article.';

CREATE TABLE IF NOT EXISTS breaking_items (
    item_id VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    speaker VARCHAR,
    first_seen_at TIMESTAMP,
    last_seen_at TIMESTAMP,
    times_seen INTEGER NOT NULL
);
COMMENT ON TABLE breaking_items IS 'Distinct BREAKING ticker items, counted once across all pages that showed them.';
COMMENT ON COLUMN breaking_items.item_id IS 'First 16 hex digits of the MD5 of the item text folded to lower case.';
COMMENT ON COLUMN breaking_items.speaker IS 'Who is quoted: the text before the colon (Sheikh Daamoush: ...) or the subject of "X reports"/"X says".';
COMMENT ON COLUMN breaking_items.first_seen_at IS 'Earliest fetch time of a page showing the item: when it was breaking, not when any article was published.';
COMMENT ON COLUMN breaking_items.last_seen_at IS 'Latest fetch time of a page showing the item.';
COMMENT ON COLUMN breaking_items.times_seen IS 'Number of distinct page fetches (by content) that showed the item.';

CREATE TABLE IF NOT EXISTS breaking_sightings (
    item_id VARCHAR NOT NULL,
    page_id VARCHAR NOT NULL,
    fetched_at TIMESTAMP,
    position INTEGER NOT NULL
);
COMMENT ON TABLE breaking_sightings IS 'Each page that showed a ticker item, with its fetch time and the item position in the ticker.';

CREATE TABLE IF NOT EXISTS related_links (
    -- The ids keep DuckDB's default analysis, which leaves target_key uncompressed in most
    -- segments: FSST, named, made the file 9 MB smaller and the insert 0.1 s faster at 100k
    -- pages, and the dashboard's most-linked query 5-28 ms slower.
    article_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    -- zstd: read for display, never scanned whole (0.6 -> 0.5 s to insert at 100k, 51 -> 34 MB)
    target_title VARCHAR NOT NULL USING COMPRESSION zstd,
    target_section VARCHAR,
    target_date DATE,
    target_article_id VARCHAR,
    times_seen INTEGER NOT NULL,
    target_key VARCHAR NOT NULL,
    first_to_target BOOLEAN NOT NULL
);
COMMENT ON TABLE related_links IS 'Links from an article to others: read_more (in the body), most_read and read_next (site widgets at fetch time); one row per article, kind and target however many copies showed it.';
COMMENT ON COLUMN related_links.position IS 'Lowest position of the link within its kind over all copies (0-based).';
COMMENT ON COLUMN related_links.target_title IS 'Title of the linked article as shown (Most Read: the title line, not the image alt text).';
COMMENT ON COLUMN related_links.target_article_id IS 'The linked article when it is in the warehouse (matched on folded title), else NULL.';
COMMENT ON COLUMN related_links.times_seen IS 'How many copies of the article showed this link.';
COMMENT ON COLUMN related_links.target_key IS 'The target: target_article_id when it is in the warehouse, else title:<target_title in lower case>.';
COMMENT ON COLUMN related_links.first_to_target IS 'True on one row per article and target (its first kind, alphabetically): count these rows to count the articles that link to a target.';

CREATE TABLE IF NOT EXISTS ingest_runs (
    run_id VARCHAR NOT NULL,
    started_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP NOT NULL,
    raw_dir VARCHAR NOT NULL,
    files_seen INTEGER NOT NULL,
    files_new INTEGER NOT NULL,
    files_changed INTEGER NOT NULL,
    files_removed INTEGER NOT NULL,
    parser_version VARCHAR NOT NULL
);
COMMENT ON TABLE ingest_runs IS 'Each pipeline run that published this warehouse, with what it found in the raw folder.';
