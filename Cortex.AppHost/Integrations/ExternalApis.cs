namespace Cortex.AppHost.Integrations;

/// <summary>
/// Discord and OpenAI, or the bundled emulator standing in for whichever has no credential.
/// A newcomer with no token and no key gets a complete app on the emulator instead of a prompt.
/// </summary>
public sealed class ExternalApis
{
    public const string DiscordTokenParameter = "discord-token";
    public const string OpenAiKeyParameter = "openai-api-key";

    /// <summary>The token the emulator accepts; it guards nothing real.</summary>
    public const string EmulatorBotToken = "emulator.bot.token";

    /// <summary>The key the emulator's OpenAI endpoint accepts.</summary>
    public const string EmulatorOpenAiKey = "emulator-openai-key";

    /// <summary>
    /// How the emulator delivers interactions (<c>Cortex:Emulator:Interactions</c>): <c>gateway</c> (the
    /// default, INTERACTION_CREATE to the shards) or <c>http</c> (signed POSTs to the gateway's
    /// <c>/interactions</c>, as Discord does for an app with an Interactions Endpoint URL).
    /// </summary>
    public const string InteractionsDeliveryKey = "Cortex:Emulator:Interactions";

    /// <summary>Overrides the emulator's window for the first interaction response, in milliseconds (<c>Cortex:Emulator:InitialResponseWindowMilliseconds</c>).</summary>
    public const string ResponseWindowKey = "Cortex:Emulator:InitialResponseWindowMilliseconds";

    /// <summary>The emulator's Ed25519 signing seed for HTTP deliveries; like the token it guards nothing real.</summary>
    public const string EmulatorSigningSeed = "b443ff2d015714d57a19f40b29fe9f929ddeaad1b3a9e269b3f4ed0137a95675";

    /// <summary>The public key of <see cref="EmulatorSigningSeed"/>: the application's verify key the gateway checks signatures with.</summary>
    public const string EmulatorPublicKey = "1d656acb24383493de6900bfcc27f4eb1ca08f524a7acefeffbe50b1b61fedff";

    /// <summary>
    /// Run on the emulator even when a token and key are given; the emulator then accepts exactly
    /// those values. The secrets scan uses it to push recognisable credentials through every path.
    /// </summary>
    public const string AlwaysEmulateSetting = "Cortex:Emulator:Always";

    private ExternalApis(IDistributedApplicationBuilder builder)
    {
        var publishing = builder.ExecutionContext.IsPublishMode;
        var alwaysEmulate = !publishing && string.Equals(builder.Configuration[AlwaysEmulateSetting], "true", StringComparison.OrdinalIgnoreCase);
        UsesDiscordEmulator = !publishing && (alwaysEmulate || !HasValue(builder, DiscordTokenParameter));
        UsesOpenAiEmulator = !publishing && (alwaysEmulate || !HasValue(builder, OpenAiKeyParameter));

        if (publishing || HasValue(builder, DiscordTokenParameter))
        {
            DiscordToken = builder.AddParameter(DiscordTokenParameter, secret: true);
        }

        if (publishing || HasValue(builder, OpenAiKeyParameter))
        {
            OpenAiKey = builder.AddParameter(OpenAiKeyParameter, secret: true);
        }

        DeliversInteractionsOverHttp = UsesDiscordEmulator
            && string.Equals(builder.Configuration[InteractionsDeliveryKey], "http", StringComparison.OrdinalIgnoreCase);
        if (UsesDiscordEmulator || UsesOpenAiEmulator)
        {
            var emulator = builder.AddProject<Projects.Cortex_Emulator>("emulator");
            // A real credential reaches the emulator only when the emulator stands in for that API.
            emulator = UsesDiscordEmulator && DiscordToken is not null
                ? emulator.WithEnvironment("Emulator__BotToken", DiscordToken)
                : emulator.WithEnvironment("Emulator__BotToken", EmulatorBotToken);
            emulator = UsesOpenAiEmulator && OpenAiKey is not null
                ? emulator.WithEnvironment("Emulator__OpenAiKey", OpenAiKey)
                : emulator.WithEnvironment("Emulator__OpenAiKey", EmulatorOpenAiKey);
            Emulator = emulator
                .WithHttpHealthCheck("/health")
                .WithExternalHttpEndpoints()
                .WithEnvironment(context =>
                {
                    // Discord's 3 s to answer an interaction, unless a slow test machine asks for slack.
                    if (builder.Configuration[ResponseWindowKey] is { Length: > 0 } window)
                    {
                        context.EnvironmentVariables["Emulator__Rest__InitialResponseWindowMilliseconds"] = window;
                    }
                })
                .WithUrls(context =>
                {
                    // The chat page, one click from the dashboard: talk to Cortex as a fake user.
                    var http = context.Urls.FirstOrDefault(url => url.Endpoint?.EndpointName == "http");
                    if (http is not null)
                    {
                        context.Urls.Add(new ResourceUrlAnnotation { Url = http.Url.TrimEnd('/') + "/chat", DisplayText = "Chat page", Endpoint = http.Endpoint });
                    }
                });
        }
    }

