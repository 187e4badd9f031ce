using Microsoft.Extensions.Options;

namespace Cortex.Discord;

/// <summary>A missing token, a bad address or a bad key fails at start with a message that says which setting.</summary>
public sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.Token))
        {
            failures.Add("Discord:Token is required (the AppHost passes the emulator's token when no real token is set).");
        }

        if (options.RestBaseAddress is not { IsAbsoluteUri: true } address || !address.AbsoluteUri.EndsWith('/'))
        {
            failures.Add("Discord:RestBaseAddress must be an absolute URL ending with '/', e.g. https://discord.com/api/v10/.");
        }

        if (options.PublicKey is { Length: > 0 } key && (key.Length != 64 || !key.All(Uri.IsHexDigit)))
        {
            failures.Add("Discord:PublicKey must be 64 hex digits (the application's Ed25519 public key).");
        }

        if (options.GlobalRequestsPerSecond is < 1 or > 10_000)
        {
            failures.Add("Discord:GlobalRequestsPerSecond must be between 1 and 10000.");
        }

        if (options.InvalidRequestLimit is < 1 or > 10_000)
        {
            failures.Add("Discord:InvalidRequestLimit must be between 1 and 10000 (Discord bans at 10000 in 10 minutes).");
        }

        if (options.MaxRateLimitRetries is < 0 or > 10 || options.MaxRetryAfter < TimeSpan.Zero)
        {
            failures.Add("Discord:MaxRateLimitRetries must be 0-10 and Discord:MaxRetryAfter not negative.");
        }

        if (options.MaxRateLimitBuckets is < 100 or > 1_000_000)
        {
            failures.Add("Discord:MaxRateLimitBuckets must be between 100 and 1000000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
