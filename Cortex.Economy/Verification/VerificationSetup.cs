using System.Net;
using Cortex.Commands;
using Cortex.Discord.Interactions;
using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using Cortex.Discord.Rest;

namespace Cortex.Economy.Verification;

/// <summary>
/// <c>/verify-setup role:</c>: the invoker needs Manage Server and Manage Roles (from the interaction's
/// member permissions), and the role must pass <see cref="VerificationRolePolicy"/> against the guild's
/// roles and the bot's, read over REST at the moment of setup. Every refusal is an ephemeral reason.
/// </summary>
public sealed class VerificationSetup(DiscordRestClient discord)
{
    private Snowflake _botId;

    public async Task<InteractionResponse> AnswerAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (interaction.GuildId is not { } guild || interaction.Member is not { User: { } invoker } member || !HasPermission(member, DiscordPermissions.ManageGuild))
        {
            return VerificationInteractionHandler.Ephemeral("Only members with Manage Server can set up verification.");
        }

        if (!HasPermission(member, DiscordPermissions.ManageRoles))
        {
            return VerificationInteractionHandler.Ephemeral("Only members with Manage Roles can set up verification: it hands out a role.");
        }

        if (interaction.Data?.Options.Find(VerificationCommandList.RoleOption).AsSnowflake() is not { } roleId || roleId == guild)
        {
            return VerificationInteractionHandler.Ephemeral("Pick the role verified members should get (not @everyone).");
        }

        string? refusal;
        try
        {
            var roles = await discord.GetGuildAsync(guild, cancellationToken);
            var botId = _botId != default ? _botId : _botId = (await discord.GetCurrentUserAsync(cancellationToken)).Id;
            var bot = await discord.GetGuildMemberAsync(guild, botId, cancellationToken);
            refusal = VerificationRolePolicy.Refusal(roles, roleId, invoker.Id, member.Roles, botId, bot.Roles);
        }
        catch (DiscordRestException e) when (e.Status is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError)
        {
            return VerificationInteractionHandler.Ephemeral("Cortex could not read this server's roles, so it set nothing up. Check that it is still in the server.");
        }

        return refusal is not null ? VerificationInteractionHandler.Ephemeral(refusal) : new InteractionResponse
        {
            Type = InteractionCallbackType.ChannelMessageWithSource,
            Data = new InteractionCallbackData
            {
                Content = $"Welcome! Click **Verify** to confirm you are a person and get the <@&{roleId}> role.",
                AllowedMentions = new AllowedMentions { Parse = [] },
                Components = [MessageComponent.ActionRow(MessageComponent.Button(VerificationInteractionHandler.CustomIdPrefix + roleId.ToString(), "Verify", ButtonStyle.Success))],
            },
        };
    }

    private static bool HasPermission(GuildMember member, DiscordPermissions permission) => PermissionBits.HasAny(member.Permissions, permission);
}
