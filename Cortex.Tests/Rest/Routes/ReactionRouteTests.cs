using System.Net;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;

namespace Cortex.Tests.Rest.Routes;

/// <summary>Create and delete the bot's own reaction, and list who reacted.</summary>
public sealed class ReactionRouteTests(RouteServer server) : IClassFixture<RouteServer>
{
    private readonly DiscordRestClient _client = server.Client;

    [Fact]
    public async Task A_reaction_is_added_once_listed_shown_on_the_message_and_removed()
    {
        var seed = await RestClientHarness.WorldAsync(server.Emulator);
        var message = await _client.CreateMessageAsync(seed.GeneralChannelId, new CreateMessageRequest { Content = "vote" });

        await _client.CreateReactionAsync(seed.GeneralChannelId, message.Id, "👍");
        await _client.CreateReactionAsync(seed.GeneralChannelId, message.Id, "👍");
        var users = await _client.GetReactionsAsync(seed.GeneralChannelId, message.Id, "👍");
        var withReaction = await _client.GetMessageAsync(seed.GeneralChannelId, message.Id);
        await _client.DeleteOwnReactionAsync(seed.GeneralChannelId, message.Id, "👍");
        var after = await _client.GetReactionsAsync(seed.GeneralChannelId, message.Id, "👍");

        Assert.Equal(server.State.Bot.Id, Assert.Single(users).Id);
        var reaction = Assert.Single(withReaction.Reactions!);
        Assert.Equal(("👍", 1, true), (reaction.Emoji.Name, reaction.Count, reaction.Me));
        Assert.Empty(after);
        Assert.True(server.Dispatched("MESSAGE_REACTION_ADD", d => d.Contains(message.Id.ToString(), StringComparison.Ordinal)));
        Assert.True(server.Dispatched("MESSAGE_REACTION_REMOVE", d => d.Contains(message.Id.ToString(), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Text_and_unknown_custom_emoji_are_10014_and_unknown_messages_10008()
    {
        var seed = await RestClientHarness.WorldAsync(server.Emulator);
        var message = await _client.CreateMessageAsync(seed.GeneralChannelId, new CreateMessageRequest { Content = "react" });

        var text = await Assert.ThrowsAsync<DiscordRestException>(() => _client.CreateReactionAsync(seed.GeneralChannelId, message.Id, "thumbsup"));
        var custom = await Assert.ThrowsAsync<DiscordRestException>(() => _client.CreateReactionAsync(seed.GeneralChannelId, message.Id, "party:123456789"));
        var unknown = await Assert.ThrowsAsync<DiscordRestException>(() => _client.GetReactionsAsync(seed.GeneralChannelId, 42, "👍"));

        Assert.Equal((HttpStatusCode.BadRequest, 10014), (text.Status, text.Code));
        Assert.Equal(10014, custom.Code);
        Assert.Equal(DiscordErrorCodes.UnknownMessage, unknown.Code);
    }
}
