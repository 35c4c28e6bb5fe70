-- Derive the public tables from `pages` and the `parsed` schema. Runs on the staging copy after
-- every load that changed something; each statement rebuilds its table whole, so the result
-- depends only on the pages present, never on the order or number of runs that brought them.

-- Which article each page is a copy of. The canonical URL is the key when known; a copy without
-- a URL joins the article whose URL-bearing copy has the same folded title; otherwise the folded
-- title is the key.
CREATE OR REPLACE TEMP TABLE page_keys AS
WITH candidates AS (
    SELECT p.page_id, p.canonical_url, nullif(f.title_key, '') AS title_key
    FROM pages AS p
    JOIN parsed.page_fields AS f USING (page_id)
    WHERE p.status <> 'quarantined'
),
url_by_title AS (
    SELECT title_key, min(canonical_url) AS canonical_url
    FROM candidates
    WHERE canonical_url IS NOT NULL AND title_key IS NOT NULL
    GROUP BY title_key
)
SELECT
    c.page_id,
    coalesce(c.canonical_url, u.canonical_url, 'title:' || c.title_key) AS article_key
FROM candidates AS c
LEFT JOIN url_by_title AS u USING (title_key)
WHERE coalesce(c.canonical_url, c.title_key) IS NOT NULL;

UPDATE pages SET article_id = keyed.article_id
FROM (
    SELECT p.page_id, left(md5(k.article_key), 16) AS article_id
    FROM pages AS p
    LEFT JOIN page_keys AS k USING (page_id)
) AS keyed
WHERE pages.page_id = keyed.page_id AND pages.article_id IS DISTINCT FROM keyed.article_id;

-- Every copy of every article, best first: completely parsed, not cut off, full layout, longest.
CREATE OR REPLACE TEMP TABLE copies AS
SELECT
    p.article_id,
    k.article_key,
    p.page_id,
    p.canonical_url,
    p.section,
    p.layout,
    p.status,
    p.fetched_at,
    p.is_synthetic,
    f.*EXCLUDE (page_id),
    row_number() OVER (
        PARTITION BY p.article_id
        ORDER BY
            p.status = 'parsed' DESC,
            p.truncated ASC,
            p.layout = 'full' DESC,
            f.word_count DESC,
            p.fetched_at DESC NULLS LAST,
            p.page_id
    ) AS copy_rank
FROM pages AS p
JOIN page_keys AS k USING (page_id)
JOIN parsed.page_fields AS f USING (page_id);

DELETE FROM articles;
INSERT INTO articles
WITH merged AS (
    SELECT
        article_id,
        min(article_key) AS article_key,
        arg_min(canonical_url, copy_rank) FILTER (canonical_url IS NOT NULL) AS url,
        arg_min(title, copy_rank) FILTER (title IS NOT NULL) AS title,
        arg_min(summary, copy_rank) FILTER (summary IS NOT NULL) AS summary,
        arg_min(body, copy_rank) FILTER (body IS NOT NULL) AS body,
        arg_min(layout, copy_rank) FILTER (body IS NOT NULL) AS body_layout,
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
        NOT bool_or(status = 'parsed') AS is_partial,
        bool_and(is_synthetic) AS is_synthetic,
        min(fetched_at) AS first_fetched_at,
        max(fetched_at) AS last_fetched_at,
        count(*) AS copies
    FROM copies
    GROUP BY article_id
)
SELECT
    article_id,
    article_key,
    url,
    coalesce(title, '(untitled)'),
    summary,
    body,
    author,
    source,
    published_at,
    CAST(published_at AS DATE),
    CASE
        WHEN published_at IS NOT NULL AND regexp_matches(date_text, '^(Today|Yesterday)\b', 'i')
            THEN 'relative'
        WHEN published_at IS NOT NULL THEN 'printed'
        WHEN any_date_text THEN 'rejected'
        ELSE 'missing'
    END,
    read_minutes,
    section,
    NULL,
    NULL,
    image_alt,
    image_caption,
    image_credit,
    coalesce(len(string_split_regex(trim(body), '\s+')), 0),
    coalesce(body_layout, best_layout),
    is_partial,
    is_synthetic,
    first_fetched_at,
    last_fetched_at,
    copies
