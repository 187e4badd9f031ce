using System.Net.Http.Json;
using Cortex.Benchmarks.Gateway;
using Cortex.Discord.Models;
using Cortex.Discord.Rest;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cortex.Benchmarks.Soak;

/// <summary>
/// Interactions answered through <see cref="DiscordRestClient"/> (as the services register it) against
/// Cortex.Emulator in its own process: each one is created by the emulator's control API (a user runs
/// <c>/ping</c>) and answered through the callback route, so every interaction has its own id and token,
/// as in production. Only this process (the client) is measured.
/// </summary>
internal static class InteractionSoak
{
    public static async Task RunAsync(long interactions, int workers, SoakCounter done, CancellationToken stop)
    {
        // A loaded machine can take longer than Discord's 3 s between creating and answering: not what is measured.
        var (emulator, control) = await GatewayRig.StartEmulatorAsync(
            new Dictionary<string, string> { ["Emulator:Rest:InitialResponseWindowMilliseconds"] = "60000" }, logIdentifies: false);
        await using var _ = emulator;
        using var __ = control;
        await using var services = RestServices(control.BaseAddress!);
        var client = services.GetRequiredService<DiscordRestClient>();
        var world = (await control.GetFromJsonAsync("/control/world", EmulatorRestJsonContext.Default.SeedWorld, stop))!;
        var application = await client.GetCurrentApplicationAsync(stop);
        await client.BulkOverwriteGuildCommandsAsync(application.Id, world.GuildId, [new ApplicationCommand { Name = "ping", Description = "Replies pong" }], stop);
        var run = new ChatCommandRequest { GuildId = world.GuildId, ChannelId = world.GeneralChannelId, UserId = world.AdaId, Name = "ping" };
        var answer = new InteractionResponse { Type = InteractionCallbackType.ChannelMessageWithSource, Data = new InteractionCallbackData { Content = "pong" } };

        long next = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref next) <= interactions)
            {
                using var created = await control.PostAsJsonAsync("/control/interactions", run, EmulatorRestJsonContext.Default.ChatCommandRequest, stop);
                created.EnsureSuccessStatusCode();
                var interaction = (await created.Content.ReadFromJsonAsync(DiscordJsonContext.Default.Interaction, stop))!;
                await client.CreateInteractionResponseAsync(interaction.Id, interaction.Token, answer, stop);
                done.Increment();
            }
        }));
    }

    private static ServiceProvider RestServices(Uri emulator)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:Token"] = GatewayRig.Token,
            ["Discord:RestBaseAddress"] = new Uri(emulator, "/api/v10/").ToString(),
        }).Build();
        return new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddDiscordRest(configuration)
            .BuildServiceProvider();
    }
}
