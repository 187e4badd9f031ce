using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.Api;

/// <summary>
/// The API's successful answers go out whole: serialised first, then written once with their Content-Length. The
/// framework's own writer serialises into the response and flushes, and the end of the chunked body follows; when the
/// transport sent in between (the leaderboard's 100 entries, about 4 KiB, usually), one answer cost two sends and woke
/// the client twice (docs/benchmarks.md, "Issue 19, second pass"). Problems stay with the ProblemDetails writer.
/// </summary>
internal sealed class WholeJsonResponses(IOptions<JsonOptions> json) : IEndpointFilter
{
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(context);
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        return inner is IValueHttpResult { Value: { } value } and IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK }
            ? new WholeJson(JsonSerializer.SerializeToUtf8Bytes(value, _options.GetTypeInfo(value.GetType())))
            : result;
    }
}
