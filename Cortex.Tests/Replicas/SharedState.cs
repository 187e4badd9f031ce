using Npgsql;
using StackExchange.Redis;

namespace Cortex.Tests.Replicas;

/// <summary>
/// What the replicas share, read from outside: the economy's books in PostgreSQL and the event streams in Redis.
/// Streams are found by type (SCAN TYPE stream), not by name, so the checks hold whatever the streams are called.
/// </summary>
public sealed class SharedState(NpgsqlDataSource database, IConnectionMultiplexer redis)
{
    /// <summary>The guild's money, held (wallet plus bank) and as the ledger says it entered minus left.</summary>
    public async Task<(long Held, long Minted, long Burned)> MoneyAsync(ulong guildId)
    {
        await using var command = database.CreateCommand("""
            SELECT (SELECT coalesce(sum(balance + bank), 0) FROM economy.users WHERE guild_id = $1)::bigint,
                   (SELECT coalesce(sum(amount), 0) FROM economy.transactions WHERE guild_id = $1 AND from_user_id IS NULL)::bigint,
                   (SELECT coalesce(sum(amount), 0) FROM economy.transactions WHERE guild_id = $1 AND to_user_id IS NULL)::bigint
            """);
        command.Parameters.AddWithValue((long)guildId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>Ledger rows of <paramref name="type"/> the user received (daily) or sent (transfer).</summary>
    public async Task<long> MovementsAsync(ulong guildId, ulong userId, string type)
    {
        var column = type == "transfer" ? "from_user_id" : "to_user_id";
        await using var command = database.CreateCommand($"SELECT count(*) FROM economy.transactions WHERE guild_id = $1 AND {column} = $2 AND type = $3");
        command.Parameters.AddWithValue((long)guildId);
        command.Parameters.AddWithValue((long)userId);
        command.Parameters.AddWithValue(type);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<long> XpAsync(ulong guildId, ulong userId)
    {
        await using var command = database.CreateCommand("SELECT coalesce((SELECT xp FROM economy.users WHERE guild_id = $1 AND user_id = $2), 0)");
        command.Parameters.AddWithValue((long)guildId);
        command.Parameters.AddWithValue((long)userId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Accounts whose wallet plus bank differs from what the ledger moved to and from them.</summary>
    public async Task<List<string>> AccountsOffTheLedgerAsync(ulong guildId)
    {
        await using var command = database.CreateCommand("""
            SELECT u.user_id, u.balance + u.bank, coalesce(t.total, 0)
            FROM economy.users u LEFT JOIN economy.ledger_totals t ON t.guild_id = u.guild_id AND t.user_id = u.user_id
            WHERE u.guild_id = $1 AND u.balance + u.bank <> coalesce(t.total, 0)
            """);
        command.Parameters.AddWithValue((long)guildId);
        await using var reader = await command.ExecuteReaderAsync();
        List<string> off = [];
        while (await reader.ReadAsync())
        {
            off.Add($"{reader.GetInt64(0)} holds {reader.GetInt64(1)}, ledger {reader.GetInt64(2)}");
        }

        return off;
    }

    /// <summary>Every consumer group's entries delivered and not yet acknowledged, by stream and group.</summary>
    public async Task<Dictionary<string, long>> PendingAsync()
    {
        Dictionary<string, long> pending = [];
        foreach (var stream in await StreamsAsync())
        {
            foreach (var group in await redis.GetDatabase().StreamGroupInfoAsync(stream))
            {
                pending[$"{stream}/{group.Name}"] = group.PendingMessageCount;
            }
        }

        return pending;
    }

    /// <summary>Entries parked as undeliverable: any stream whose name says dead letter.</summary>
    public async Task<Dictionary<string, long>> DeadLettersAsync()
    {
        Dictionary<string, long> dead = [];
        foreach (var stream in await StreamsAsync())
        {
            var name = stream.ToString();
            if (name.Contains("dead", StringComparison.OrdinalIgnoreCase) || name.Contains("dlq", StringComparison.OrdinalIgnoreCase))
            {
                dead[name] = await redis.GetDatabase().StreamLengthAsync(stream);
            }
        }

        return dead;
    }

    private async Task<List<RedisKey>> StreamsAsync()
    {
        List<RedisKey> streams = [];
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (server.IsReplica)
            {
                continue;
            }

            var cursor = 0L;
            do
            {
                var page = (RedisResult[])(await server.ExecuteAsync("SCAN", cursor.ToString(System.Globalization.CultureInfo.InvariantCulture), "TYPE", "stream", "COUNT", "1000"))!;
                cursor = long.Parse((string)page[0]!, System.Globalization.CultureInfo.InvariantCulture);
                streams.AddRange(((RedisResult[])page[1]!).Select(k => new RedisKey((string)k!)));
            }
            while (cursor != 0);
        }

        return streams;
    }
}
