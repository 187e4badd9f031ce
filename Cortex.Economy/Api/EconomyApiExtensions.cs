using Cortex.Economy.Accounts;
using Cortex.Economy.Admin;
using Cortex.Economy.Leaderboard;
using Cortex.Economy.Ledger;
using Cortex.Economy.Rewards;
using Cortex.Economy.Transfers;
using Cortex.Economy.Wallet;
using Cortex.Economy.Xp;
using Cortex.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.Api;

public static class EconomyApiExtensions
{
    public const string BasePath = "/api";

    public static IHostApplicationBuilder AddEconomyApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, EconomyJsonContext.Default));
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        return builder;
    }

    /// <summary>
    /// The HTTP API under /api and its OpenAPI document at /openapi/v1.json; errors follow the shared
    /// input contract (docs/input.md). All of it is internal: reads need <c>economy.read</c>, anything
    /// that moves coins <c>economy.write</c>.
    /// </summary>
    public static WebApplication MapEconomyApi(this WebApplication app)
    {
        app.Use(LimitBodySize);
        app.MapOpenApi().RequireAuthorization(CortexScopes.EconomyRead);

        app.MapGroup(BasePath + "/guilds/{guildId}")
            .WithTags("Economy")
            .RequireReadWriteAuthorization(CortexScopes.EconomyRead, CortexScopes.EconomyWrite)
            .MapAccountEndpoints()
            .MapTransferEndpoints()
            .MapWalletEndpoints()
            .MapRewardEndpoints()
            .MapLeaderboardEndpoints()
            .MapRankEndpoints()
            .MapHistoryEndpoints()
            .MapAdminEndpoints();
        return app;
    }

    // Oversized bodies are refused before anything reads them.
    private static Task LimitBodySize(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments(BasePath))
        {
            var limit = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
            if (context.Request.ContentLength > limit)
            {
                return Microsoft.AspNetCore.Http.Results.Problem(
                    statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: "Request body too large",
                    detail: $"Request bodies are limited to {limit} bytes.",
                    type: Problems.TypeBase + "body-too-large").ExecuteAsync(context);
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
        }

        return next(context);
    }
}
