namespace Cortex.Ai.Moderation.Config;

/// <summary>Errors by field, in the shape <c>TypedResults.ValidationProblem</c> takes.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public void Add(string field, string error)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(error);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
}

/// <summary>Discord snowflakes as Cortex stores them: positive and within a PostgreSQL bigint.</summary>
public static class Snowflakes
{
    public const string Rule = "must be a Discord snowflake from 1 to 9223372036854775807";

    public static bool IsValid(ulong id) => id is > 0 and <= long.MaxValue;
}
