using Cortex.Economy.Storage;
using Npgsql;

namespace Cortex.Economy.Accounts;

/// <summary>Reads accounts from PostgreSQL, the source of truth.</summary>
public sealed class AccountStore(NpgsqlDataSource dataSource)
{
    public async Task<AccountSnapshot> ReadAsync(long guildId, long userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT balance, bank, version FROM economy.users WHERE guild_id = $1 AND user_id = $2");
        command.With(guildId).With(userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AccountSnapshot(guildId, userId, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2))
            : AccountSnapshot.Missing(guildId, userId);
    }
}
