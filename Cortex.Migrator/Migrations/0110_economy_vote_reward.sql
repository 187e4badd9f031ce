-- Votes from a bot list, credited through /webhook: new coins, like daily and work.
ALTER TABLE economy.transactions DROP CONSTRAINT IF EXISTS ck_transactions_type;
ALTER TABLE economy.transactions ADD CONSTRAINT ck_transactions_type CHECK (type IN
    ('transfer', 'deposit', 'withdraw', 'daily', 'work', 'admin_add', 'admin_remove', 'admin_reset', 'vote'));
ALTER TABLE economy.transactions DROP CONSTRAINT IF EXISTS ck_transactions_minted;
ALTER TABLE economy.transactions ADD CONSTRAINT ck_transactions_minted CHECK (type NOT IN ('daily', 'work', 'admin_add', 'vote')
    OR (from_user_id IS NULL AND to_user_id IS NOT NULL));