    public bool UsesDiscordEmulator { get; }

    public bool UsesOpenAiEmulator { get; }

    /// <summary>The emulator stands in for Discord and delivers interactions to the gateway's <c>/interactions</c>.</summary>
    public bool DeliversInteractionsOverHttp { get; }

    public IResourceBuilder<ProjectResource>? Emulator { get; }

    public IResourceBuilder<ParameterResource>? DiscordToken { get; }

    public IResourceBuilder<ParameterResource>? OpenAiKey { get; }

    public static ExternalApis Add(IDistributedApplicationBuilder builder) => new(builder);

    private static bool HasValue(IDistributedApplicationBuilder builder, string parameter) =>
        !string.IsNullOrWhiteSpace(builder.Configuration[$"Parameters:{parameter}"]);
}

public static class ExternalApiReferences
{
    /// <summary>Discord credentials and endpoints for a service that talks to Discord.</summary>
    public static IResourceBuilder<ProjectResource> WithDiscord(this IResourceBuilder<ProjectResource> service, ExternalApis apis)
    {
        // Every service on the token shares Discord's global limit through Redis (each one references it).
        service = service.WithEnvironment("Discord__ShareGlobalLimitThroughRedis", "true");
        if (!apis.UsesDiscordEmulator)
        {
            return service.WithEnvironment("Discord__Token", apis.DiscordToken!);
        }

        var emulator = apis.Emulator!.GetEndpoint("http");
        service = apis.DiscordToken is null
            ? service.WithEnvironment("Discord__Token", ExternalApis.EmulatorBotToken)
            : service.WithEnvironment("Discord__Token", apis.DiscordToken);
        return service
            .WithReference(apis.Emulator!)
            .WaitFor(apis.Emulator!)
            .WithEnvironment("Discord__RestBaseAddress", ReferenceExpression.Create($"{emulator}/api/v10/"));
    }

    /// <summary>
    /// The gateway receives interactions the way the app is configured: over its shards (default), or,
    /// with <c>Cortex:Emulator:Interactions=http</c>, as the emulator's signed HTTP deliveries to its
    /// <c>/interactions</c> endpoint, checked with the emulator's public key.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithInteractionsDelivery(this IResourceBuilder<ProjectResource> gateway, ExternalApis apis)
    {
        if (!apis.DeliversInteractionsOverHttp)
        {
            return gateway;
        }

        var endpoint = gateway.GetEndpoint("http");
        apis.Emulator!
            .WithEnvironment("Emulator__Rest__InteractionsEndpoint", ReferenceExpression.Create($"{endpoint}/interactions"))
            .WithEnvironment("Emulator__Rest__InteractionsSigningSeed", ExternalApis.EmulatorSigningSeed);
        return gateway.WithEnvironment("Discord__PublicKey", ExternalApis.EmulatorPublicKey);
    }

    /// <summary>OpenAI credentials and endpoint for a service that calls the model.</summary>
    public static IResourceBuilder<ProjectResource> WithOpenAi(this IResourceBuilder<ProjectResource> service, ExternalApis apis)
    {
        if (!apis.UsesOpenAiEmulator)
        {
            return service.WithEnvironment("OpenAI__ApiKey", apis.OpenAiKey!);
        }

        var emulator = apis.Emulator!.GetEndpoint("http");
        service = apis.OpenAiKey is null
            ? service.WithEnvironment("OpenAI__ApiKey", ExternalApis.EmulatorOpenAiKey)
            : service.WithEnvironment("OpenAI__ApiKey", apis.OpenAiKey);
        return service
            .WithReference(apis.Emulator!)
            .WaitFor(apis.Emulator!)
            .WithEnvironment("OpenAI__Endpoint", ReferenceExpression.Create($"{emulator}/v1"));
    }
}
