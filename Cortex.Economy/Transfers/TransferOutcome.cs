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
    /// Many calls in one statement: the function once per element of the six arrays, in their order (the function is
    /// volatile, so each call sees the ones before it), one row per call. One Bind and Execute for the whole batch where a
    /// batch of <see cref="Sql"/> statements pays one each per call.
    /// </summary>
    public const string ManySql = """
        SELECT t.* FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::timestamptz[])
            WITH ORDINALITY AS c (guild_id, from_user_id, to_user_id, amount, idempotency_key, created_at, n)
        CROSS JOIN LATERAL economy.transfer(c.guild_id, c.from_user_id, c.to_user_id, c.amount, c.idempotency_key, c.created_at) AS t
        ORDER BY c.n
        """;

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
