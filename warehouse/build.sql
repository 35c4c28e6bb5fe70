-- Derive the public tables from `pages` and the `parsed` schema, for what a run changed.
--
-- Input (temp tables made by load.py): changed_pages(page_id) - pages loaded or whose metadata
-- changed in this run (every page on a first build); previous(article_id, title_key) and
-- previous_items(item_id) - what those pages were part of before the run.
-- Only articles, ticker items and links that can depend on a changed page are rebuilt, each
-- from all of its copies, so the result equals a rebuild from scratch whatever the order and
-- number of runs that brought the pages.

-- The folded titles a changed page has now or had before the run.
CREATE OR REPLACE TEMP TABLE touched_titles AS
SELECT nullif(f.title_key, '') AS title_key
FROM parsed.page_fields AS f
JOIN pages AS p USING (page_id)
WHERE p.page_id IN (SELECT page_id FROM changed_pages)
    AND p.status <> 'quarantined' AND f.title_key <> ''
UNION
SELECT title_key FROM previous WHERE title_key IS NOT NULL AND title_key <> '';

-- Pages that can hold an article and whose key this run can change, narrow: keys only. (All
-- pages on a first build; on a run of 1,000 pages at 100k, joining every page took 0.05 s.)
CREATE OR REPLACE TEMP TABLE candidates AS
SELECT p.page_id, p.canonical_url, nullif(f.title_key, '') AS title_key
FROM pages AS p
JOIN parsed.page_fields AS f USING (page_id)
WHERE p.status <> 'quarantined'
    AND (p.page_id IN (SELECT page_id FROM changed_pages)
        OR f.title_key IN (SELECT title_key FROM touched_titles));

-- The article key: the canonical URL when known; a copy without a URL joins the article whose
-- URL-bearing copy has the same folded title; otherwise the folded title. A page's key can
-- change only if it changed, or it has no URL and shares its title with a page that changed.
CREATE OR REPLACE TEMP TABLE url_by_title AS
SELECT title_key, min(canonical_url) AS canonical_url
FROM candidates
WHERE canonical_url IS NOT NULL AND title_key IN (SELECT title_key FROM touched_titles)
GROUP BY title_key;

CREATE OR REPLACE TEMP TABLE rekeyed AS
SELECT
    p.page_id,
    p.article_id AS old_article_id,
    coalesce(c.canonical_url, u.canonical_url, 'title:' || c.title_key) AS article_key
FROM pages AS p
LEFT JOIN candidates AS c USING (page_id)
LEFT JOIN url_by_title AS u ON u.title_key = c.title_key
WHERE p.page_id IN (SELECT page_id FROM changed_pages)
    OR (c.canonical_url IS NULL AND c.title_key IN (SELECT title_key FROM touched_titles));

UPDATE pages
SET article_key = r.article_key, article_id = left(md5(r.article_key), 16)
FROM rekeyed AS r
WHERE pages.page_id = r.page_id;

CREATE OR REPLACE TEMP TABLE affected_articles AS
SELECT old_article_id AS article_id FROM rekeyed WHERE old_article_id IS NOT NULL
UNION
SELECT left(md5(article_key), 16) FROM rekeyed WHERE article_key IS NOT NULL
UNION
SELECT article_id FROM previous WHERE article_id IS NOT NULL;

-- Articles whose links may resolve differently: they link to a title that changed hands.
CREATE OR REPLACE TEMP TABLE link_owners AS
SELECT article_id FROM affected_articles
UNION
SELECT article_id
FROM pages
WHERE article_id IS NOT NULL
    AND page_id IN (
        SELECT page_id FROM parsed.page_links
        WHERE title_key IN (SELECT title_key FROM touched_titles)
            OR image_alt_key IN (SELECT title_key FROM touched_titles)
    );

-- The fields of every copy of those articles. Reading a table's rows by rowid reads only those
-- rows' texts; a join on page_id makes DuckDB decompress every body in the warehouse (0.2 s at
-- 100k pages, whether the run brought 1,000 pages or all of them). DuckDB narrows the scan to
-- the rows only when their rowids come from a table of their own, and no join is in the way.
CREATE OR REPLACE TEMP TABLE copy_rows AS
SELECT rowid AS field_row
FROM parsed.page_fields
WHERE page_id IN (
    SELECT page_id FROM pages WHERE article_id IN (SELECT article_id FROM link_owners)
);

CREATE OR REPLACE TEMP TABLE copy_fields AS
SELECT
    rowid AS field_row,
    page_id,
    title,
    title_key,
    summary IS NOT NULL AS has_summary,
    word_count IS NOT NULL AS has_body,  -- fetching bodies by rowid costs more than a scan
    author,
    source,
    published_at,
    published_at_text,
    read_minutes,
    image_alt,
    image_caption,
    image_credit,
    word_count
FROM parsed.page_fields
WHERE rowid IN (SELECT field_row FROM copy_rows);

