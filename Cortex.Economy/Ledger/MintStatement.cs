namespace Cortex.Economy.Ledger;

/// <summary>
/// Coins entering the economy (an admin's add, a vote reward): the wallet credited by upsert, so a
/// member without a row gets one, and the ledger row (no sender) written by the same statement, so
/// neither can exist without the other. Returns the entry id and the member's row after the credit.
/// </summary>
internal static class MintStatement
{
    // $1 guild, $2 member, $3 amount, $4 idempotency key, $5 now, $6 actor, $7 ledger type.
    public const string Sql = """
        WITH credited AS (
            INSERT INTO economy.users AS u (guild_id, user_id, balance, updated_at)
            VALUES ($1, $2, $3, $5)
            ON CONFLICT (guild_id, user_id) DO UPDATE
                SET balance = u.balance + excluded.balance, version = u.version + 1, updated_at = $5, active = true
            RETURNING balance, bank, version),
        entry AS (
            INSERT INTO economy.transactions (guild_id, from_user_id, to_user_id, amount, type, actor_id,
                idempotency_key, from_balance_after, to_balance_after, created_at)
            SELECT $1, NULL, $2, $3, $7, $6, $4, NULL, balance, $5 FROM credited
            RETURNING id)
        SELECT entry.id, credited.balance, credited.bank, credited.version FROM credited CROSS JOIN entry
        """;
}
