using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cortex.Discord.Interactions;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;

namespace Cortex.Tests.Discord.Rest.Routes;

/// <summary>Autocomplete (type 8), modals (type 9 and their submission) and select menus through the client and the emulator's control API.</summary>
public sealed class InteractionKindTests(RouteServer server) : IClassFixture<RouteServer>
{
    private readonly DiscordRestClient _client = server.Client;

    private async Task<SeedWorldAndCommand> CommandAsync()
    {
        var seed = await RestClientHarness.WorldAsync(server.Emulator);
        server.State.OverwriteCommands(seed.GuildId, [new ApplicationCommand
        {
            Name = "pay",
            Description = "Pay someone",
            Options = [new ApplicationCommandOption { Type = ApplicationCommandOptionType.String, Name = "item", Description = "What", Autocomplete = true }],
        }]);
        return new SeedWorldAndCommand(seed.GeneralChannelId, seed.AdaId);
    }

    private sealed record SeedWorldAndCommand(ulong ChannelId, ulong UserId);

    private async Task<(HttpStatusCode Status, string Body)> ControlAsync(string path, string json)
    {
        using var http = server.Emulator.CreateSocketClient();
        using var response = await http.PostAsync($"control/interactions/{path}", new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Interaction Parse(string body) => System.Text.Json.JsonSerializer.Deserialize(body, DiscordJsonContext.Default.Interaction)!;

    [Fact]
    public async Task Autocomplete_is_answered_with_choices_and_nothing_else()
    {
        var at = await CommandAsync();
        var (status, body) = await ControlAsync("autocomplete", $$"""{"channel_id":"{{at.ChannelId}}","user_id":"{{at.UserId}}","name":"pay","option":"item","value":"co"}""");
        var typing = Parse(body);

        var message = await Assert.ThrowsAsync<DiscordRestException>(() => _client.CreateInteractionResponseAsync(typing.Id, typing.Token,
            new InteractionResponse { Type = InteractionCallbackType.ChannelMessageWithSource, Data = new InteractionCallbackData { Content = "no" } }));
        await _client.CreateInteractionResponseAsync(typing.Id, typing.Token, InteractionReplies.Autocomplete([("Coffee", "coffee"), ("Cookie", "cookie")]));
        using var http = server.Emulator.CreateSocketClient();
        var choices = await http.GetFromJsonAsync($"control/interactions/{typing.Id}/choices", DiscordJsonContext.Default.InteractionCallbackData);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(InteractionType.ApplicationCommandAutocomplete, typing.Type);
        Assert.True(Assert.Single(typing.Data!.Options!).Focused);
        Assert.Equal(DiscordErrorCodes.InvalidFormBody, message.Code);
        Assert.Equal(["Coffee", "Cookie"], choices!.Choices!.Select(c => c.Name));
    }

    [Fact]
    public async Task A_modal_opened_for_a_command_comes_back_as_a_modal_submit_with_the_values_entered()
    {
        var at = await CommandAsync();
        var command = server.State.CreateCommandInteraction(at.ChannelId, at.UserId, "pay", []);

        await _client.CreateInteractionResponseAsync(command.Id, command.Token,
            InteractionReplies.Modal("pay-form", "Pay", InteractionReplies.TextInput("amount", "Amount"), InteractionReplies.TextInput("note", "Note", required: false)));
        var missing = await ControlAsync("modal-submit", $$$"""{"interaction_id":"{{{command.Id}}}","values":{"note":"hi"}}""");
        var (status, body) = await ControlAsync("modal-submit", $$$"""{"interaction_id":"{{{command.Id}}}","values":{"amount":"25"}}""");
        var submit = Parse(body);
        await _client.CreateInteractionResponseAsync(submit.Id, submit.Token,
            new InteractionResponse { Type = InteractionCallbackType.ChannelMessageWithSource, Data = new InteractionCallbackData { Content = "paid 25" } });

        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((InteractionType.ModalSubmit, "pay-form"), (submit.Type, submit.Data!.CustomId));
        Assert.Equal("25", InteractionReplies.SubmittedValue(submit.Data, "amount"));
        Assert.Equal("", InteractionReplies.SubmittedValue(submit.Data, "note"));
        Assert.Equal("paid 25", (await _client.GetOriginalResponseAsync(submit.ApplicationId, submit.Token)).Content);
    }

    [Fact]
    public async Task A_modal_without_inputs_is_refused()
    {
        var at = await CommandAsync();
        var command = server.State.CreateCommandInteraction(at.ChannelId, at.UserId, "pay", []);

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => _client.CreateInteractionResponseAsync(command.Id, command.Token, InteractionReplies.Modal("empty", "Empty")));

        Assert.Equal((HttpStatusCode.BadRequest, DiscordErrorCodes.InvalidFormBody), (error.Status, error.Code));
    }

    [Fact]
    public async Task A_select_menu_sends_the_chosen_values_and_refuses_values_it_does_not_offer()
    {
        var seed = await RestClientHarness.WorldAsync(server.Emulator);
        var menu = await _client.CreateMessageAsync(seed.GeneralChannelId, new CreateMessageRequest
        {
            Content = "Pick a colour",
            Components = [InteractionReplies.StringSelect("colour", [new SelectOption { Label = "Red", Value = "red" }, new SelectOption { Label = "Blue", Value = "blue" }], maxValues: 2)],
        });
        var users = await _client.CreateMessageAsync(seed.GeneralChannelId, new CreateMessageRequest
        {
            Content = "Pick a user",
            Components = [MessageComponent.ActionRow(new MessageComponent { Type = ComponentType.UserSelect, CustomId = "who" })],
        });
        var tooMany = await Assert.ThrowsAsync<DiscordRestException>(() => _client.CreateMessageAsync(seed.GeneralChannelId, new CreateMessageRequest
        {
            Content = "Crowded",
            Components = [MessageComponent.ActionRow(new MessageComponent { Type = ComponentType.StringSelect, CustomId = "a", Options = [new SelectOption { Label = "x", Value = "x" }] }, MessageComponent.Button("b", "B"))],
        }));

        var (status, body) = await ControlAsync("select", $$"""{"channel_id":"{{seed.GeneralChannelId}}","message_id":"{{menu.Id}}","user_id":"{{seed.AdaId}}","custom_id":"colour","values":["red","blue"]}""");
        var refused = await ControlAsync("select", $$"""{"channel_id":"{{seed.GeneralChannelId}}","message_id":"{{menu.Id}}","user_id":"{{seed.AdaId}}","custom_id":"colour","values":["green"]}""");
        var (userStatus, userBody) = await ControlAsync("select", $$"""{"channel_id":"{{seed.GeneralChannelId}}","message_id":"{{users.Id}}","user_id":"{{seed.AdaId}}","custom_id":"who","values":["{{seed.GraceId}}"]}""");
        var picked = Parse(body);
        await _client.CreateInteractionResponseAsync(picked.Id, picked.Token, new InteractionResponse
        {
            Type = InteractionCallbackType.UpdateMessage,
            Data = new InteractionCallbackData { Content = "You picked red and blue", Components = [] },
        });

        Assert.Equal(DiscordErrorCodes.InvalidFormBody, tooMany.Code);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.OK), (status, refused.Status, userStatus));
        Assert.Equal(ComponentType.StringSelect, picked.Data!.ComponentType);
        Assert.Equal(["red", "blue"], picked.Data.Values!);
        Assert.Equal("Grace", Parse(userBody).Data!.Resolved!.Users![seed.GraceId.ToString()].GlobalName);
        Assert.Equal("You picked red and blue", (await _client.GetMessageAsync(seed.GeneralChannelId, menu.Id)).Content);
    }
}
