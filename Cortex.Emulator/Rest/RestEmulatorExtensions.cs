using Cortex.Emulator.World;
using Microsoft.Extensions.Options;

namespace Cortex.Emulator.Rest;

public static class RestEmulatorExtensions
{
    public static WebApplicationBuilder AddRestEmulator(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RestEmulatorOptions>()
            .Bind(builder.Configuration.GetSection(RestEmulatorOptions.Section))
            .Configure<IConfiguration>((options, configuration) => options.BotToken = configuration["Emulator:BotToken"] ?? options.BotToken)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RestEmulatorOptions>, RestEmulatorOptionsValidator>();
        builder.Services.AddEmulatorWorld(builder.Configuration);
        builder.Services.AddSingleton<RestRateLimits>();
        builder.Services.AddSingleton<InteractionSigner>();
        builder.Services.AddHttpClient<InteractionDelivery>();
        return builder;
    }

    public static WebApplication MapRestEmulator(this WebApplication app)
    {
        RestEndpoints.Map(app);
        RestControlEndpoints.Map(app);
        return app;
    }
}
