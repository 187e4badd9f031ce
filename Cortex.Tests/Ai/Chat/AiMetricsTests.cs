using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Ai;
using Cortex.Ai.Chat;
using Cortex.Ai.Guilds;
using Cortex.Tests.Hosting;

namespace Cortex.Tests.Ai.Chat;

[Collection(CortexAppCollection.Name)]
public sealed class AiMetricsTests(CortexAppFixture fixture)
{
    [Fact]
    public async Task Tokens_requests_rejections_and_latency_are_measured()
    {
        await using var ai = await AiHarness.StartAsync(fixture, "metrics");
        const ulong guild = 7001, channel = 70011;
        await ai.ConfigureGuildAsync(guild, new GuildOverrides(UserCallsPerWindow: 1));
        var recorded = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AiMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => recorded.Add((i.Name, v, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => recorded.Add((i.Name, v, ToDictionary(tags))));
        listener.Start();

        var handler = ai.Get<MessageHandler>();
        await handler.HandleAsync(Parse(DiscordEvents.Message(guild, channel, 701, "first", mentionBot: true)), CancellationToken.None);
        await handler.HandleAsync(Parse(DiscordEvents.Message(guild, channel, 701, "second", mentionBot: true)), CancellationToken.None);

        var tokens = Assert.Single(recorded, r => r.Instrument == "cortex.ai.tokens");
        Assert.Equal("7001", tokens.Tags["guild"]);
        Assert.True(tokens.Value > 0);
        Assert.Contains(recorded, r => r.Instrument == "cortex.ai.requests" && (string?)r.Tags["outcome"] == "answered" && (string?)r.Tags["trigger"] == "mention");
        Assert.Contains(recorded, r => r.Instrument == "cortex.ai.rejections" && (string?)r.Tags["reason"] == "rate_limit");
        var latency = Assert.Single(recorded, r => r.Instrument == "cortex.ai.model.duration");
        Assert.Equal("ok", latency.Tags["outcome"]);
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }

    private static Cortex.Discord.Models.Message Parse(JsonObject message) =>
        JsonSerializer.Deserialize(message.ToJsonString(), Cortex.Discord.Models.DiscordJsonContext.Default.Message)!;
}
