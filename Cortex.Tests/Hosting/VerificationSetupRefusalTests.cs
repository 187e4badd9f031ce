using System.Globalization;
using System.Net.Http.Json;
using Cortex.Discord.Models;
using Cortex.Economy.Verification;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;

namespace Cortex.Tests.Hosting;

/// <summary>
/// <c>/verify-setup</c> through the whole app, refused: each unsafe role or invoker gets its own
/// private reason and no Verify button appears; the guild owner, above the hierarchy, still may.
/// </summary>
public sealed partial class VerificationEndToEndTests
{
    private const ulong ManageGuildOnly = 1UL << 5;

    [Fact]
    public async Task Verify_setup_refuses_unsafe_roles_and_invokers_privately_and_posts_no_button()
    {
        using var emulator = app.CreateHttpClient("emulator");
        var world = (await emulator.GetFromJsonAsync("control/world", EmulatorRestJsonContext.Default.SeedWorld))!;
        var guild = world.GuildId.Value;
        await Until(async () => (await emulator.GetFromJsonAsync("chat/api/snapshot", EmulatorRestJsonContext.Default.ChatSnapshot))!
            .Guilds.Single(g => g.Id == world.GuildId).Commands.Any(c => c.Name == VerificationCommandName), "the gateway registers /verify-setup");
        var channel = new Snowflake(await CreateAsync(emulator, $"control/guilds/{guild}/channels", new { name = "setup-" + Suffix() }));

        // The seeded bot role sits at position 2; an admin role created now goes on top, above it.
        var adminRole = await CreateRoleAsync(emulator, guild, new { name = "Admins " + Suffix(), permissions = Bits(ManageGuildAndRoles) });
        var admin = await NewMemberAsync(emulator, guild, "admin", adminRole.Id.Value);
        var serverManager = await NewMemberAsync(emulator, guild, "manager",
            (await CreateRoleAsync(emulator, guild, new { name = "Managers " + Suffix(), permissions = Bits(ManageGuildOnly) })).Id.Value);
        var junior = await NewMemberAsync(emulator, guild, "junior",
            (await CreateRoleAsync(emulator, guild, new { name = "Junior " + Suffix(), permissions = Bits(ManageGuildAndRoles), position = 1 })).Id.Value);
        var plain = (await CreateRoleAsync(emulator, guild, new { name = "Plain " + Suffix(), position = 1 })).Id.Value;
        // At the bot's own position but newer, so below it; above the junior admin's role.
        var aboveJunior = (await CreateRoleAsync(emulator, guild, new { name = "Middle " + Suffix(), position = 2 })).Id.Value;
        // Level with the admin's role but newer, so below it; above the bot's.
        var aboveBot = (await CreateRoleAsync(emulator, guild, new { name = "High " + Suffix(), position = adminRole.Position })).Id.Value;
        var managed = (await CreateRoleAsync(emulator, guild, new { name = "Booster " + Suffix(), position = 1, managed = true })).Id.Value;
        var banners = (await CreateRoleAsync(emulator, guild, new { name = "Banners " + Suffix(), position = 1, permissions = Bits(1UL << 2) })).Id.Value;
        var administrators = (await CreateRoleAsync(emulator, guild, new { name = "Root " + Suffix(), position = 1, permissions = Bits(1UL << 3) })).Id.Value;

        (ulong User, ulong Role, string Reason)[] refusals =
        [
            (serverManager, plain, "Only members with Manage Roles"),
            (admin, guild, "not @everyone"),
            (admin, managed, "managed by an integration"),
            (admin, banners, "has Ban Members"),
            (admin, administrators, "has Administrator"),
            (junior, aboveJunior, "not below your highest role"),
            (admin, aboveBot, "not below Cortex's highest role"),
        ];
        foreach (var (user, role, reason) in refusals)
        {
            await RunAsync(emulator, channel, user, role);
            await Until(async () => (await MessagesAsync(emulator, channel, user)).Any(m => m.Flags.HasFlag(MessageFlags.Ephemeral)
                && m.Content.Contains(reason, StringComparison.Ordinal)), $"the refusal \"{reason}\"");
        }

        // The owner holds no role at all, yet may hand out any harmless role below the bot's.
        await RunAsync(emulator, channel, world.OwnerId.Value, plain);
        await Until(async () => (await MessagesAsync(emulator, channel, null)).Any(m => Buttons(m).Any(b => b.CustomId?.StartsWith(VerificationInteractionHandler.CustomIdPrefix, StringComparison.Ordinal) == true)),
            "the owner's Verify button");
        var buttons = (await MessagesAsync(emulator, channel, null)).SelectMany(Buttons).Select(b => b.CustomId).ToList();
        Assert.Equal([VerificationInteractionHandler.CustomIdPrefix + plain.ToString(CultureInfo.InvariantCulture)], buttons);
    }

    private static string Bits(ulong permissions) => permissions.ToString(CultureInfo.InvariantCulture);

    private static async Task<Role> CreateRoleAsync(HttpClient emulator, ulong guild, object body)
    {
        using var response = await emulator.PostAsJsonAsync($"control/guilds/{guild}/roles", body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(DiscordJsonContext.Default.Role))!;
    }
}
