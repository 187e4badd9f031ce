using Cortex.Discord.Interactions;
using static Cortex.Commands.CommandOptions;

namespace Cortex.Commands;

/// <summary>Member verification (answered by Cortex.Economy's Verification).</summary>
public static class VerificationCommandList
{
    public const string Setup = "verify-setup";
    public const string RoleOption = "role";

    public static IReadOnlyList<SlashCommand> All { get; } =
    [
        new(Setup, "Post a verification button that grants a role", [Role(RoleOption, "The role verified members get", required: true)],
            DefaultMemberPermissions: CommandPermissions.Require(CommandPermissions.ManageGuild)),
    ];

    public static bool Handles(string? name) => CortexCommands.Declares(All, name);
}
