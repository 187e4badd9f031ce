using Cortex.Discord.Models;
using Cortex.Discord.Permissions;
using static Cortex.Discord.Permissions.DiscordPermissions;

namespace Cortex.Tests.Discord.Permissions;

/// <summary>Discord's permission algorithm against the rules and examples of its permissions page.</summary>
public sealed class PermissionCalculatorTests
{
    private const ulong Guild = 100, RoleA = 201, RoleB = 202, User = 300;

    private static readonly Dictionary<ulong, DiscordPermissions> Roles = new()
    {
        [Guild] = ViewChannel | SendMessages | ReadMessageHistory | AddReactions,
        [RoleA] = ManageMessages,
        [RoleB] = None,
    };

    private static DiscordPermissions? RolePermissions(ulong id) => Roles.TryGetValue(id, out var bits) ? bits : null;

    // Role B made an administrator role.
    private static DiscordPermissions? WithAdministrator(ulong id) => id == RoleB ? Administrator : RolePermissions(id);

    private static PermissionMember Member(ulong[]? roles = null, bool owner = false, bool timedOut = false) =>
        new(Guild, User, roles ?? [], owner, timedOut);

    private static ChannelOverwrite Role(ulong id, DiscordPermissions allow = None, DiscordPermissions deny = None) =>
        new(id, PermissionOverwriteType.Role, allow, deny);

    [Fact]
    public void The_documented_bit_example_gives_2112_for_send_messages_and_add_reactions()
    {
        Assert.Equal(2112UL, (ulong)(AddReactions | SendMessages));
        Assert.Equal("2112", PermissionBits.Format(AddReactions | SendMessages));
        Assert.Equal(AddReactions | SendMessages, PermissionBits.Parse("2112"));
        Assert.Null(PermissionBits.Parse("-1"));
    }

    [Fact]
    public void Base_permissions_are_everyones_or_the_member_roles_and_owner_and_administrator_get_all()
    {
        Assert.Equal(Roles[Guild] | ManageMessages, PermissionCalculator.Base(Member([RoleA]), RolePermissions));
        Assert.Equal(Roles[Guild], PermissionCalculator.Base(Member(), RolePermissions));
        Assert.Equal(All, PermissionCalculator.Base(Member(owner: true), RolePermissions));
        Assert.Equal(All, PermissionCalculator.Base(Member([RoleB]), WithAdministrator));
    }

    [Fact]
    public void Overwrites_apply_everyone_then_all_member_roles_together_then_the_member()
    {
        var basePermissions = PermissionCalculator.Base(Member([RoleA, RoleB]), RolePermissions);

        // @everyone denied Send Messages, a role allows it back.
        Assert.True(Has(PermissionCalculator.Overwrites(basePermissions, Member([RoleA, RoleB]),
            [Role(Guild, deny: SendMessages), Role(RoleA, allow: SendMessages)]), SendMessages));

        // The page's example: role A denies View Channel on #coolstuff, role B allows it: the user can view it, whatever the positions.
        Assert.True(Has(PermissionCalculator.Overwrites(basePermissions, Member([RoleA, RoleB]),
            [Role(RoleA, deny: ViewChannel), Role(RoleB, allow: ViewChannel)]), ViewChannel));

        // A member overwrite comes last: it denies what a role allowed.
        Assert.False(Has(PermissionCalculator.Overwrites(basePermissions, Member([RoleA, RoleB]),
            [Role(RoleA, allow: AttachFiles), new ChannelOverwrite(User, PermissionOverwriteType.Member, None, AttachFiles)]), AttachFiles));

        // An overwrite for a role the member lacks, or for another member, does nothing.
        Assert.Equal(basePermissions, PermissionCalculator.Overwrites(basePermissions, Member([RoleA, RoleB]),
            [Role(999, deny: ViewChannel), new ChannelOverwrite(301, PermissionOverwriteType.Member, None, ViewChannel)]));
    }

    [Fact]
    public void Administrator_and_ownership_bypass_channel_overwrites()
    {
        ChannelOverwrite[] hidden = [Role(Guild, deny: ViewChannel), new(User, PermissionOverwriteType.Member, None, All)];
        Assert.Equal(All, PermissionCalculator.InChannel(Member(owner: true), RolePermissions, hidden));
        Assert.Equal(All, PermissionCalculator.InChannel(Member([RoleB]), WithAdministrator, hidden));
    }

