using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cortex.AppHost.Integrations;
using Cortex.Discord.Models;
using Cortex.Economy.Verification;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;
using Cortex.Tests.Defense;

namespace Cortex.Tests.Hosting;

/// <summary>
/// Verification as a Discord user lives it, through the whole app: an admin runs <c>/verify-setup</c>
/// on the chat page's API, the economy posts the Verify button over the emulator's REST, a new member
/// clicks it and alone sees the signed link, opens the page, confirms, and the emulator's world shows
/// the role. The same link is then worthless.
/// </summary>
[Collection(CortexAppCollection.Name)]
public sealed partial class VerificationEndToEndTests(CortexAppFixture app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const ulong ManageGuildAndRoles = (1UL << 5) | (1UL << 28);

    [Fact]
    public async Task An_admin_posts_the_button_a_member_clicks_opens_the_link_confirms_and_gets_the_role_once()
    {
        using var emulator = app.CreateHttpClient("emulator");
        var world = (await emulator.GetFromJsonAsync("control/world", EmulatorRestJsonContext.Default.SeedWorld))!;
        var guild = world.GuildId.Value;
        await Until(async () => (await emulator.GetFromJsonAsync("chat/api/snapshot", EmulatorRestJsonContext.Default.ChatSnapshot))!
            .Guilds.Single(g => g.Id == world.GuildId).Commands.Any(c => c.Name == VerificationCommandName), "the gateway registers /verify-setup");

        // Below the bot's own role (position 2 in the seeded guild), so the bot may grant it.
        var verified = await CreateAsync(emulator, $"control/guilds/{guild}/roles", new { name = "Verified " + Suffix(), position = 1 });
        var admins = await CreateAsync(emulator, $"control/guilds/{guild}/roles", new { name = "Admins " + Suffix(), permissions = ManageGuildAndRoles.ToString(CultureInfo.InvariantCulture) });
        var admin = await NewMemberAsync(emulator, guild, "admin", admins);
        var visitor = await NewMemberAsync(emulator, guild, "visitor");
        // A channel of its own, so other tests' chatter never pushes these messages out of view.
        var channel = new Snowflake(await CreateAsync(emulator, $"control/guilds/{guild}/channels", new { name = "welcome-" + Suffix() }));

        // A member without Manage Server is told no, privately, and no button appears.
        await RunAsync(emulator, channel, visitor, verified);
        await Until(async () => (await MessagesAsync(emulator, channel, visitor)).Any(m => m.Flags.HasFlag(MessageFlags.Ephemeral)
            && m.Content.Contains("Only members with Manage Server", StringComparison.Ordinal)), "the refusal of /verify-setup to a plain member");

        await RunAsync(emulator, channel, admin, verified);
        var customId = VerificationInteractionHandler.CustomIdPrefix + verified.ToString(CultureInfo.InvariantCulture);
        Message? setup = null;
        await Until(async () => (setup = (await MessagesAsync(emulator, channel, visitor)).FirstOrDefault(m => Buttons(m).Any(b => b.CustomId == customId))) is not null,
            "the Verify button in the channel");
        Assert.False(setup!.Flags.HasFlag(MessageFlags.Ephemeral));

        using (var click = await emulator.PostAsJsonAsync("chat/api/components",
            new ChatComponentRequest { ChannelId = channel, MessageId = setup.Id, UserId = new Snowflake(visitor), CustomId = customId },
            EmulatorRestJsonContext.Default.ChatComponentRequest))
        {
            Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        }

        Message? reply = null;
        await Until(async () => (reply = (await MessagesAsync(emulator, channel, visitor)).FirstOrDefault(m => m.Flags.HasFlag(MessageFlags.Ephemeral)
            && Buttons(m).Any(b => b.Url?.Contains("verify?token=", StringComparison.Ordinal) == true))) is not null, "the private link");
        var link = new Uri(Buttons(reply!).Single(b => b.Url is not null).Url!);
        Assert.Contains(link.ToString(), reply!.Content, StringComparison.Ordinal);
        Assert.DoesNotContain(await MessagesAsync(emulator, channel, admin), m => m.Id == reply.Id);
        Assert.DoesNotContain(await MessagesAsync(emulator, channel, null), m => m.Id == reply.Id);

        // The member's browser: a client address of its own, so other tests' /verify calls do not share its limit.
        using var browser = app.Client("economy");
        using var page = await browser.GetAsync(link);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        var form = FormPattern().Match(html);
        Assert.True(form.Success, html);
        var action = new Uri(link, WebUtility.HtmlDecode(form.Groups["action"].Value));
        var token = WebUtility.HtmlDecode(form.Groups["token"].Value);
        Assert.DoesNotContain(verified, await RolesAsync(emulator, guild, visitor));

        using var confirm = await browser.PostAsync(action, Form(token));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("You are verified", await confirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(verified, await RolesAsync(emulator, guild, visitor));

        // A moderator takes the role away; the old link cannot give it back.
        await RemoveRoleAsync(emulator, guild, visitor, verified);
        using var replay = await browser.PostAsync(action, Form(token));
        using var reopened = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, reopened.StatusCode);
        Assert.DoesNotContain(verified, await RolesAsync(emulator, guild, visitor));
    }

    private static string VerificationCommandName => Cortex.Commands.VerificationCommandList.Setup;

    [GeneratedRegex("""<form method="post" action="(?<action>[^"]+)"><input type="hidden" name="token" value="(?<token>[^"]+)">""")]
    private static partial Regex FormPattern();

    private static FormUrlEncodedContent Form(string token) => new(new Dictionary<string, string> { ["token"] = token });

    private static IEnumerable<MessageComponent> Buttons(Message message) =>
        (message.Components ?? []).SelectMany(row => row.Components ?? []);

    private static async Task RunAsync(HttpClient emulator, Snowflake channel, ulong user, ulong role)
    {
        using var run = await emulator.PostAsJsonAsync("chat/api/commands", new ChatCommandRequest
        {
            ChannelId = channel,
            UserId = new Snowflake(user),
            Name = VerificationCommandName,
            Options = new Dictionary<string, string> { [Cortex.Commands.VerificationCommandList.RoleOption] = role.ToString(CultureInfo.InvariantCulture) },
        }, EmulatorRestJsonContext.Default.ChatCommandRequest);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
    }

    private static async Task<IReadOnlyList<Message>> MessagesAsync(HttpClient emulator, Snowflake channel, ulong? viewer) =>
        (await emulator.GetFromJsonAsync($"chat/api/channels/{channel}/messages" + (viewer is { } v ? $"?viewer={v}" : ""),
            DiscordJsonContext.Default.IReadOnlyListMessage))!;

    private static async Task<ulong> NewMemberAsync(HttpClient emulator, ulong guild, string name, params ulong[] roles)
    {
        var user = await CreateAsync(emulator, "control/users", new { username = name + Suffix() });
        using var member = await emulator.PostAsJsonAsync($"control/guilds/{guild}/members", new
        {
            user_id = user.ToString(CultureInfo.InvariantCulture),
            role_ids = roles.Select(r => r.ToString(CultureInfo.InvariantCulture)).ToArray(),
        });
        member.EnsureSuccessStatusCode();
        return user;
    }

    private static async Task<List<ulong>> RolesAsync(HttpClient emulator, ulong guild, ulong user)
    {
        using var request = Bot(HttpMethod.Get, $"api/v10/guilds/{guild}/members/{user}");
        using var response = await emulator.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var member = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. member.GetProperty("roles").EnumerateArray().Select(Id)];
    }

    private static async Task RemoveRoleAsync(HttpClient emulator, ulong guild, ulong user, ulong role)
    {
        using var request = Bot(HttpMethod.Delete, $"api/v10/guilds/{guild}/members/{user}/roles/{role}");
        using var response = await emulator.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private static HttpRequestMessage Bot(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bot", ExternalApis.EmulatorBotToken);
        return request;
    }

    private static async Task<ulong> CreateAsync(HttpClient emulator, string path, object body)
    {
        using var response = await emulator.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return Id((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id"));
    }

    private static ulong Id(JsonElement id) => id.ValueKind == JsonValueKind.String
        ? ulong.Parse(id.GetString()!, CultureInfo.InvariantCulture)
        : id.GetUInt64();

    private static string Suffix() => Random.Shared.Next(100_000).ToString(CultureInfo.InvariantCulture);

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }

            await Task.Delay(250);
        }
    }
}
