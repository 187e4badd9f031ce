using Cortex.Ai;
using Cortex.Ai.Moderation;
using Cortex.Ai.Moderation.Pipeline;
using Cortex.Tests.ServiceDefaults.DiscordRest;
using Cortex.Tests.Support;
using Microsoft.Extensions.Options;

namespace Cortex.Tests.Cluster;

/// <summary>
/// The REST global limiter and the moderation backlog on a three-node Redis Cluster: their scripts stay in one slot,
/// and the backlog spreads over the nodes instead of putting the whole bot in one slot.
/// </summary>
public sealed class ServiceScriptsOnClusterTests(RedisCluster cluster) : IClassFixture<RedisCluster>
{
    [Fact]
    public async Task The_global_rest_limit_takes_slots_and_honours_a_block_on_a_cluster()
    {
        await GlobalLimitScenarios.TwoLimitersShareOneWindowAsync(cluster.Connection);
        await GlobalLimitScenarios.ABlockSeenByOneHoldsTheOtherAsync(cluster.Connection);
    }

    [Fact]
    public async Task The_moderation_backlog_spreads_guilds_over_the_nodes_and_hands_every_job_out_once()
    {
        var keys = new RedisKeys($"cluster:{Guid.NewGuid():N}:");
        var options = new ModerationOptions { MaxBacklog = 1000, MaxBacklogPerGuild = 2, BacklogPartitions = 8 };
        var backlog = new DeepStageBacklog(cluster.Connection, keys, Options.Create(options), TimeProvider.System);
        var guilds = Enumerable.Range(0, 40).Select(i => 1_100_000_000_000_000_000UL + ((ulong)i << 22)).ToList();

        foreach (var guild in guilds)
        {
            Assert.Equal(EnqueueResult.Queued, await backlog.EnqueueAsync(Job(guild, guild + 1)));
            Assert.Equal(EnqueueResult.AlreadyQueued, await backlog.EnqueueAsync(Job(guild, guild + 1)));
            Assert.Equal(EnqueueResult.Queued, await backlog.EnqueueAsync(Job(guild, guild + 2)));
            Assert.Equal(EnqueueResult.GuildBacklogFull, await backlog.EnqueueAsync(Job(guild, guild + 3)));
        }

        Assert.Equal(80, await backlog.CountAsync());
        Assert.NotNull(await backlog.FindAsync(guilds[7] + 2));
        var partitions = guilds.Select(guild => BacklogPartition.Index(guild, options.BacklogPartitions)).Distinct().ToList();
        Assert.True(partitions.Count >= 6, $"40 guilds in {partitions.Count} of 8 partitions");
        Assert.Equal(3, partitions.Select(p => cluster.NodeOf(BacklogPartition.Of(keys.Prefix, p).Jobs)).Distinct().Count());

        List<DeepStageJob> claimed = [];
        for (var round = 0; round < 20 && claimed.Count < 80; round++)
        {
            claimed.AddRange(await backlog.ClaimAsync(7, TimeSpan.FromMinutes(1)));
        }

        Assert.Equal(80, claimed.Select(job => job.MessageId).Distinct().Count());
        Assert.Empty(await backlog.ClaimAsync(10, TimeSpan.FromMinutes(1)));
        foreach (var job in claimed)
        {
            await backlog.CompleteAsync(job);
        }

        Assert.Equal(0, await backlog.CountAsync());
        Assert.Equal(EnqueueResult.Queued, await backlog.EnqueueAsync(Job(guilds[0], guilds[0] + 3)));
    }

    private static DeepStageJob Job(ulong guild, ulong message) => new(guild, guild + 100, message, 42, "hello");
}
