namespace Cortex.AppHost.Integrations;

/// <summary>
/// The economy's inbound-webhook secret and verification signing key. Both are secret parameters
/// with a generated default: a local run gets fresh random values, a deployment generates (or is
/// given) its own, and neither ever sits in a settings file.
/// </summary>
public static class DefenseSecrets
{
    public const string VoteWebhookSecretParameter = "vote-webhook-secret";
    public const string VerifySigningKeyParameter = "verify-signing-key";

    public static IResourceBuilder<ProjectResource> WithDefenseSecrets(this IResourceBuilder<ProjectResource> economy)
    {
        var builder = economy.ApplicationBuilder;
        var voteSecret = builder.AddParameter(VoteWebhookSecretParameter, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
        var signingKey = builder.AddParameter(VerifySigningKeyParameter, new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true);
        return economy
            .WithEnvironment("Economy__Webhooks__VoteSecret", voteSecret)
            .WithEnvironment("Economy__Verification__SigningKey", signingKey)
            // Verification links point members at the economy's own pages (set in a callback, so the
            // economy does not list itself among the resources it references).
            .WithEnvironment(context => context.EnvironmentVariables["Economy__Verification__PublicBaseUrl"] = economy.GetEndpoint("http"));
    }
}
