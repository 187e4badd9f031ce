using System.Text.Json;
using Cortex.Tests.Support;

namespace Cortex.Tests.Gateway;

/// <summary>
/// The runtime settings the gateway is measured with are the project's own, in the runtimeconfig.json its build writes,
/// not only a benchmark variant's environment (docs/benchmarks.md: "The GC mode"; twelfth pass, fh22, for the large
/// object threshold; fifteenth pass for the spin limit).
/// </summary>
public sealed class GatewayRuntimeSettingsTests
{
    private static readonly JsonElement Properties = RuntimeConfig.Properties("Cortex.Gateway");

    [Fact]
    public void The_gateway_runs_server_gc_with_its_heaps_from_the_start()
    {
        Assert.True(Properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.Equal(0, Properties.GetProperty("System.GC.DynamicAdaptationMode").GetInt32());
    }

    [Fact]
    public void A_guild_create_payload_stays_off_the_large_object_heap()
    {
        Assert.Equal(2 * 1024 * 1024, Properties.GetProperty("System.GC.LOHThreshold").GetInt32());
    }

    [Fact]
    public void Idle_thread_pool_workers_spin_a_little_before_sleeping()
    {
        Assert.Equal(10, Properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
