namespace Cortex.Emulator.Rest;

/// <summary>The Discord permission bits the emulator checks.</summary>
public static class Permissions
{
    public const ulong KickMembers = 1UL << 1;
    public const ulong BanMembers = 1UL << 2;
    public const ulong Administrator = 1UL << 3;
    public const ulong AddReactions = 1UL << 6;
    public const ulong ViewAuditLog = 1UL << 7;
    public const ulong ViewChannel = 1UL << 10;
    public const ulong SendMessages = 1UL << 11;
    public const ulong ManageMessages = 1UL << 13;
    public const ulong ManageRoles = 1UL << 28;
    public const ulong ReadMessageHistory = 1UL << 16;
    public const ulong UseApplicationCommands = 1UL << 31;
    public const ulong ModerateMembers = 1UL << 40;

    /// <summary>What Discord gives <c>@everyone</c> in a new guild, as far as the emulator checks.</summary>
    public const ulong Everyone = ViewChannel | SendMessages | ReadMessageHistory | AddReactions | UseApplicationCommands;
}
