using Microsoft.Extensions.Options;

namespace Cortex.Economy.RateLimiting;

public static class RateLimitingExtensions
{
    public static IHostApplicationBuilder AddEconomyRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RateLimitingOptions>, RateLimitingOptionsValidator>();
        builder.Services.AddSingleton<ClientIpResolver>();
        builder.Services.AddSingleton<SlidingWindowLimiter>();
        return builder;
    }

    public static IApplicationBuilder UseEconomyRateLimiting(this IApplicationBuilder app) => app.UseMiddleware<RateLimitMiddleware>();
}
