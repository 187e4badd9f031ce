using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Ai.Budgets;
using Cortex.Ai.Chat;
using Cortex.Ai.Guilds;
using Cortex.Commands;
using Cortex.Tests.Hosting;

namespace Cortex.Tests.Ai.Guilds;

/// <summary><c>/ai-settings</c>: per-guild limits, model and chat channels, persisted in PostgreSQL.</summary>
[Collection(CortexAppCollection.Name)]
public sealed class AiSettingsCommandTests(CortexAppFixture fixture) : IAsyncLifetime
{
    private const string ManageGuild = "32";
    private const string Administrator = "8";
    private const string SendMessagesOnly = "2048";
    private AiHarness _ai = null!;

    public async Task InitializeAsync() => _ai = await AiHarness.StartAsync(fixture, "aisettings");

    public async Task DisposeAsync() => await _ai.DisposeAsync();

    private async Task<RecordedRequest> RunAsync(ulong guild, string permissions, string subcommand, params (string Name, int Type, JsonNode Value)[] options)
    {
        var sub = new JsonObject { ["name"] = subcommand, ["type"] = 1, ["options"] = new JsonArray([.. options.Select(o => (JsonNode)new JsonObject { ["name"] = o.Name, ["type"] = o.Type, ["value"] = o.Value })]) };
        var interaction = DiscordEvents.Command(guild, 1, 701, AiCommandList.Settings, [sub]);
        interaction["member"]!["permissions"] = permissions;
        await _ai.Get<InteractionHandler>().HandleAsync(JsonSerializer.Deserialize(interaction.ToJsonString(), Cortex.Discord.Models.DiscordJsonContext.Default.Interaction)!, CancellationToken.None);
        var answer = Assert.Single(_ai.Upstream.DiscordPosts($"interactions/{interaction["id"]}/"));
        Assert.Equal(4, answer.Body!["type"]!.GetValue<int>());
        Assert.Equal(64, answer.Body["data"]!["flags"]!.GetValue<int>()); // ephemeral, always
        return answer;
    }

    private async Task<(int? Calls, TimeSpan? Window, long? Tokens, string? Model)> StoredAsync(ulong guild)
    {
        var stored = await _ai.Get<GuildSettingsStore>().GetOverridesAsync(guild, CancellationToken.None);
        Assert.Empty(stored.ChatChannels);
        return (stored.UserCallsPerWindow, stored.UserWindow, stored.DailyTokens, stored.Model);
    }

