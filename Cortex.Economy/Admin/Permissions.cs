namespace Cortex.Economy.Admin;

/// <summary>Discord permission bits the economy checks.</summary>
public static class Permissions
{
    public const ulong Administrator = 1UL << 3;
    public const ulong ManageGuild = 1UL << 5;

    /// <summary>Administrator implies every permission in Discord.</summary>
    public static bool CanManageGuild(ulong permissions) => (permissions & (ManageGuild | Administrator)) != 0;
}
