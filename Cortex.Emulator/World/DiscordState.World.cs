using System.Globalization;
using Cortex.Discord.Models;

namespace Cortex.Emulator.World;

/// <summary>The reads the gateway needs, in the world's own shapes (what <see cref="WorldControl"/> hands out).</summary>
public sealed partial class DiscordState
{
    public IReadOnlyList<WorldGuild> GetGuilds()
    {
        lock (_lock)
        {
            return [.. _guilds.Values.OrderBy(g => g.Id).Select(g => new WorldGuild(g.Id, g.Name, g.OwnerId))];
        }
    }

    public WorldGuild? FindGuild(Snowflake guildId)
    {
        lock (_lock)
        {
            return _guilds.TryGetValue(guildId, out var g) ? new WorldGuild(g.Id, g.Name, g.OwnerId) : null;
        }
    }

    public User? FindUser(Snowflake userId)
    {
        lock (_lock)
        {
            return _users.GetValueOrDefault(userId);
        }
    }

    public Channel? FindChannel(Snowflake channelId)
    {
        lock (_lock)
        {
            return _channels.GetValueOrDefault(channelId);
        }
    }

    public IReadOnlyList<Channel> GetChannels(Snowflake guildId)
    {
        lock (_lock)
        {
            return [.. _channels.Values.Where(c => c.GuildId == guildId && !IsThread(c)).OrderBy(c => c.Position)];
        }
    }

    public IReadOnlyList<WorldRole> GetRoles(Snowflake guildId)
    {
        lock (_lock)
        {
            return _guilds.TryGetValue(guildId, out var guild) ? [.. guild.Roles.OrderBy(r => r.Position).Select(r => ToWorld(guildId, r))] : [];
        }
    }

    public WorldMember? FindMember(Snowflake guildId, Snowflake userId)
    {
        lock (_lock)
        {
            return _members.TryGetValue((guildId, userId), out var member) ? ToWorld(member) : null;
        }
    }

    public IReadOnlyList<WorldMember> GetMembers(Snowflake guildId)
    {
        lock (_lock)
        {
            return [.. _members.Values.Where(m => m.GuildId == guildId).OrderBy(m => m.UserId).Select(ToWorld)];
        }
    }

    /// <summary>The GUILD_CREATE <c>d</c> of a guild as it is now.</summary>
    public byte[] GuildCreateJson(Snowflake guildId)
    {
        lock (_lock)
        {
            RequireGuild(guildId);
            return GuildCreateJsonLocked(guildId);
        }
    }

    private byte[] GuildCreateJsonLocked(Snowflake guildId)
    {
        var guild = _guilds[guildId];
        var members = _members.Values.Where(m => m.GuildId == guildId).OrderBy(m => m.UserId).Select(m => (ToWorld(m), ToWorld(_users[m.UserId]))).ToList();
        var joinedAt = _members.TryGetValue((guildId, Bot.Id), out var bot) ? bot.JoinedAt : _time.GetUtcNow();
        return WithChannelsAndThreads(guildId, DiscordJson.ToBytes(w => DiscordJson.WriteGuildCreate(
            w,
            new WorldGuild(guild.Id, guild.Name, guild.OwnerId),
            guild.Roles.OrderBy(r => r.Position).Select(r => ToWorld(guildId, r)),
            _channels.Values.Where(c => c.GuildId == guildId && !IsThread(c)).OrderBy(c => c.Position).Select(ToWorld),
            members,
            joinedAt)));
    }

    internal static WorldUser ToWorld(User user) => new(user.Id, user.Username, user.GlobalName, user.Bot == true);

    internal static WorldChannel ToWorld(Channel channel) =>
        new(channel.Id, channel.GuildId?.Value, (int)channel.Type, channel.Name ?? "", channel.Position ?? 0, channel.ParentId?.Value);

    internal static WorldRole ToWorld(Snowflake guildId, Role role) =>
        new(role.Id, guildId, role.Name, ulong.Parse(role.Permissions, CultureInfo.InvariantCulture), role.Position, role.Color, role.Managed);

    internal static WorldMessage ToWorld(Message message) =>
        new(message.Id, message.ChannelId, message.GuildId?.Value, message.Author.Id, message.Content, message.Timestamp);

    private static WorldMember ToWorld(StateMember member) => new(member.GuildId, member.UserId, null, [.. member.Roles], member.JoinedAt);
}
