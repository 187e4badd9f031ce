using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Cortex.Tests.Input;

/// <summary>
/// Sends variants and checks every answer against the contract: no 5xx, no 2xx for an invalid
/// request, ProblemDetails on every 4xx (except where a service answers in another API's documented
/// shape), and nothing in any body that belongs to the server's insides or to the request's headers.
/// </summary>
internal sealed partial class FuzzRunner(ITestOutputHelper output)
{
    // Larger bodies ask for 100-continue; smaller ones fit the sockets' buffers whole before any answer.
    private const int ExpectContinueAbove = 16 * 1024;

    /// <summary>Sent in every request's Cookie, Authorization (where no real one is needed) and a custom header; never to be echoed.</summary>
    public static readonly string Marker = "leak-marker-" + Guid.NewGuid().ToString("N")[..12];

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, int>> _statuses = new();
    private readonly ConcurrentQueue<string> _failures = new();

    public IReadOnlyCollection<string> Failures => _failures;

    public int Sent => _statuses.Values.Sum(s => s.Values.Sum());

    public async Task<int> SendAsync(HttpClient http, string service, FuzzVariant variant, Func<HttpResponseMessage, string, string?>? shape = null)
    {
        using var request = variant.ToRequest();
        request.Headers.TryAddWithoutValidation("Cookie", "session=" + Marker);
        request.Headers.TryAddWithoutValidation("X-Leak-Marker", Marker);
        if (variant.Body is { Length: > ExpectContinueAbove })
        {
            // As curl does for large uploads: the body waits for the server's go-ahead. A route that refuses it by its
            // declared length answers 413 (Connection: close) before any of it is sent; without this, a 100 kB body still
            // in flight when the server closed could reset the connection before the client read the 413 (seen once).
            request.Headers.ExpectContinue = true;
        }

        if (!request.Headers.Contains("Authorization") && http.DefaultRequestHeaders.Authorization is null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Marker);
        }

        int status;
        string body;
        try
        {
            using var response = await http.SendAsync(request);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsStringAsync();
            foreach (var problem in Check(variant, response, body, shape))
            {
                _failures.Enqueue($"{service} {variant.Method} {Short(variant.Url)} [{variant.Name}] → {status}: {problem} | {Short(body)}");
            }
        }
        catch (HttpRequestException error) when (variant.Body is { Length: > 1_000_000 } && error.InnerException is IOException)
        {
            // The server answered 413 with Connection: close and closed while the client was still
            // uploading a body it had refused: the request was refused, the client saw the close first.
            status = 413;
        }
        catch (HttpRequestException error)
        {
            status = 0;
            _failures.Enqueue($"{service} {variant.Method} {Short(variant.Url)} [{variant.Name}] → connection failed: {error.Message}");
        }
        catch (TaskCanceledException)
        {
            status = 0;
            _failures.Enqueue($"{service} {variant.Method} {Short(variant.Url)} [{variant.Name}] → no answer within {http.Timeout.TotalSeconds:0} s");
        }

        _statuses.GetOrAdd(service, _ => new()).AddOrUpdate(status, 1, (_, n) => n + 1);
        return status;
    }

    public void Require(bool condition, string failure)
    {
        if (!condition)
        {
            _failures.Enqueue(failure);
        }
    }

    public void Report()
    {
        foreach (var (service, statuses) in _statuses.OrderBy(s => s.Key))
        {
            output.WriteLine($"{service}: {statuses.Values.Sum()} requests; statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        }

        output.WriteLine($"total: {Sent} requests, {_failures.Count} contract violations");
        foreach (var failure in _failures.Take(60))
        {
            output.WriteLine("  " + failure);
        }
    }

    private static IEnumerable<string> Check(FuzzVariant variant, HttpResponseMessage response, string body, Func<HttpResponseMessage, string, string?>? shape)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            yield return "server error";
        }

        if (variant.Expected == Expectation.Invalid && status is >= 200 and < 400)
        {
            yield return "an invalid request succeeded";
        }

        if (status >= 400 && (shape is null ? ProblemShape(response, body) : shape(response, body)) is { } wrongShape)
        {
            yield return wrongShape;
        }

        foreach (var leak in Leaks(body))
        {
            yield return "leak: " + leak;
        }
    }

    public static string? ProblemShape(HttpResponseMessage response, string body)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"not problem+json ({response.Content.Headers.ContentType?.MediaType ?? "no content type"})";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.TryGetProperty("status", out var s) && s.GetInt32() == (int)response.StatusCode && root.TryGetProperty("title", out var t) && t.GetString() is { Length: > 0 }
                ? null
                : "ProblemDetails without a matching status or a title";
        }
        catch (JsonException)
        {
            return "problem+json that is not JSON";
        }
    }

    /// <summary>The emulator answers in the emulated API's shape: Discord's under /api, OpenAI's under /v1, ProblemDetails elsewhere.</summary>
    public static string? EmulatorShape(HttpResponseMessage response, string body)
    {
        var path = response.RequestMessage!.RequestUri!.AbsolutePath;
        // A request Kestrel refuses (a NUL in the path) never reaches the emulated API: ProblemDetails.
        var refusedByKestrel = response.RequestMessage.RequestUri.AbsoluteUri.Contains("%00", StringComparison.Ordinal) && body.Contains("\"malformed-request\"", StringComparison.Ordinal);
        if (refusedByKestrel || (!path.StartsWith("/api/", StringComparison.Ordinal) && !path.StartsWith("/v1/", StringComparison.Ordinal)))
        {
            return ProblemShape(response, body);
        }

        try
        {
            var root = JsonDocument.Parse(body).RootElement;
            // Discord's 429 body has no code: {"message": ..., "retry_after": ..., "global": ...}.
            var rateLimited = (int)response.StatusCode == 429 && root.TryGetProperty("retry_after", out _);
            var shaped = path.StartsWith("/api/", StringComparison.Ordinal)
                ? root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                    && (rateLimited || (root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number))
                : root.TryGetProperty("error", out var error) && error.TryGetProperty("message", out _);
            return shaped ? null : "not the emulated API's error shape";
        }
        catch (JsonException)
        {
            return "an error body that is not JSON";
        }
    }

    public static IEnumerable<string> Leaks(string body)
    {
        if (body.Contains(Marker, StringComparison.Ordinal))
        {
            yield return "echoes a request header";
        }

        foreach (var (pattern, what) in LeakPatterns)
        {
            if (pattern.IsMatch(body))
            {
                yield return what;
            }
        }
    }

    private static readonly (Regex Pattern, string What)[] LeakPatterns =
    [
        (StackFrame(), "stack frame"),
        (new Regex(@"\.cs:line \d", RegexOptions.CultureInvariant), "source line"),
        (new Regex(@"(/work/|/root/|/home/|/tmp/|/usr/share/dotnet|[A-Z]:\\)", RegexOptions.CultureInvariant), "file path"),
        (new Regex(@"\bSystem\.[A-Z]", RegexOptions.CultureInvariant), ".NET type name"),
        (new Regex(@"Exception\b", RegexOptions.CultureInvariant), "exception name"),
        (new Regex(@"BytePositionInLine|LineNumber:", RegexOptions.CultureInvariant), "parser internals"),
    ];

    [GeneratedRegex(@"\bat [A-Za-z_][\w.`<>]*\.[\w<>`]+\(")]
    private static partial Regex StackFrame();

    private static string Short(string text) => text.Length > 160 ? text[..160] + "…" : text;
}
