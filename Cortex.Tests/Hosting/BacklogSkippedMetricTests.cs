using System.Globalization;
using System.Net.Http.Json;
using Cortex.Ai.Moderation;
using Cortex.Ai.Moderation.Pipeline;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;
using StackExchange.Redis;

namespace Cortex.Tests.Hosting;

/// <summary>
/// When the moderation backlog is at its cap, a message gets stage 1 only and
/// <c>cortex_moderation_queue_skipped_total</c> counts it, on the ai worker's <c>/metrics</c> (what the
/// dashboard and Prometheus read). The guild's count in the backlog is raised past its cap for the
/// test (and put back), so the running app meets a full backlog without a flood of messages.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed class BacklogSkippedMetricTests(CortexAppFixture fixture)
{
    private const long Filled = 1_000_000;

    [Fact]
    public async Task A_message_that_finds_its_guilds_backlog_full_is_counted_as_skipped()
    {
        using var emulator = fixture.CreateHttpClient("emulator");
        using var ai = fixture.CreateInternalClient("ai");
        var world = (await emulator.GetFromJsonAsync("control/world", EmulatorRestJsonContext.Default.SeedWorld))!;
        using var redis = await ConnectionMultiplexer.ConnectAsync(await fixture.ConnectionStringAsync("redis"));
        var options = new ModerationOptions();
        var partition = BacklogPartition.Of("", BacklogPartition.Index(world.GuildId.Value, options.BacklogPartitions));
        var guild = world.GuildId.Value.ToString(CultureInfo.InvariantCulture);

        var before = await SkippedAsync(ai);
        await redis.GetDatabase().HashIncrementAsync(partition.Guilds, guild, Filled);
        try
        {
            using var posted = await emulator.PostAsJsonAsync("chat/api/messages",
                new ChatSendRequest { ChannelId = world.GeneralChannelId, UserId = world.AdaId, Content = "a calm message while the backlog is full" }, EmulatorRestJsonContext.Default.ChatSendRequest);
            posted.EnsureSuccessStatusCode();

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            var after = before;
            while (after <= before && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
                after = await SkippedAsync(ai);
            }

            Assert.True(after > before, $"cortex_moderation_queue_skipped_total{{cap=\"guild\"}} stayed at {before}");
        }
        finally
        {
            if (await redis.GetDatabase().HashIncrementAsync(partition.Guilds, guild, -Filled) <= 0)
            {
                await redis.GetDatabase().HashDeleteAsync(partition.Guilds, guild);
            }
        }
    }

    /// <summary>The counter's value for the per-guild cap (0 before its first increment: no series yet).</summary>
    private static async Task<double> SkippedAsync(HttpClient ai)
    {
        var lines = (await ai.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n');
        return lines.Where(l => l.StartsWith("cortex_moderation_queue_skipped_total{", StringComparison.Ordinal) && l.Contains("cap=\"guild\"", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
