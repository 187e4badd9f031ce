using System.Diagnostics;
using System.Globalization;
using Cortex.Economy.Leaderboard;
using Npgsql;

namespace Cortex.Benchmarks.Economy;

/// <summary>
/// Splits what the leaderboard's data layer pays per call beyond PostgreSQL's execution, by taking away one
/// piece at a time on the same server in one process: the store as shipped (pool, retry, command, async);
/// the same SQL on one connection held open and prepared once, async (no pool, no retry wrapper, no new
/// command); the same, synchronous (the calling thread blocks in the socket read as pgbench does: no
/// hand-over to a pool worker). Each reads and materialises the same 100 entries. Per variant: latency,
/// this process's CPU, PostgreSQL's CPU (the backends of the bench's role) and this process's
/// context switches, each per call. <c>economy leaderboard-profile --pg CONN ... [--seconds N]</c>.
/// </summary>
internal static class LeaderboardProfile
{
    // USER_HZ: /proc's utime and stime are counted in these.
    private const double TicksPerSecond = 100;

    public static async Task RunAsync(LeaderboardStore store, NpgsqlDataSource dataSource, TimeSpan seconds)
    {
        await using var held = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(LeaderboardStore.TopSql, held);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = EconomyBench.LeaderboardGuild });
        await command.PrepareAsync();

        await MeasureAsync("store", () => store.TopAsync(EconomyBench.LeaderboardGuild, LeaderboardStore.MaxEntries, default), seconds);
        await MeasureAsync("held-async", () => HeldAsync(command), seconds);
        await MeasureAsync("held-sync", () => Task.FromResult(HeldSync(command)), seconds);
    }

    private static async Task<List<LeaderboardEntry>> HeldAsync(NpgsqlCommand command)
    {
        var entries = new List<LeaderboardEntry>(LeaderboardStore.MaxEntries);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new LeaderboardEntry(entries.Count + 1, reader.GetInt64(0), reader.GetInt64(1)));
        }

        return entries;
    }

    private static List<LeaderboardEntry> HeldSync(NpgsqlCommand command)
    {
        var entries = new List<LeaderboardEntry>(LeaderboardStore.MaxEntries);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new LeaderboardEntry(entries.Count + 1, reader.GetInt64(0), reader.GetInt64(1)));
        }

        return entries;
    }

    private static async Task MeasureAsync(string name, Func<Task> call, TimeSpan duration)
    {
        var process = Process.GetCurrentProcess();
        await call(); // the variant's first call prepares what it needs before the counters start
        var cpuBefore = process.TotalProcessorTime;
        var postgresBefore = PostgresTicks();
        var switchesBefore = ContextSwitches();
        var percentiles = await LatencyRecorder.MeasureAsync(call, duration);
        var switches = ContextSwitches() - switchesBefore;
        var postgres = PostgresTicks() - postgresBefore;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        double PerCall(double total) => total / percentiles.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT leaderboard profile {name} {percentiles} cpu_us={PerCall(cpu.TotalMicroseconds):0.0} postgres_cpu_us={PerCall(postgres * 1e6 / TicksPerSecond):0.0} switches={PerCall(switches):0.00}"));
    }

    /// <summary>
    /// CPU ticks (user + system) of the PostgreSQL backends serving user postgres in the bench's database: this
    /// loop's (pgbench's when it runs), not the services' (another role), autovacuum's or the checkpointer's.
    /// </summary>
    private static long PostgresTicks()
    {
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!char.IsAsciiDigit(directory[^1]))
            {
                continue;
            }

            try
            {
                // A backend's title: "postgres: <user> <database> <client> <state>".
                if (!File.ReadAllText(Path.Combine(directory, "cmdline")).StartsWith("postgres: postgres economy_bench ", StringComparison.Ordinal))
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // After "pid (comm) ": state is field 3, utime 14 and stime 15.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while being read.
            }
        }

        return ticks;
    }

    /// <summary>Voluntary and involuntary context switches of this process's live threads.</summary>
    private static long ContextSwitches()
    {
        long switches = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        switches += long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (IOException)
            {
            }
        }

        return switches;
    }
}
