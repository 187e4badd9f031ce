using Cortex.Emulator.OpenAi;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddOpenAiEmulator();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGet("/", () => TypedResults.Text("Cortex emulator: a local Discord and OpenAI for development and tests."));
app.MapOpenAiEmulator();

app.Run();
