using Cortex.Economy.Storage;
namespace Cortex.Economy.Leaderboard;

/// <summary>
/// The richest members of a guild, answered by an index-only scan of
/// <c>ix_users_leaderboard (guild_id, balance DESC) INCLUDE (user_id)</c>: the query reads only
/// columns the index holds, and autovacuum (tuned in migration 0100) keeps the visibility map
/// current so the heap is not touched. Served by a standby when one is configured (<see cref="ReadDataSource"/>).
/// The limit is written into the SQL, not bound: with <c>LIMIT $2</c> the generic plan had to assume an unknown
/// limit (a tenth of the guild's rows), so PostgreSQL kept choosing a custom plan and planned the statement on
/// every call, about as long as running it; with the page size fixed it plans once per connection, as pgbench's
/// prepared statement does. A caller asking for fewer rows reads only those (docs/benchmarks.md, "Economy").
/// </summary>
public sealed class LeaderboardStore(ReadDataSource dataSource)
{
    public const int MaxEntries = 100;

    /// <summary>The whole page (<see cref="MaxEntries"/> rows) of one guild (<c>$1</c>).</summary>
    public static readonly string TopSql =
        $"SELECT user_id, balance FROM economy.users WHERE guild_id = $1 ORDER BY balance DESC LIMIT {MaxEntries}";

    public Task<IReadOnlyList<LeaderboardEntry>> TopAsync(long guildId, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxEntries);
        return dataSource.ReadAsync<IReadOnlyList<LeaderboardEntry>>(async attempt =>
        {
            await using var command = dataSource.CreateCommand(TopSql);
            command.With(guildId);
            var entries = new List<LeaderboardEntry>(limit);
            await using var reader = await command.ExecuteReaderAsync(attempt);
            while (entries.Count < limit && await reader.ReadAsync(attempt))
            {
                entries.Add(new LeaderboardEntry(entries.Count + 1, reader.GetInt64(0), reader.GetInt64(1)));
            }

            return entries;
        }, cancellationToken);
    }
}
