-- Idempotency keys in a table of their own, unique on the key alone, each pointing at the ledger entry
-- it produced. A partitioned table's unique index must contain the partition key, so a global
-- "one key, one movement" could not stay on economy.transactions once it is split by month (0121);
-- here it holds whatever the ledger's layout.

CREATE TABLE IF NOT EXISTS economy.idempotency_keys (
    key            text        NOT NULL,
    transaction_id bigint      NOT NULL,
    -- The entry's created_at: with the id it names exactly one partition of the ledger.
    created_at     timestamptz NOT NULL,
    CONSTRAINT pk_economy_idempotency_keys PRIMARY KEY (key),
    CONSTRAINT ck_idempotency_keys_length CHECK (length(key) BETWEEN 1 AND 200)
);

INSERT INTO economy.idempotency_keys (key, transaction_id, created_at)
SELECT idempotency_key, id, created_at FROM economy.transactions WHERE idempotency_key IS NOT NULL
ON CONFLICT (key) DO NOTHING;

-- Every ledger row that carries a key claims it in the same statement: a second movement with the
-- same key fails on pk_economy_idempotency_keys and rolls back whole (the service retries it, and
-- the retry replays the first). No writer can forget to register its key.
CREATE OR REPLACE FUNCTION economy.claim_idempotency_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO economy.idempotency_keys (key, transaction_id, created_at)
    VALUES (NEW.idempotency_key, NEW.id, NEW.created_at);
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS tr_transactions_claim_key ON economy.transactions;
CREATE TRIGGER tr_transactions_claim_key AFTER INSERT ON economy.transactions
    FOR EACH ROW WHEN (NEW.idempotency_key IS NOT NULL) EXECUTE FUNCTION economy.claim_idempotency_key();

-- A key, once given, is part of the ledger's history: append-only like it.
CREATE OR REPLACE FUNCTION economy.refuse_key_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'economy.idempotency_keys is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

DROP TRIGGER IF EXISTS tr_idempotency_keys_append_only ON economy.idempotency_keys;
CREATE TRIGGER tr_idempotency_keys_append_only BEFORE UPDATE OR DELETE ON economy.idempotency_keys
    FOR EACH ROW EXECUTE FUNCTION economy.refuse_key_rewrite();
DROP TRIGGER IF EXISTS tr_idempotency_keys_no_truncate ON economy.idempotency_keys;
CREATE TRIGGER tr_idempotency_keys_no_truncate BEFORE TRUNCATE ON economy.idempotency_keys
    FOR EACH STATEMENT EXECUTE FUNCTION economy.refuse_key_rewrite();

DROP INDEX IF EXISTS economy.ux_transactions_idempotency_key;

-- economy.transfer as in 0101, but a key is looked up where it is now unique.
CREATE OR REPLACE FUNCTION economy.transfer(
    p_guild_id bigint, p_from_user_id bigint, p_to_user_id bigint, p_amount bigint,
    p_idempotency_key text, p_now timestamptz)
RETURNS TABLE (outcome text, transaction_id bigint, from_balance bigint, to_balance bigint,
               from_bank bigint, to_bank bigint, from_version bigint, to_version bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_from_balance bigint;
    v_from_version bigint;
    v_from_bank    bigint;
    v_to_bank      bigint;
    v_to_balance   bigint;
    v_to_version   bigint;
    v_id           bigint;
    v_existing     economy.transactions%ROWTYPE;
BEGIN
    IF p_idempotency_key IS NOT NULL THEN
        SELECT t.* INTO v_existing FROM economy.idempotency_keys k
        JOIN economy.transactions t ON t.id = k.transaction_id AND t.created_at = k.created_at
        WHERE k.key = p_idempotency_key;
        IF FOUND THEN
            IF v_existing.type = 'transfer' AND v_existing.guild_id = p_guild_id
               AND v_existing.from_user_id = p_from_user_id AND v_existing.to_user_id = p_to_user_id
               AND v_existing.amount = p_amount THEN
                RETURN QUERY SELECT 'replayed', v_existing.id, v_existing.from_balance_after,
                    v_existing.to_balance_after, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint;
            ELSE
                RETURN QUERY SELECT 'key_conflict', v_existing.id, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint;
            END IF;
            RETURN;
        END IF;
    END IF;

    -- Lock both rows in user id order, so A->B and B->A queue up instead of deadlocking.
    PERFORM 1 FROM economy.users u
    WHERE u.guild_id = p_guild_id AND u.user_id IN (p_from_user_id, p_to_user_id)
    ORDER BY u.user_id
    FOR UPDATE;

    UPDATE economy.users u
    SET balance = u.balance - p_amount, version = u.version + 1, updated_at = p_now, active = true
    WHERE u.guild_id = p_guild_id AND u.user_id = p_from_user_id AND u.balance >= p_amount
    RETURNING u.balance, u.bank, u.version INTO v_from_balance, v_from_bank, v_from_version;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'insufficient_funds', NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint;
        RETURN;
    END IF;

    INSERT INTO economy.users AS u (guild_id, user_id, balance, updated_at)
    VALUES (p_guild_id, p_to_user_id, p_amount, p_now)
    ON CONFLICT (guild_id, user_id) DO UPDATE
        SET balance = u.balance + excluded.balance, version = u.version + 1, updated_at = p_now, active = true
    RETURNING u.balance, u.bank, u.version INTO v_to_balance, v_to_bank, v_to_version;

    INSERT INTO economy.transactions (guild_id, from_user_id, to_user_id, amount, type, actor_id,
        idempotency_key, from_balance_after, to_balance_after, created_at)
    VALUES (p_guild_id, p_from_user_id, p_to_user_id, p_amount, 'transfer', p_from_user_id,
        p_idempotency_key, v_from_balance, v_to_balance, p_now)
    RETURNING id INTO v_id;

    RETURN QUERY SELECT 'applied', v_id, v_from_balance, v_to_balance, v_from_bank, v_to_bank, v_from_version, v_to_version;
END
$$;
