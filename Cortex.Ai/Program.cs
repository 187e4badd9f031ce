using Cortex.Ai;
using Cortex.Ai.Moderation;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
// A span per Redis or SQL command only when traces go somewhere (the dashboard's OTLP endpoint).
var tracing = builder.TracesExported();
builder.AddRedisClient("redis", settings => settings.DisableTracing |= !tracing);
builder.AddHttpDefense();
builder.AddCortexSurfaces();
builder.AddNpgsqlDataSource("economydb", settings => settings.DisableTracing |= !tracing);
builder.AddAi();
builder.AddModeration();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseHttpDefense();
app.UseCortexSurfaces();
app.MapModeration();

app.Run();
