using System.Text.Json;
using Cortex.Tests.Support;

namespace Cortex.Tests.Economy;

/// <summary>
/// The runtime settings the economy is measured with are the project's own, in the runtimeconfig.json its build writes
/// (what <c>dotnet Cortex.Economy.dll</c> and the container read), not only the benchmark scripts' environment
/// (docs/benchmarks.md, "Issue 19, seventh pass" for the spin limit, "Issue 19, tenth pass" for the GC).
/// </summary>
public sealed class EconomyRuntimeSettingsTests
{
    private static readonly JsonElement Properties = RuntimeConfig.Properties("Cortex.Economy");

    [Fact]
    public void The_economy_runs_server_gc_with_its_heaps_from_the_start()
    {
        Assert.True(Properties.GetProperty("System.GC.Server").GetBoolean());
        // 0: no DATAS, which starts a process with one heap and a small gen0 budget and adapts them over a minute.
        Assert.Equal(0, Properties.GetProperty("System.GC.DynamicAdaptationMode").GetInt32());
    }

    [Fact]
    public void Idle_thread_pool_workers_spin_a_little_before_sleeping()
    {
        Assert.Equal(10, Properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
