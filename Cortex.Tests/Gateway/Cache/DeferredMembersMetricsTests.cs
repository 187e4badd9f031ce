using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Cortex.Gateway.Cache;
using Cortex.Gateway.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cortex.Tests.Gateway.Cache;

/// <summary>The kept member, channel and role bytes and the guilds indexed, as the gateway's meter reports them.</summary>
public sealed class DeferredMembersMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, string Tags)> _measurements = new();

    public DeferredMembersMetricsTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && (instrument.Name.StartsWith("cortex.gateway.cache.members", StringComparison.Ordinal) || instrument.Name == "cortex.gateway.cache.parts.pending"))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    [Fact]
    public void Kept_bytes_and_indexed_guilds_are_reported_when_kept_read_released_and_beyond_the_budget()
    {
        var kept = Guild(1000, members: 3);
        var metrics = new GatewayMetrics(_services.GetRequiredService<IMeterFactory>());
        // Room for one small guild's payload at a time (its members, most of it, are kept in it), not for 50 members.
        var cache = new GuildCache(kept.Length + 100, metrics, NullLogger.Instance);
        cache.Apply(0, "GUILD_CREATE", kept);
        cache.Apply(1, "GUILD_CREATE", Guild(1001, members: 50));

        Assert.True(cache.PendingMemberBytes > 0);
        Assert.Equal(cache.PendingMemberBytes, Sum("cortex.gateway.cache.members.pending"));
        Assert.Equal(["shard=1,when=arrival,result=ok"], Tags("cortex.gateway.cache.members.indexed"));

        Assert.NotNull(cache.PermissionsFor(1000, 100));
        Assert.Equal(0, Sum("cortex.gateway.cache.members.pending"));
        Assert.Equal(["shard=1,when=arrival,result=ok", "shard=0,when=first_use,result=ok"], Tags("cortex.gateway.cache.members.indexed"));
        Assert.Single(Tags("cortex.gateway.cache.members.index.duration"));

        cache.Apply(0, "GUILD_CREATE", Guild(1002, members: 3, malformed: true));
        Assert.Equal(cache.PendingMemberBytes, Sum("cortex.gateway.cache.members.pending"));
        Assert.Null(cache.PermissionsFor(1002, 100));
        Assert.Equal("shard=0,when=first_use,result=malformed", Tags("cortex.gateway.cache.members.indexed")[^1]);
        Assert.Equal(0, Sum("cortex.gateway.cache.members.pending"));
    }

    [Fact]
    public void Kept_channel_and_role_bytes_are_reported_while_kept_and_given_back_when_read_or_the_guild_goes()
    {
        var metrics = new GatewayMetrics(_services.GetRequiredService<IMeterFactory>());
        var cache = new GuildCache(1 << 20, metrics, NullLogger.Instance);
        // One member and many roles: the members are copied, so the roles are one copy of their own, charged.
        cache.Apply(0, "GUILD_CREATE", GuildOfRoles(1000, roles: 40));
        cache.Apply(0, "GUILD_CREATE", GuildOfRoles(1001, roles: 40));
        var both = cache.PendingPartBytes;
        Assert.True(both > 0);
        Assert.Equal(both, Sum("cortex.gateway.cache.parts.pending"));

        Assert.NotNull(cache.PermissionsFor(1000, 100));
        Assert.InRange(cache.PendingPartBytes, 1, both - 1);
        Assert.Equal(cache.PendingPartBytes, Sum("cortex.gateway.cache.parts.pending"));

        cache.Apply(0, "GUILD_DELETE", Encoding.UTF8.GetBytes("""{"id":"1001"}"""));
        Assert.Equal(0, cache.PendingPartBytes);
        Assert.Equal(0, Sum("cortex.gateway.cache.parts.pending"));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private static byte[] Guild(ulong id, int members, bool malformed = false)
    {
        var list = string.Join(',', Enumerable.Range(100, members).Select(u => $$"""{"user":{"id":"{{u}}"},"roles":[]}"""));
        return Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","roles":[{"id":"{{id}}","permissions":"2048"}],"members":[{{list}}{{(malformed ? ",{\"user\":{\"id\":\"7\"},\"roles\":[,]}" : "")}}]}""");
    }

    private static byte[] GuildOfRoles(ulong id, int roles)
    {
        var list = string.Join(',', Enumerable.Range(0, roles).Select(r => $$"""{"id":"{{id * 1000 + (ulong)r}}","name":"role {{r}}","permissions":"2048"}"""));
        return Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","roles":[{"id":"{{id}}","permissions":"2048"},{{list}}],"members":[{"user":{"id":"100"},"roles":[]}]}""");
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue((instrument.Name, value, string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}"))));

    private double Sum(string instrument) => _measurements.Where(m => m.Instrument == instrument).Sum(m => m.Value);

    private string[] Tags(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument).Select(m => m.Tags)];
}
