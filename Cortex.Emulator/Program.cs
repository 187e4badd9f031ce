using Cortex.Emulator.Chat;
using Cortex.Emulator.Gateway;
using Cortex.Emulator.OpenAi;
using Cortex.Emulator.Rest;
using Cortex.Emulator.Rest.Bodies;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEmulatorGateway();
builder.AddOpenAiEmulator();
builder.AddRestEmulator();
builder.Services.AddRequestBodySchemas();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseCanonicalNumbers();
app.MapEmulatorGateway();
app.MapGet("/", () => TypedResults.Text("Cortex emulator: a local Discord and OpenAI for development and tests."));
app.MapOpenAiEmulator();
app.MapRestEmulator();
app.MapChat();
app.MapOpenApi();

app.Run();
