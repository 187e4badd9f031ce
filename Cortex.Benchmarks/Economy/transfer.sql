-- pgbench script: the same transaction Cortex runs per transfer (economy.transfer: locks in user id
-- order, conditional debit, credit by upsert, ledger row), random distinct pairs of guild 2's users.
\set from random(1, 10000)
\set to (:from + random(0, 9998)) % 10000 + 1
\set amount random(1, 99)
SELECT * FROM economy.transfer(2, :from, :to, :amount, NULL, now());
