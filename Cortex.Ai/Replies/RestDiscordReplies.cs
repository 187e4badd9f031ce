using Cortex.Discord;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;
using Cortex.ServiceDefaults.Caching;
using Microsoft.Extensions.Options;

namespace Cortex.Ai.Replies;

/// <summary>
/// What the AI worker says on and asks of Discord, through the shared <see cref="DiscordRestClient"/>
/// (per-route buckets, the global limit shared through Redis, the invalid-request guard).
/// </summary>
public sealed class RestDiscordReplies(DiscordRestClient rest, IOptions<DiscordOptions> options, TimeProvider time) : IDiscordReplies, IDiscordDirectory
{
    private static readonly TimeSpan GuildNameCacheFor = TimeSpan.FromMinutes(10);

    /// <summary>Discord's JSON error code for "Interaction has already been acknowledged".</summary>
    private const int AlreadyAcknowledged = 40060;

    // A reply pings only the author of the message replied to; nothing in the text pings anyone.
    private static readonly AllowedMentions RepliedUserOnly = new() { Parse = [], RepliedUser = true };
    private static readonly AllowedMentions Nobody = new() { Parse = [], RepliedUser = false };

    private readonly BoundedCache<ulong, string> _guildNames = new(10_000, time);
    private Snowflake? _botUserId = options.Value.BotUserId is { } configured ? new Snowflake(configured) : null;

    public async Task ReplyAsync(Snowflake channelId, Snowflake messageId, string content, CancellationToken cancellationToken)
    {
        var parts = DiscordMessages.Split(content);
        for (var i = 0; i < parts.Count; i++)
        {
            // Only the first part is the reply; the rest follow it in the channel.
            var message = i == 0
                ? new CreateMessageRequest { Content = parts[i], AllowedMentions = RepliedUserOnly, MessageReference = new MessageReference { MessageId = messageId, FailIfNotExists = false } }
                : new CreateMessageRequest { Content = parts[i], AllowedMentions = Nobody };
            await rest.CreateMessageAsync(channelId, message, cancellationToken);
        }
    }

    public Task RespondEphemeralAsync(Snowflake interactionId, string interactionToken, string content, CancellationToken cancellationToken) =>
        rest.CreateInteractionResponseAsync(interactionId, interactionToken, new InteractionResponse
        {
            Type = InteractionCallbackType.ChannelMessageWithSource,
            Data = new InteractionCallbackData { Content = Trim(content), AllowedMentions = Nobody, Flags = MessageFlags.Ephemeral },
        }, cancellationToken);

    public async Task DeferAsync(Snowflake interactionId, string interactionToken, bool ephemeral, CancellationToken cancellationToken)
    {
        try
        {
            await rest.CreateInteractionResponseAsync(interactionId, interactionToken, new InteractionResponse
            {
                Type = InteractionCallbackType.DeferredChannelMessageWithSource,
                Data = ephemeral ? new InteractionCallbackData { Flags = MessageFlags.Ephemeral } : null,
            }, cancellationToken);
        }
        catch (DiscordRestException error) when (error.Code == AlreadyAcknowledged)
        {
            // A redelivery of an interaction whose earlier delivery deferred it and died before following up: that
            // deferral stands, and the follow-up is what is missing. Failing here would retry until dead-lettered.
        }
    }

    public async Task FollowUpAsync(Snowflake applicationId, string interactionToken, string content, bool ephemeral, CancellationToken cancellationToken)
    {
        foreach (var part in DiscordMessages.Split(content))
        {
            await rest.CreateFollowupAsync(applicationId, interactionToken, new CreateMessageRequest
            {
                Content = part,
                AllowedMentions = Nobody,
                Flags = ephemeral ? MessageFlags.Ephemeral : null,
            }, cancellationToken);
        }
    }

    public async Task ShowTypingAsync(Snowflake channelId, CancellationToken cancellationToken)
    {
        try
        {
            await rest.TriggerTypingAsync(channelId, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or DiscordRestException)
        {
            // No typing indicator (no permission, a 429 past the wait limit): the answer still comes.
        }
    }

    public async Task<Snowflake> BotUserIdAsync(CancellationToken cancellationToken)
    {
        if (_botUserId is { } known)
        {
            return known;
        }

        var user = await rest.GetCurrentUserAsync(cancellationToken);
        _botUserId = user.Id;
        return user.Id;
    }

    public async Task<string> GuildNameAsync(Snowflake guildId, CancellationToken cancellationToken)
    {
        if (_guildNames.TryGet(guildId, out var cached))
        {
            return cached;
        }

        var name = "this server";
        try
        {
            name = (await rest.GetGuildAsync(guildId, cancellationToken)).Name;
        }
        catch (Exception e) when (e is HttpRequestException or DiscordRestException)
        {
            // The persona can do without the name; the answer matters more.
        }

        _guildNames.Set(guildId, name, GuildNameCacheFor);
        return name;
    }

    private static string Trim(string content) => DiscordMessages.Split(content, maxParts: 1) is [var first, ..] ? first : "…";
}
