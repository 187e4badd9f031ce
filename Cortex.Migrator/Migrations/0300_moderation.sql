-- The moderation pipeline's state (Cortex.Ai/Moderation). Configuration is one JSON document per
-- guild; guild 0 holds the seed defaults that a guild without its own row gets.
CREATE TABLE moderation.guild_config (
    guild_id   BIGINT PRIMARY KEY,
    config     JSONB NOT NULL CHECK (jsonb_typeof(config) = 'object'),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

INSERT INTO moderation.guild_config (guild_id, config) VALUES (0, $json$
{
  "enabled": true,
  "clean_below": 0.30,
  "thresholds": {
    "harassment": 0.90, "harassment/threatening": 0.90,
    "hate": 0.70, "hate/threatening": 0.70,
    "illicit": 0.90, "illicit/violent": 0.90,
    "self-harm": 0.60, "self-harm/intent": 0.50, "self-harm/instructions": 0.50,
    "sexual": 0.85, "sexual/minors": 0.20,
    "violence": 0.80, "violence/graphic": 0.80
  },
  "category_severity": {
    "harassment/threatening": 3, "hate/threatening": 3, "illicit/violent": 3, "sexual/minors": 4,
    "self-harm": 1, "self-harm/intent": 1, "self-harm/instructions": 2
  },
  "default_category_severity": 2,
  "severity_actions": { "0": "none", "1": "warn", "2": "delete", "3": "delete_timeout", "4": "ban" },
  "timeout_seconds": 600,
  "warn_escalation": [ { "warnings": 3, "action": "timeout" }, { "warnings": 5, "action": "ban" } ],
  "exempt_role_ids": [],
  "exempt_channel_ids": [],
  "log_channel_id": null,
  "rules": {
    "blocked_terms": [], "blocked_term_severity": 2,
    "block_invites": true, "allowed_invite_codes": [], "invite_severity": 2,
    "mass_mention_threshold": 5, "mass_mention_severity": 3,
    "patterns": []
  }
}
$json$);

-- Case numbers count up per guild, as moderators quote them ("case #12").
CREATE TABLE moderation.case_counters (
    guild_id BIGINT PRIMARY KEY,
    last     BIGINT NOT NULL
);

CREATE TABLE moderation.cases (
    guild_id      BIGINT NOT NULL,
    case_number   BIGINT NOT NULL,
    user_id       BIGINT NOT NULL,
    channel_id    BIGINT,
    message_id    BIGINT,            -- null for escalations: they punish a history, not one message
    source        TEXT NOT NULL,     -- rules | api | agent | escalation
    category      TEXT NOT NULL,
    severity      SMALLINT NOT NULL CHECK (severity BETWEEN 0 AND 4),
    action        TEXT NOT NULL,     -- warn | delete | delete_timeout | timeout | ban
    reason        TEXT NOT NULL,
    timeout_until TIMESTAMPTZ,
    outcome       TEXT,              -- what Discord answered; null while the action is under way
    action_failed BOOLEAN NOT NULL DEFAULT false,
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'overturned')),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (guild_id, case_number)
);

-- A redelivered message finds its case and is never punished twice.
CREATE UNIQUE INDEX cases_one_per_message ON moderation.cases (guild_id, message_id) WHERE message_id IS NOT NULL;
CREATE INDEX cases_member_warnings ON moderation.cases (guild_id, user_id) WHERE action = 'warn' AND status <> 'overturned';

CREATE TABLE moderation.review_queue (
    id          BIGSERIAL PRIMARY KEY,
    guild_id    BIGINT NOT NULL,
    case_number BIGINT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('ban', 'appeal')),
    note        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'overturned')),
    decided_by  BIGINT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    decided_at  TIMESTAMPTZ,
    FOREIGN KEY (guild_id, case_number) REFERENCES moderation.cases (guild_id, case_number)
);

-- One pending item per case and kind: a second appeal of the same case is refused, not queued.
CREATE UNIQUE INDEX review_queue_one_pending ON moderation.review_queue (guild_id, case_number, kind) WHERE status = 'pending';
CREATE INDEX review_queue_pending ON moderation.review_queue (guild_id, created_at) WHERE status = 'pending';

-- Every decision, append-only: rows are inserted, never changed or removed.
CREATE TABLE moderation.audit_log (
    id          BIGSERIAL PRIMARY KEY,
    guild_id    BIGINT NOT NULL,
    channel_id  BIGINT,
    message_id  BIGINT,
    user_id     BIGINT,
    stage       TEXT NOT NULL,       -- rules | api | agent | escalation | review | appeal
    scores      JSONB,
    category    TEXT,
    severity    SMALLINT,
    action      TEXT NOT NULL,
    outcome     TEXT,
    case_number BIGINT,
    detail      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX audit_log_guild_time ON moderation.audit_log (guild_id, created_at DESC);
CREATE INDEX audit_log_message ON moderation.audit_log (message_id) WHERE message_id IS NOT NULL;

CREATE FUNCTION moderation.audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'moderation.audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON moderation.audit_log
    FOR EACH ROW EXECUTE FUNCTION moderation.audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON moderation.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION moderation.audit_log_is_append_only();