    private static string S(ulong id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Show_lists_the_seeds_defaults_for_a_guild_that_changed_nothing()
    {
        var answer = await RunAsync(8001, ManageGuild, AiCommandList.SettingsShow);

        Assert.Contains("- Per member: 10 requests per 60 s (default)", answer.Content, StringComparison.Ordinal);
        Assert.Contains("- Daily quota: 100,000 tokens per UTC day (default)", answer.Content, StringComparison.Ordinal);
        Assert.Contains("- Model: gpt-4o-mini (default)", answer.Content, StringComparison.Ordinal);
        Assert.Contains("- Chat channels: none", answer.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_persists_the_limits_and_model_and_the_worker_applies_them()
    {
        const ulong guild = 8002;

        var answer = await RunAsync(guild, ManageGuild, AiCommandList.SettingsSet,
            (AiCommandList.SettingsUserCalls, 4, 3), (AiCommandList.SettingsWindowSeconds, 4, 30),
            (AiCommandList.SettingsDailyTokens, 4, 5_000), (AiCommandList.SettingsModel, 3, "gpt-4.1-mini"));

        Assert.StartsWith("Saved.", answer.Content, StringComparison.Ordinal);
        Assert.Contains("- Per member: 3 requests per 30 s\n", answer.Content, StringComparison.Ordinal);
        Assert.Equal<(int?, TimeSpan?, long?, string?)>((3, TimeSpan.FromSeconds(30), 5_000, "gpt-4.1-mini"), await StoredAsync(guild));
        var effective = await _ai.Get<GuildSettingsStore>().GetAsync(guild, CancellationToken.None);
        Assert.Equal(new RateLimitPolicy(3, TimeSpan.FromSeconds(30)), effective.UserCalls);
        Assert.Equal(5_000, effective.DailyTokens);
        Assert.Equal("gpt-4.1-mini", effective.Model);

        // A later set changes only what it names.
        await RunAsync(guild, ManageGuild, AiCommandList.SettingsSet, (AiCommandList.SettingsDailyTokens, 4, 7_000));
        var after = await _ai.Get<GuildSettingsStore>().GetAsync(guild, CancellationToken.None);
        Assert.Equal((3, 7_000L, "gpt-4.1-mini"), (after.UserCalls.MaxCalls, after.DailyTokens, after.Model));
    }

    [Fact]
    public async Task Chat_channels_are_added_and_removed_and_a_chat_channel_is_answered_without_a_mention()
    {
        const ulong guild = 8003, channel = 80031;

        var added = await RunAsync(guild, Administrator, AiCommandList.SettingsAddChannel, (AiCommandList.SettingsChannel, 7, S(channel)));
        Assert.Equal($"Cortex now answers every message in <#{channel}>.", added.Content);
        Assert.Equal($"<#{channel}> is already a chat channel.", (await RunAsync(guild, Administrator, AiCommandList.SettingsAddChannel, (AiCommandList.SettingsChannel, 7, S(channel)))).Content);

        var message = DiscordEvents.Message(guild, channel, 702, "no mention here");
        await _ai.Get<MessageHandler>().HandleAsync(JsonSerializer.Deserialize(message.ToJsonString(), Cortex.Discord.Models.DiscordJsonContext.Default.Message)!, CancellationToken.None);
        Assert.Single(_ai.Upstream.DiscordPosts($"channels/{channel}/messages"));

        await RunAsync(guild, Administrator, AiCommandList.SettingsRemoveChannel, (AiCommandList.SettingsChannel, 7, S(channel)));
        Assert.Empty((await _ai.Get<GuildSettingsStore>().GetAsync(guild, CancellationToken.None)).ChatChannels);
    }

    public static TheoryData<string, int, string, string> InvalidValues => new()
    {
        { AiCommandList.SettingsUserCalls, 4, "0", "user-calls must be a whole number from 1 to 10,000. Nothing was changed." },
        { AiCommandList.SettingsUserCalls, 4, "10001", "user-calls must be a whole number from 1 to 10,000. Nothing was changed." },
        { AiCommandList.SettingsWindowSeconds, 4, "-5", "window-seconds must be a whole number from 1 to 86,400. Nothing was changed." },
        { AiCommandList.SettingsDailyTokens, 4, "100000001", "daily-tokens must be a whole number from 1 to 100,000,000. Nothing was changed." },
        { AiCommandList.SettingsDailyTokens, 4, "1.5", "daily-tokens must be a whole number from 1 to 100,000,000. Nothing was changed." },
        { AiCommandList.SettingsModel, 3, "\"claude-3\"", "model must be an OpenAI chat model name such as gpt-4o-mini, gpt-4.1 or o4-mini. Nothing was changed." },
        { AiCommandList.SettingsModel, 3, "\"gpt-4o; DROP TABLE\"", "model must be an OpenAI chat model name such as gpt-4o-mini, gpt-4.1 or o4-mini. Nothing was changed." },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public async Task An_invalid_value_gets_an_ephemeral_error_and_changes_nothing(string option, int type, string json, string error)
    {
        var guild = DiscordEvents.NextId();
        await RunAsync(guild, ManageGuild, AiCommandList.SettingsSet, (AiCommandList.SettingsUserCalls, 4, 5));

        // A valid option next to the invalid one is not applied either.
        var answer = await RunAsync(guild, ManageGuild, AiCommandList.SettingsSet, (AiCommandList.SettingsDailyTokens == option ? AiCommandList.SettingsUserCalls : AiCommandList.SettingsDailyTokens, 4, 9), (option, type, JsonNode.Parse(json)!));

        Assert.Equal(error, answer.Content);
        Assert.Equal<(int?, TimeSpan?, long?, string?)>((5, null, null, null), await StoredAsync(guild));
    }

    [Fact]
    public async Task A_member_without_manage_server_is_refused_and_nothing_changes()
    {
        const ulong guild = 8005;

        var answer = await RunAsync(guild, SendMessagesOnly, AiCommandList.SettingsSet, (AiCommandList.SettingsDailyTokens, 4, 1));

        Assert.Equal("Changing or viewing the AI settings needs the Manage Server permission.", answer.Content);
        Assert.Equal<(int?, TimeSpan?, long?, string?)>((null, null, null, null), await StoredAsync(guild));
        Assert.Equal(100_000, (await _ai.Get<GuildSettingsStore>().GetAsync(guild, CancellationToken.None)).DailyTokens);
    }

    [Fact]
    public async Task Reset_restores_the_defaults()
    {
        const ulong guild = 8006;
        await RunAsync(guild, ManageGuild, AiCommandList.SettingsSet, (AiCommandList.SettingsModel, 3, "o4-mini"));

        var answer = await RunAsync(guild, ManageGuild, AiCommandList.SettingsReset);

        Assert.StartsWith("Reset:", answer.Content, StringComparison.Ordinal);
        Assert.Equal("gpt-4o-mini", (await _ai.Get<GuildSettingsStore>().GetAsync(guild, CancellationToken.None)).Model);
    }

    [Fact]
    public void The_command_is_declared_for_managers_only()
    {
        var command = Assert.Single(CortexCommands.All, c => c.Name == AiCommandList.Settings);

        Assert.Equal(CommandPermissions.Require(CommandPermissions.ManageGuild), command.DefaultMemberPermissions);
        Assert.True(AiCommandList.Handles(AiCommandList.Settings));
    }
}
