using Cortex.Economy;
using Cortex.Economy.Api;
using Cortex.Economy.Caching;
using Cortex.Economy.Commands;
using Cortex.Economy.RateLimiting;
using Cortex.Economy.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEconomyStorage();
builder.AddBalanceCache();
builder.AddEconomyOperations();
builder.AddEconomyRateLimiting();
builder.AddEconomyApi();
builder.AddEconomyCommands();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseEconomyRateLimiting();
app.MapEconomyApi();

app.Run();
