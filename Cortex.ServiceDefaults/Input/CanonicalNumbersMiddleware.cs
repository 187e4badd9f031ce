using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cortex.ServiceDefaults.Input;

/// <summary>
/// Refuses, before the handler runs, any integer route or query value that is not written the one
/// canonical way or is out of range. The framework's own binding reads <c>+7</c>, <c>%207</c> and
/// <c>07</c> as 7 and clamps nothing; a request naming an id must name it exactly, or it is a 400
/// naming the parameter. The rules come from the handler's own signature, so an endpoint declares
/// them once (<c>[Range(1, 100)] int limit</c>) and its OpenAPI document shows the same limits.
/// </summary>
public sealed class CanonicalNumbersMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    private readonly ConcurrentDictionary<Endpoint, NumericParameter[]> _rules = new();

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetEndpoint() is not { } endpoint || endpoint.Metadata.GetMetadata<MethodInfo>() is null)
        {
            return next(context);
        }

        foreach (var parameter in _rules.GetOrAdd(endpoint, Rules))
        {
            if (Violation(context, parameter) is { } rule)
            {
                return InputProblems.WriteAsync(context, problems, InputProblems.Create(StatusCodes.Status400BadRequest, "Invalid parameter", parameter.Name, rule, parameter.Snowflake ? "invalid-id" : null));
            }
        }

        return next(context);
    }

    private static string? Violation(HttpContext context, NumericParameter parameter)
    {
        if (parameter.FromRoute)
        {
            return context.Request.RouteValues.TryGetValue(parameter.Name, out var value) && value is string text ? parameter.Check(text) : null;
        }

        if (!context.Request.Query.TryGetValue(parameter.Name, out var values))
        {
            return null;
        }

        return values.Count == 1 ? parameter.Check(values[0] ?? "") : "is given more than once";
    }

    private static NumericParameter[] Rules(Endpoint endpoint) =>
        [.. NumericParameter.Of(endpoint.Metadata.GetMetadata<MethodInfo>()!, (endpoint as RouteEndpoint)?.RoutePattern)];
}
