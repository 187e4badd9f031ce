using Cortex.Economy.Accounts;
using Cortex.Economy.Storage;
using Npgsql;

namespace Cortex.Economy.Transfers;

/// <summary>
/// One call of <c>economy.transfer</c>: its statement, and its answer read by the <c>RETURNS TABLE</c> column names
/// (<c>Cortex.Migrator/Migrations/0120_economy_idempotency_keys.sql</c>).
/// </summary>
internal readonly record struct TransferOutcome(
    string Kind, long TransactionId, long FromBalance, long ToBalance, long FromBank, long ToBank, long FromVersion, long ToVersion)
{
    public const string Sql = "SELECT * FROM economy.transfer($1, $2, $3, $4, $5, $6)";

    /// <summary>
    /// Many calls in one statement: <c>economy.transfer_many</c> (<c>Cortex.Migrator/Migrations/0122_economy_transfer_many.sql</c>)
    /// applies the six arrays as one set, each element's outcome exactly what <see cref="Sql"/> would give in array order,
    /// one row per call in that order, with a fixed number of statements per batch where one <c>economy.transfer</c> per
    /// call paid four statements' executor start-up each.
    /// </summary>
    public const string ManySql = "SELECT * FROM economy.transfer_many($1, $2, $3, $4, $5, $6)";

    public const string Applied = "applied";
    public const string Replayed = "replayed";
    public const string KeyConflict = "key_conflict";

    /// <summary>The six parameters of <see cref="Sql"/>, typed, without boxing.</summary>
    public static void Bind(NpgsqlParameterCollection parameters, TransferRequest request, DateTimeOffset now)
    {
        parameters.Add(new NpgsqlParameter<long> { TypedValue = request.GuildId });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = request.FromUserId });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = request.ToUserId });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = request.Amount });
        parameters.Add(new NpgsqlParameter { Value = (object?)request.IdempotencyKey ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
    }

    /// <summary>The six array parameters of <see cref="ManySql"/>, one element per call.</summary>
    public static void BindMany(NpgsqlParameterCollection parameters, IReadOnlyList<PendingTransfer> calls)
    {
        var guilds = new long[calls.Count];
        var senders = new long[calls.Count];
        var recipients = new long[calls.Count];
        var amounts = new long[calls.Count];
        var keys = new string?[calls.Count];
        var times = new DateTimeOffset[calls.Count];
        for (var i = 0; i < calls.Count; i++)
        {
            var request = calls[i].Request;
            (guilds[i], senders[i], recipients[i], amounts[i], keys[i], times[i]) =
                (request.GuildId, request.FromUserId, request.ToUserId, request.Amount, request.IdempotencyKey, calls[i].Now);
        }

        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = guilds });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = senders });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = recipients });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = amounts });
        parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = keys, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = times });
    }

    /// <summary>The function's one row, at the reader's current row.</summary>
    public static TransferOutcome Read(NpgsqlDataReader reader) => new(
        reader.GetString(reader.GetOrdinal("outcome")),
        reader.GetNullableInt64("transaction_id") ?? 0,
        reader.GetNullableInt64("from_balance") ?? 0,
        reader.GetNullableInt64("to_balance") ?? 0,
        reader.GetNullableInt64("from_bank") ?? 0,
        reader.GetNullableInt64("to_bank") ?? 0,
        reader.GetNullableInt64("from_version") ?? 0,
        reader.GetNullableInt64("to_version") ?? 0);

    public AccountSnapshot Sender(TransferRequest request) =>
        new(request.GuildId, request.FromUserId, FromBalance, FromBank, FromVersion);

    public AccountSnapshot Recipient(TransferRequest request) =>
        new(request.GuildId, request.ToUserId, ToBalance, ToBank, ToVersion);
}
