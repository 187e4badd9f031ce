using System.Diagnostics;
using System.Globalization;

namespace Cortex.Tests.Support;

/// <summary>
/// Starts a redis-server from the machine's packages: the one launcher behind <see cref="RedisServer"/> and
/// <c>Cluster/LocalRedisCluster</c> (both compiled into Cortex.Benchmarks' scale run too, so no xunit here).
/// </summary>
public static class RedisProcess
{
    /// <summary>A redis-server on <paramref name="port"/>, not persisted, with <paramref name="extra"/> arguments (later ones win: persistence, cluster mode).</summary>
    public static Process Launch(int port, params string[] extra)
    {
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no", .. extra])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }
}
