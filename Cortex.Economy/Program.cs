using Cortex.Economy;
using Cortex.Economy.Caching;
using Cortex.Economy.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEconomyStorage();
builder.AddBalanceCache();
builder.AddEconomyOperations();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
