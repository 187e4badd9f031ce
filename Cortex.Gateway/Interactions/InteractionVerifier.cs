using Cortex.Discord;
using Cortex.Discord.Interactions;
using Cortex.Discord.Rest;
using Microsoft.Extensions.Options;

namespace Cortex.Gateway.Interactions;

/// <summary>Checks deliveries against the application's public key, configured or read once from Discord.</summary>
public sealed class InteractionVerifier(IOptions<DiscordOptions> options, IServiceProvider services, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _resolve = new(1, 1);
    private InteractionSignature? _signature;

    public async Task<SignatureCheck> VerifyAsync(string? signature, string? timestamp, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var key = _signature ?? await ResolveAsync(cancellationToken);
        return key.Verify(signature, timestamp, body.Span, time.GetUtcNow());
    }

    public void Dispose() => _resolve.Dispose();

    private async Task<InteractionSignature> ResolveAsync(CancellationToken cancellationToken)
    {
        await _resolve.WaitAsync(cancellationToken);
        try
        {
            if (_signature is not null)
            {
                return _signature;
            }

            var hex = options.Value.PublicKey;
            if (string.IsNullOrWhiteSpace(hex))
            {
                var rest = services.GetService<DiscordRestClient>()
                    ?? throw new InvalidOperationException("Discord:PublicKey is not set and no Discord REST client is registered to read it.");
                hex = (await rest.GetCurrentApplicationAsync(cancellationToken)).VerifyKey
                    ?? throw new InvalidOperationException("The application has no verify_key; set Discord:PublicKey.");
            }

            return _signature = InteractionSignature.FromHex(hex);
        }
        finally
        {
            _resolve.Release();
        }
    }
}
