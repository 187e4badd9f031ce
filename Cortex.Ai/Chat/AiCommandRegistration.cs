using Cortex.Ai.Discord;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cortex.Ai.Chat;

/// <summary>
/// Creates or updates /ask and /memory at start-up, one command at a time: creating a command
/// with an existing name overwrites just that command, so other services' commands are untouched
/// (a bulk overwrite would delete them). A failure is logged; the worker still serves mentions.
/// </summary>
public sealed partial class AiCommandRegistration(IDiscordCommands commands, ILogger<AiCommandRegistration> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var command in AiCommands.All)
            {
                await commands.UpsertGlobalCommandAsync(command, stoppingToken);
            }

            LogRegistered(logger, AiCommands.All.Count);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Registered {Count} AI slash commands.")]
    private static partial void LogRegistered(ILogger logger, int count);

    [LoggerMessage(2, LogLevel.Warning, "Could not register the AI slash commands; mentions still work.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
