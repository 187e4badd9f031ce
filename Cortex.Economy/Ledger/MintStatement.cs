namespace Cortex.Economy.Ledger;

/// <summary>
/// Coins entering the economy (an admin's add, a vote reward, daily and work): the wallet credited by upsert, so a
/// member without a row gets one, and the ledger row (no sender) written by the same statement, so neither can exist
/// without the other. Returns the entry id and the member's row after the credit, or no row when nothing was granted.
/// </summary>
internal static class MintStatement
{
    // $1 guild, $2 member, $3 amount, $4 idempotency key, $5 now, $6 actor, $7 ledger type; the credit happens once
    // per row of the `granted` step that precedes it.
    private const string CreditAndRecord = """
        credited AS (
            INSERT INTO economy.users AS u (guild_id, user_id, balance, updated_at)
            SELECT $1, $2, $3, $5 FROM granted
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

    /// <summary>Always credits: an admin's add, a vote reward.</summary>
    public const string Sql = "WITH granted AS (SELECT 1),\n" + CreditAndRecord;

    /// <summary>
    /// Credits only when the member's cooldown for the ledger type ($7) is over at $5, and moves it to $8 in the same
    /// statement: two simultaneous claims credit once (daily, work).
    /// </summary>
    public const string OnCooldownSql = """
        WITH granted AS (
            INSERT INTO economy.cooldowns AS c (guild_id, user_id, action, available_at)
            VALUES ($1, $2, $7, $8)
            ON CONFLICT (guild_id, user_id, action) DO UPDATE SET available_at = excluded.available_at
            WHERE c.available_at <= $5
            RETURNING available_at),
        """ + "\n" + CreditAndRecord;
}
