using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cortex.Tests.Support;

/// <summary>
/// How often a server has run a command, from <c>INFO commandstats</c>: commands a script runs count too. Asked over a
/// plain socket: a client library's connection would run commands of its own (and INFO needs its admin mode).
/// </summary>
internal static class RedisCommandStats
{
    /// <summary>The <c>calls</c> of <c>cmdstat_{command}</c> (lower case, e.g. <c>get</c>), 0 before its first call.</summary>
    public static async Task<long> CallsAsync(this RedisServer server, string command)
    {
        var prefix = $"cmdstat_{command}:calls=";
        foreach (var line in (await InfoAsync(server.Port)).Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                var calls = line.AsSpan(prefix.Length);
                return long.Parse(calls[..calls.IndexOf(',')], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    // The reply is one bulk string: "$<length>\r\n<text>\r\n".
    private static async Task<string> InfoAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync("INFO commandstats\r\n"u8.ToArray());
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                throw new IOException("redis-server closed the connection before INFO's reply ended.");
            }

            received.AddRange(buffer.AsSpan(0, read));
            var header = received.IndexOf((byte)'\n');
            if (header > 0 && int.TryParse(Encoding.ASCII.GetString([.. received[1..(header - 1)]]), CultureInfo.InvariantCulture, out var length)
                && received.Count >= header + 1 + length)
            {
                return Encoding.ASCII.GetString([.. received.GetRange(header + 1, length)]);
            }
        }
    }
}
