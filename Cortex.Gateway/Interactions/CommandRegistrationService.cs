using Cortex.Discord;
using Cortex.Discord.Interactions;
using Cortex.Discord.Rest;
using Microsoft.Extensions.Options;

namespace Cortex.Gateway.Interactions;

/// <summary>
/// At start, registers every declared slash command (<see cref="ISlashCommandSource"/>) with one bulk
/// overwrite: guild-scoped in development (visible at once), global in production. Retries while
/// Discord (or the emulator) is not reachable yet; does nothing when no command is declared.
/// </summary>
public sealed partial class CommandRegistrationService(
    IEnumerable<ISlashCommandSource> sources,
    SlashCommandRegistrar registrar,
    DiscordRestClient rest,
    IOptions<DiscordOptions> options,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<CommandRegistrationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var commands = sources.SelectMany(source => source.Commands).ToList();
        if (commands.Count == 0)
        {
            LogNothingDeclared(logger);
            return;
        }

        var scope = options.Value.Commands.Scope ?? (environment.IsDevelopment() ? CommandScope.Guild : CommandScope.Global);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                List<ulong> guilds = options.Value.Commands.GuildIds;
                if (scope == CommandScope.Guild && guilds.Count == 0)
                {
                    guilds = [.. (await rest.GetCurrentUserGuildsAsync(stoppingToken)).Select(g => g.Id.Value)];
                }

                var registered = await registrar.RegisterAsync(commands, scope, guilds, stoppingToken);
                LogRegistered(logger, registered.Count, scope, guilds.Count);
                return;
            }
            catch (Exception error) when (error is HttpRequestException or DiscordRestException && attempt < 10 && !stoppingToken.IsCancellationRequested)
            {
                LogRetry(logger, attempt, error.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), time, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No slash commands declared; registration skipped")]
    private static partial void LogNothingDeclared(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Count} slash commands ({Scope} scope, {Guilds} guilds)")]
    private static partial void LogRegistered(ILogger logger, int count, CommandScope scope, int guilds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Command registration attempt {Attempt} failed: {Error}")]
    private static partial void LogRetry(ILogger logger, int attempt, string error);
}
