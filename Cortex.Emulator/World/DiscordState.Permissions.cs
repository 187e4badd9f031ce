using Cortex.Discord.Models;
using Cortex.Discord.Permissions;

namespace Cortex.Emulator.World;

/// <summary>
/// Permissions as Discord computes them (<see cref="PermissionCalculator"/>, shared with the services):
/// guild level for moderation, channel level (overwrites, threads, timeouts) for everything done in a
/// channel. Every check in the emulator asks here.
/// </summary>
public sealed partial class DiscordState
{
    /// <summary>
    /// What a new guild's <c>@everyone</c> may do: the bits the emulator checks that Discord grants by
    /// default, threads included (Discord's default @everyone can start threads and talk in them).
    /// </summary>
    public const DiscordPermissions EveryoneDefaults = DiscordPermissions.ViewChannel | DiscordPermissions.SendMessages
        | DiscordPermissions.ReadMessageHistory | DiscordPermissions.AddReactions | DiscordPermissions.UseApplicationCommands
        | DiscordPermissions.CreatePublicThreads | DiscordPermissions.CreatePrivateThreads | DiscordPermissions.SendMessagesInThreads;

    /// <summary>A member's guild-level permissions (owner and administrators: all; a timed-out member: View Channel and Read Message History).</summary>
    public DiscordPermissions PermissionsOf(Snowflake guildId, Snowflake userId)
    {
        lock (_lock)
        {
            var guild = RequireGuild(guildId);
            return _members.TryGetValue((guildId, userId), out var member) || guild.OwnerId == userId
                ? PermissionCalculator.Base(PermissionMemberOf(guild, userId, member), RolePermissions(guild))
                : DiscordPermissions.None;
        }
    }

    /// <summary>
    /// A user's permissions in a channel: for a guild channel Discord's algorithm with its overwrites; for a
    /// thread its parent's (a private thread only for its members and Manage Threads); in a DM all for
    /// its two participants and nothing for anyone else.
    /// </summary>
    public ulong ChannelPermissionsOf(Snowflake channelId, Snowflake userId)
    {
        lock (_lock)
        {
            return (ulong)ChannelPermissions(RequireChannel(channelId), userId);
        }
    }

    /// <summary>
    /// Every REST route checks channel permissions through here (lock held), so a change to how
    /// permissions are computed (channel overwrites) reaches every route.
    /// </summary>
    private DiscordPermissions ChannelPermissions(Channel channel, Snowflake userId)
    {
        if (channel.GuildId is not { } guildId)
        {
            return userId == Bot.Id || channel.ParentId == userId ? DiscordPermissions.All : DiscordPermissions.None;
        }

        if (IsThread(channel))
        {
            var parent = _channels.GetValueOrDefault(channel.ParentId ?? 0);
            var inParent = parent is null ? DiscordPermissions.None : ChannelPermissions(parent, userId);
            return ThreadPermissions.InThread(inParent, channel.Type == ChannelType.PrivateThread, _threadMembers.ContainsKey((channel.Id, userId)));
        }

        var guild = RequireGuild(guildId);
        if (!_members.TryGetValue((guildId, userId), out var member) && guild.OwnerId != userId)
        {
            return DiscordPermissions.None;
        }

        return PermissionCalculator.InChannel(PermissionMemberOf(guild, userId, member), RolePermissions(guild),
            (channel.PermissionOverwrites ?? []).Select(ChannelOverwrite.From));
    }

    /// <summary>
    /// What sending a message in <paramref name="channel"/> takes: seeing it (else 50001 Missing Access, as
    /// Discord answers for a channel one cannot see), then Send Messages, or Send Messages in Threads in a
    /// thread (else 50013). A timed-out member has neither.
    /// </summary>
    private void RequireCanSendLocked(Channel channel, Snowflake authorId) =>
        RequireChannelPermissionLocked(channel, authorId, ThreadPermissions.SendPermission(IsThread(channel)));

    private bool HasChannelPermission(Channel channel, Snowflake userId, DiscordPermissions permission) =>
        (ChannelPermissions(channel, userId) & permission) == permission;

    private PermissionMember PermissionMemberOf(StateGuild guild, Snowflake userId, StateMember? member) =>
        new(guild.Id, userId, member?.Roles ?? [], guild.OwnerId == userId, member is not null && IsTimedOut(member));

    private static Func<ulong, DiscordPermissions?> RolePermissions(StateGuild guild) =>
        roleId => guild.Roles.FirstOrDefault(r => r.Id == roleId) is { } role ? PermissionBits.Parse(role.Permissions) : null;

    private static bool IsThread(Channel channel) =>
        channel.Type is ChannelType.PublicThread or ChannelType.PrivateThread or ChannelType.AnnouncementThread;
}
