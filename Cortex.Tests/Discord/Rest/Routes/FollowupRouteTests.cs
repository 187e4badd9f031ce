using System.Net;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;

namespace Cortex.Tests.Discord.Rest.Routes;

/// <summary>Reading back an interaction's original response and follow-ups, and answering with files.</summary>
public sealed class FollowupRouteTests(RouteServer server) : IClassFixture<RouteServer>
{
    private readonly DiscordRestClient _client = server.Client;

    private async Task<Interaction> InteractionAsync(string name)
    {
        var seed = await RestClientHarness.WorldAsync(server.Emulator);
        server.State.OverwriteCommands(seed.GuildId, [.. server.State.CommandsFor(seed.GuildId).Where(c => c.GuildId is not null && c.Name != name),
            new ApplicationCommand { Name = name, Description = "test" }]);
        return server.State.CreateCommandInteraction(seed.GeneralChannelId, seed.AdaId, name, []);
    }

    [Fact]
    public async Task The_original_response_and_a_followup_are_read_back_as_edited()
    {
        var interaction = await InteractionAsync("readback");
        var app = interaction.ApplicationId;

        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, new InteractionResponse
        {
            Type = InteractionCallbackType.ChannelMessageWithSource,
            Data = new InteractionCallbackData { Content = "first answer" },
        });
        var original = await _client.GetOriginalResponseAsync(app, interaction.Token);
        var followup = await _client.CreateFollowupAsync(app, interaction.Token, new CreateMessageRequest { Content = "more" });
        await _client.EditFollowupAsync(app, interaction.Token, followup.Id, new EditMessageRequest { Content = "more, edited" });
        var read = await _client.GetFollowupAsync(app, interaction.Token, followup.Id);
        var unknown = await Assert.ThrowsAsync<DiscordRestException>(() => _client.GetFollowupAsync(app, interaction.Token, 42));
        var badToken = await Assert.ThrowsAsync<DiscordRestException>(() => _client.GetOriginalResponseAsync(app, "emu.not-a-token"));

        Assert.Equal("first answer", original.Content);
        Assert.Equal("more, edited", read.Content);
        Assert.Equal(DiscordErrorCodes.UnknownMessage, unknown.Code);
        Assert.Equal((HttpStatusCode.NotFound, DiscordErrorCodes.UnknownWebhook), (badToken.Status, badToken.Code));
    }

    [Fact]
    public async Task An_interaction_response_and_a_followup_carry_files()
    {
        var interaction = await InteractionAsync("export");
        var app = interaction.ApplicationId;

        await _client.CreateInteractionResponseAsync(interaction.Id, interaction.Token,
            new InteractionResponse { Type = InteractionCallbackType.ChannelMessageWithSource, Data = new InteractionCallbackData { Content = "your export" } },
            [new FileUpload("export.json", "{}"u8.ToArray(), "application/json")]);
        var followup = await _client.CreateFollowupAsync(app, interaction.Token, new CreateMessageRequest(), [new FileUpload("more.txt", "x"u8.ToArray(), "text/plain")]);
        var original = await _client.GetOriginalResponseAsync(app, interaction.Token);

        Assert.Equal("export.json", Assert.Single(original.Attachments).Filename);
        Assert.Equal("more.txt", Assert.Single(followup.Attachments).Filename);
    }
}
