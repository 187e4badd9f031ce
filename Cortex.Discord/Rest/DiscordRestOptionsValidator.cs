using Microsoft.Extensions.Options;

namespace Cortex.Discord.Rest;

/// <summary>A missing token or a bad address fails at start with a message that says which setting.</summary>
public sealed class DiscordRestOptionsValidator : IValidateOptions<DiscordRestOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordRestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.Token))
        {
            failures.Add("Discord:Token is required (the emulator's token when running locally).");
        }

        if (options.RestBaseAddress is not { IsAbsoluteUri: true } address || !address.AbsoluteUri.EndsWith('/'))
        {
            failures.Add("Discord:RestBaseAddress must be an absolute URL ending with '/', e.g. https://discord.com/api/v10/.");
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
