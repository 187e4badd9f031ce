-- The ledger split by month (declarative range partitioning on created_at, UTC months), so old
-- months can be archived or moved to cheaper storage and a user's recent history touches only
-- recent partitions. Rows move in this one transaction: writers wait for it, nothing is lost.
-- Idempotency keys are unique in economy.idempotency_keys (0120), which the split leaves alone.

-- One month, economy.transactions_YYYY_MM, with the append-only TRUNCATE guard (row triggers are
-- cloned to partitions by PostgreSQL; statement triggers are not). NULL when it exists already, or
-- when the default partition holds rows of that month (creating it would have to move them; they
-- stay correct where they are, only unpruned).
CREATE OR REPLACE FUNCTION economy.create_ledger_partition(p_month date) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_first date := date_trunc('month', p_month)::date;
    v_next  date := (date_trunc('month', p_month) + interval '1 month')::date;
    v_from  timestamptz := make_timestamptz(extract(year FROM v_first)::int, extract(month FROM v_first)::int, 1, 0, 0, 0, 'UTC');
    v_to    timestamptz := make_timestamptz(extract(year FROM v_next)::int, extract(month FROM v_next)::int, 1, 0, 0, 0, 'UTC');
    v_name  text := 'transactions_' || to_char(v_first, 'YYYY_MM');
BEGIN
    IF to_regclass('economy.' || v_name) IS NOT NULL THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM economy.transactions_default WHERE created_at >= v_from AND created_at < v_to) THEN
        RAISE WARNING 'economy.transactions_default holds rows of %; % not created', to_char(v_first, 'YYYY-MM'), v_name;
        RETURN NULL;
    END IF;
    EXECUTE format('CREATE TABLE economy.%I PARTITION OF economy.transactions FOR VALUES FROM (%L) TO (%L)', v_name, v_from, v_to);
    EXECUTE format('CREATE TRIGGER tr_transactions_no_truncate BEFORE TRUNCATE ON economy.%I FOR EACH STATEMENT EXECUTE FUNCTION economy.refuse_ledger_rewrite()', v_name);
    RETURN v_name;
END
$$;

-- The month of p_now and the p_months_ahead after it; what the economy service calls every hour, so
-- a month's partition exists long before its first row. Runs as the schema's owner (the service's
-- role creates nothing itself), serialized by an advisory lock, and gives up quickly rather than
-- queue writers behind a lock it waits for. Returns the partitions it created.
CREATE OR REPLACE FUNCTION economy.ensure_ledger_partitions(p_now timestamptz, p_months_ahead integer)
RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s' AS $$
DECLARE
    v_month date := date_trunc('month', p_now AT TIME ZONE 'UTC')::date;
    v_created text;
BEGIN
    IF p_months_ahead NOT BETWEEN 0 AND 24 THEN
        RAISE EXCEPTION 'p_months_ahead must be from 0 to 24' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM generate_series(0, p_months_ahead) i
                   WHERE to_regclass('economy.transactions_' || to_char(v_month + make_interval(months => i), 'YYYY_MM')) IS NULL) THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('economy.ensure_ledger_partitions'));
    FOR i IN 0..p_months_ahead LOOP
        v_created := economy.create_ledger_partition((v_month + make_interval(months => i))::date);
        IF v_created IS NOT NULL THEN
            RETURN NEXT v_created;
        END IF;
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION economy.create_ledger_partition(date) FROM PUBLIC;
REVOKE ALL ON FUNCTION economy.ensure_ledger_partitions(timestamptz, integer) FROM PUBLIC;

-- The view reads the old table by its identity, not its name; it is rebuilt below.
DROP VIEW IF EXISTS economy.ledger_totals;
ALTER TABLE economy.transactions RENAME TO transactions_unpartitioned;
-- Index names are per schema: the new table's must be free.
ALTER TABLE economy.transactions_unpartitioned RENAME CONSTRAINT pk_economy_transactions TO pk_economy_transactions_unpartitioned;
DROP INDEX economy.ix_transactions_from, economy.ix_transactions_to;

