using Cortex.Emulator.Gateway;

namespace Cortex.Benchmarks.Gateway.Guilds;

/// <summary>
/// The firehose mixes of the gateway benchmarks: the emulator's <c>recorded</c> chat mix, and bursts of
/// GUILD_CREATE alone (what a shard receives after READY) of distinct mid-size or large guilds.
/// </summary>
internal static class BenchmarkMixes
{
    public static readonly string[] Names = [FirehoseMixes.Recorded, GuildShape.Mid.Name, GuildShape.Large.Name];

    private static readonly Lazy<IReadOnlyList<(string, byte[])>> MidGuilds = new(() => Guilds(GuildShape.Mid, 8));
    private static readonly Lazy<IReadOnlyList<(string, byte[])>> LargeGuilds = new(() => Guilds(GuildShape.Large, 2));

    public static IReadOnlyList<(string EventName, byte[] Data)> Get(string name) => name switch
    {
        FirehoseMixes.Recorded => RecordedEventMix.All,
        _ when name == GuildShape.Mid.Name => MidGuilds.Value,
        _ when name == GuildShape.Large.Name => LargeGuilds.Value,
        _ => throw new ArgumentException($"Unknown mix '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
    };

    public static FirehoseMixes AddTo(FirehoseMixes mixes)
    {
        foreach (var name in Names.Skip(1))
        {
            mixes.Add(name, Get(name));
        }

        return mixes;
    }

    private static List<(string, byte[])> Guilds(GuildShape shape, int count) =>
        Enumerable.Range(0, count).Select(i => ("GUILD_CREATE", GuildCreatePayload.Build(shape, 19_000 + i))).ToList();
}
