using System.Globalization;

namespace Cortex.Discord.Permissions;

/// <summary>Reading and checking permission sets as Discord sends them (decimal strings).</summary>
public static class PermissionBits
{
    /// <summary>
    /// A decimal permission string (a role's <c>permissions</c>, an overwrite's <c>allow</c>, an
    /// interaction member's <c>permissions</c>); null when absent or malformed, so a caller decides
    /// whether that means "nothing" or "refuse".
    /// </summary>
    public static DiscordPermissions? Parse(string? value) =>
        ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? (DiscordPermissions)bits : null;

    /// <summary>The decimal string Discord writes.</summary>
    public static string Format(DiscordPermissions permissions) => ((ulong)permissions).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether <paramref name="held"/> grants any of <paramref name="required"/>. Administrator grants
    /// everything, as Discord's algorithm says, even when a set was computed by someone who did not
    /// expand it (Discord itself sends the expanded set; a stored role's bits are not expanded).
    /// </summary>
    public static bool HasAny(DiscordPermissions held, DiscordPermissions required) =>
        (held & DiscordPermissions.Administrator) != 0 || (held & required) != 0;

    /// <summary>Whether <paramref name="held"/> grants every bit of <paramref name="required"/> (Administrator grants all).</summary>
    public static bool HasAll(DiscordPermissions held, DiscordPermissions required) =>
        (held & DiscordPermissions.Administrator) != 0 || (held & required) == required;

    /// <summary><see cref="HasAny(DiscordPermissions, DiscordPermissions)"/> on a decimal string; a missing or malformed set grants nothing.</summary>
    public static bool HasAny(string? held, DiscordPermissions required) => Parse(held) is { } bits && HasAny(bits, required);
}
