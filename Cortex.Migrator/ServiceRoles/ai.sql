-- Everything Cortex.Ai (chat, memory, moderation) does with the database, and nothing more.
-- {role} is the AI worker's login. Re-applied on every migrator run after everything the role held
-- was revoked: this file is the whole truth.
GRANT USAGE ON SCHEMA ai, moderation TO {role};

-- Per-guild overrides and remembered facts: upserted, read, and deleted (reset, forget, pruning).
GRANT SELECT, INSERT, UPDATE, DELETE ON ai.guild_settings, ai.user_memories TO {role};

-- Moderation state that moves on (configuration, case numbers, case outcomes, review decisions).
GRANT SELECT, INSERT, UPDATE ON moderation.guild_config, moderation.case_counters, moderation.cases, moderation.review_queue TO {role};

-- The audit log is append-only: read and insert, never UPDATE, DELETE or TRUNCATE.
GRANT SELECT, INSERT ON moderation.audit_log TO {role};

-- The bigserial ids of the two tables above that have them (nextval only: USAGE, not UPDATE/setval).
GRANT USAGE ON SEQUENCE moderation.review_queue_id_seq, moderation.audit_log_id_seq TO {role};
