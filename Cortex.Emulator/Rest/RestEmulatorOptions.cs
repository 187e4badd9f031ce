using Microsoft.Extensions.Options;

namespace Cortex.Emulator.Rest;

/// <summary>The emulator's Discord REST, bound from <c>Emulator:Rest</c> (the token it accepts: <see cref="EmulatorOptions.BotToken"/>).</summary>
public sealed class RestEmulatorOptions
{
    public const string Section = "Emulator:Rest";

    /// <summary>Per-route bucket window (<c>Emulator:Rest:BucketWindowMilliseconds</c>); Discord's message bucket is 5 per 5 s.</summary>
    public int BucketWindowMilliseconds { get; set; } = 5_000;

    /// <summary>The bot's global limit, requests per second (<c>Emulator:Rest:GlobalRequestsPerSecond</c>).</summary>
    public int GlobalRequestsPerSecond { get; set; } = 50;

    /// <summary>How long after an interaction its initial response is accepted; Discord's is 3 s (<c>Emulator:Rest:InitialResponseWindowMilliseconds</c>).</summary>
    public int InitialResponseWindowMilliseconds { get; set; } = 3_000;

    /// <summary>Where to deliver interactions over HTTP, signed (<c>Emulator:Rest:InteractionsEndpoint</c>); none: gateway only.</summary>
    public Uri? InteractionsEndpoint { get; set; }

    /// <summary>Hex Ed25519 private key seed (32 bytes) for signing deliveries; random when empty (<c>Emulator:Rest:InteractionsSigningSeed</c>).</summary>
    public string? InteractionsSigningSeed { get; set; }

    /// <summary>The largest file a multipart upload may carry, bytes; Discord's default is 10 MiB (<c>Emulator:Rest:MaxUploadBytes</c>).</summary>
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;
}

public sealed class RestEmulatorOptionsValidator : IValidateOptions<RestEmulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, RestEmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (options.BucketWindowMilliseconds < 10 || options.GlobalRequestsPerSecond < 1)
        {
            failures.Add("Emulator:Rest:BucketWindowMilliseconds must be at least 10 and GlobalRequestsPerSecond at least 1.");
        }

        if (options.MaxUploadBytes is < 1 or > 500L * 1024 * 1024)
        {
            failures.Add("Emulator:Rest:MaxUploadBytes must be between 1 byte and 500 MiB.");
        }

        if (options.InteractionsSigningSeed is { Length: > 0 } seed && (seed.Length != 64 || !seed.All(Uri.IsHexDigit)))
        {
            failures.Add("Emulator:Rest:InteractionsSigningSeed must be 64 hex digits (a 32-byte Ed25519 seed).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
