using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.ServiceDefaults.Surfaces;

/// <summary>
/// The policy evaluator <c>AuthorizationMiddleware</c> asks, answering with <see cref="RequestAdmission"/>'s decision
/// when one was made earlier in the same request for the same endpoint, rules and user (<see cref="AdmissionDecision"/>),
/// so a request on a route that reads alongside the rate limit is authenticated and authorized once, not twice. Without
/// such a decision it is the framework's <see cref="PolicyEvaluator"/>, built only then (from the request's services, as
/// the framework resolves it: transient, with scoped authorization handlers honoured).
/// </summary>
public sealed class AdmittedPolicyEvaluator(IServiceProvider services) : IPolicyEvaluator
{
    private PolicyEvaluator? _framework;

    private PolicyEvaluator Framework => _framework ??= new PolicyEvaluator(services.GetRequiredService<IAuthorizationService>());

    public Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(context);
        if (AdmissionDecision.ForAuthentication(context, policy) is not { } decision)
        {
            return Framework.AuthenticateAsync(policy, context);
        }

        // As the framework's evaluation leaves it: the schemes' principals merged, or an anonymous user.
        context.User = decision.UserAfter;

        return Task.FromResult(decision.Authentication);
    }

    public Task<PolicyAuthorizationResult> AuthorizeAsync(
        AuthorizationPolicy policy, AuthenticateResult authenticationResult, HttpContext context, object? resource)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(context);
        if (AdmissionDecision.ForAuthorization(context, policy, authenticationResult, resource) is { } decision)
        {
            AdmissionDecision.Forget(context);
            return Task.FromResult(decision.Authorization);
        }

        return Framework.AuthorizeAsync(policy, authenticationResult, context, resource);
    }
}
