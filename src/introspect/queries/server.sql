-- The server's version: introspection needs PostgreSQL 15 or later
-- (pg_index.indnullsnotdistinct).
SELECT current_setting('server_version_num')::int4 AS version
