using Npgsql;

namespace Cortex.Economy.Storage;

/// <summary>
/// Runs a command that returns at most one row and disposes its reader exactly once, which hands
/// the pooled connection back before the caller goes on (to Redis, say). Disposing a data-source
/// command's reader early and then again at the end of an <c>await using</c> scope is not harmless:
/// Npgsql recycles one reader object per connection, so the second dispose can land on the reader
/// of another request that got the connection meanwhile, and that request then waits forever for
/// results that were consumed under it (16 simultaneous daily claims hung the test suite this way).
/// </summary>
internal static class SingleRow
{
    public static async Task<(bool Found, T Row)> ReadFirstRowAsync<T>(
        this NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (true, read(reader)) : (false, default!);
    }
}
