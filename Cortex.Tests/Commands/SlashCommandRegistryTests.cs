using System.Runtime.CompilerServices;
using Cortex.Ai.Chat;
using Cortex.Ai.Moderation.Commands;
using Cortex.Commands;
using Cortex.Commands.Handlers;
using Cortex.Economy.Commands;

namespace Cortex.Tests.Commands;

/// <summary>
/// Adding a command is: declare it in Cortex.Commands, write its handler in the feature's folder. The
/// registry is what makes the second step enough, so what it finds and what it refuses is checked here.
/// </summary>
public sealed class SlashCommandRegistryTests
{
    private sealed record Named(string Name) : ISlashCommandHandler;

    /// <summary>The names the handlers of one service answer, as the assembly scan finds them.</summary>
    private static IEnumerable<string> Answered<THandler>() where THandler : ISlashCommandHandler =>
        typeof(THandler).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(THandler).IsAssignableFrom(type))
            .Select(type => ((THandler)RuntimeHelpers.GetUninitializedObject(type)).Name); // Name is a constant of the type.

    [Fact]
    public void Every_declared_command_has_exactly_one_handler_across_the_services()
    {
        // /verify-setup shares its consumer with the Verify button's clicks (VerificationInteractionHandler).
        var answered = Answered<IEconomyCommand>().Concat(Answered<IAiCommand>()).Concat(Answered<IModerationCommand>())
            .Concat(VerificationCommandList.All.Select(command => command.Name)).ToList();

        Assert.Equal(answered.Count, answered.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(CortexCommands.All.Select(command => command.Name).Order(StringComparer.Ordinal), answered.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_handler_is_found_by_its_commands_name_and_another_services_command_finds_nothing()
    {
        var pay = new Named(EconomyCommandList.Pay);
        var registry = new SlashCommandRegistry<Named>([pay, new Named(EconomyCommandList.Daily)]);

        Assert.Same(pay, registry.Find(EconomyCommandList.Pay));
        Assert.Null(registry.Find(AiCommandList.Ask));
        Assert.Null(registry.Find(null));
    }

    [Fact]
    public void A_handler_for_an_undeclared_command_fails_the_start_with_its_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SlashCommandRegistry<Named>([new Named("tip")]));

        Assert.Contains("/tip", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_handlers_for_one_command_fail_the_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new SlashCommandRegistry<Named>([new Named(EconomyCommandList.Pay), new Named(EconomyCommandList.Pay)]));

        Assert.Contains("/pay", error.Message, StringComparison.Ordinal);
    }
}
