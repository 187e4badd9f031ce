using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;
using Cortex.Tests.Hosting;
using Npgsql;

namespace Cortex.Tests.Cluster;

/// <summary>
/// The flows issue 17 asks to keep working on a Redis Cluster, through the whole app and the emulator: a chat message
/// mentioning the bot gets the AI's reply, <c>/daily</c> then <c>/pay</c> move coins, a violent message is moderated
/// into a case. The same tests run on one Redis (<see cref="SingleRedisAppFlowsTests"/>) and on a cluster
/// (<see cref="ClusterAppFlowsTests"/>, which also checks no resource logged a slot error).
/// </summary>
public abstract class AppFlows(CortexAppFixture app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_mention_gets_the_AIs_reply()
    {
        using var emulator = app.CreateHttpClient("emulator");
        var world = await WorldAsync(emulator);
        var bot = (await emulator.GetFromJsonAsync("control/snapshot", EmulatorRestJsonContext.Default.ChatSnapshot))!.BotId;
        var user = await NewMemberAsync(emulator, world, "asker");

        var asked = await PostAsync(emulator, world.GeneralChannelId, user, $"<@{bot}> what keeps a guild's keys together?");

        await UntilAsync(async () => (await MessagesAsync(emulator, world.GeneralChannelId, null))
            .Any(m => m.Author.Id == bot && m.Id.Value > asked.Id.Value && m.Content.Length > 0), "the AI's reply");
        await AfterFlowAsync();
    }

    [Fact]
    public async Task Daily_then_pay_move_coins_to_another_member()
    {
        using var emulator = app.CreateHttpClient("emulator");
        var world = await WorldAsync(emulator);
        var payer = await NewMemberAsync(emulator, world, "payer");
        await UntilAsync(async () => (await emulator.GetFromJsonAsync("control/snapshot", EmulatorRestJsonContext.Default.ChatSnapshot))!
            .Guilds.Single(g => g.Id == world.GuildId).Commands.Any(c => c.Name == "pay"), "the gateway registers /pay");

        await CommandAsync(emulator, world, payer, "daily");
        await UntilReplyAsync(emulator, world, payer, "claimed their daily");
        await CommandAsync(emulator, world, payer, "pay", new() { ["user"] = world.AdaId.ToString(), ["amount"] = "10" });

        await UntilReplyAsync(emulator, world, payer, $"paid <@{world.AdaId}> **10** coins");
        await AfterFlowAsync();
    }

    [Fact]
    public async Task A_violent_message_is_moderated_into_a_case()
    {
        using var emulator = app.CreateHttpClient("emulator");
        var world = await WorldAsync(emulator);
        var user = await NewMemberAsync(emulator, world, "shouter");

        var message = await PostAsync(emulator, world.CommandsChannelId, user, "i will kill you, said on a cluster");

        await using var database = new NpgsqlConnection(await app.ConnectionStringAsync("economydb"));
        await database.OpenAsync();
        await using var cases = new NpgsqlCommand("SELECT count(*) FROM moderation.cases WHERE message_id = $1 AND outcome IS NOT NULL", database);
        cases.Parameters.AddWithValue((long)message.Id.Value);
        await UntilAsync(async () => (long)(await cases.ExecuteScalarAsync())! == 1, "the moderation case");
        await AfterFlowAsync();
    }

    /// <summary>What every flow checks last (the cluster: no resource logged a slot error).</summary>
    protected virtual Task AfterFlowAsync() => Task.CompletedTask;

    internal static async Task<SeedWorld> WorldAsync(HttpClient emulator) =>
        (await emulator.GetFromJsonAsync("control/world", EmulatorRestJsonContext.Default.SeedWorld))!;

    internal static async Task<Message> PostAsync(HttpClient emulator, Snowflake channel, ulong user, string content)
    {
        using var posted = await emulator.PostAsJsonAsync("chat/api/messages",
            new ChatSendRequest { ChannelId = channel, UserId = new Snowflake(user), Content = content }, EmulatorRestJsonContext.Default.ChatSendRequest);
        posted.EnsureSuccessStatusCode();
        return (await posted.Content.ReadFromJsonAsync(DiscordJsonContext.Default.Message))!;
    }

    internal static async Task CommandAsync(HttpClient emulator, SeedWorld world, ulong user, string name, Dictionary<string, string>? options = null)
    {
        using var run = await emulator.PostAsJsonAsync("control/interactions",
            new ChatCommandRequest { ChannelId = world.GeneralChannelId, UserId = new Snowflake(user), Name = name, Options = options },
            EmulatorRestJsonContext.Default.ChatCommandRequest);
        run.EnsureSuccessStatusCode();
    }

    internal static Task UntilReplyAsync(HttpClient emulator, SeedWorld world, ulong user, string text) =>
        UntilAsync(async () => (await MessagesAsync(emulator, world.GeneralChannelId, user)).Any(m => m.Content.Contains(text, StringComparison.Ordinal)), text);

    internal static async Task<IReadOnlyList<Message>> MessagesAsync(HttpClient emulator, Snowflake channel, ulong? viewer) =>
        (await emulator.GetFromJsonAsync($"chat/api/channels/{channel}/messages" + (viewer is { } v ? $"?viewer={v}" : ""),
            DiscordJsonContext.Default.IReadOnlyListMessage))!;

    internal static async Task<ulong> NewMemberAsync(HttpClient emulator, SeedWorld world, string name)
    {
        using var created = await emulator.PostAsJsonAsync("control/users", new { username = name + Guid.NewGuid().ToString("N")[..6] });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id");
        var user = ulong.Parse(id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText(), CultureInfo.InvariantCulture);
        using var member = await emulator.PostAsJsonAsync($"control/guilds/{world.GuildId}/members", new { user_id = user.ToString(CultureInfo.InvariantCulture) });
        member.EnsureSuccessStatusCode();
        return user;
    }

    internal static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for " + what);
            await Task.Delay(250);
        }
    }
}

/// <summary>The flows on the app's single local Redis.</summary>
[Collection(CortexAppCollection.Name)]
public sealed class SingleRedisAppFlowsTests(CortexAppFixture app) : AppFlows(app);

/// <summary>The flows on a three-node Redis Cluster; after each, no resource has logged a slot error.</summary>
[Collection(ClusterAppCollection.Name)]
public sealed class ClusterAppFlowsTests(ClusterAppFixture app) : AppFlows(app)
{
    protected override async Task AfterFlowAsync()
    {
        Assert.True(await app.LogLineCountAsync() > 0, "the resources' logs are not being read");
        Assert.Empty(await app.SlotErrorsAsync());
    }
}

/// <summary>
/// Issue 5's replica kill (<see cref="Gateway.AppHostReplicaTests"/>) on a Redis Cluster: the killed replica's shard
/// resumes on the survivor from its session in the cluster, every message in the stream exactly once.
/// </summary>
[Collection(ClusterAppCollection.Name)]
public sealed class ClusterAppHostReplicaTests(ClusterAppFixture app, Xunit.Abstractions.ITestOutputHelper output)
    : Gateway.AppHostReplicaTests(app, output)
{
    [Fact]
    public async Task No_resource_logged_a_slot_error()
    {
        Assert.True(await app.LogLineCountAsync() > 0, "the resources' logs are not being read");
        Assert.Empty(await app.SlotErrorsAsync());
    }
}
