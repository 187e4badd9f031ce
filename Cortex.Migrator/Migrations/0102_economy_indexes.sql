-- migrate:no-transaction
-- Built concurrently so a live table keeps taking writes. The migrator records this file only
-- after every statement succeeded, so it re-runs only after dying half-way; a build that died
-- leaves an INVALID index which `CREATE ... IF NOT EXISTS` would keep, so each index is dropped
-- (concurrently, no-op when absent) and built again. Running the file twice is therefore harmless.

-- Top 100 per guild by an index-only scan: the index alone answers (user_id rides along).
DROP INDEX CONCURRENTLY IF EXISTS economy.ix_users_leaderboard;
CREATE INDEX CONCURRENTLY ix_users_leaderboard
    ON economy.users (guild_id, balance DESC) INCLUDE (user_id);

-- XP rank ("you are #12") counts the users above you without touching the heap.
DROP INDEX CONCURRENTLY IF EXISTS economy.ix_users_xp;
CREATE INDEX CONCURRENTLY ix_users_xp
    ON economy.users (guild_id, xp DESC) INCLUDE (user_id);

-- Only users active in the last 30 days (see the `active` column): small, immutable predicate.
DROP INDEX CONCURRENTLY IF EXISTS economy.ix_users_active;
CREATE INDEX CONCURRENTLY ix_users_active
    ON economy.users (guild_id, updated_at) WHERE active;
