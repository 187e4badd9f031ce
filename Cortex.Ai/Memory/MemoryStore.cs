using Cortex.Discord.Models;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cortex.Ai.Memory;

/// <summary><c>ai.user_memories</c>: validated facts per user, deduplicated by key, weighted, capped.</summary>
public sealed class MemoryStore(NpgsqlDataSource database, IOptions<MemoryOptions> options)
{
    /// <summary>The user's heaviest facts, newest first among equals.</summary>
    public async Task<IReadOnlyList<MemoryFact>> TopAsync(Snowflake userId, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT fact, weight FROM ai.user_memories
            WHERE user_id = $1 ORDER BY weight DESC, updated_at DESC LIMIT $2
            """);
        command.Parameters.Add(new() { Value = (long)userId.Value });
        command.Parameters.Add(new() { Value = limit });
        var facts = new List<MemoryFact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            facts.Add(new MemoryFact(reader.GetString(0), reader.GetFloat(1)));
        }

        return facts;
    }

    public Task<IReadOnlyList<MemoryFact>> AllAsync(Snowflake userId, CancellationToken cancellationToken) =>
        TopAsync(userId, options.Value.MaxFactsPerUser, cancellationToken);

    /// <summary>
    /// Stores a validated fact, or reinforces it when its key is already known; then trims the user
    /// to the cap. One transaction, so a concurrent remember cannot leave the user over the cap.
    /// </summary>
    public async Task<double> RememberAsync(Snowflake userId, string fact, string key, CancellationToken cancellationToken)
    {
        var o = options.Value;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using var upsert = new NpgsqlCommand("""
            INSERT INTO ai.user_memories (user_id, fact_key, fact) VALUES ($1, $2, $3)
            ON CONFLICT (user_id, fact_key) DO UPDATE
                SET weight = least(ai.user_memories.weight + 1, $4), fact = excluded.fact, updated_at = now()
            RETURNING weight
            """, connection, transaction);
        upsert.Parameters.Add(new() { Value = (long)userId.Value });
        upsert.Parameters.Add(new() { Value = key });
        upsert.Parameters.Add(new() { Value = fact });
        upsert.Parameters.Add(new() { Value = (float)o.MaxWeight });
        var weight = (float)(await upsert.ExecuteScalarAsync(cancellationToken))!;

        await using var trim = new NpgsqlCommand("""
            DELETE FROM ai.user_memories m
            WHERE m.user_id = $1 AND m.fact_key IN (
                SELECT fact_key FROM ai.user_memories WHERE user_id = $1
                ORDER BY weight DESC, updated_at DESC OFFSET $2)
            """, connection, transaction);
        trim.Parameters.Add(new() { Value = (long)userId.Value });
        trim.Parameters.Add(new() { Value = o.MaxFactsPerUser });
        await trim.ExecuteNonQueryAsync(cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return weight;
    }

    /// <summary>Erases everything remembered about the user. Returns how many facts went.</summary>
    public async Task<int> ForgetAsync(Snowflake userId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("DELETE FROM ai.user_memories WHERE user_id = $1");
        command.Parameters.Add(new() { Value = (long)userId.Value });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
