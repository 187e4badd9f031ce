using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cortex.Commands.Handlers;

public static class SlashCommandServices
{
    /// <summary>
    /// Registers every concrete <typeparamref name="THandler"/> in the assembly that defines it, and the
    /// registry over them: a new command's handler is found by being written, with no list to edit.
    /// </summary>
    [RequiresUnreferencedCode("Finds the handlers by reflection over their assembly; the services that call this are not trimmed.")]
    public static IServiceCollection AddSlashCommandHandlers<THandler>(this IServiceCollection services)
        where THandler : class, ISlashCommandHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        var handlers = typeof(THandler).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(THandler).IsAssignableFrom(type));
        foreach (var handler in handlers)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(THandler), handler));
        }

        services.TryAddSingleton<SlashCommandRegistry<THandler>>();
        return services;
    }
}
