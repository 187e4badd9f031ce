using Cortex.Discord.Models;

namespace Cortex.Discord.Permissions;

/// <summary>
/// Discord's role hierarchy: a role is higher by position, and at equal positions the older role
/// (the smaller id) is higher. A member's highest role decides whom they may moderate and which
/// roles they may grant; a member with no role stands at <c>@everyone</c>'s place (position 0).
/// </summary>
public static class RoleHierarchy
{
    /// <summary>Positive when <paramref name="a"/> is above <paramref name="b"/>, negative when below, 0 for the same role.</summary>
    public static int Compare(Role a, Role b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Position != b.Position ? a.Position.CompareTo(b.Position) : b.Id.Value.CompareTo(a.Id.Value);
    }

    /// <summary>The highest of <paramref name="memberRoleIds"/> among <paramref name="guildRoles"/>, or null for a member with none.</summary>
    public static Role? Highest(IEnumerable<Role> guildRoles, IEnumerable<ulong> memberRoleIds)
    {
        ArgumentNullException.ThrowIfNull(guildRoles);
        var ids = memberRoleIds.ToHashSet();
        Role? highest = null;
        foreach (var role in guildRoles.Where(r => ids.Contains(r.Id.Value)))
        {
            highest = highest is null || Compare(role, highest) > 0 ? role : highest;
        }

        return highest;
    }

    /// <summary>Whether a member with <paramref name="memberRoleIds"/> has a role strictly above <paramref name="role"/>.</summary>
    public static bool IsBelowMember(Role role, IEnumerable<Role> guildRoles, IEnumerable<ulong> memberRoleIds) =>
        Highest(guildRoles, memberRoleIds) is { } highest && Compare(highest, role) > 0;

    /// <summary>Whether <paramref name="actorRoleIds"/>' highest role is strictly above <paramref name="targetRoleIds"/>' (no role counts as position 0).</summary>
    public static bool Outranks(IEnumerable<Role> guildRoles, IEnumerable<ulong> actorRoleIds, IEnumerable<ulong> targetRoleIds)
    {
        var roles = guildRoles as IReadOnlyCollection<Role> ?? [.. guildRoles];
        var actor = Highest(roles, actorRoleIds);
        var target = Highest(roles, targetRoleIds);
        return actor is not null && (target is null || Compare(actor, target) > 0);
    }
}
