using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cortex.ServiceDefaults.Input;

/// <summary>
/// The ProblemDetails of a refused input: <c>detail</c> says field and rule, <c>errors</c> keys them
/// by field, <c>code</c> (also the <c>type</c> suffix) is stable for clients, as the economy's are.
/// </summary>
public static class InputProblems
{
    public const string TypeBase = "https://cortex.dev/problems/";

    public static ProblemDetails Create(int status, string title, string? field, string rule, string? code = null)
    {
        code ??= status switch
        {
            StatusCodes.Status400BadRequest => "invalid-input",
            StatusCodes.Status413PayloadTooLarge => "body-too-large",
            StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
            _ => "http-" + status,
        };
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = field is null ? Capitalize(rule) + "." : $"{field}: {rule}.",
            Type = TypeBase + code,
        };
        problem.Extensions["code"] = code;
        if (field is not null)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [rule] };
        }

        return problem;
    }

    /// <summary>Writes the problem now (middleware that refuses before routing reaches an endpoint).</summary>
    public static async Task WriteAsync(HttpContext context, IProblemDetailsService problems, ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(problems);
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
