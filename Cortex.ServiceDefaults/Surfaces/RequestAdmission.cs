using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cortex.ServiceDefaults.Surfaces;

/// <summary>
/// Whether a request will get past the surface, the API key and the route's scope, decided before those middlewares
/// run and without answering anything: for work started early on a request's behalf (a read alongside the rate limit)
/// that an anonymous or refused caller must not cost. The same rules the middlewares apply, with the same handlers:
/// the API key is checked once per request (the handler keeps its result), so <c>UseAuthentication</c> does not repeat it,
/// and the policy's decision is kept for <c>UseAuthorization</c> (<see cref="AdmittedPolicyEvaluator"/>), which takes it
/// instead of evaluating the policy again.
/// </summary>
public sealed class RequestAdmission(IOptions<SurfaceOptions> surfaces, IAuthorizationPolicyProvider policies)
{
    private readonly int _internalPort = surfaces.Value.InternalPort;
    private readonly ConcurrentDictionary<Endpoint, AuthorizationPolicy?> _endpointPolicies = new();

    public async ValueTask<bool> AdmitsAsync(HttpContext context, Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!InternalSurfaceMiddleware.Serves(context, endpoint, _internalPort))
        {
            return false;
        }

        if (await PolicyAsync(endpoint) is not { } policy || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return true;
        }

        // What UseAuthentication does next: the default scheme's principal becomes the user (a policy naming no scheme reads it).
        var principal = (await context.AuthenticateAsync()).Principal;
        if (principal is not null)
        {
            context.User = principal;
        }

        var evaluator = context.RequestServices.GetRequiredService<IPolicyEvaluator>();
        var authentication = await evaluator.AuthenticateAsync(policy, context);
        var authorization = await evaluator.AuthorizeAsync(policy, authentication, context, context);
        // The framework's AuthorizationMiddleware takes this decision instead of making it again (AdmittedPolicyEvaluator).
        AdmissionDecision.Keep(context, endpoint, policy, principal, authentication, authorization);
        return authorization.Succeeded;
    }

    // As AuthorizationMiddleware combines them (its cache is internal); a provider that builds policies per request is asked every time.
    private async ValueTask<AuthorizationPolicy?> PolicyAsync(Endpoint endpoint)
    {
        if (policies.AllowsCachingPolicies && _endpointPolicies.TryGetValue(endpoint, out var cached))
        {
            return cached;
        }

        var policy = await AuthorizationPolicy.CombineAsync(
            policies, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
        if (policies.AllowsCachingPolicies)
        {
            _endpointPolicies.TryAdd(endpoint, policy);
        }

        return policy;
    }
}
