-- A transfer in one round trip and one transaction. Statements inside a function run one after
-- the other, so the debit and the credit of a (refused) self-transfer could not clobber each other
-- here, but the ledger still refuses it.
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
        SELECT * INTO v_existing FROM economy.transactions t WHERE t.idempotency_key = p_idempotency_key;
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
