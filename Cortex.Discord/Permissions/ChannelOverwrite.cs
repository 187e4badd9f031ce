using Cortex.Discord.Models;

namespace Cortex.Discord.Permissions;

/// <summary>A channel's permission overwrite as numbers: for a role (<c>@everyone</c>'s id is the guild's) or a member.</summary>
public readonly record struct ChannelOverwrite(ulong Id, PermissionOverwriteType Type, DiscordPermissions Allow, DiscordPermissions Deny)
{
    /// <summary>From Discord's overwrite object; a malformed bit set counts as no bits.</summary>
    public static ChannelOverwrite From(PermissionOverwrite overwrite)
    {
        ArgumentNullException.ThrowIfNull(overwrite);
        return new(overwrite.Id, overwrite.Type, PermissionBits.Parse(overwrite.Allow) ?? DiscordPermissions.None, PermissionBits.Parse(overwrite.Deny) ?? DiscordPermissions.None);
    }

    /// <summary>Back to Discord's overwrite object.</summary>
    public PermissionOverwrite ToModel() => new()
    {
        Id = Id,
        Type = Type,
        Allow = PermissionBits.Format(Allow),
        Deny = PermissionBits.Format(Deny),
    };
}
