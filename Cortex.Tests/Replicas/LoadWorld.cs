using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Cortex.Discord.Models;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;

namespace Cortex.Tests.Replicas;

/// <summary>One member of the seed guild with a channel of its own, so every answer it gets can be counted there.</summary>
public sealed record LoadMember(int Index, ulong UserId, Snowflake ChannelId);

/// <summary>The emulator's side of the load: members and channels in the seed guild, messages, slash commands, and what the bot said back.</summary>
public sealed class LoadWorld(HttpClient emulator, SeedWorld seed, Snowflake bot)
{
    public SeedWorld Seed { get; } = seed;

    public Snowflake Bot { get; } = bot;

    public static async Task<LoadWorld> OpenAsync(HttpClient emulator)
    {
        var seed = (await emulator.GetFromJsonAsync("control/world", EmulatorRestJsonContext.Default.SeedWorld))!;
        var bot = (await emulator.GetFromJsonAsync("control/snapshot", EmulatorRestJsonContext.Default.ChatSnapshot))!.BotId;
        return new LoadWorld(emulator, seed, bot);
    }

    public async Task<bool> CommandsRegisteredAsync() =>
        (await emulator.GetFromJsonAsync("control/snapshot", EmulatorRestJsonContext.Default.ChatSnapshot))!
            .Guilds.Single(g => g.Id == Seed.GuildId).Commands.Any(c => c.Name == "pay");

    public async Task<LoadMember> NewMemberAsync(int index)
    {
        var user = await PostAsync("control/users", new { username = $"replica{index}_{Guid.NewGuid():N}"[..20] });
        var userId = ulong.Parse(Id(user), CultureInfo.InvariantCulture);
        await PostAsync($"control/guilds/{Seed.GuildId}/members", new { user_id = userId.ToString(CultureInfo.InvariantCulture) });
        var channel = await PostAsync($"control/guilds/{Seed.GuildId}/channels", new { name = $"replica-{index}" });
        return new LoadMember(index, userId, new Snowflake(ulong.Parse(Id(channel), CultureInfo.InvariantCulture)));
    }

    /// <summary>Posts a message mentioning the bot; returns its id, which the AI's answer replies to.</summary>
    public async Task<Snowflake> MentionAsync(LoadMember member, string question)
    {
        using var posted = await emulator.PostAsJsonAsync("chat/api/messages",
            new ChatSendRequest { ChannelId = member.ChannelId, UserId = new Snowflake(member.UserId), Content = $"<@{Bot}> {question}" },
            EmulatorRestJsonContext.Default.ChatSendRequest);
        posted.EnsureSuccessStatusCode();
        return (await posted.Content.ReadFromJsonAsync(DiscordJsonContext.Default.Message))!.Id;
    }

    public async Task CommandAsync(LoadMember member, string name, Dictionary<string, string>? options = null)
    {
        using var run = await emulator.PostAsJsonAsync("control/interactions",
            new ChatCommandRequest { ChannelId = member.ChannelId, UserId = new Snowflake(member.UserId), Name = name, Options = options },
            EmulatorRestJsonContext.Default.ChatCommandRequest);
        run.EnsureSuccessStatusCode();
    }

    /// <summary>What the bot posted in the member's channel, ephemeral answers to the member included.</summary>
    public async Task<IReadOnlyList<Message>> BotMessagesAsync(LoadMember member) =>
        [.. (await emulator.GetFromJsonAsync($"chat/api/channels/{member.ChannelId}/messages?viewer={member.UserId}", DiscordJsonContext.Default.IReadOnlyListMessage))!
            .Where(m => m.Author.Id == Bot)];

    /// <summary>
    /// Every message in the member's channel, oldest first, whoever wrote it (the member's ephemeral answers included):
    /// what a failure shows, so that a missing answer reads as never posted, posted elsewhere, or posted and gone.
    /// </summary>
    public async Task<string> TranscriptAsync(LoadMember member)
    {
        var messages = (await emulator.GetFromJsonAsync($"chat/api/channels/{member.ChannelId}/messages?viewer={member.UserId}&limit=100",
            DiscordJsonContext.Default.IReadOnlyListMessage))!;
        string Who(User author) => author.Id == Bot ? "bot" : author.Id.Value == member.UserId ? "member" : author.Id.ToString(CultureInfo.InvariantCulture);
        return messages.Count == 0
            ? $"channel {member.ChannelId} holds no message at all"
            : string.Join(" | ", messages.Reverse().Select(m =>
                $"{m.Id} {Who(m.Author)} {m.Type} {m.Flags} reply-to {m.MessageReference?.MessageId?.ToString(CultureInfo.InvariantCulture) ?? "-"}{(m.EditedTimestamp is null ? "" : " edited")}: {m.Content}"));
    }

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await emulator.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string Id(JsonElement created)
    {
        var id = created.GetProperty("id");
        return id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText();
    }
}
