using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Cortex.ServiceDefaults.Hardening;

/// <summary>Size, time and header limits every public Cortex service applies to every request.</summary>
public sealed class HttpHardeningOptions
{
    public const string Section = "Cortex:Http";

    /// <summary>
    /// Kestrel's body limit for every endpoint (Kestrel's own default is 30 MB). An endpoint that needs
    /// less (or more) declares it with <c>WithRequestBodyLimit</c>.
    /// </summary>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long any request may run before it is cancelled and answered 504.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The policy for responses that do not set their own: an API answer is never a document that
    /// loads anything, so nothing is allowed, and nobody may frame it. Pages set a policy of their own.
    /// </summary>
    public string ContentSecurityPolicy { get; set; } = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
}

[OptionsValidator]
public sealed partial class HttpHardeningOptionsValidator : IValidateOptions<HttpHardeningOptions>;
