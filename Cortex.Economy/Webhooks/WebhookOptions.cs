using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Economy:Webhooks";

    /// <summary>
    /// The shared secret a bot list sends in <c>Authorization</c> (the AppHost passes the
    /// <c>vote-webhook-secret</c> parameter). Empty turns the vote webhook off: every delivery is refused.
    /// </summary>
    public string VoteSecret { get; set; } = "";

    /// <summary>Coins credited to the voter for one vote.</summary>
    [Range(1, 1_000_000)]
    public long VoteReward { get; set; } = 100;
}

[OptionsValidator]
public sealed partial class WebhookOptionsValidator : IValidateOptions<WebhookOptions>;
