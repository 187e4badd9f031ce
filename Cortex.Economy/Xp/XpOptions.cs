using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.Xp;

public sealed class XpOptions
{
    public const string Section = "Economy:Xp";

    [Range(1, 10_000)]
    public long MinimumPerMessage { get; set; } = 15;

    [Range(1, 10_000)]
    public long MaximumPerMessage { get; set; } = 25;

    /// <summary>Messages within this time of the last rewarded one earn nothing (no spam farming).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromSeconds(60);
}

[OptionsValidator]
public sealed partial class XpOptionsValidator : IValidateOptions<XpOptions>;
