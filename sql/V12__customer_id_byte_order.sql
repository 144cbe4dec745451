-- Customer ids compare and sort by their bytes (COLLATE "C"). The finalize step's unique index on
-- a run's customer ids sorts them all: under a language collation (en_US.UTF-8, or C.UTF-8, which
-- PostgreSQL does not know to be byte order) every comparison calls strcoll(), and the build of a
-- 1M-row run took 0.60-0.65 s against 0.37-0.40 s in byte order. Equality is the same under both
-- (both are deterministic), so uniqueness and every join by customer id are unchanged; ORDER BY
-- customer_id follows code points, as it already did under C.UTF-8.
--
-- A column's type cannot change under a view, so every view over these tables goes while they
-- change, nightscore's and anyone else's, in any schema, and views over those views: each is kept
-- (definition, options, owner, comments, grants) and made again as it was. On a database with
-- history, every run's unique index is rebuilt here, with the tables locked while it happens (about
-- 0.4 s per million predictions): run this migration outside the hours marketing reads.

CREATE TEMP TABLE customer_view ON COMMIT DROP AS
WITH RECURSIVE dependent (oid, depth) AS (
	SELECT r.ev_class, 1
	FROM pg_depend d
	JOIN pg_rewrite r ON r.oid = d.objid
	WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
		AND d.refobjid IN ('prediction'::regclass, 'prediction_reason'::regclass, 'scoring_reject'::regclass)
	UNION ALL
	SELECT r.ev_class, v.depth + 1
	FROM dependent v
	JOIN pg_depend d ON d.refobjid = v.oid AND d.classid = 'pg_rewrite'::regclass
		AND d.refclassid = 'pg_class'::regclass
	JOIN pg_rewrite r ON r.oid = d.objid
	WHERE r.ev_class <> v.oid
)
SELECT c.oid AS old_oid, format('%I.%I', n.nspname, c.relname) AS name, max(v.depth) AS depth,
	pg_get_viewdef(c.oid) AS definition, array_to_string(c.reloptions, ', ') AS options,
	pg_get_userbyid(c.relowner) AS owner, obj_description(c.oid, 'pg_class') AS comment
FROM dependent v
JOIN pg_class c ON c.oid = v.oid AND c.relkind = 'v'
JOIN pg_namespace n ON n.oid = c.relnamespace
GROUP BY c.oid, n.nspname, c.relname;

CREATE TEMP TABLE customer_view_column ON COMMIT DROP AS
SELECT v.name, a.attname AS column_name, col_description(a.attrelid, a.attnum) AS comment
FROM customer_view v
JOIN pg_attribute a ON a.attrelid = v.old_oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE col_description(a.attrelid, a.attnum) IS NOT NULL;

CREATE TEMP TABLE customer_view_grant ON COMMIT DROP AS
SELECT v.name, g.privilege_type,
	CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END AS grantee
FROM customer_view v
JOIN pg_class c ON c.oid = v.old_oid
CROSS JOIN LATERAL aclexplode(c.relacl) g
LEFT JOIN pg_roles r ON r.oid = g.grantee
WHERE g.grantee <> c.relowner;

DO $$
DECLARE
	v record;
BEGIN
	FOR v IN SELECT name FROM customer_view ORDER BY depth DESC LOOP
		EXECUTE format('DROP VIEW %s', v.name);
	END LOOP;
END
$$;

ALTER TABLE prediction ALTER COLUMN customer_id TYPE TEXT COLLATE "C";
ALTER TABLE prediction_reason ALTER COLUMN customer_id TYPE TEXT COLLATE "C";
ALTER TABLE scoring_reject ALTER COLUMN customer_id TYPE TEXT COLLATE "C";

-- a run whose prepare step failed between creating its table and attaching it: it attaches later
DO $$
DECLARE
	t record;
BEGIN
	FOR t IN SELECT c.relname FROM pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
			AND c.relname ~ '^prediction_run_[0-9]+$'
			AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid) LOOP
		EXECUTE format('ALTER TABLE %I ALTER COLUMN customer_id TYPE TEXT COLLATE "C"', t.relname);
	END LOOP;
END
$$;

DO $$
DECLARE
	v record;
BEGIN
	FOR v IN SELECT * FROM customer_view ORDER BY depth LOOP
		IF v.options IS NULL THEN
			EXECUTE format('CREATE VIEW %s AS %s', v.name, v.definition);
		ELSE
			EXECUTE format('CREATE VIEW %s WITH (%s) AS %s', v.name, v.options, v.definition);
		END IF;
		IF v.owner <> current_user THEN
			EXECUTE format('ALTER VIEW %s OWNER TO %I', v.name, v.owner);
		END IF;
		IF v.comment IS NOT NULL THEN
			EXECUTE format('COMMENT ON VIEW %s IS %L', v.name, v.comment);
		END IF;
	END LOOP;
	FOR v IN SELECT * FROM customer_view_column LOOP
		EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', v.name, v.column_name, v.comment);
	END LOOP;
	FOR v IN SELECT * FROM customer_view_grant LOOP
		EXECUTE format('GRANT %s ON %s TO %s', v.privilege_type, v.name, v.grantee);
	END LOOP;
END
$$;
