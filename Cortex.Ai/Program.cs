using Cortex.Ai;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.AddNpgsqlDataSource("economydb");
builder.AddAi();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
