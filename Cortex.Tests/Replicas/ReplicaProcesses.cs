using System.Diagnostics;
using System.Globalization;

namespace Cortex.Tests.Replicas;

/// <summary>
/// The processes DCP runs for a resource's replicas (<c>executable.pid</c>), each replica's own internal address
/// (the resource's endpoint is a proxy in front of all of them), and a hard kill: SIGKILL to the replica's whole
/// process tree, no drain, no last write.
/// </summary>
public static class ReplicaProcesses
{
    public static async Task<List<int>> RunningAsync(DistributedApplication app, string resource, int expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var latest = new Dictionary<string, ResourceEvent>();
        try
        {
            await foreach (var update in app.ResourceNotifications.WatchAsync(timeout.Token))
            {
                if (update.Resource.Name == resource)
                {
                    latest[update.ResourceId] = update;
                }

                if (latest.Count >= expected && latest.Values.All(e => Pid(e) is not null))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return [.. latest.Values.Where(e => e.Snapshot.State?.Text == KnownResourceStates.Running).Select(Pid).OfType<int>().Order()];
    }

    /// <summary>The replica's own internal surface, from its environment: the URL on <c>Cortex:Surfaces:InternalPort</c>.</summary>
    public static Uri InternalAddress(int pid)
    {
        var environment = File.ReadAllText($"/proc/{pid}/environ").Split('\0');
        string Variable(string name) => environment.FirstOrDefault(e => e.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..]
            ?? throw new InvalidOperationException($"Process {pid} has no {name}.");
        var port = Variable("Cortex__Surfaces__InternalPort");
        return new Uri(Variable("ASPNETCORE_URLS").Split(';').First(u => u.StartsWith("http://", StringComparison.Ordinal) && u.EndsWith(":" + port, StringComparison.Ordinal)));
    }

    /// <summary>The one of <paramref name="candidates"/> that <paramref name="pid"/> runs under (DCP may start a project through a launcher).</summary>
    public static int AncestorIn(int pid, IReadOnlyCollection<int> candidates)
    {
        for (var current = pid; current > 1; current = ParentOf(current))
        {
            if (candidates.Contains(current))
            {
                return current;
            }
        }

        throw new InvalidOperationException($"Process {pid} runs under none of {string.Join(",", candidates)}.");
    }

    /// <summary>SIGKILL to <paramref name="pid"/>'s whole process tree; returns once it, and <paramref name="alsoGone"/> (a process under it), are gone.</summary>
    public static async Task KillAsync(int pid, int? alsoGone = null)
    {
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        int[] gone = alsoGone is { } other ? [pid, other] : [pid];
        foreach (var killed in gone)
        {
            for (var wait = 0; wait < 100 && IsRunning(killed); wait++)
            {
                await Task.Delay(100);
            }

            Assert.False(IsRunning(killed), $"process {killed} survived the kill");
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int? Pid(ResourceEvent update) =>
        update.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value switch
        {
            int value => value,
            long value => (int)value,
            string text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) => value,
            _ => null,
        };

    private static int ParentOf(int pid)
    {
        // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
