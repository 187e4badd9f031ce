using Cortex.Ai.Guilds;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cortex.Ai.Tokens;

/// <summary>
/// Loading o200k_base takes seconds on a busy machine (docs/benchmarks.md, start-up); do it while
/// the worker starts rather than inside the first user's request. Start-up itself does not wait.
/// </summary>
public sealed class TokenizerWarmup(Tokenizers tokenizers, IOptions<AiDefaultsOptions> defaults) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => tokenizers.ForModel(defaults.Value.Model).CountTokens("warm up"), CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
