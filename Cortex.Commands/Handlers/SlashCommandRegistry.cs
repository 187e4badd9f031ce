using System.Collections.Frozen;

namespace Cortex.Commands.Handlers;

/// <summary>
/// A service's slash-command handlers by name. Built once at start: a handler for a command no
/// <c>*CommandList</c> declares, or two handlers for one command, fail the service's start with the
/// names in the message, not the first interaction.
/// </summary>
public sealed class SlashCommandRegistry<THandler> where THandler : ISlashCommandHandler
{
    private readonly FrozenDictionary<string, THandler> _handlers;

    public SlashCommandRegistry(IEnumerable<THandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        var byName = new Dictionary<string, THandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!CortexCommands.Declares(CortexCommands.All, handler.Name))
            {
                throw new InvalidOperationException($"{handler.GetType().Name} answers /{handler.Name}, which no *CommandList in Cortex.Commands declares.");
            }

            if (!byName.TryAdd(handler.Name, handler))
            {
                throw new InvalidOperationException($"Both {byName[handler.Name].GetType().Name} and {handler.GetType().Name} answer /{handler.Name}.");
            }
        }

        _handlers = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The commands this service answers.</summary>
    public IReadOnlyCollection<string> Names => _handlers.Keys;

    /// <summary>The handler for <paramref name="name"/>, or null when the command is another service's.</summary>
    public THandler? Find(string? name) => name is not null && _handlers.TryGetValue(name, out var handler) ? handler : default;
}