-- Every copy of those articles, best first: completely parsed, not cut off, full layout,
-- longest. Long texts (summary, body) stay in parsed.page_fields; field_row says where.
CREATE OR REPLACE TEMP TABLE copies AS
SELECT
    p.article_id,
    p.article_key,
    p.page_id,
    p.canonical_url,
    p.section,
    p.layout,
    p.status,
    p.fetched_at,
    p.is_synthetic,
    f.* EXCLUDE (page_id),
    row_number() OVER (
        PARTITION BY p.article_id
        ORDER BY
            p.status = 'parsed' DESC,
            p.truncated ASC,
            p.layout = 'full' DESC,
            coalesce(f.word_count, 0) DESC,
            p.fetched_at DESC NULLS LAST,
            p.page_id
    ) AS copy_rank
FROM pages AS p
JOIN copy_fields AS f USING (page_id)
WHERE p.article_id IN (SELECT article_id FROM link_owners);

-- Tags and regions come from one copy per article: the best copy that lists tags (the full
-- layout), else the best copy that has any regions. Mixing copies would double-count.
CREATE OR REPLACE TEMP TABLE tag_copy AS
SELECT article_id, arg_min(page_id, copy_rank) AS page_id
FROM copies
WHERE article_id IN (SELECT article_id FROM affected_articles)
    AND page_id IN (SELECT page_id FROM parsed.page_tags)
GROUP BY article_id;

DELETE FROM tags WHERE article_id IN (SELECT article_id FROM affected_articles);
INSERT INTO tags
SELECT tc.article_id, t.tag, t.position
FROM tag_copy AS tc
JOIN parsed.page_tags AS t USING (page_id);

CREATE OR REPLACE TEMP TABLE region_copy AS
SELECT article_id, page_id FROM tag_copy
UNION ALL
SELECT article_id, arg_min(page_id, copy_rank)
FROM copies
WHERE article_id IN (SELECT article_id FROM affected_articles)
    AND article_id NOT IN (SELECT article_id FROM tag_copy)
    AND page_id IN (SELECT page_id FROM parsed.page_regions)
GROUP BY article_id;

DELETE FROM regions WHERE article_id IN (SELECT article_id FROM affected_articles);
INSERT INTO regions
SELECT rc.article_id, r.region, r.country_iso3, r.evidence, r.mentions, r.is_primary
FROM region_copy AS rc
JOIN parsed.page_regions AS r USING (page_id);

-- The primary region (regions.is_primary: exactly one per article that has regions), set as the
-- articles are inserted: updating rows just inserted costs DuckDB far more than a join.
CREATE OR REPLACE TEMP TABLE primary_region AS
SELECT DISTINCT ON (article_id) article_id, region, country_iso3
FROM regions
WHERE is_primary AND article_id IN (SELECT article_id FROM affected_articles)
ORDER BY article_id, region, country_iso3;

DELETE FROM articles WHERE article_id IN (SELECT article_id FROM affected_articles);
INSERT INTO articles
WITH merged AS (
    SELECT
        article_id,
        min(article_key) AS article_key,
        arg_min(canonical_url, copy_rank) FILTER (canonical_url IS NOT NULL) AS url,
        arg_min(title, copy_rank) FILTER (title IS NOT NULL) AS title,
        arg_min(field_row, copy_rank) FILTER (has_summary) AS summary_row,
        arg_min(field_row, copy_rank) FILTER (has_body) AS body_row,
        arg_min(layout, copy_rank) FILTER (has_body) AS body_layout,
        arg_min(layout, copy_rank) AS best_layout,
        arg_min(author, copy_rank) FILTER (author IS NOT NULL) AS author,
        arg_min(source, copy_rank) FILTER (source IS NOT NULL) AS source,
        arg_min(published_at, copy_rank) FILTER (published_at IS NOT NULL) AS published_at,
        arg_min(published_at_text, copy_rank) FILTER (published_at IS NOT NULL) AS date_text,
        bool_or(published_at_text IS NOT NULL) AS any_date_text,
        arg_min(read_minutes, copy_rank) FILTER (read_minutes IS NOT NULL) AS read_minutes,
        arg_min(section, copy_rank) FILTER (section IS NOT NULL) AS section,
        arg_min(image_alt, copy_rank) FILTER (image_alt IS NOT NULL) AS image_alt,
        arg_min(image_caption, copy_rank) FILTER (image_caption IS NOT NULL) AS image_caption,
        arg_min(image_credit, copy_rank) FILTER (image_credit IS NOT NULL) AS image_credit,
        arg_min(word_count, copy_rank) FILTER (has_body) AS word_count,
        NOT bool_or(status = 'parsed') AS is_partial,
        bool_and(is_synthetic) AS is_synthetic,
        min(fetched_at) AS first_fetched_at,
        max(fetched_at) AS last_fetched_at,
        count(*) AS copies
    FROM copies
    WHERE article_id IN (SELECT article_id FROM affected_articles)
    GROUP BY article_id
)
SELECT
    m.article_id,
    m.article_key,
    m.url,
    coalesce(m.title, '(untitled)'),
    s.summary,
    b.body,
    m.author,
    m.source,
    m.published_at,
    CAST(m.published_at AS DATE),
    CASE
        WHEN m.published_at IS NOT NULL
            AND regexp_matches(m.date_text, '^(Today|Yesterday)\b', 'i') THEN 'relative'
        WHEN m.published_at IS NOT NULL THEN 'printed'
        WHEN m.any_date_text THEN 'rejected'
        ELSE 'missing'
    END,
    m.read_minutes,
    m.section,
    pr.region,
    pr.country_iso3,
    m.image_alt,
    m.image_caption,
    m.image_credit,
    coalesce(m.word_count, 0),
    coalesce(m.body_layout, m.best_layout),
    m.is_partial,
    m.is_synthetic,
    m.first_fetched_at,
    m.last_fetched_at,
    m.copies
