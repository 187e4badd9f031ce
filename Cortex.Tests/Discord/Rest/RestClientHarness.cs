using System.Net.Http.Json;
using Cortex.Discord;
using Cortex.Discord.Rest;
using Cortex.Emulator.Rest;
using Cortex.Emulator.World;
using Cortex.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cortex.Tests.Discord.Rest;

/// <summary>A <see cref="DiscordRestClient"/> on the real socket of an in-process emulator.</summary>
public static class RestClientHarness
{
    public static DiscordRestClient Client(EmulatorServer emulator, string token = EmulatorServer.BotToken,
        Action<DiscordOptions>? configure = null, IGlobalRateLimiter? global = null, InvalidRequestGuard? guard = null)
    {
        var options = new DiscordOptions { Token = token, RestBaseAddress = new Uri(emulator.BaseAddress, "api/v10/") };
        configure?.Invoke(options);
        return new DiscordRestClient(
            new HttpClient(),
            Options.Create(options),
            global ?? new LocalGlobalRateLimiter(options.GlobalRequestsPerSecond, TimeProvider.System),
            guard ?? new InvalidRequestGuard(options.InvalidRequestLimit, TimeProvider.System),
            TimeProvider.System,
            NullLogger<DiscordRestClient>.Instance);
    }

    public static async Task<SeedWorld> WorldAsync(EmulatorServer emulator)
    {
        using var http = emulator.CreateSocketClient();
        return (await http.GetFromJsonAsync("control/world", EmulatorRestJsonContext.Default.SeedWorld))!;
    }

    public static async Task QueueRateLimitAsync(EmulatorServer emulator, string scope, double retryAfter, int count = 1)
    {
        using var http = emulator.CreateSocketClient();
        using var response = await http.PostAsJsonAsync("control/rest/limits", new RestLimitOverride(scope, retryAfter, count), EmulatorRestJsonContext.Default.RestLimitOverride);
        response.EnsureSuccessStatusCode();
    }
}
