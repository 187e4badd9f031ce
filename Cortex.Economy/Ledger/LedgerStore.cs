using Cortex.Economy.Storage;
using Npgsql;

namespace Cortex.Economy.Ledger;

/// <summary>
/// The ledger, read. A key's movement comes from the primary (a retry must find what it just wrote);
/// history may trail it by the replication lag (<see cref="ReadDataSource"/>).
/// </summary>
public sealed class LedgerStore(NpgsqlDataSource dataSource, ReadDataSource readSource)
{
    private const string Columns =
        "id, guild_id, from_user_id, to_user_id, amount, type, actor_id, from_balance_after, to_balance_after, created_at";

    private const string Qualified =
        "t.id, t.guild_id, t.from_user_id, t.to_user_id, t.amount, t.type, t.actor_id, t.from_balance_after, t.to_balance_after, t.created_at";

    // Each branch walks its own index (on every partition) and stops after $4 rows.
    private const string HistorySql = $"""
        (SELECT {Columns} FROM economy.transactions
         WHERE guild_id = $1 AND from_user_id = $2 AND id < $3 ORDER BY id DESC LIMIT $4)
        UNION
        (SELECT {Columns} FROM economy.transactions
         WHERE guild_id = $1 AND to_user_id = $2 AND id < $3 ORDER BY id DESC LIMIT $4)
        ORDER BY id DESC LIMIT $4
        """;

    /// <summary>
    /// The movement an idempotency key already produced, if any. Keys are unique in their own table
    /// (migration 0120); the key's row names the entry's id and month, so one partition is read.
    /// </summary>
    public async Task<LedgerEntry?> FindByKeyAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Qualified} FROM economy.idempotency_keys k
            JOIN economy.transactions t ON t.id = k.transaction_id AND t.created_at = k.created_at
            WHERE k.key = $1
            """);
        command.With(key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// A user's movements, newest first, before an optional entry id (keyset paging). Each branch
    /// walks its own index and stops after <paramref name="limit"/> rows.
    /// </summary>
    public Task<IReadOnlyList<LedgerEntry>> HistoryAsync(long guildId, long userId, int limit, long? beforeId, CancellationToken cancellationToken) =>
        readSource.ReadAsync<IReadOnlyList<LedgerEntry>>(async attempt =>
        {
            await using var command = readSource.CreateCommand(HistorySql);
            command.With(guildId).With(userId).With(beforeId ?? long.MaxValue).With(limit);
            var entries = new List<LedgerEntry>(limit);
            await using var reader = await command.ExecuteReaderAsync(attempt);
            while (await reader.ReadAsync(attempt))
            {
                entries.Add(Read(reader));
            }

            return entries;
        }, cancellationToken);

    private static LedgerEntry Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetInt64(1),
        reader.GetNullableInt64(2),
        reader.GetNullableInt64(3),
        reader.GetInt64(4),
        reader.GetString(5),
        reader.GetInt64(6),
        reader.GetNullableInt64(7),
        reader.GetNullableInt64(8),
        reader.GetFieldValue<DateTimeOffset>(9));
}
