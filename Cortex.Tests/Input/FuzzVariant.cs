using System.Text;
using System.Text.Json.Nodes;

namespace Cortex.Tests.Input;

/// <summary>Whether a request is wrong by the contract (must not succeed) or may go either way.</summary>
internal enum Expectation
{
    Valid,
    Invalid,
    Either,
}

/// <summary>One request to send: what it tries, and what it must not get.</summary>
internal sealed record FuzzVariant(string Name, string Method, string Url, string? Body, string? ContentType, Expectation Expected, IReadOnlyDictionary<string, string>? Headers = null)
{
    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Url);
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        foreach (var (name, value) in Headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}

/// <summary>A valid call of an operation: its path and query values, its body and headers.</summary>
internal sealed record ValidCall(IReadOnlyDictionary<string, string> Path, IReadOnlyDictionary<string, string> Query, JsonObject? Body, IReadOnlyDictionary<string, string> Headers)
{
    public string Url(ApiOperation operation, IReadOnlyDictionary<string, string>? pathOverride = null, string? query = null)
    {
        var url = operation.Path;
        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            var value = pathOverride?.GetValueOrDefault(parameter.Name) ?? Path[parameter.Name];
            url = url.Replace("{" + parameter.Name + "}", value, StringComparison.Ordinal);
        }

        query ??= string.Join("&", Query.Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}"));
        return query.Length == 0 ? url : url + "?" + query;
    }
}
