-- The economy's source of truth. Balances are whole coins in bigint; every movement of money is
-- one row in the append-only ledger, written in the same transaction as the balances it changes.

CREATE TABLE IF NOT EXISTS economy.users (
    guild_id      bigint      NOT NULL,
    user_id       bigint      NOT NULL,
    balance       bigint      NOT NULL DEFAULT 0,
    bank          bigint      NOT NULL DEFAULT 0,
    xp            bigint      NOT NULL DEFAULT 0,
    -- Bumped by every write; the Redis cache keeps the newest version and refuses older ones.
    version       bigint      NOT NULL DEFAULT 1,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    xp_granted_at timestamptz NOT NULL DEFAULT '-infinity',
    -- Keeps the "active users" index small. A partial index predicate must be immutable, so
    -- `updated_at > now() - 30 days` is impossible; instead every write sets this flag and the
    -- service's sweeper clears it for rows idle for 30 days.
    active        boolean     NOT NULL DEFAULT true,
    CONSTRAINT pk_economy_users PRIMARY KEY (guild_id, user_id),
    CONSTRAINT ck_users_balance_not_negative CHECK (balance >= 0),
    CONSTRAINT ck_users_bank_not_negative CHECK (bank >= 0),
    CONSTRAINT ck_users_xp_not_negative CHECK (xp >= 0),
    CONSTRAINT ck_users_ids_positive CHECK (guild_id > 0 AND user_id > 0)
);

-- Leaderboard reads must stay index-only under constant writes: vacuum (which refreshes the
-- visibility map) after ~1% of the table changed rather than the default 20%.
ALTER TABLE economy.users SET (
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_vacuum_insert_scale_factor = 0.01,
    autovacuum_analyze_scale_factor = 0.02,
    autovacuum_vacuum_cost_delay = 1,
    fillfactor = 90
);

CREATE TABLE IF NOT EXISTS economy.transactions (
    id                 bigint      GENERATED ALWAYS AS IDENTITY,
    guild_id           bigint      NOT NULL,
    -- NULL "from" is money entering the economy (daily, work, admin add); NULL "to" is money
    -- leaving it (admin remove, admin reset). Deposit and withdraw move within one user.
    from_user_id       bigint,
    to_user_id         bigint,
    amount             bigint      NOT NULL,
    type               text        NOT NULL,
    actor_id           bigint      NOT NULL,
    idempotency_key    text,
    -- The balances right after this movement: what a retried request gets back.
    from_balance_after bigint,
    to_balance_after   bigint,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_economy_transactions PRIMARY KEY (id),
    CONSTRAINT ck_transactions_amount_positive CHECK (amount > 0),
    CONSTRAINT ck_transactions_type CHECK (type IN
        ('transfer', 'deposit', 'withdraw', 'daily', 'work', 'admin_add', 'admin_remove', 'admin_reset')),
    -- A self-transfer written as one statement debits and credits the same row, and PostgreSQL
    -- silently drops the second change: money vanishes. The ledger refuses it outright.
    CONSTRAINT ck_transactions_transfer_distinct CHECK (type <> 'transfer'
        OR (from_user_id IS NOT NULL AND to_user_id IS NOT NULL AND from_user_id <> to_user_id)),
    CONSTRAINT ck_transactions_within_user CHECK (type NOT IN ('deposit', 'withdraw')
        OR (from_user_id IS NOT NULL AND from_user_id = to_user_id)),
    CONSTRAINT ck_transactions_minted CHECK (type NOT IN ('daily', 'work', 'admin_add')
        OR (from_user_id IS NULL AND to_user_id IS NOT NULL)),
    CONSTRAINT ck_transactions_burned CHECK (type NOT IN ('admin_remove', 'admin_reset')
        OR (from_user_id IS NOT NULL AND to_user_id IS NULL)),
    CONSTRAINT ck_transactions_key_length CHECK (length(idempotency_key) BETWEEN 1 AND 200)
);

-- One key, one movement: a retried request finds the first one instead of applying twice.
CREATE UNIQUE INDEX IF NOT EXISTS ux_transactions_idempotency_key
    ON economy.transactions (idempotency_key) WHERE idempotency_key IS NOT NULL;

-- A user's history, newest first.
CREATE INDEX IF NOT EXISTS ix_transactions_from ON economy.transactions (guild_id, from_user_id, id DESC) WHERE from_user_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_transactions_to ON economy.transactions (guild_id, to_user_id, id DESC) WHERE to_user_id IS NOT NULL;

-- Append-only: history is corrected by new rows, never rewritten.
CREATE OR REPLACE FUNCTION economy.refuse_ledger_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'economy.transactions is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

DROP TRIGGER IF EXISTS tr_transactions_append_only ON economy.transactions;
CREATE TRIGGER tr_transactions_append_only BEFORE UPDATE OR DELETE ON economy.transactions
    FOR EACH ROW EXECUTE FUNCTION economy.refuse_ledger_rewrite();
DROP TRIGGER IF EXISTS tr_transactions_no_truncate ON economy.transactions;
CREATE TRIGGER tr_transactions_no_truncate BEFORE TRUNCATE ON economy.transactions
    FOR EACH STATEMENT EXECUTE FUNCTION economy.refuse_ledger_rewrite();

-- Daily, work and the like: when each user may act again.
CREATE TABLE IF NOT EXISTS economy.cooldowns (
    guild_id     bigint      NOT NULL,
    user_id      bigint      NOT NULL,
    action       text        NOT NULL,
    available_at timestamptz NOT NULL,
    CONSTRAINT pk_economy_cooldowns PRIMARY KEY (guild_id, user_id, action)
);

-- What every user's wallet plus bank must equal if the ledger is complete: the sum of what entered
-- minus what left. Deposit and withdraw move money within one user and cancel out.
CREATE OR REPLACE VIEW economy.ledger_totals AS
SELECT guild_id, user_id, sum(delta)::bigint AS total
FROM (
    SELECT guild_id, to_user_id AS user_id, amount AS delta
    FROM economy.transactions WHERE to_user_id IS NOT NULL AND type NOT IN ('deposit', 'withdraw')
    UNION ALL
    SELECT guild_id, from_user_id, -amount
    FROM economy.transactions WHERE from_user_id IS NOT NULL AND type NOT IN ('deposit', 'withdraw')
) movements
GROUP BY guild_id, user_id;
