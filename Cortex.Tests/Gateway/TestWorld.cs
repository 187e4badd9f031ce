using Cortex.Discord.Gateway;
using Cortex.Emulator.World;
using Cortex.Tests.Support;

namespace Cortex.Tests.Gateway;

/// <summary>A guild with a channel and a member on each shard, and a way to post numbered messages on them.</summary>
public sealed class TestWorld
{
    private readonly EmulatorServer _emulator;
    private readonly List<string> _posted = [];

    private TestWorld(EmulatorServer emulator, IReadOnlyList<(WorldChannel Channel, WorldUser User)> perShard)
    {
        _emulator = emulator;
        PerShard = perShard;
    }

    public IReadOnlyList<(WorldChannel Channel, WorldUser User)> PerShard { get; }

    /// <summary>Ids of every message posted so far.</summary>
    public IReadOnlyList<string> Posted
    {
        get
        {
            lock (_posted)
            {
                return [.. _posted];
            }
        }
    }

    public static TestWorld Create(EmulatorServer emulator, int shardCount, string name)
    {
        var world = emulator.World;
        var user = world.CreateUser(name + "-user");
        var perShard = new (WorldChannel, WorldUser)[shardCount];
        var covered = 0;
        for (var attempt = 0; covered < shardCount && attempt < 1000; attempt++)
        {
            var guild = world.CreateGuild($"{name}-{attempt}");
            var shard = GatewayLimits.ShardFor(guild.Id, shardCount);
            if (perShard[shard].Item1 is null)
            {
                world.AddMember(guild.Id, user.Id);
                perShard[shard] = (world.GetChannels(guild.Id)[0], user);
                covered++;
            }
        }

        return new TestWorld(emulator, perShard);
    }

    /// <summary>Posts <paramref name="count"/> messages on every shard; returns their ids.</summary>
    public IReadOnlyList<string> Post(int count, string label)
    {
        List<string> ids = [];
        for (var i = 0; i < count; i++)
        {
            foreach (var (channel, user) in PerShard)
            {
                var message = _emulator.World.CreateMessage(channel.Id, user.Id, $"{label} {i}");
                ids.Add(message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        lock (_posted)
        {
            _posted.AddRange(ids);
        }

        return ids;
    }
}
