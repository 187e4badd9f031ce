namespace Cortex.Tests.Support;

/// <summary>
/// A test of the gateway against its own emulator (paced for tests, <see cref="EmulatorServer.StartForGatewayAsync"/>)
/// and its own redis-server: xunit makes an instance per test, so each test starts both fresh and stops them after
/// it; nothing is shared between tests or classes.
/// </summary>
/// <param name="emulatorSettings">Emulator settings over the paced defaults (a heartbeat interval, a fault).</param>
public abstract class EmulatorAndRedisTest(IDictionary<string, string?>? emulatorSettings = null) : IAsyncLifetime
{
    protected EmulatorServer Emulator { get; private set; } = null!;

    protected RedisServer Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await EmulatorServer.StartForGatewayAsync(emulatorSettings);
        Redis = await RedisServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
