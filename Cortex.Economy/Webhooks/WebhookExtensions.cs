using Microsoft.Extensions.Options;

namespace Cortex.Economy.Webhooks;

public static class WebhookExtensions
{
    /// <summary>Inbound webhooks from outside Discord (bot-list votes).</summary>
    public static IHostApplicationBuilder AddEconomyWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        builder.Services.AddSingleton<VoteRewardService>();
        return builder;
    }

    /// <summary>Under /webhook, so the shared defense limits it to 20 a minute per client.</summary>
    public static WebApplication MapEconomyWebhooks(this WebApplication app)
    {
        app.MapVoteWebhook();
        return app;
    }
}
