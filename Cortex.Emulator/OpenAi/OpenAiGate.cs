using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Cortex.Emulator.OpenAi;

/// <summary>What every <c>/v1</c> call passes first: the bearer key, then injected latency and failures.</summary>
public sealed class OpenAiGate(IOptions<EmulatorOptions> options, OpenAiFaults faults, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HasKey(http.Request.Headers.Authorization.ToString()))
        {
            return OpenAiErrors.Result(StatusCodes.Status401Unauthorized,
                "Incorrect API key provided. The emulator accepts the key configured as Emulator:OpenAiKey.",
                "invalid_request_error", "invalid_api_key");
        }

        var latency = faults.Latency;
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, time, http.RequestAborted);
        }

        switch (faults.TakeFailure())
        {
            case StatusCodes.Status429TooManyRequests:
                http.Response.Headers.RetryAfter = "1";
                http.Response.Headers["retry-after-ms"] = "200";
                return OpenAiErrors.Result(StatusCodes.Status429TooManyRequests,
                    "Rate limit reached for requests (injected by the emulator).", "requests", "rate_limit_exceeded");
            case int status:
                return OpenAiErrors.Result(status,
                    "The server had an error while processing your request (injected by the emulator).", "server_error", null);
            default:
                return await next(context);
        }
    }

    private bool HasKey(string authorization)
    {
        const string Bearer = "Bearer ";
        if (!authorization.StartsWith(Bearer, StringComparison.Ordinal))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(authorization[Bearer.Length..]),
            Encoding.UTF8.GetBytes(options.Value.OpenAiKey));
    }
}
