using System.ComponentModel.DataAnnotations;

namespace Cortex.Ai.Context;

/// <summary>
/// The seed's layered budget. <see cref="MaxContextTokens"/> bounds the prompt as sent, chat framing
/// included; the reply's allowance is requested separately as <c>max_tokens</c>. History stops
/// <see cref="ReserveTokens"/> short of the budget, so the prompt never exceeds budget minus reserve.
/// </summary>
public sealed class ContextOptions : IValidatableObject
{
    public const string Section = "Ai:Context";

    [Range(256, 128_000)]
    public int MaxContextTokens { get; set; } = 4_000;

    [Range(0, 64_000)]
    public int ReserveTokens { get; set; } = 400;

    [Range(0, 2_000)]
    public int MaxMemoryTokens { get; set; } = 150;

    [Range(0, 50)]
    public int MaxMemoryFacts { get; set; } = 5;

    /// <summary>The prompt may use up to this many tokens.</summary>
    public int PromptLimit => MaxContextTokens - ReserveTokens;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PromptLimit < 256)
        {
            yield return new ValidationResult("MaxContextTokens minus ReserveTokens must leave at least 256 tokens for the prompt.", [nameof(ReserveTokens)]);
        }
    }
}
