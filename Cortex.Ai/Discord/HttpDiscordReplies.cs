using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Cortex.Ai.Discord;

/// <summary>
/// Discord's documented REST endpoints, over a plain HttpClient (the shared REST client with
/// rate-limit buckets replaces it when it lands). Base address and token from <see cref="DiscordOptions"/>.
/// </summary>
public sealed class HttpDiscordReplies(HttpClient http, IOptions<DiscordOptions> options, TimeProvider time) : IDiscordReplies, IDiscordDirectory
{
    private static readonly TimeSpan GuildNameCacheFor = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<ulong, (string Name, DateTimeOffset Until)> _guildNames = new();
    private ulong? _botUserId = options.Value.BotUserId;

    public async Task ReplyAsync(ulong channelId, ulong messageId, string content, CancellationToken cancellationToken)
    {
        var parts = DiscordMessages.Split(content);
        for (var i = 0; i < parts.Count; i++)
        {
            // Only the first part is the reply; the rest follow it in the channel.
            var message = i == 0
                ? new CreateMessage(parts[i], AllowedMentions.RepliedUserOnly, new MessageReference(Id(messageId), FailIfNotExists: false))
                : new CreateMessage(parts[i], AllowedMentions.Nobody);
            await PostAsync($"channels/{Id(channelId)}/messages", message, cancellationToken);
        }
    }

    public Task RespondEphemeralAsync(ulong interactionId, string interactionToken, string content, CancellationToken cancellationToken) =>
        PostAsync(
            $"interactions/{Id(interactionId)}/{Uri.EscapeDataString(interactionToken)}/callback",
            new InteractionCallback(InteractionCallbackType.ChannelMessageWithSource, new CreateMessage(Trim(content), AllowedMentions.Nobody, Flags: MessageFlags.Ephemeral)),
            cancellationToken);

    public Task DeferAsync(ulong interactionId, string interactionToken, bool ephemeral, CancellationToken cancellationToken) =>
        PostAsync(
            $"interactions/{Id(interactionId)}/{Uri.EscapeDataString(interactionToken)}/callback",
            new InteractionCallback(InteractionCallbackType.DeferredChannelMessageWithSource, ephemeral ? new CreateMessage("", AllowedMentions.Nobody, Flags: MessageFlags.Ephemeral) : null),
            cancellationToken);

    public async Task FollowUpAsync(ulong applicationId, string interactionToken, string content, bool ephemeral, CancellationToken cancellationToken)
    {
        foreach (var part in DiscordMessages.Split(content))
        {
            await PostAsync(
                $"webhooks/{Id(applicationId)}/{Uri.EscapeDataString(interactionToken)}",
                new CreateMessage(part, AllowedMentions.Nobody, Flags: ephemeral ? MessageFlags.Ephemeral : null),
                cancellationToken);
        }
    }

    public async Task<ulong> BotUserIdAsync(CancellationToken cancellationToken)
    {
        if (_botUserId is { } known)
        {
            return known;
        }

        using var request = Request(HttpMethod.Get, "users/@me");
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var user = await response.Content.ReadFromJsonAsync(DiscordRestJsonContext.Default.CurrentUser, cancellationToken)
            ?? throw new InvalidOperationException("Discord returned no user for users/@me.");
        _botUserId = ulong.Parse(user.Id, CultureInfo.InvariantCulture);
        return _botUserId.Value;
    }

    public async Task<string> GuildNameAsync(ulong guildId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_guildNames.TryGetValue(guildId, out var cached) && cached.Until > now)
        {
            return cached.Name;
        }

        var name = "this server";
        try
        {
            using var request = Request(HttpMethod.Get, $"guilds/{Id(guildId)}");
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                name = (await response.Content.ReadFromJsonAsync(DiscordRestJsonContext.Default.GuildSummary, cancellationToken))?.Name ?? name;
            }
        }
        catch (HttpRequestException)
        {
            // The persona can do without the name; the answer matters more.
        }

        _guildNames[guildId] = (name, now + GuildNameCacheFor);
        return name;
    }

    private async Task PostAsync<T>(string path, T body, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, path);
        request.Content = JsonContent.Create(body, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)DiscordRestJsonContext.Default.GetTypeInfo(typeof(T))!);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"Discord answered {(int)response.StatusCode} to POST {path}: {detail}", null, response.StatusCode);
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(options.Value.RestBaseAddress, path));
        request.Headers.TryAddWithoutValidation("Authorization", "Bot " + options.Value.Token);
        return request;
    }

    private static string Trim(string content) => DiscordMessages.Split(content, maxParts: 1) is [var first, ..] ? first : "…";

    private static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);
}
