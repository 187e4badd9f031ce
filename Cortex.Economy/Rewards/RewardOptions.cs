using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.Rewards;

public sealed class RewardOptions
{
    public const string Section = "Economy:Rewards";

    [Range(1, 1_000_000)]
    public long DailyAmount { get; set; } = 250;

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan DailyCooldown { get; set; } = TimeSpan.FromHours(24);

    [Range(1, 1_000_000)]
    public long WorkMinimum { get; set; } = 50;

    [Range(1, 1_000_000)]
    public long WorkMaximum { get; set; } = 200;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan WorkCooldown { get; set; } = TimeSpan.FromHours(1);
}

[OptionsValidator]
public sealed partial class RewardOptionsValidator : IValidateOptions<RewardOptions>;
