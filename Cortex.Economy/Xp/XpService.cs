using Cortex.Economy.Results;
using Cortex.Economy.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cortex.Economy.Xp;

/// <summary>XP for chatting, with a per-member cooldown, and rank (read where <see cref="ReadDataSource"/> says).</summary>
public sealed class XpService(NpgsqlDataSource dataSource, ReadDataSource readSource, IOptions<XpOptions> options, TimeProvider timeProvider)
{
    // $1 guild, $2 user, $3 xp, $4 now, $5 earliest previous grant that still allows a new one.
    // The cooldown check and the grant are one statement, so a burst of messages grants once.
    // XP is not money: the row's version (the balance cache's guard) is left alone.
    private const string GrantSql = """
        INSERT INTO economy.users AS u (guild_id, user_id, xp, xp_granted_at, updated_at)
        VALUES ($1, $2, $3, $4, $4)
        ON CONFLICT (guild_id, user_id) DO UPDATE
            SET xp = u.xp + excluded.xp, xp_granted_at = $4, updated_at = $4, active = true
            WHERE u.xp_granted_at <= $5
        RETURNING xp
        """;

    private const string RankSql = """
        SELECT u.xp, (SELECT count(*) FROM economy.users o WHERE o.guild_id = $1 AND o.xp > u.xp) + 1
        FROM economy.users u WHERE u.guild_id = $1 AND u.user_id = $2
        """;

    private readonly XpOptions _options = options.Value;

    /// <summary>Grants XP for one message unless the member earned some within the cooldown. Returns the new total, or null.</summary>
    public async Task<long?> GrantForMessageAsync(long guildId, long userId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var xp = Random.Shared.NextInt64(_options.MinimumPerMessage, Math.Max(_options.MinimumPerMessage, _options.MaximumPerMessage) + 1);
        await using var command = dataSource.CreateCommand(GrantSql);
        command.With(guildId).With(userId).With(xp).With(now).With(now - _options.Cooldown);
        // Idempotent enough: a replay finds the cooldown just set and grants nothing.
        return await PostgresRetry.ExecuteAsync(async attempt => await command.ExecuteScalarAsync(attempt) as long?, cancellationToken, dataSource, idempotent: true);
    }

    public async Task<EconomyResult<RankCard>> RankAsync(long guildId, long userId, CancellationToken cancellationToken)
    {
        var invalid = Validate.First(Validate.Id(guildId, "guild"), Validate.Id(userId, "user"));
        if (invalid is not null)
        {
            return invalid;
        }

        var row = await readSource.ReadAsync(async attempt =>
        {
            await using var command = readSource.CreateCommand(RankSql);
            command.With(guildId).With(userId);
            return await command.ReadFirstRowAsync(reader => (Xp: reader.GetInt64(0), Rank: reader.GetInt64(1)), attempt);
        }, cancellationToken);
        if (!row.Found)
        {
            return EconomyError.NotFound(userId);
        }

        var (level, into, next) = Levels.FromXp(row.Row.Xp);
        return new RankCard(guildId, userId, row.Row.Xp, level, into, next, row.Row.Rank);
    }
}
