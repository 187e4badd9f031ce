using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cortex.ServiceDefaults.Input;

/// <summary>The ProblemDetails of a refused input: <c>detail</c> says field and rule, <c>errors</c> keys them by field.</summary>
public static class InputProblems
{
    public const string TypeBase = "https://cortex.dev/problems/";

    public static ProblemDetails Create(int status, string title, string? field, string rule)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = field is null ? Capitalize(rule) + "." : $"{field}: {rule}.",
            Type = TypeBase + (status == StatusCodes.Status400BadRequest ? "invalid-input" : "http-" + status),
        };
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
