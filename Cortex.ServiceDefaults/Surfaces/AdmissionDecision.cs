using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Cortex.ServiceDefaults.Surfaces;

/// <summary>
/// What <see cref="RequestAdmission"/> decided for one request, kept as a request feature so the framework's
/// <c>AuthorizationMiddleware</c> can take it instead of authenticating and authorizing a second time
/// (<see cref="AdmittedPolicyEvaluator"/>). It answers only the request, endpoint, policy and user it was made for;
/// anything else goes to the framework's evaluator, which stays the path of record.
/// </summary>
/// <param name="Endpoint">The endpoint the admission decided for.</param>
/// <param name="Policy">The endpoint's policy, as the admission combined it.</param>
/// <param name="UserBefore">
/// The user <c>UseAuthentication</c> leaves for the framework's evaluator: the default scheme's principal when it gave
/// one, else the user the admission's evaluation left. Principals are made per request, so this also ties the decision
/// to its request.
/// </param>
/// <param name="UserAfter">The user the policy's evaluation set: its schemes' principals merged, or an anonymous one.</param>
/// <param name="Authentication">The policy's authentication, as the framework's evaluator returned it to the admission.</param>
/// <param name="Authorization">The policy's authorization, likewise.</param>
internal sealed record AdmissionDecision(
    Endpoint Endpoint,
    AuthorizationPolicy Policy,
    ClaimsPrincipal UserBefore,
    ClaimsPrincipal UserAfter,
    AuthenticateResult Authentication,
    PolicyAuthorizationResult Authorization)
{
    /// <summary>
    /// Keeps the decision for the framework, called right after the admission's evaluation (so <c>HttpContext.User</c> is
    /// the user it left), when it can be reused: only for a policy that names its schemes, whose outcome then depends on
    /// nothing but those schemes' results, which their handlers compute once per request. A policy without schemes reads
    /// <c>HttpContext.User</c> as it stands, so the framework decides it again.
    /// </summary>
    public static void Keep(
        HttpContext context, Endpoint endpoint, AuthorizationPolicy policy, ClaimsPrincipal? defaultPrincipal,
        AuthenticateResult authentication, PolicyAuthorizationResult authorization)
    {
        if (policy.AuthenticationSchemes.Count > 0)
        {
            context.Features.Set(new AdmissionDecision(endpoint, policy, defaultPrincipal ?? context.User, context.User, authentication, authorization));
        }
    }

    /// <summary>The decision kept for this request, if it was made for the endpoint now routed, the same rules and the user now set.</summary>
    public static AdmissionDecision? ForAuthentication(HttpContext context, AuthorizationPolicy policy) =>
        context.Features.Get<AdmissionDecision>() is { } decision && decision.Answers(context, policy, decision.UserBefore) ? decision : null;

    /// <summary>
    /// The decision kept for this request, if its authentication is the one the framework is authorizing (so it was taken
    /// from here), for the same endpoint, rules and user, and the resource is the request, as the admission authorized it.
    /// </summary>
    public static AdmissionDecision? ForAuthorization(
        HttpContext context, AuthorizationPolicy policy, AuthenticateResult authentication, object? resource) =>
        context.Features.Get<AdmissionDecision>() is { } decision
        && ReferenceEquals(authentication, decision.Authentication)
        && ReferenceEquals(resource, context)
        && decision.Answers(context, policy, decision.UserAfter)
            ? decision
            : null;

    /// <summary>Removes the decision once the framework has taken it: it answers one authorization, not a re-execution.</summary>
    public static void Forget(HttpContext context) => context.Features.Set<AdmissionDecision>(null);

    private bool Answers(HttpContext context, AuthorizationPolicy policy, ClaimsPrincipal user) =>
        ReferenceEquals(Endpoint, context.GetEndpoint()) && ReferenceEquals(user, context.User) && SameRules(Policy, policy);

    // The framework combines the endpoint's policy itself (its cache is internal), so the objects differ; the rules are the
    // same when the schemes are and the requirements are the very instances (named policies' requirements are shared).
    // Loops, not LINQ: this runs on every admitted request.
    private static bool SameRules(AuthorizationPolicy kept, AuthorizationPolicy asked)
    {
        if (ReferenceEquals(kept, asked))
        {
            return true;
        }

        if (kept.AuthenticationSchemes.Count != asked.AuthenticationSchemes.Count || kept.Requirements.Count != asked.Requirements.Count)
        {
            return false;
        }

        for (var i = 0; i < kept.AuthenticationSchemes.Count; i++)
        {
            if (!string.Equals(kept.AuthenticationSchemes[i], asked.AuthenticationSchemes[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        for (var i = 0; i < kept.Requirements.Count; i++)
        {
            if (!ReferenceEquals(kept.Requirements[i], asked.Requirements[i]))
            {
                return false;
            }
        }

        return true;
    }
}