FROM merged AS m
LEFT JOIN (
    SELECT rowid AS summary_row, summary
    FROM parsed.page_fields
    WHERE rowid IN (SELECT summary_row FROM merged)
) AS s USING (summary_row)
LEFT JOIN (
    SELECT rowid AS body_row, body FROM parsed.page_fields WHERE rowid IN (SELECT body_row FROM merged)
) AS b USING (body_row)
LEFT JOIN primary_region AS pr USING (article_id);

-- Ticker items: one row per distinct text (case folded), however many pages showed it. Copies of
-- one fetch (identical bytes) count once.
DELETE FROM breaking_sightings WHERE page_id IN (SELECT page_id FROM changed_pages);
INSERT INTO breaking_sightings
SELECT t.item_id, t.page_id, p.fetched_at, t.position
FROM parsed.page_ticker AS t
JOIN pages AS p USING (page_id)
WHERE t.page_id IN (SELECT page_id FROM changed_pages);

CREATE OR REPLACE TEMP TABLE affected_items AS
SELECT item_id FROM parsed.page_ticker WHERE page_id IN (SELECT page_id FROM changed_pages)
UNION
SELECT item_id FROM previous_items;

DELETE FROM breaking_items WHERE item_id IN (SELECT item_id FROM affected_items);
INSERT INTO breaking_items
SELECT
    t.item_id,
    arg_min(t.text, (p.fetched_at, t.page_id)) AS text,
    arg_min(t.speaker, (p.fetched_at, t.page_id)) FILTER (t.speaker IS NOT NULL) AS speaker,
    min(p.fetched_at),
    max(p.fetched_at),
    count(DISTINCT coalesce(p.content_hash, p.page_id))
FROM parsed.page_ticker AS t
JOIN pages AS p USING (page_id)
WHERE t.item_id IN (SELECT item_id FROM affected_items)
GROUP BY t.item_id;

-- Links: one row per article, kind and target; the target resolves on the folded title, or for
-- Most Read on the image alt text, which can be an older headline of the same article.

-- The links of those copies, by rowid as copy_fields (page_id, in zstd, from the first scan)
CREATE OR REPLACE TEMP TABLE copy_link_rows AS
SELECT rowid AS link_row, page_id
FROM parsed.page_links
WHERE page_id IN (SELECT page_id FROM copies);

CREATE OR REPLACE TEMP TABLE copy_links AS
SELECT rowid AS link_row, * EXCLUDE (page_id)
FROM parsed.page_links
WHERE rowid IN (SELECT link_row FROM copy_link_rows);

-- The articles those links can resolve to: by the titles they name only.
CREATE OR REPLACE TEMP TABLE title_index AS
SELECT f.title_key, min(p.article_id) AS article_id
FROM parsed.page_fields AS f
JOIN pages AS p USING (page_id)
WHERE p.status <> 'quarantined' AND p.article_id IS NOT NULL AND f.title_key <> ''
    AND f.title_key IN (
        SELECT title_key FROM copy_links UNION SELECT image_alt_key FROM copy_links
    )
GROUP BY f.title_key;

DELETE FROM related_links WHERE article_id IN (SELECT article_id FROM link_owners);
INSERT INTO related_links
WITH links AS (
    SELECT
        c.article_id,
        l.kind,
        min(l.position) AS position,
        -- best copy first, then the link's position: one integer sorts faster than a struct
        arg_min(l.title, c.copy_rank * 1000000000 + l.position) AS target_title,
        arg_min(l.section, c.copy_rank * 1000000000 + l.position) FILTER (l.section IS NOT NULL),
        arg_min(l.target_date, c.copy_rank * 1000000000 + l.position)
            FILTER (l.target_date IS NOT NULL),
        coalesce(min(by_title.article_id), min(by_alt.article_id)) AS target_article_id,
        count(*) FILTER (l.first_on_page)  -- the copies that show it: one row per page
    FROM copy_links AS l
    JOIN copy_link_rows USING (link_row)
    JOIN copies AS c USING (page_id)
    LEFT JOIN title_index AS by_title ON by_title.title_key = l.title_key
    LEFT JOIN title_index AS by_alt ON by_alt.title_key = l.image_alt_key
    GROUP BY c.article_id, l.kind, l.title_key
),
keyed AS (SELECT *, coalesce(target_article_id, 'title:' || lower(target_title)) AS target_key FROM links)
-- first_to_target: one row per article and target, so that counting articles needs no DISTINCT
SELECT *, row_number() OVER (PARTITION BY article_id, target_key ORDER BY kind, position) = 1
FROM keyed;
