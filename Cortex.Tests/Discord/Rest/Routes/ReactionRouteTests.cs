using System.Net;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;

namespace Cortex.Tests.Discord.Rest.Routes;

/// <summary>Create and delete the bot's own reaction, list who reacted, and remove others' as a moderator.</summary>
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

    [Fact]
    public async Task A_moderator_removes_one_users_reaction_one_emoji_and_then_all_with_their_dispatches()
    {
        var seed = await RestClientHarness.WorldAsync(server.Emulator);
        var channel = seed.GeneralChannelId;
        var message = server.State.CreateMessage(channel, seed.AdaId, new CreateMessageRequest { Content = "react to me" });
        server.State.AddReaction(channel, message.Id, "👍", seed.AdaId);
        server.State.AddReaction(channel, message.Id, "👍", seed.GraceId);
        server.State.AddReaction(channel, message.Id, "🎉", seed.AdaId);
        await _client.CreateReactionAsync(channel, message.Id, "👍");
        bool For(string d) => d.Contains($"\"message_id\":\"{message.Id}\"", StringComparison.Ordinal);

        await _client.DeleteUserReactionAsync(channel, message.Id, "👍", seed.AdaId);
        var thumbs = await _client.GetReactionsAsync(channel, message.Id, "👍");
        Assert.Equal(new[] { seed.GraceId.Value, server.State.Bot.Id.Value }.Order(), thumbs.Select(u => u.Id.Value).Order());
        Assert.True(server.Dispatched("MESSAGE_REACTION_REMOVE", d => For(d) && d.Contains($"\"user_id\":\"{seed.AdaId}\"", StringComparison.Ordinal)));

        await _client.DeleteAllReactionsForEmojiAsync(channel, message.Id, "🎉");
        var afterEmoji = await _client.GetMessageAsync(channel, message.Id);
        Assert.Equal(["👍"], afterEmoji.Reactions!.Select(r => r.Emoji.Name));
        Assert.True(server.Dispatched("MESSAGE_REACTION_REMOVE_EMOJI", d => For(d) && System.Text.Json.JsonDocument.Parse(d).RootElement.GetProperty("emoji").GetProperty("name").GetString() == "🎉"));

        await _client.DeleteAllReactionsAsync(channel, message.Id);
        var bare = await _client.GetMessageAsync(channel, message.Id);
        Assert.Empty(bare.Reactions ?? []);
        Assert.Empty(await _client.GetReactionsAsync(channel, message.Id, "👍"));
        Assert.True(server.Dispatched("MESSAGE_REACTION_REMOVE_ALL", For));
    }

    [Fact]
    public async Task Removing_others_reactions_without_manage_messages_is_50013_and_in_a_dm_50003_and_changes_nothing()
    {
        var seed = await RestClientHarness.WorldAsync(server.Emulator);
        // The locked guild gives the bot no moderation permission.
        var message = server.State.CreateMessage(seed.LockedChannelId, seed.AdaId, new CreateMessageRequest { Content = "mine" });
        server.State.AddReaction(seed.LockedChannelId, message.Id, "👍", seed.AdaId);

        var one = await Assert.ThrowsAsync<DiscordRestException>(() => _client.DeleteUserReactionAsync(seed.LockedChannelId, message.Id, "👍", seed.AdaId));
        var emoji = await Assert.ThrowsAsync<DiscordRestException>(() => _client.DeleteAllReactionsForEmojiAsync(seed.LockedChannelId, message.Id, "👍"));
        var all = await Assert.ThrowsAsync<DiscordRestException>(() => _client.DeleteAllReactionsAsync(seed.LockedChannelId, message.Id));
        Assert.All([one, emoji, all], e => Assert.Equal((HttpStatusCode.Forbidden, DiscordErrorCodes.MissingPermissions), (e.Status, e.Code)));
        Assert.Equal(seed.AdaId, Assert.Single(await _client.GetReactionsAsync(seed.LockedChannelId, message.Id, "👍")).Id);

        var dm = await _client.CreateDmAsync(seed.AdaId);
        var inDm = server.State.CreateMessage(dm.Id, seed.AdaId, new CreateMessageRequest { Content = "dm" });
        server.State.AddReaction(dm.Id, inDm.Id, "👍", seed.AdaId);
        var refused = await Assert.ThrowsAsync<DiscordRestException>(() => _client.DeleteAllReactionsAsync(dm.Id, inDm.Id));
        Assert.Equal((HttpStatusCode.Forbidden, 50003), (refused.Status, refused.Code));
        var unknown = await Assert.ThrowsAsync<DiscordRestException>(() => _client.DeleteAllReactionsAsync(seed.GeneralChannelId, 42));
        Assert.Equal(DiscordErrorCodes.UnknownMessage, unknown.Code);
    }
}