    [Fact]
    public void A_timed_out_member_keeps_only_view_channel_and_read_message_history_and_owners_are_exempt()
    {
        Assert.Equal(ViewChannel | ReadMessageHistory, PermissionCalculator.Base(Member([RoleA], timedOut: true), RolePermissions));
        // An overwrite cannot give a timed-out member more.
        Assert.Equal(ViewChannel | ReadMessageHistory, PermissionCalculator.InChannel(Member([RoleA], timedOut: true), RolePermissions,
            [Role(RoleA, allow: SendMessages | ManageMessages)]));
        Assert.Equal(All, PermissionCalculator.InChannel(Member(owner: true, timedOut: true), RolePermissions, []));
    }

    [Fact]
    public void Implicit_denials_without_view_channel_nothing_and_without_send_messages_no_attachments_or_embeds()
    {
        Assert.Equal(None, PermissionCalculator.InChannel(Member([RoleA]), RolePermissions, [Role(Guild, deny: ViewChannel)]));

        var noSend = PermissionCalculator.InChannel(Member(), RolePermissions, [Role(Guild, allow: AttachFiles | EmbedLinks | MentionEveryone, deny: SendMessages)]);
        Assert.Equal(ViewChannel | ReadMessageHistory | AddReactions, noSend);
    }

    [Fact]
    public void Threads_take_send_messages_in_threads_and_private_threads_need_membership_or_manage_threads()
    {
        var parent = ViewChannel | SendMessages | ReadMessageHistory;
        Assert.Equal(SendMessagesInThreads, ThreadPermissions.SendPermission(isThread: true));
        Assert.False(Has(ThreadPermissions.InThread(parent, isPrivate: false, isThreadMember: false), ThreadPermissions.SendPermission(isThread: true)));
        Assert.Equal(parent, ThreadPermissions.InThread(parent, isPrivate: false, isThreadMember: false));
        Assert.Equal(None, ThreadPermissions.InThread(parent, isPrivate: true, isThreadMember: false));
        Assert.Equal(parent, ThreadPermissions.InThread(parent, isPrivate: true, isThreadMember: true));
        Assert.Equal(parent | ManageThreads, ThreadPermissions.InThread(parent | ManageThreads, isPrivate: true, isThreadMember: false));
    }

    [Fact]
    public void Administrator_grants_any_checked_permission_even_unexpanded()
    {
        Assert.True(PermissionBits.HasAny("8", ManageGuild));
        Assert.True(PermissionBits.HasAny("32", ManageGuild));
        Assert.False(PermissionBits.HasAny("2048", ManageGuild));
        Assert.False(PermissionBits.HasAny(null, ManageGuild));
        Assert.False(PermissionBits.HasAny("not a number", ManageGuild));
        Assert.True(PermissionBits.HasAll(ManageGuild | ManageRoles, ManageGuild | ManageRoles));
        Assert.False(PermissionBits.HasAll(ManageGuild, ManageGuild | ManageRoles));
    }

    [Fact]
    public void Role_hierarchy_orders_by_position_then_the_older_role_first()
    {
        var older = new Role { Id = 10, Name = "older", Permissions = "0", Position = 2 };
        var newer = new Role { Id = 20, Name = "newer", Permissions = "0", Position = 2 };
        var low = new Role { Id = 5, Name = "low", Permissions = "0", Position = 1 };
        Role[] roles = [older, newer, low];

        Assert.True(RoleHierarchy.Compare(older, newer) > 0);
        Assert.True(RoleHierarchy.Compare(newer, low) > 0);
        Assert.Same(older, RoleHierarchy.Highest(roles, [20, 10, 5]));
        Assert.True(RoleHierarchy.IsBelowMember(newer, roles, [10]));
        Assert.False(RoleHierarchy.IsBelowMember(older, roles, [20]));
        Assert.True(RoleHierarchy.Outranks(roles, [5], []));
        Assert.False(RoleHierarchy.Outranks(roles, [5], [5]));
        Assert.False(RoleHierarchy.Outranks(roles, [], []));
    }

    private static bool Has(DiscordPermissions held, DiscordPermissions bit) => (held & bit) == bit;
}
