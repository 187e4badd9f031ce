using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cortex.ServiceDefaults.Input;

/// <summary>
/// Reads a JSON body an endpoint parses itself (a source-generated type with its own naming): the
/// content type must be JSON (415), the body must parse under the type's options and be an object
/// (400 naming the field and the rule). The caller validates the value before it uses it.
/// </summary>
public static class JsonBody
{
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return (null, Refuse(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Content-Type", "must be application/json"));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, type, cancellationToken);
            return value is null
                ? (null, Refuse(StatusCodes.Status400BadRequest, "Invalid JSON body", "$", "must be a JSON object, not null"))
                : (value, null);
        }
        catch (JsonException error)
        {
            var (field, rule) = JsonInputErrors.Describe(error);
            return (null, Refuse(StatusCodes.Status400BadRequest, "Invalid JSON body", field, rule));
        }
    }

    public static ProblemHttpResult Refuse(int status, string title, string? field, string rule)
    {
        var problem = InputProblems.Create(status, title, field, rule);
        return TypedResults.Problem(problem);
    }
}
