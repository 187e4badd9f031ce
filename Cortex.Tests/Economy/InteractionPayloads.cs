using System.Globalization;
using System.Text.Json;

namespace Cortex.Tests.Economy;

/// <summary>Interaction JSON shaped exactly as Discord sends it (snowflakes as strings, options typed).</summary>
internal static class InteractionPayloads
{
    public const string ManageGuild = "32";
    public const string NoPermissions = "1024";

    /// <summary>A snowflake created now (or <paramref name="age"/> ago): Discord's 3 s answer window counts from it.</summary>
    public static string NewId(TimeSpan age = default)
    {
        var milliseconds = (ulong)(DateTimeOffset.UtcNow - age).ToUnixTimeMilliseconds() - DiscordEpochMilliseconds;
        return ((milliseconds << 22) | (uint)Random.Shared.Next(1 << 22)).ToString(CultureInfo.InvariantCulture);
    }

    private const ulong DiscordEpochMilliseconds = 1_420_070_400_000;

    public static object User(long id) => new { name = "user", type = 6, value = id.ToString(CultureInfo.InvariantCulture) };

    public static object Amount(long amount) => new { name = "amount", type = 4, value = amount };

    public static object Subcommand(string name, params object[] options) => new { name, type = 1, options };

    public static string Command(long guildId, long userId, string name, object[]? options = null, string permissions = NoPermissions, string? id = null, string? token = null) =>
        JsonSerializer.Serialize(new
        {
            id = id ?? NewId(),
            application_id = "1",
            type = 2,
            token = token ?? "token-" + Guid.NewGuid().ToString("N"),
            guild_id = guildId.ToString(CultureInfo.InvariantCulture),
            channel_id = "5",
            member = new
            {
                user = new { id = userId.ToString(CultureInfo.InvariantCulture), username = "tester", discriminator = "0" },
                permissions,
                roles = Array.Empty<string>(),
            },
            data = new { id = "9", name, type = 1, options = options ?? [] },
            version = 1,
        });
}