FROM merged;

-- Tags and regions come from one copy per article: the best copy that lists tags (the full
-- layout), else the best copy that has any regions. Mixing copies would double-count.
CREATE OR REPLACE TEMP TABLE tag_copy AS
SELECT c.article_id, arg_min(c.page_id, c.copy_rank) AS page_id
FROM copies AS c
WHERE c.page_id IN (SELECT page_id FROM parsed.page_tags)
GROUP BY c.article_id;

DELETE FROM tags;
INSERT INTO tags
SELECT tc.article_id, t.tag, t.position
FROM tag_copy AS tc
JOIN parsed.page_tags AS t USING (page_id);

CREATE OR REPLACE TEMP TABLE region_copy AS
SELECT article_id, page_id FROM tag_copy
UNION ALL
SELECT c.article_id, arg_min(c.page_id, c.copy_rank)
FROM copies AS c
WHERE c.article_id NOT IN (SELECT article_id FROM tag_copy)
    AND c.page_id IN (SELECT page_id FROM parsed.page_regions)
GROUP BY c.article_id;

DELETE FROM regions;
INSERT INTO regions
SELECT rc.article_id, r.region, r.country_iso3, r.evidence, r.mentions, r.is_primary
FROM region_copy AS rc
JOIN parsed.page_regions AS r USING (page_id);

UPDATE articles SET primary_region = r.region, primary_country_iso3 = r.country_iso3
FROM regions AS r
WHERE r.article_id = articles.article_id AND r.is_primary;

-- Ticker items: one row per distinct text (case folded), however many pages showed it. Copies of
-- one fetch (identical bytes) count once.
DELETE FROM breaking_sightings;
INSERT INTO breaking_sightings
SELECT t.item_id, t.page_id, p.fetched_at, t.position
FROM parsed.page_ticker AS t
JOIN pages AS p USING (page_id);

DELETE FROM breaking_items;
INSERT INTO breaking_items
SELECT
    t.item_id,
    arg_min(t.text, p.fetched_at) AS text,
    arg_min(t.speaker, p.fetched_at) FILTER (t.speaker IS NOT NULL) AS speaker,
    min(p.fetched_at),
    max(p.fetched_at),
    count(DISTINCT coalesce(p.content_hash, p.page_id))
FROM parsed.page_ticker AS t
JOIN pages AS p USING (page_id)
GROUP BY t.item_id;

-- Links: one row per article, kind and target; the target resolves on the folded title, or for
-- Most Read on the image alt text, which can be an older headline of the same article.
CREATE OR REPLACE TEMP TABLE title_index AS
SELECT title_key, min(article_id) AS article_id
FROM copies
WHERE title_key IS NOT NULL AND title_key <> ''
GROUP BY title_key;

DELETE FROM related_links;
INSERT INTO related_links
SELECT
    c.article_id,
    l.kind,
    min(l.position),
    arg_min(l.title, c.copy_rank),
    arg_min(l.section, c.copy_rank) FILTER (l.section IS NOT NULL),
    arg_min(l.target_date, c.copy_rank) FILTER (l.target_date IS NOT NULL),
    coalesce(min(by_title.article_id), min(by_alt.article_id)),
    count(DISTINCT c.page_id)
FROM parsed.page_links AS l
JOIN copies AS c USING (page_id)
LEFT JOIN title_index AS by_title ON by_title.title_key = l.title_key
LEFT JOIN title_index AS by_alt ON by_alt.title_key = l.image_alt_key
GROUP BY c.article_id, l.kind, l.title_key;
