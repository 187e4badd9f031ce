using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Cortex.Tests.Support;
using Xunit.Abstractions;

namespace Cortex.Tests.Input;

/// <summary>
/// Requests Kestrel refuses before any app code runs (a NUL in the path, a request line it cannot
/// read) still get a ProblemDetails body, on a fresh connection and after earlier responses on a
/// keep-alive one, and the connection middleware that adds it leaves other answers byte for byte.
/// </summary>
public sealed class KestrelRejectionTests(ITestOutputHelper output) : IDisposable
{
    private readonly EmulatorServer _server = new();

    [Theory]
    [InlineData("GET /api/%00 HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /no/such/route HTTP/1.1\r\nHost: x\r\n\r\nGET /api/7%00 HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET /api HTTP/1.1\r\n\r\n")]
    [InlineData("GET /api\r\n\r\n")]
    public async Task A_request_Kestrel_refuses_gets_a_problem_details_body_and_the_connection_closes(string requests)
    {
        var answer = await ExchangeAsync(requests);
        var last = answer[answer.LastIndexOf("HTTP/1.1 ", StringComparison.Ordinal)..];
        output.WriteLine(last);
        Assert.StartsWith("HTTP/1.1 400 ", last, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", last, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: application/problem+json\r\n", last, StringComparison.Ordinal);
        var body = last[(last.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Contains($"\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n", last, StringComparison.Ordinal);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal(400, (int)problem["status"]!);
        Assert.Equal("malformed-request", (string?)problem["code"]);
        Assert.Contains("NUL", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Earlier_answers_on_the_same_connection_are_passed_through_unchanged()
    {
        var answer = await ExchangeAsync("GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /no/such/route HTTP/1.1\r\nHost: x\r\n\r\nGET /api/%00 HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("\r\n\r\n7\r\nHealthy\r\n0\r\n\r\nHTTP/1.1 404 Not Found\r\n", answer, StringComparison.Ordinal);
        Assert.Equal(3, answer.Split("HTTP/1.1 ").Length - 1);
    }

    private async Task<string> ExchangeAsync(string requests)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", _server.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(requests));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var text = new StringBuilder();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            text.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    public void Dispose() => _server.Dispose();
}
