using System.Globalization;

namespace Cortex.Commands;

/// <summary>
/// Discord permission bits used as <c>default_member_permissions</c>: the command is hidden from
/// members without them (server owners can still change that per command in Discord's settings).
/// </summary>
public static class CommandPermissions
{
    public const ulong ManageGuild = 1UL << 5;
    public const ulong ManageMessages = 1UL << 13;
    public const ulong ManageRoles = 1UL << 28;
    public const ulong ModerateMembers = 1UL << 40;

    /// <summary>Discord takes the bit set as a decimal string.</summary>
    public static string Require(ulong permissions) => permissions.ToString(CultureInfo.InvariantCulture);
}
