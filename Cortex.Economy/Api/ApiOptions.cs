using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Cortex.Economy.Api;

public sealed class ApiOptions
{
    public const string Section = "Economy:Api";

    /// <summary>Request bodies above this are refused with 413 before they are read.</summary>
    [Range(256, 1_048_576)]
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024;
}

[OptionsValidator]
public sealed partial class ApiOptionsValidator : IValidateOptions<ApiOptions>;
