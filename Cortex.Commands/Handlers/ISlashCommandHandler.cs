namespace Cortex.Commands.Handlers;

/// <summary>
/// Answers one slash command declared in Cortex.Commands. A service defines what a handler receives and
/// returns (an interface deriving from this one); <see cref="SlashCommandRegistry{THandler}"/> finds the
/// handler by <see cref="Name"/>, so no service keeps a <c>switch</c> over command names.
/// </summary>
public interface ISlashCommandHandler
{
    /// <summary>The declared command's name: a constant of its <c>*CommandList</c>.</summary>
    string Name { get; }
}
