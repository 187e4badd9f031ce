using System.Globalization;
using Cortex.Discord.Models;
using Cortex.Economy.Verification;

namespace Cortex.Tests.Defense;

/// <summary>The role hierarchy and permission rules of <c>/verify-setup</c>, on a guild built in memory (pure function).</summary>
public sealed class VerificationRolePolicyTests
{
    private const ulong GuildId = 100, OwnerId = 1, InvokerId = 2, BotId = 3;
    private const ulong Everyone = GuildId, Plain = 200, InvokerRole = 201, BotRole = 202, Level = 203, Managed = 204, Dangerous = 205;

    private static Guild World(ulong dangerousPermissions = 0) => new()
    {
        Id = new Snowflake(GuildId),
        Name = "g",
        OwnerId = new Snowflake(OwnerId),
        Roles =
        [
            Role(Everyone, 0), Role(Plain, 1), Role(Managed, 1, managed: true), Role(Dangerous, 1, dangerousPermissions),
            Role(InvokerRole, 3), Role(Level, 3), Role(BotRole, 5),
        ],
    };

    private static Role Role(ulong id, int position, ulong permissions = 0, bool managed = false) =>
        new() { Id = new Snowflake(id), Name = "r" + id, Position = position, Permissions = permissions.ToString(CultureInfo.InvariantCulture), Managed = managed };

    private static string? Refusal(ulong role, ulong invoker = InvokerId, ulong dangerous = 0) =>
        VerificationRolePolicy.Refusal(World(dangerous), role, invoker, [new Snowflake(InvokerRole)], BotId, [new Snowflake(BotRole)]);

    [Fact]
    public void A_plain_role_below_the_invoker_and_the_bot_may_be_handed_out() => Assert.Null(Refusal(Plain));

    [Theory]
    [InlineData(1UL << 3, "Administrator")]
    [InlineData(1UL << 5, "Manage Server")]
    [InlineData(1UL << 28, "Manage Roles")]
    [InlineData(1UL << 4, "Manage Channels")]
    [InlineData(1UL << 29, "Manage Webhooks")]
    [InlineData(1UL << 2, "Ban Members")]
    [InlineData(1UL << 1, "Kick Members")]
    [InlineData(1UL << 40, "Moderate Members")]
    [InlineData(1UL << 17, "Mention @everyone")]
    public void A_role_with_a_dangerous_permission_is_refused_naming_it(ulong permission, string name) =>
        Assert.Contains("has " + name, Refusal(Dangerous, dangerous: permission | (1UL << 10)), StringComparison.Ordinal);

    [Fact]
    public void Everyone_unknown_and_managed_roles_are_refused()
    {
        Assert.Contains("not @everyone", Refusal(Everyone), StringComparison.Ordinal);
        Assert.Contains("not @everyone", Refusal(999), StringComparison.Ordinal);
        Assert.Contains("managed by an integration", Refusal(Managed), StringComparison.Ordinal);
    }

    [Fact]
    public void A_role_level_with_the_invokers_highest_and_newer_is_below_it_but_the_invokers_own_is_not()
    {
        Assert.Null(Refusal(Level));
        Assert.Contains("not below your highest role", Refusal(InvokerRole), StringComparison.Ordinal);
    }

    [Fact]
    public void The_owner_is_above_the_hierarchy_but_the_bot_is_not()
    {
        Assert.Null(Refusal(InvokerRole, invoker: OwnerId));
        Assert.Contains("not below Cortex's highest role", Refusal(BotRole, invoker: OwnerId), StringComparison.Ordinal);
    }
}
