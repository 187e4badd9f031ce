using System.Globalization;
using Cortex.Discord.Models;

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
    private static readonly (ulong Bit, string Name)[] Dangerous =
    [
        (1UL << 3, "Administrator"), (1UL << 5, "Manage Server"), (1UL << 28, "Manage Roles"), (1UL << 4, "Manage Channels"),
        (1UL << 29, "Manage Webhooks"), (1UL << 2, "Ban Members"), (1UL << 1, "Kick Members"), (1UL << 40, "Moderate Members"),
        (1UL << 17, "Mention @everyone, @here and All Roles"),
    ];

    /// <summary>Why <paramref name="roleId"/> may not be handed out, or null when it may.</summary>
    public static string? Refusal(Guild guild, ulong roleId, ulong invokerId, IReadOnlyList<Snowflake> invokerRoles, ulong botId, IReadOnlyList<Snowflake> botRoles)
    {
        ArgumentNullException.ThrowIfNull(guild);
        var role = guild.Roles.FirstOrDefault(r => r.Id.Value == roleId);
        if (role is null || roleId == guild.Id.Value)
        {
            return "Pick a role of this server for verified members (not @everyone).";
        }

        var mention = $"<@&{roleId}>";
        if (role.Managed)
        {
            return $"{mention} is managed by an integration (a bot's or the booster role): nobody can hand it out.";
        }

        var permissions = ulong.TryParse(role.Permissions, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? bits : ulong.MaxValue;
        if (Dangerous.Where(d => (permissions & d.Bit) != 0).Select(d => d.Name).ToList() is { Count: > 0 } names)
        {
            return $"{mention} has {string.Join(", ", names)}: verification only hands out roles without moderation or management permissions.";
        }

        if (invokerId != guild.OwnerId.Value && !Below(guild, role, invokerRoles))
        {
            return $"{mention} is not below your highest role: you can only set up verification for a role you could give yourself.";
        }

        return botId == guild.OwnerId.Value || Below(guild, role, botRoles)
            ? null
            : $"{mention} is not below Cortex's highest role, so Cortex could not give it: move Cortex's role above it first.";
    }

    // Discord orders roles by position, then by id (the older role is higher at equal positions).
    private static bool Below(Guild guild, Role role, IReadOnlyList<Snowflake> memberRoles) =>
        guild.Roles.Where(r => memberRoles.Contains(r.Id)).Any(highest =>
            highest.Position > role.Position || (highest.Position == role.Position && highest.Id.Value < role.Id.Value));
}
