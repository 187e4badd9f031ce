-- A batch of transfers applied as a set: the same outcome per call as economy.transfer (0120) called
-- once per element in array order, but with a fixed number of statements per batch instead of four
-- per call. Each statement's executor start-up (the ledger's seven CHECK constraints are planned at
-- every INSERT) and each plpgsql call were most of what the one backend applying the service's
-- batches spent per transfer (docs/benchmarks.md, issue 19's eighth pass).
--
-- Statements: lock every account once, in (guild, user) order; read the idempotency keys; compute
-- every call in order over arrays in memory; write the final rows (one UPDATE, one INSERT for new
-- recipients), every ledger row (one INSERT), and answer one row per call in call order.
--
-- Any error rolls the whole batch back (the caller re-sends the calls one by one): a call that would
-- raise in economy.transfer (a self-transfer, an amount that is not positive, an overflow, a key that
-- is too long) raises here too, from the same CHECK constraints or arithmetic.
CREATE OR REPLACE FUNCTION economy.transfer_many(
    p_guild_ids bigint[], p_from_user_ids bigint[], p_to_user_ids bigint[], p_amounts bigint[],
    p_idempotency_keys text[], p_nows timestamptz[])
RETURNS TABLE (outcome text, transaction_id bigint, from_balance bigint, to_balance bigint,
               from_bank bigint, to_bank bigint, from_version bigint, to_version bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_calls   integer := coalesce(cardinality(p_guild_ids), 0);
    -- Accounts ("slots"), one per distinct (guild, user) of the batch, in lock order.
    a_guild   bigint[];
    a_user    bigint[];
    a_balance bigint[];
    a_bank    bigint[];
    a_version bigint[];
    a_found   boolean[];     -- the row existed when locked
    a_exists  boolean[];     -- it exists at this point of the batch (found, or credited into being)
    a_touched boolean[];
    a_updated timestamptz[];
    -- Per call: its accounts' slots, the previous call with the same key, the ledger row its key names.
    c_from    integer[];
    c_to      integer[];
    c_prev    integer[];
    k_id      bigint[];
    k_type    text[];
    k_guild   bigint[];
    k_from    bigint[];
    k_to      bigint[];
    k_amount  bigint[];
    k_from_after bigint[];
    k_to_after   bigint[];
    -- Per call: its answer; the applied call of this batch whose key it carries; its place among the applied.
    o_outcome text[];
    o_from_balance bigint[];
    o_to_balance   bigint[];
    o_from_bank    bigint[];
    o_to_bank      bigint[];
    o_from_version bigint[];
    o_to_version   bigint[];
    o_id      bigint[];
    o_owner   integer[];
    o_applied integer[];
    v_applied integer[] := '{}';
    v_count   integer := 0;
    v_from_after bigint[] := '{}';   -- per applied call, in order: what its ledger row must hold
    v_to_after   bigint[] := '{}';
    v_ids     bigint[];
    v_in_order boolean;
    v_expected_new integer := 0;
    v_rows    integer;
    v_owner   integer;
    s         integer;
    r         integer;
BEGIN
    IF coalesce(cardinality(p_from_user_ids), 0) <> v_calls OR coalesce(cardinality(p_to_user_ids), 0) <> v_calls
       OR coalesce(cardinality(p_amounts), 0) <> v_calls OR coalesce(cardinality(p_idempotency_keys), 0) <> v_calls
       OR coalesce(cardinality(p_nows), 0) <> v_calls THEN
        RAISE EXCEPTION 'economy.transfer_many: the six arrays must have one element per call' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_calls = 0 THEN
        RETURN;
    END IF;
    IF array_position(p_guild_ids, NULL) IS NOT NULL OR array_position(p_from_user_ids, NULL) IS NOT NULL
       OR array_position(p_to_user_ids, NULL) IS NOT NULL OR array_position(p_amounts, NULL) IS NOT NULL
       OR array_position(p_nows, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'economy.transfer_many: only idempotency keys may be null' USING ERRCODE = 'null_value_not_allowed';
    END IF;

    -- Every account of the batch locked once, in (guild, user) order: economy.transfer locks its two in
    -- user order within one guild, so batches and single calls queue up behind each other, never in a cycle.
    WITH wanted AS (
        SELECT DISTINCT w.guild_id, w.user_id
        FROM unnest(p_guild_ids || p_guild_ids, p_from_user_ids || p_to_user_ids) AS w (guild_id, user_id)
    ), locked AS MATERIALIZED (
        SELECT u.guild_id, u.user_id, u.balance, u.bank, u.version
        FROM economy.users u JOIN wanted w ON u.guild_id = w.guild_id AND u.user_id = w.user_id
        ORDER BY u.guild_id, u.user_id
        FOR UPDATE OF u
    )
    SELECT array_agg(w.guild_id ORDER BY w.guild_id, w.user_id), array_agg(w.user_id ORDER BY w.guild_id, w.user_id),
           array_agg(l.balance ORDER BY w.guild_id, w.user_id), array_agg(l.bank ORDER BY w.guild_id, w.user_id),
           array_agg(l.version ORDER BY w.guild_id, w.user_id), array_agg(l.user_id IS NOT NULL ORDER BY w.guild_id, w.user_id)
    INTO a_guild, a_user, a_balance, a_bank, a_version, a_found
    FROM wanted w LEFT JOIN locked l ON l.guild_id = w.guild_id AND l.user_id = w.user_id;
    a_exists := a_found;
    a_touched := array_fill(false, ARRAY[cardinality(a_user)]);
    a_updated := array_fill(NULL::timestamptz, ARRAY[cardinality(a_user)]);

    -- Per call: its two slots, the call before it with the same key, and the ledger row its key already names.
    SELECT array_agg(f.slot ORDER BY c.n), array_agg(t.slot ORDER BY c.n), array_agg(c.prev ORDER BY c.n),
           array_agg(e.id ORDER BY c.n), array_agg(e.type ORDER BY c.n), array_agg(e.guild_id ORDER BY c.n),
           array_agg(e.from_user_id ORDER BY c.n), array_agg(e.to_user_id ORDER BY c.n), array_agg(e.amount ORDER BY c.n),
           array_agg(e.from_balance_after ORDER BY c.n), array_agg(e.to_balance_after ORDER BY c.n)
    INTO c_from, c_to, c_prev, k_id, k_type, k_guild, k_from, k_to, k_amount, k_from_after, k_to_after
    FROM (
        SELECT x.*, CASE WHEN x.key IS NOT NULL THEN lag(x.n) OVER (PARTITION BY x.key ORDER BY x.n) END::integer AS prev
        FROM unnest(p_guild_ids, p_from_user_ids, p_to_user_ids, p_idempotency_keys) WITH ORDINALITY AS x (guild_id, from_user_id, to_user_id, key, n)
    ) c
    JOIN unnest(a_guild, a_user) WITH ORDINALITY AS f (guild_id, user_id, slot) ON f.guild_id = c.guild_id AND f.user_id = c.from_user_id
    JOIN unnest(a_guild, a_user) WITH ORDINALITY AS t (guild_id, user_id, slot) ON t.guild_id = c.guild_id AND t.user_id = c.to_user_id
    LEFT JOIN economy.idempotency_keys k ON k.key = c.key
    LEFT JOIN economy.transactions e ON e.id = k.transaction_id AND e.created_at = k.created_at;

    o_outcome := array_fill(NULL::text, ARRAY[v_calls]);
    o_owner := array_fill(NULL::integer, ARRAY[v_calls]);

    -- Call by call, in order, as economy.transfer would decide each one; only arrays change here.
    FOR i IN 1..v_calls LOOP
        v_owner := o_owner[c_prev[i]];
        IF v_owner IS NOT NULL THEN
            -- An earlier call of this batch applied with this key: the transfer the key names is that call's.
            o_owner[i] := v_owner;
            k_type[i] := 'transfer';
            k_guild[i] := p_guild_ids[v_owner];
            k_from[i] := p_from_user_ids[v_owner];
            k_to[i] := p_to_user_ids[v_owner];
            k_amount[i] := p_amounts[v_owner];
            k_from_after[i] := o_from_balance[v_owner];
            k_to_after[i] := o_to_balance[v_owner];
        END IF;
        IF k_type[i] IS NOT NULL THEN
            -- The key names a movement already (before this batch, or earlier in it): replayed or refused, as economy.transfer does.
            o_id[i] := k_id[i];
            IF k_type[i] = 'transfer' AND k_guild[i] = p_guild_ids[i] AND k_from[i] = p_from_user_ids[i]
               AND k_to[i] = p_to_user_ids[i] AND k_amount[i] = p_amounts[i] THEN
                o_outcome[i] := 'replayed';
                o_from_balance[i] := k_from_after[i];
                o_to_balance[i] := k_to_after[i];
            ELSE
                o_outcome[i] := 'key_conflict';
            END IF;
            CONTINUE;
        END IF;

        s := c_from[i];
        r := c_to[i];
        IF NOT (a_exists[s] AND a_balance[s] >= p_amounts[i]) THEN
            o_outcome[i] := 'insufficient_funds';
            CONTINUE;
        END IF;

        a_balance[s] := a_balance[s] - p_amounts[i];
        a_version[s] := a_version[s] + 1;
        a_updated[s] := p_nows[i];
        a_touched[s] := true;
        o_from_balance[i] := a_balance[s];
        o_from_bank[i] := a_bank[s];
        o_from_version[i] := a_version[s];

        IF a_exists[r] THEN
            a_balance[r] := a_balance[r] + p_amounts[i];
            a_version[r] := a_version[r] + 1;
        ELSE
            a_exists[r] := true;
            v_expected_new := v_expected_new + 1;
            a_balance[r] := p_amounts[i];
            a_bank[r] := 0;
            a_version[r] := 1;
        END IF;
        a_updated[r] := p_nows[i];
        a_touched[r] := true;
        o_to_balance[i] := a_balance[r];
        o_to_bank[i] := a_bank[r];
        o_to_version[i] := a_version[r];

        o_outcome[i] := 'applied';
        o_owner[i] := i;
        v_count := v_count + 1;
        v_applied[v_count] := i;
        v_from_after[v_count] := o_from_balance[i];
        v_to_after[v_count] := o_to_balance[i];
        o_applied[i] := v_count;
    END LOOP;

    UPDATE economy.users u
    SET balance = a.balance, version = a.version, updated_at = a.updated_at, active = true
    FROM unnest(a_guild, a_user, a_balance, a_version, a_updated, a_touched, a_found) AS a (guild_id, user_id, balance, version, updated_at, touched, found)
    WHERE a.touched AND a.found AND u.guild_id = a.guild_id AND u.user_id = a.user_id;

    -- Recipients that had no row when the batch locked. A row some other transaction created since then was
    -- not counted from here: the batch fails as a serialization failure and is sent again.
    IF v_expected_new > 0 THEN
        INSERT INTO economy.users (guild_id, user_id, balance, version, updated_at)
        SELECT a.guild_id, a.user_id, a.balance, a.version, a.updated_at
        FROM unnest(a_guild, a_user, a_balance, a_version, a_updated, a_touched, a_found) AS a (guild_id, user_id, balance, version, updated_at, touched, found)
        WHERE a.touched AND NOT a.found
        ORDER BY a.guild_id, a.user_id
        ON CONFLICT (guild_id, user_id) DO NOTHING;
        GET DIAGNOSTICS v_rows = ROW_COUNT;
        IF v_rows <> v_expected_new THEN
            RAISE EXCEPTION 'economy.transfer_many: an account was created while the batch ran' USING ERRCODE = 'serialization_failure';
        END IF;
    END IF;

    -- The ledger rows in call order. Ids come from the identity in insertion order (this one backend takes them
    -- from the sequence in increasing order), so the k-th smallest id is the k-th applied call's; the balances
    -- the insert returns are checked against that pairing rather than trusted.
    IF v_count > 0 THEN
        WITH written AS (
            INSERT INTO economy.transactions (guild_id, from_user_id, to_user_id, amount, type, actor_id,
                idempotency_key, from_balance_after, to_balance_after, created_at)
            SELECT p_guild_ids[a.i], p_from_user_ids[a.i], p_to_user_ids[a.i], p_amounts[a.i], 'transfer', p_from_user_ids[a.i],
                   p_idempotency_keys[a.i], o_from_balance[a.i], o_to_balance[a.i], p_nows[a.i]
            FROM unnest(v_applied) WITH ORDINALITY AS a (i, k)
            ORDER BY a.k
            RETURNING id, from_balance_after, to_balance_after
        )
        SELECT array_agg(w.id ORDER BY w.id),
               array_agg(w.from_balance_after ORDER BY w.id) = v_from_after AND array_agg(w.to_balance_after ORDER BY w.id) = v_to_after
        INTO v_ids, v_in_order
        FROM written w;
        IF v_in_order IS NOT TRUE THEN
            RAISE EXCEPTION 'economy.transfer_many: ledger ids did not follow call order' USING ERRCODE = 'internal_error';
        END IF;
    END IF;

    RETURN QUERY
    SELECT o_outcome[c.n],
           CASE WHEN o_outcome[c.n] IN ('replayed', 'key_conflict') AND o_id[c.n] IS NOT NULL THEN o_id[c.n]
                WHEN o_owner[c.n] IS NOT NULL THEN v_ids[o_applied[o_owner[c.n]]] END,
           o_from_balance[c.n], o_to_balance[c.n], o_from_bank[c.n], o_to_bank[c.n], o_from_version[c.n], o_to_version[c.n]
    FROM generate_series(1, v_calls) AS c (n)
    ORDER BY c.n;
END
$$;
