using Cortex.Ai;
using Cortex.Ai.Moderation;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddHttpDefense();
builder.AddCortexSurfaces();
builder.AddNpgsqlDataSource("economydb");
builder.AddAi();
builder.AddModeration();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseHttpDefense();
app.UseCortexSurfaces();
app.MapModeration();

app.Run();
