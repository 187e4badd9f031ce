namespace Cortex.Discord.Permissions;

/// <summary>
/// Discord's permission algorithm, as its permissions page documents it, in one place for the
/// emulator (which enforces it) and the services (which check it): base permissions from
/// <c>@everyone</c> and the member's roles (owner and Administrator get everything); then the
/// channel's overwrites for <c>@everyone</c>, the member's roles together, and the member; then the
/// documented modifiers: a timed-out member keeps only View Channel and Read Message History, a
/// channel one cannot view grants nothing, and no Send Messages drops what depends on sending.
/// </summary>
public static class PermissionCalculator
{
    /// <summary>What a timed-out member keeps (owners and administrators are exempt).</summary>
    public const DiscordPermissions TimedOutKeeps = DiscordPermissions.ViewChannel | DiscordPermissions.ReadMessageHistory;

    /// <summary>What Discord ignores when Send Messages is denied ("implicit permissions").</summary>
    public const DiscordPermissions NeedsSendMessages = DiscordPermissions.MentionEveryone | DiscordPermissions.SendTtsMessages | DiscordPermissions.AttachFiles | DiscordPermissions.EmbedLinks;

    /// <summary>
    /// The guild-level permissions of <paramref name="member"/>: <c>compute_base_permissions</c>, then
    /// the timeout rule. <paramref name="rolePermissions"/> gives a role's bits by id (<c>@everyone</c>'s
    /// id is the guild's); a role it does not know grants nothing.
    /// </summary>
    public static DiscordPermissions Base(PermissionMember member, Func<ulong, DiscordPermissions?> rolePermissions)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(rolePermissions);
        if (member.IsOwner)
        {
            return DiscordPermissions.All;
        }

        var permissions = rolePermissions(member.GuildId) ?? DiscordPermissions.None;
        foreach (var roleId in member.RoleIds)
        {
            permissions |= rolePermissions(roleId) ?? DiscordPermissions.None;
        }

        if ((permissions & DiscordPermissions.Administrator) != 0)
        {
            return DiscordPermissions.All;
        }

        return member.TimedOut ? permissions & TimedOutKeeps : permissions;
    }

    /// <summary>
    /// <c>compute_overwrites</c> exactly as documented: Administrator (or ownership) bypasses them;
    /// otherwise <c>@everyone</c>'s overwrite, then every overwrite of the member's roles at once
    /// (deny, then allow: an allow wins over another role's deny), then the member's own.
    /// </summary>
    public static DiscordPermissions Overwrites(DiscordPermissions basePermissions, PermissionMember member, IEnumerable<ChannelOverwrite> overwrites)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(overwrites);
        if ((basePermissions & DiscordPermissions.Administrator) != 0)
        {
            return DiscordPermissions.All;
        }

        ChannelOverwrite? everyone = null, own = null;
        DiscordPermissions allow = DiscordPermissions.None, deny = DiscordPermissions.None;
        foreach (var overwrite in overwrites)
        {
            if (overwrite.Id == member.GuildId)
            {
                everyone = overwrite;
            }
            else if (overwrite.Type == Models.PermissionOverwriteType.Member)
            {
                own = overwrite.Id == member.UserId ? overwrite : own;
            }
            else if (member.RoleIds.Contains(overwrite.Id))
            {
                allow |= overwrite.Allow;
                deny |= overwrite.Deny;
            }
        }

        var permissions = basePermissions;
        if (everyone is { } e)
        {
            permissions = (permissions & ~e.Deny) | e.Allow;
        }

        permissions = (permissions & ~deny) | allow;
        return own is { } o ? (permissions & ~o.Deny) | o.Allow : permissions;
    }

    /// <summary>
    /// A member's permissions in a guild channel: base, overwrites, the timeout rule (overwrites cannot
    /// give a timed-out member more), and the implicit rules (no View Channel: nothing; no Send
    /// Messages: none of <see cref="NeedsSendMessages"/>).
    /// </summary>
    public static DiscordPermissions InChannel(PermissionMember member, Func<ulong, DiscordPermissions?> rolePermissions, IEnumerable<ChannelOverwrite> overwrites)
    {
        var permissions = Overwrites(Base(member, rolePermissions), member, overwrites);
        if (permissions == DiscordPermissions.All)
        {
            return permissions;
        }

        if (member.TimedOut)
        {
            permissions &= TimedOutKeeps;
        }

        return Implicit(permissions);
    }

    /// <summary>Discord's implicit denials: without View Channel nothing applies; without Send Messages, what needs sending does not.</summary>
    public static DiscordPermissions Implicit(DiscordPermissions permissions)
    {
        if (permissions == DiscordPermissions.All)
        {
            return permissions;
        }

        if ((permissions & DiscordPermissions.ViewChannel) == 0)
        {
            return DiscordPermissions.None;
        }

        return (permissions & DiscordPermissions.SendMessages) == 0 ? permissions & ~NeedsSendMessages : permissions;
    }
}
