using Cortex.Emulator.World;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cortex.Emulator.Gateway;

/// <summary>Wires the emulator's gateway: options, world, hub, the WebSocket, GET /gateway(/bot) and /control.</summary>
public static class EmulatorGatewayExtensions
{
    /// <summary>Registers the gateway; options from <c>Emulator:Gateway</c>, the token from <c>Emulator:BotToken</c> (<see cref="EmulatorOptions"/>).</summary>
    public static TBuilder AddEmulatorGateway<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<EmulatorGatewayOptions>()
            .Bind(builder.Configuration.GetSection(EmulatorGatewayOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EmulatorGatewayOptions>, EmulatorGatewayOptionsValidator>();
        builder.Services.AddEmulatorWorld(builder.Configuration);
        builder.Services.AddSingleton<GatewayHub>();
        builder.Services.TryAddSingleton<FirehoseMixes>();
        return builder;
    }

    /// <summary>Maps <c>/gateway</c>, <c>/gateway/resume</c>, <c>/api/v10/gateway</c>, <c>/api/v10/gateway/bot</c> and <c>/control</c>.</summary>
    public static WebApplication MapEmulatorGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWebSockets();
        GatewayEndpoints.Map(app);
        ControlEndpoints.Map(app);
        return app;
    }
}
