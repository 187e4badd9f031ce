using System.Net;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;

namespace Cortex.Tests.Discord.Rest.Routes;

/// <summary>Channels (read, create, modify), roles, DMs, kick, ban lookup and the audit log through <see cref="DiscordRestClient"/>.</summary>
public sealed class GuildRouteTests(RouteServer server) : IClassFixture<RouteServer>
{
    private readonly DiscordRestClient _client = server.Client;

    [Fact]
    public async Task Channels_and_roles_are_listed_and_a_channel_read_by_id()
    {
        var seed = await RestClientHarness.WorldAsync(server.Emulator);

        var channels = await _client.GetGuildChannelsAsync(seed.GuildId);
        var general = await _client.GetChannelAsync(seed.GeneralChannelId);
        var roles = await _client.GetGuildRolesAsync(seed.GuildId);
        var unknown = await Assert.ThrowsAsync<DiscordRestException>(() => _client.GetChannelAsync(42));

        Assert.Equal(["general", "bot-commands"], channels.Take(2).Select(c => c.Name));
        Assert.Equal(("general", ChannelType.GuildText, seed.GuildId), (general.Name, general.Type, general.GuildId!.Value));
        Assert.NotNull(general.PermissionOverwrites);
        Assert.Equal(["@everyone", "Moderator", "Cortex"], roles.Select(r => r.Name));
        Assert.Equal((HttpStatusCode.NotFound, DiscordErrorCodes.UnknownChannel), (unknown.Status, unknown.Code));
    }

    [Fact]
    public async Task A_dm_is_opened_once_per_user_and_takes_messages()
    {
        var (_, user) = await server.MemberAsync("dmuser");

        var dm = await _client.CreateDmAsync(user.Id);
        var again = await _client.CreateDmAsync(user.Id);
        var sent = await _client.CreateMessageAsync(dm.Id, new CreateMessageRequest { Content = "hello in private" });
        var read = await _client.GetChannelAsync(dm.Id);
        var toBot = await Assert.ThrowsAsync<DiscordRestException>(() => _client.CreateDmAsync(server.State.Bot.Id));
        var nobody = await Assert.ThrowsAsync<DiscordRestException>(() => _client.CreateDmAsync(42));

        Assert.Equal(ChannelType.DirectMessage, dm.Type);
        Assert.Equal(user.Id, Assert.Single(dm.Recipients!).Id);
        Assert.Equal(dm.Id, again.Id);
        Assert.Null(sent.GuildId);
        Assert.Equal(sent.Id, read.LastMessageId);
        Assert.Equal(50007, toBot.Code);
        Assert.Equal((HttpStatusCode.NotFound, DiscordErrorCodes.UnknownUser), (nobody.Status, nobody.Code));
    }

