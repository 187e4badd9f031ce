using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cortex.Emulator.OpenAi;

public static class OpenAiEmulatorExtensions
{
    public static WebApplicationBuilder AddOpenAiEmulator(this WebApplicationBuilder builder)
    {
        EmulatorOptions.Register(builder.Services, builder.Configuration);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmulatorOptions>, OpenAiKeyRequired>());
        builder.Services.AddSingleton<OpenAiTokenizer>();
        builder.Services.AddSingleton(services => new OpenAiFaults(
            TimeSpan.FromMilliseconds(services.GetRequiredService<IOptions<EmulatorOptions>>().Value.OpenAiLatencyMilliseconds)));
        return builder;
    }

    public static WebApplication MapOpenAiEmulator(this WebApplication app)
    {
        var v1 = app.MapGroup("/v1").AddEndpointFilter<OpenAiGate>();
        v1.MapPost("/chat/completions", OpenAiEndpoints.ChatCompletionsAsync);
        v1.MapPost("/moderations", OpenAiEndpoints.ModerationsAsync);
        app.MapPut("/control/openai/faults", OpenAiEndpoints.SetFaultsAsync);
        return app;
    }
}
