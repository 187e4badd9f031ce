using Microsoft.Extensions.Options;

namespace Cortex.Emulator.OpenAi;

public static class OpenAiEmulatorExtensions
{
    public static WebApplicationBuilder AddOpenAiEmulator(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OpenAiEmulatorOptions>()
            .Bind(builder.Configuration.GetSection(OpenAiEmulatorOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<OpenAiTokenizer>();
        builder.Services.AddSingleton(services => new OpenAiFaults(
            TimeSpan.FromMilliseconds(services.GetRequiredService<IOptions<OpenAiEmulatorOptions>>().Value.OpenAiLatencyMilliseconds)));
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
