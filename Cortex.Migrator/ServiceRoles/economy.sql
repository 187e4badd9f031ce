-- Everything Cortex.Economy does with the database, and nothing more. {role} is the economy's login.
-- Re-applied on every migrator run after everything the role held was revoked: this file is the
-- whole truth, so a table a new migration adds is reachable only once it is named here.
GRANT USAGE ON SCHEMA economy TO {role};

-- Balances, XP and cooldowns are upserted (INSERT ... ON CONFLICT DO UPDATE) and read; rows are never deleted.
GRANT SELECT, INSERT, UPDATE ON economy.users, economy.cooldowns TO {role};

-- The ledger is append-only: read and insert, never UPDATE, DELETE or TRUNCATE. Its triggers say the
-- same, but only the missing privilege binds a role that could switch triggers off.
GRANT SELECT, INSERT ON economy.transactions TO {role};

-- Idempotency keys, append-only like the ledger: a ledger insert's trigger claims its key here as the
-- inserting role. Partitions of the ledger get no grants: the service reaches them through the parent.
GRANT SELECT, INSERT ON economy.idempotency_keys TO {role};

-- A transfer in one round trip; it runs with the caller's (these) privileges, not its owner's.
GRANT EXECUTE ON FUNCTION economy.transfer(bigint, bigint, bigint, bigint, text, timestamptz) TO {role};
-- A batch of them applied as one set, call order kept (the batcher's path).
GRANT EXECUTE ON FUNCTION economy.transfer_many(bigint[], bigint[], bigint[], bigint[], text[], timestamptz[]) TO {role};

-- Creates the ledger's coming months; runs as the schema's owner (SECURITY DEFINER), so the role itself
-- still creates nothing.
GRANT EXECUTE ON FUNCTION economy.ensure_ledger_partitions(timestamptz, integer) TO {role};
