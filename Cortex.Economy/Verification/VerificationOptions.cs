using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.Verification;

public sealed class VerificationOptions
{
    public const string Section = "Economy:Verification";

    /// <summary>
    /// The HMAC key that signs verification links (the AppHost passes the <c>verify-signing-key</c>
    /// parameter). Empty turns verification off: the button says so and /verify refuses every link.
    /// </summary>
    public string SigningKey { get; set; } = "";

    /// <summary>Where members open their link: this service's public address (the AppHost passes its endpoint).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5000/";

    /// <summary>How long a link stays valid after the button was clicked.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "1.00:00:00")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Used nonces live here until their link would have expired anyway.</summary>
    public string NonceKeyPrefix { get; set; } = "cortex:verify:nonce";
}

public sealed class VerificationOptionsValidator : IValidateOptions<VerificationOptions>
{
    /// <summary>An HMAC-SHA256 key shorter than this is guessable; refuse to start with it.</summary>
    public const int MinimumKeyLength = 32;

    public ValidateOptionsResult Validate(string? name, VerificationOptions options)
    {
        var failures = new List<string>();
        if (options.SigningKey.Length is > 0 and < MinimumKeyLength)
        {
            failures.Add($"{VerificationOptions.Section}:SigningKey must be at least {MinimumKeyLength} characters (or empty to turn verification off).");
        }

        if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            failures.Add($"{VerificationOptions.Section}:PublicBaseUrl must be an absolute http(s) URL.");
        }

        if (options.LinkLifetime < TimeSpan.FromSeconds(30) || options.LinkLifetime > TimeSpan.FromDays(1))
        {
            failures.Add($"{VerificationOptions.Section}:LinkLifetime must be between 30 seconds and 1 day.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
