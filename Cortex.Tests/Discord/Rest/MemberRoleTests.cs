using System.Net;
using Cortex.Discord.Rest;
using Cortex.Emulator.World;
using Cortex.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Tests.Discord.Rest;

/// <summary><see cref="DiscordRestClient.AddMemberRoleAsync"/> and its removal against the emulator's role rules.</summary>
public sealed class MemberRoleTests : IDisposable
{
    private readonly EmulatorServer _emulator = new();

    [Fact]
    public async Task Granting_a_role_below_the_bots_own_adds_it_once_and_removing_takes_it_away()
    {
        var world = await RestClientHarness.WorldAsync(_emulator);
        var client = RestClientHarness.Client(_emulator);
        var state = _emulator.Services.GetRequiredService<DiscordState>();

        await client.AddMemberRoleAsync(world.GuildId, world.AdaId, world.ModeratorRoleId, "verified");
        await client.AddMemberRoleAsync(world.GuildId, world.AdaId, world.ModeratorRoleId);
        var granted = state.GetMember(world.GuildId, world.AdaId).Roles;
        await client.RemoveMemberRoleAsync(world.GuildId, world.AdaId, world.ModeratorRoleId);

        Assert.Equal([world.ModeratorRoleId], granted);
        Assert.Empty(state.GetMember(world.GuildId, world.AdaId).Roles);
    }

    [Fact]
    public async Task The_bot_needs_manage_roles_and_a_higher_role_and_the_role_must_exist()
    {
        var world = await RestClientHarness.WorldAsync(_emulator);
        var client = RestClientHarness.Client(_emulator);
        var lockedRole = _emulator.Services.GetRequiredService<Cortex.Emulator.World.WorldControl>().CreateRole(world.LockedGuildId.Value, "Member");

        var ownRole = await Assert.ThrowsAsync<DiscordRestException>(() => client.AddMemberRoleAsync(world.GuildId, world.AdaId, world.BotRoleId));
        var locked = await Assert.ThrowsAsync<DiscordRestException>(() => client.AddMemberRoleAsync(world.LockedGuildId, world.AdaId, lockedRole.Id));
        var unknown = await Assert.ThrowsAsync<DiscordRestException>(() => client.AddMemberRoleAsync(world.GuildId, world.AdaId, 123456789));

        Assert.Equal((HttpStatusCode.Forbidden, DiscordErrorCodes.MissingPermissions), (ownRole.Status, ownRole.Code));
        Assert.Equal((HttpStatusCode.Forbidden, DiscordErrorCodes.MissingPermissions), (locked.Status, locked.Code));
        Assert.Equal((HttpStatusCode.NotFound, 10011), (unknown.Status, unknown.Code));
    }

    [Fact]
    public async Task A_role_created_over_the_control_api_at_a_position_below_the_bots_role_can_be_granted()
    {
        var world = await RestClientHarness.WorldAsync(_emulator);
        var client = RestClientHarness.Client(_emulator);
        using var control = _emulator.CreateSocketClient();

        var below = await CreateRoleAsync(control, world.GuildId.Value, """{"name":"Verified","position":1}""");
        var onTop = await CreateRoleAsync(control, world.GuildId.Value, """{"name":"Unplaced"}""");
        using var invalid = await control.PostAsync($"/control/guilds/{world.GuildId}/roles", Json("""{"name":"Nowhere","position":0}"""));

        await client.AddMemberRoleAsync(world.GuildId, world.AdaId, below);
        var refused = await Assert.ThrowsAsync<DiscordRestException>(() => client.AddMemberRoleAsync(world.GuildId, world.AdaId, onTop));
        Assert.Equal((HttpStatusCode.Forbidden, DiscordErrorCodes.MissingPermissions), (refused.Status, refused.Code));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal([below], _emulator.Services.GetRequiredService<DiscordState>().GetMember(world.GuildId, world.AdaId).Roles.Select(r => r.Value));
    }

    private static async Task<ulong> CreateRoleAsync(HttpClient control, ulong guildId, string body)
    {
        using var response = await control.PostAsync($"/control/guilds/{guildId}/roles", Json(body));
        response.EnsureSuccessStatusCode();
        using var role = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ulong.Parse(role.RootElement.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    public void Dispose() => _emulator.Dispose();
}
