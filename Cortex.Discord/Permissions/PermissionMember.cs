namespace Cortex.Discord.Permissions;

/// <summary>
/// Who permissions are computed for: a member of <see cref="GuildId"/> with <see cref="RoleIds"/>
/// (not counting <c>@everyone</c>), whether they own the guild and whether they are timed out.
/// </summary>
public sealed record PermissionMember(ulong GuildId, ulong UserId, IReadOnlyCollection<ulong> RoleIds, bool IsOwner = false, bool TimedOut = false);
