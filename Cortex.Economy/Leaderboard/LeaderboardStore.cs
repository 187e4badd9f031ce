using Cortex.Economy.Storage;
namespace Cortex.Economy.Leaderboard;

/// <summary>
/// The richest members of a guild, answered by an index-only scan of
/// <c>ix_users_leaderboard (guild_id, balance DESC) INCLUDE (user_id)</c>: the query reads only
/// columns the index holds, and autovacuum (tuned in migration 0100) keeps the visibility map
/// current so the heap is not touched. Served by a standby when one is configured (<see cref="ReadDataSource"/>).
/// </summary>
public sealed class LeaderboardStore(ReadDataSource dataSource)
{
    public const int MaxEntries = 100;

    public const string TopSql =
        "SELECT user_id, balance FROM economy.users WHERE guild_id = $1 ORDER BY balance DESC LIMIT $2";

    public Task<IReadOnlyList<LeaderboardEntry>> TopAsync(long guildId, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxEntries);
        return dataSource.ReadAsync<IReadOnlyList<LeaderboardEntry>>(async attempt =>
        {
            await using var command = dataSource.CreateCommand(TopSql);
            command.With(guildId).With(limit);
            var entries = new List<LeaderboardEntry>(limit);
            await using var reader = await command.ExecuteReaderAsync(attempt);
            while (await reader.ReadAsync(attempt))
            {
                entries.Add(new LeaderboardEntry(entries.Count + 1, reader.GetInt64(0), reader.GetInt64(1)));
            }

            return entries;
        }, cancellationToken);
    }
}
