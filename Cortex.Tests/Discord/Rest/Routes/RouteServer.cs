using System.Collections.Concurrent;
using Cortex.Discord.Rest;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;
using Cortex.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Tests.Discord.Rest.Routes;

/// <summary>One emulator for the route tests: short bucket windows, a roomy interaction window, every dispatch recorded.</summary>
public sealed class RouteServer : IDisposable
{
    public RouteServer()
    {
        Emulator = new EmulatorServer(new Dictionary<string, string?>
        {
            ["Emulator:Rest:BucketWindowMilliseconds"] = "300",
            ["Emulator:Rest:InitialResponseWindowMilliseconds"] = "15000",
            ["Emulator:Rest:MaxUploadBytes"] = "65536",
        });
        Emulator.Services.GetRequiredService<EmulatorDispatches>().Dispatched += dispatch => Dispatches.Enqueue(dispatch);
        Client = RestClientHarness.Client(Emulator);
    }

    public EmulatorServer Emulator { get; }

    public DiscordRestClient Client { get; }

    public ConcurrentQueue<EmulatorDispatch> Dispatches { get; } = new();

    public DiscordState State => Emulator.Services.GetRequiredService<DiscordState>();

    public WorldControl World => Emulator.Services.GetRequiredService<WorldControl>();

    /// <summary>A fresh member of the seeded guild, so tests that kick or ban do not disturb each other.</summary>
    public async Task<(SeedWorld Seed, WorldUser User)> MemberAsync(string name)
    {
        var seed = await RestClientHarness.WorldAsync(Emulator);
        var user = World.CreateUser(name + Guid.NewGuid().ToString("N")[..6]);
        World.AddMember(seed.GuildId, user.Id);
        return (seed, user);
    }

    public bool Dispatched(string type, Func<string, bool>? match = null) =>
        Dispatches.Any(d => d.Type == type && (match?.Invoke(System.Text.Encoding.UTF8.GetString(d.Data.Span)) ?? true));

    public void Dispose() => Emulator.Dispose();
}
