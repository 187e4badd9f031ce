using Cortex.Discord.Models;
using Cortex.Discord.Permissions;

namespace Cortex.Economy.Verification;

/// <summary>
/// Which roles <c>/verify-setup</c> may hand out, as Discord's own role hierarchy would judge the
/// invoker doing it by hand, and stricter: the role exists, is not <c>@everyone</c> nor managed by an
/// integration, carries no moderation or management permission, and sits strictly below both the
/// invoker's highest role (the guild owner excepted) and the bot's. Otherwise anyone with Manage
/// Server could make the bot give out roles they could not give themselves.
/// </summary>
public static class VerificationRolePolicy
{
    private static readonly (DiscordPermissions Bit, string Name)[] Dangerous =
    [
        (DiscordPermissions.Administrator, "Administrator"), (DiscordPermissions.ManageGuild, "Manage Server"),
        (DiscordPermissions.ManageRoles, "Manage Roles"), (DiscordPermissions.ManageChannels, "Manage Channels"),
        (DiscordPermissions.ManageWebhooks, "Manage Webhooks"), (DiscordPermissions.BanMembers, "Ban Members"),
        (DiscordPermissions.KickMembers, "Kick Members"), (DiscordPermissions.ModerateMembers, "Moderate Members"),
        (DiscordPermissions.MentionEveryone, "Mention @everyone, @here and All Roles"),
    ];

    /// <summary>Why <paramref name="roleId"/> may not be handed out, or null when it may.</summary>
    public static string? Refusal(Guild guild, Snowflake roleId, Snowflake invokerId, IReadOnlyList<Snowflake> invokerRoles, Snowflake botId, IReadOnlyList<Snowflake> botRoles)
    {
        ArgumentNullException.ThrowIfNull(guild);
        var role = guild.Roles.FirstOrDefault(r => r.Id == roleId);
        if (role is null || roleId == guild.Id)
        {
            return "Pick a role of this server for verified members (not @everyone).";
        }

        var mention = $"<@&{roleId}>";
        if (role.Managed)
        {
            return $"{mention} is managed by an integration (a bot's or the booster role): nobody can hand it out.";
        }

        // A bit set that does not parse is treated as every permission: refused.
        var permissions = PermissionBits.Parse(role.Permissions) ?? DiscordPermissions.All;
        if (Dangerous.Where(d => (permissions & d.Bit) != 0).Select(d => d.Name).ToList() is { Count: > 0 } names)
        {
            return $"{mention} has {string.Join(", ", names)}: verification only hands out roles without moderation or management permissions.";
        }

        if (invokerId != guild.OwnerId && !Below(guild, role, invokerRoles))
        {
            return $"{mention} is not below your highest role: you can only set up verification for a role you could give yourself.";
        }

        return botId == guild.OwnerId || Below(guild, role, botRoles)
            ? null
            : $"{mention} is not below Cortex's highest role, so Cortex could not give it: move Cortex's role above it first.";
    }

    private static bool Below(Guild guild, Role role, IReadOnlyList<Snowflake> memberRoles) =>
        RoleHierarchy.IsBelowMember(role, guild.Roles, memberRoles.Select(r => r.Value));
}
