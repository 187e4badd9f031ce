using Cortex.Emulator.Errors;
using Cortex.Emulator.World;
using Microsoft.Extensions.Options;

namespace Cortex.Emulator.Rest;

public static class RestEmulatorExtensions
{
    public static WebApplicationBuilder AddRestEmulator(this WebApplicationBuilder builder)
    {
        // The world binds Emulator:Rest (its interactions read it with or without the REST API); served, it is checked.
        builder.Services.AddEmulatorWorld(builder.Configuration);
        builder.Services.AddOptions<RestEmulatorOptions>().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RestEmulatorOptions>, RestEmulatorOptionsValidator>();
        builder.Services.AddSingleton<RestRateLimits>();
        builder.Services.AddSingleton<InteractionSigner>();
        builder.Services.AddHttpClient<InteractionDelivery>();
        // Ahead of the default ProblemDetails writer (writers are asked in registration order):
        // errors on the emulated APIs answer in Discord's (or OpenAI's) shape.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, EmulatorErrorWriter>());
        return builder;
    }

    public static WebApplication MapRestEmulator(this WebApplication app)
    {
        RestEndpoints.Map(app);
        RestControlEndpoints.Map(app);
        InteractionControlEndpoints.Map(app);
        WorldControlEndpoints.Map(app);
        return app;
    }
}
