using Cortex.Discord.Permissions;

namespace Cortex.Economy.Admin;

/// <summary>The permission the economy's admin actions check, through Cortex.Discord's one permission model.</summary>
public static class Permissions
{
    /// <summary>Manage Server, or Administrator (which implies every permission in Discord).</summary>
    public static bool CanManageGuild(ulong permissions) => PermissionBits.HasAny((DiscordPermissions)permissions, DiscordPermissions.ManageGuild);
}
