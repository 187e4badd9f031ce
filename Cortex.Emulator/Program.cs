using Cortex.Emulator.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEmulatorGateway();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapEmulatorGateway();
app.MapGet("/", () => TypedResults.Text("Cortex emulator: a local Discord and OpenAI for development and tests."));

app.Run();
