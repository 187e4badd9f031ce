using Cortex.Discord.Models;

namespace Cortex.Economy.Storage;

/// <summary>
/// Where a Discord id becomes an economy key: the economy's rows (and its HTTP API) key guilds and members on
/// PostgreSQL <c>bigint</c>, signed, while a <see cref="Snowflake"/> is unsigned. Every real snowflake fits (its top
/// bit is a timestamp bit that stays clear until 2084); the slash-command layer hands on only ids that do.
/// </summary>
internal static class SnowflakeBigint
{
    public static bool FitsBigint(this Snowflake id) => id.Value is > 0 and <= long.MaxValue;

    /// <exception cref="ArgumentOutOfRangeException">The id does not fit (0, or above <see cref="long.MaxValue"/>).</exception>
    public static long ToBigint(this Snowflake id) =>
        id.FitsBigint() ? (long)id.Value : throw new ArgumentOutOfRangeException(nameof(id), id, "Not an id the economy stores.");
}
