using System.Net;
using Cortex.Commands;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;
using Cortex.Events.Consuming;

namespace Cortex.Economy.Verification;

/// <summary>
/// Verification's side of the interactions stream, in a consumer group of its own (<c>verification</c>): <c>/verify-setup
/// role:</c> (<see cref="VerificationSetup"/>: Manage Server, Manage Roles, a harmless role below the
/// invoker's and the bot's) posts the message with the Verify button; a click on that button (a
/// component interaction, custom id <c>cortex:verify:{role}</c>) answers the clicker, and only them,
/// with a signed link. The role travels in the custom id: only the bot can put components on its
/// messages, so it is as trustworthy as the message itself, and no setup state needs storing.
/// </summary>
/// <remarks>
/// Verification lives in the economy service because that is where Cortex's public HTTP pages
/// already are (behind the shared defense, with the /verify limit in its table) and where an
/// interaction consumer already runs; the gateway only admits interactions and routes them.
/// </remarks>
public sealed partial class VerificationInteractionHandler(
    DiscordRestClient discord,
    VerificationSetup setup,
    VerificationLinks links,
    ILogger<VerificationInteractionHandler> logger) : IEventHandler<Interaction>
{
    public const string Group = "verification";

    public const string CustomIdPrefix = "cortex:verify:";

    public async Task HandleAsync(Interaction interaction, EventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var response = interaction switch
        {
            { Type: InteractionType.ApplicationCommand, Data.Name: var name } when VerificationCommandList.Handles(name) => await setup.AnswerAsync(interaction, cancellationToken),
            { Type: InteractionType.MessageComponent, Data.CustomId: { } id } when id.StartsWith(CustomIdPrefix, StringComparison.Ordinal) => Click(interaction, id),
            _ => null,
        };
        if (response is null)
        {
            return;
        }

        try
        {
            await discord.CreateInteractionResponseAsync(interaction.Id.Value, interaction.Token, response, cancellationToken);
        }
        catch (DiscordRestException e) when (e.Status is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError)
        {
            // Already answered (a redelivery) or expired: retrying cannot help.
            LogAnswerRefused(logger, interaction.Id.Value, e.Code);
        }
    }

    private InteractionResponse Click(Interaction interaction, string customId)
    {
        if (!links.Enabled)
        {
            return Ephemeral("Verification is not configured on this deployment.");
        }

        if (interaction.GuildId is not { } guild || interaction.Invoker is not { } user
            || !Snowflake.TryParse(customId[CustomIdPrefix.Length..], out var roleId))
        {
            return Ephemeral("This button only works in a server.");
        }

        var link = links.Issue(guild, user.Id, roleId);
        var url = links.Url(link);
        return new InteractionResponse
        {
            Type = InteractionCallbackType.ChannelMessageWithSource,
            Data = new InteractionCallbackData
            {
                Content = $"Open your personal verification link (valid for {links.Lifetime.TotalMinutes:0} minutes, once): {url}",
                Flags = MessageFlags.Ephemeral,
                Components = [MessageComponent.ActionRow(new MessageComponent { Type = ComponentType.Button, Style = (int)ButtonStyle.Link, Label = "Verify in browser", Url = url.ToString() })],
            },
        };
    }

    internal static InteractionResponse Ephemeral(string content) => new()
    {
        Type = InteractionCallbackType.ChannelMessageWithSource,
        Data = new InteractionCallbackData { Content = content, Flags = MessageFlags.Ephemeral },
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord refused the answer to interaction {InteractionId} (code {Code})")]
    private static partial void LogAnswerRefused(ILogger logger, ulong interactionId, int code);
}
