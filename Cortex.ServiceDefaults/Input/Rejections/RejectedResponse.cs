using System.Globalization;
using System.Text;

namespace Cortex.ServiceDefaults.Input.Rejections;

/// <summary>
/// Recognises the answer Kestrel writes for a request it refused (an HTTP/1.1 4xx/5xx head with
/// <c>Content-Length: 0</c>, <c>Connection: close</c> and no content type, the last bytes on the
/// connection) and writes the same head with a ProblemDetails body.
/// </summary>
internal static class RejectedResponse
{
    private static readonly byte[] StatusLinePrefix = "HTTP/1.1 "u8.ToArray();

    public static bool StartsAsHttp1(ReadOnlySpan<byte> segment) =>
        segment.Length < StatusLinePrefix.Length ? StatusLinePrefix.AsSpan(0, segment.Length).SequenceEqual(segment) : segment.StartsWith(StatusLinePrefix);

    /// <summary>A 101 anywhere in the segment: from here on the connection is not HTTP/1.1 (a WebSocket).</summary>
    public static bool SwitchesProtocols(ReadOnlySpan<byte> segment) => segment.IndexOf("HTTP/1.1 101 "u8) >= 0;

    /// <summary>
    /// Where the empty, closing error head that ends the segment starts, and its status; or null.
    /// Kestrel may put the previous response's last bytes (its body's end, a chunked body's <c>0\r\n\r\n</c>) ahead of it.
    /// </summary>
    public static (int Start, int Status)? EmptyClosingError(ReadOnlySpan<byte> segment)
    {
        var start = segment.LastIndexOf(StatusLinePrefix);
        if (start < 0)
        {
            return null;
        }

        var head = segment[start..];
        if (!head.EndsWith("\r\n\r\n"u8) || head.Length < 13
            || !int.TryParse(head.Slice(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 400)
        {
            return null;
        }

        var lines = Encoding.ASCII.GetString(head).Split("\r\n");
        var empty = lines.Any(line => line.Equals("Content-Length: 0", StringComparison.OrdinalIgnoreCase));
        var closing = lines.Any(line => line.Equals("Connection: close", StringComparison.OrdinalIgnoreCase));
        var typed = lines.Any(line => line.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase));
        var chunked = lines.Any(line => line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase));
        return empty && closing && !typed && !chunked ? (start, status) : null;
    }

    /// <summary>The same head (status, date, server, connection) with a ProblemDetails body.</summary>
    public static byte[] WithProblemBody(ReadOnlySpan<byte> segment, int start, int status)
    {
        var body = KestrelProblems.Json(status);
        var kept = Encoding.ASCII.GetString(segment[start..])
            .Split("\r\n")
            .Where(line => line.Length > 0 && !line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var head = string.Join("\r\n", kept)
            + "\r\nContent-Type: application/problem+json"
            + "\r\nX-Content-Type-Options: nosniff"
            + "\r\nContent-Length: " + body.Length.ToString(CultureInfo.InvariantCulture)
            + "\r\n\r\n";
        return [.. segment[..start], .. Encoding.ASCII.GetBytes(head), .. body];
    }
}
