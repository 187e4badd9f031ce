using Microsoft.Extensions.Options;

namespace Cortex.Economy.Caching;

public static class CachingExtensions
{
    public static IHostApplicationBuilder AddBalanceCache(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CachingOptions>().BindConfiguration(CachingOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CachingOptions>, CachingOptionsValidator>();
        builder.Services.AddSingleton<PendingCacheRepairs>();
        builder.Services.AddSingleton<SingleFlightFill>();
        builder.Services.AddSingleton<BalanceCache>();
        builder.Services.AddHostedService<CacheRepairService>();
        return builder;
    }
}