CREATE TABLE economy.transactions (
    id                 bigint      GENERATED ALWAYS AS IDENTITY,
    guild_id           bigint      NOT NULL,
    from_user_id       bigint,
    to_user_id         bigint,
    amount             bigint      NOT NULL,
    type               text        NOT NULL,
    actor_id           bigint      NOT NULL,
    idempotency_key    text,
    from_balance_after bigint,
    to_balance_after   bigint,
    created_at         timestamptz NOT NULL DEFAULT now(),
    -- A partitioned table's keys must hold the partition key; ids still come from one sequence.
    CONSTRAINT pk_economy_transactions PRIMARY KEY (id, created_at),
    CONSTRAINT ck_transactions_amount_positive CHECK (amount > 0),
    CONSTRAINT ck_transactions_type CHECK (type IN
        ('transfer', 'deposit', 'withdraw', 'daily', 'work', 'admin_add', 'admin_remove', 'admin_reset', 'vote')),
    CONSTRAINT ck_transactions_transfer_distinct CHECK (type <> 'transfer'
        OR (from_user_id IS NOT NULL AND to_user_id IS NOT NULL AND from_user_id <> to_user_id)),
    CONSTRAINT ck_transactions_within_user CHECK (type NOT IN ('deposit', 'withdraw')
        OR (from_user_id IS NOT NULL AND from_user_id = to_user_id)),
    CONSTRAINT ck_transactions_minted CHECK (type NOT IN ('daily', 'work', 'admin_add', 'vote')
        OR (from_user_id IS NULL AND to_user_id IS NOT NULL)),
    CONSTRAINT ck_transactions_burned CHECK (type NOT IN ('admin_remove', 'admin_reset')
        OR (from_user_id IS NOT NULL AND to_user_id IS NULL)),
    CONSTRAINT ck_transactions_key_length CHECK (length(idempotency_key) BETWEEN 1 AND 200)
) PARTITION BY RANGE (created_at);

-- Rows of a month with no partition (a clock far off, maintenance that has not run) land here
-- rather than fail a movement of money.
CREATE TABLE economy.transactions_default PARTITION OF economy.transactions DEFAULT;
CREATE TRIGGER tr_transactions_no_truncate BEFORE TRUNCATE ON economy.transactions_default
    FOR EACH STATEMENT EXECUTE FUNCTION economy.refuse_ledger_rewrite();

SELECT economy.create_ledger_partition(month)
FROM (SELECT DISTINCT date_trunc('month', created_at AT TIME ZONE 'UTC')::date AS month FROM economy.transactions_unpartitioned) months;
SELECT economy.ensure_ledger_partitions(now(), 2);

INSERT INTO economy.transactions OVERRIDING SYSTEM VALUE
SELECT id, guild_id, from_user_id, to_user_id, amount, type, actor_id, idempotency_key,
       from_balance_after, to_balance_after, created_at
FROM economy.transactions_unpartitioned;
SELECT setval(pg_get_serial_sequence('economy.transactions', 'id'),
              greatest((SELECT max(id) FROM economy.transactions_unpartitioned), 1),
              (SELECT max(id) FROM economy.transactions_unpartitioned) IS NOT NULL);
DROP TABLE economy.transactions_unpartitioned;

-- Partitioned indexes: each partition gets its own, so a user's history is a merge of small scans.
CREATE INDEX ix_transactions_from ON economy.transactions (guild_id, from_user_id, id DESC) WHERE from_user_id IS NOT NULL;
CREATE INDEX ix_transactions_to ON economy.transactions (guild_id, to_user_id, id DESC) WHERE to_user_id IS NOT NULL;

-- Append-only, as before: these row triggers are cloned onto every partition, present and future.
CREATE TRIGGER tr_transactions_append_only BEFORE UPDATE OR DELETE ON economy.transactions
    FOR EACH ROW EXECUTE FUNCTION economy.refuse_ledger_rewrite();
CREATE TRIGGER tr_transactions_no_truncate BEFORE TRUNCATE ON economy.transactions
    FOR EACH STATEMENT EXECUTE FUNCTION economy.refuse_ledger_rewrite();
CREATE TRIGGER tr_transactions_claim_key AFTER INSERT ON economy.transactions
    FOR EACH ROW WHEN (NEW.idempotency_key IS NOT NULL) EXECUTE FUNCTION economy.claim_idempotency_key();

-- A key points at a ledger row that exists; detaching or dropping a month that keys point into is refused.
ALTER TABLE economy.idempotency_keys ADD CONSTRAINT fk_idempotency_keys_transaction
    FOREIGN KEY (transaction_id, created_at) REFERENCES economy.transactions (id, created_at);

CREATE VIEW economy.ledger_totals AS
SELECT guild_id, user_id, sum(delta)::bigint AS total
FROM (
    SELECT guild_id, to_user_id AS user_id, amount AS delta
    FROM economy.transactions WHERE to_user_id IS NOT NULL AND type NOT IN ('deposit', 'withdraw')
    UNION ALL
    SELECT guild_id, from_user_id, -amount
    FROM economy.transactions WHERE from_user_id IS NOT NULL AND type NOT IN ('deposit', 'withdraw')
) movements
GROUP BY guild_id, user_id;
