using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Cortex.ServiceDefaults.Input;

/// <summary>
/// Every exception a request raises becomes a ProblemDetails: a binding or parsing failure a 4xx
/// that names the field and the rule, anything else a 500 that says nothing but the trace id. The
/// exception itself goes to the log under that trace id; no response carries exception text, a
/// stack trace or a request header, in any environment.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var traceId = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody is left to answer.
            return true;
        }

        ProblemDetails problem;
        if (exception is BadHttpRequestException bad)
        {
            var (status, title, field, rule) = BadRequestErrors.Describe(bad);
            problem = InputProblems.Create(status, title, field, rule);
            LogRefused(logger, traceId, status, field, rule);
        }
        else if (exception is InvalidDataException)
        {
            // Raised by form and multipart parsing (a bad boundary, a truncated section).
            problem = InputProblems.Create(StatusCodes.Status400BadRequest, "Invalid form body", null, "the form or multipart body is malformed");
            LogRefused(logger, traceId, StatusCodes.Status400BadRequest, null, "malformed form body");
        }
        else
        {
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Internal error",
                Detail = "The request failed on our side. Quote the trace id when you report it.",
                Type = InputProblems.TypeBase + "internal",
            };
            LogFailed(logger, exception, traceId, httpContext.Request.Method, httpContext.GetEndpoint()?.DisplayName);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request failed (trace {TraceId}): {Method} {Endpoint}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string traceId, string method, string? endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a malformed request (trace {TraceId}): {Status} {Field} {Rule}")]
    private static partial void LogRefused(ILogger logger, string traceId, int status, string? field, string rule);
}
