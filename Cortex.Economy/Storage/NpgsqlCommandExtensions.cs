using Npgsql;

namespace Cortex.Economy.Storage;

internal static class NpgsqlCommandExtensions
{
    /// <summary>Adds the next positional (<c>$n</c>) parameter, typed, without boxing.</summary>
    public static NpgsqlCommand With<T>(this NpgsqlCommand command, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return command;
    }

    /// <summary>A text parameter that may be NULL (an absent idempotency key).</summary>
    public static NpgsqlCommand WithNullableText(this NpgsqlCommand command, string? value)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return command;
    }

    public static long? GetNullableInt64(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    /// <summary>A nullable bigint column read by its name, so a reader follows the SQL's <c>RETURNS TABLE</c>, not its order.</summary>
    public static long? GetNullableInt64(this NpgsqlDataReader reader, string column) =>
        reader.GetNullableInt64(reader.GetOrdinal(column));
}