    [Fact]
    public async Task A_kick_removes_the_member_and_is_in_the_audit_log_with_its_reason()
    {
        var (seed, user) = await server.MemberAsync("kicked");

        await _client.KickAsync(seed.GuildId, user.Id, reason: "rule 3: spam");
        var gone = await Assert.ThrowsAsync<DiscordRestException>(() => _client.GetGuildMemberAsync(seed.GuildId, user.Id));
        var owner = await Assert.ThrowsAsync<DiscordRestException>(() => _client.KickAsync(seed.GuildId, seed.OwnerId));
        var locked = await Assert.ThrowsAsync<DiscordRestException>(() => _client.KickAsync(seed.LockedGuildId, seed.AdaId));
        var log = await _client.GetAuditLogAsync(seed.GuildId, actionType: 20, limit: 10);

        Assert.Equal(DiscordErrorCodes.UnknownMember, gone.Code);
        Assert.Equal((HttpStatusCode.Forbidden, DiscordErrorCodes.MissingPermissions), (owner.Status, owner.Code));
        Assert.Equal(DiscordErrorCodes.MissingPermissions, locked.Code);
        var entry = Assert.Single(log.AuditLogEntries, e => e.TargetId == user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(("rule 3: spam", server.State.Bot.Id.Value), (entry.Reason, entry.UserId!.Value.Value));
        Assert.Contains(log.Users, u => u.Id == user.Id);
        Assert.True(server.Dispatched("GUILD_MEMBER_REMOVE", d => d.Contains(user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_ban_is_read_back_with_its_reason_until_it_is_lifted()
    {
        var (seed, user) = await server.MemberAsync("banned");

        await _client.BanAsync(seed.GuildId, user.Id, reason: "raid");
        var ban = await _client.GetBanAsync(seed.GuildId, user.Id);
        await _client.UnbanAsync(seed.GuildId, user.Id, reason: "appeal");
        var lifted = await Assert.ThrowsAsync<DiscordRestException>(() => _client.GetBanAsync(seed.GuildId, user.Id));
        var locked = await Assert.ThrowsAsync<DiscordRestException>(() => _client.GetBanAsync(seed.LockedGuildId, user.Id));
        var lockedLog = await Assert.ThrowsAsync<DiscordRestException>(() => _client.GetAuditLogAsync(seed.LockedGuildId));
        var log = await _client.GetAuditLogAsync(seed.GuildId, userId: server.State.Bot.Id);

        Assert.Equal(("raid", user.Id), (ban.Reason, ban.User.Id));
        Assert.Equal((HttpStatusCode.NotFound, DiscordErrorCodes.UnknownBan), (lifted.Status, lifted.Code));
        Assert.Equal(DiscordErrorCodes.MissingPermissions, locked.Code);
        Assert.Equal(DiscordErrorCodes.MissingPermissions, lockedLog.Code);
        var target = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["appeal", "raid"], log.AuditLogEntries.Where(e => e.TargetId == target).Select(e => e.Reason));
        Assert.Equal([23, 22], log.AuditLogEntries.Where(e => e.TargetId == target).Select(e => e.ActionType));
    }

    [Fact]
    public async Task A_channel_is_created_with_manage_channels_and_a_thread_archived_then_refusing_changes()
    {
        var seed = await RestClientHarness.WorldAsync(server.Emulator);
        var refused = await Assert.ThrowsAsync<DiscordRestException>(() => _client.CreateGuildChannelAsync(seed.GuildId, new CreateGuildChannelRequest { Name = "news" }));
        Assert.Equal((HttpStatusCode.Forbidden, DiscordErrorCodes.MissingPermissions), (refused.Status, refused.Code));

        var role = server.State.AddRole(seed.GuildId, "channel managers", Cortex.Discord.Permissions.DiscordPermissions.ManageChannels);
        server.State.AddMember(seed.GuildId, server.State.Bot.Id, [role.Id.Value]);
        var category = await _client.CreateGuildChannelAsync(seed.GuildId, new CreateGuildChannelRequest { Name = "info", Type = ChannelType.GuildCategory });
        var news = await _client.CreateGuildChannelAsync(seed.GuildId, new CreateGuildChannelRequest { Name = "news", ParentId = category.Id, Topic = "what is new" });
        Assert.Equal((ChannelType.GuildText, category.Id, "what is new"), (news.Type, news.ParentId!.Value, news.Topic));

        var thread = server.State.StartThread(seed.GeneralChannelId, null, new() { Name = "to archive", Type = (int)ChannelType.PublicThread }, server.State.Bot.Id);
        var archived = await _client.ModifyChannelAsync(thread.Id, new ModifyChannelRequest { Archived = true });
        var rename = await Assert.ThrowsAsync<DiscordRestException>(() => _client.ModifyChannelAsync(thread.Id, new ModifyChannelRequest { Name = "renamed" }));
        Assert.True(archived.ThreadMetadata!.Archived);
        Assert.Equal((HttpStatusCode.BadRequest, 50083), (rename.Status, rename.Code));
    }
}
