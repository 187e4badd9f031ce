using Microsoft.Extensions.Options;

namespace Cortex.Emulator.OpenAi;

/// <summary>Serving <c>/v1</c> needs a key to check callers against; the gateway alone does not.</summary>
internal sealed class OpenAiKeyRequired : IValidateOptions<EmulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, EmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.OpenAiKey))
        {
            failures.Add("Emulator:OpenAiKey must be set: it is the only key the emulated OpenAI API accepts.");
        }

        if (options.OpenAiLatencyMilliseconds is < 0 or > 60_000)
        {
            failures.Add("Emulator:OpenAiLatencyMilliseconds must be between 0 and 60000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
