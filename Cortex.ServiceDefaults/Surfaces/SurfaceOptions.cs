using Microsoft.Extensions.Options;

namespace Cortex.ServiceDefaults.Surfaces;

/// <summary>
/// Which local port is the internal surface (<c>Cortex:Surfaces:InternalPort</c>, set by the AppHost from
/// the resource's <c>internal</c> endpoint). Every other port the service listens on is public.
/// </summary>
public sealed class SurfaceOptions
{
    public const string Section = "Cortex:Surfaces";

    public int InternalPort { get; set; }
}

/// <summary>Without the internal port every route but the public ones would be unreachable: fail at start instead.</summary>
public sealed class SurfaceOptionsValidator : IValidateOptions<SurfaceOptions>
{
    public ValidateOptionsResult Validate(string? name, SurfaceOptions options) =>
        options.InternalPort is >= 1 and <= 65535
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{SurfaceOptions.Section}:InternalPort must name the port of the service's internal endpoint (the AppHost sets it); it is {options.InternalPort}.");
}
