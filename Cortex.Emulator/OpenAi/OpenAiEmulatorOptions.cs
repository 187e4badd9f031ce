using System.ComponentModel.DataAnnotations;

namespace Cortex.Emulator.OpenAi;

/// <summary>Bound from the <c>Emulator</c> section: the key callers must present, and start-up latency.</summary>
public sealed class OpenAiEmulatorOptions
{
    public const string Section = "Emulator";

    /// <summary>The only bearer key accepted on <c>/v1</c> (<c>Emulator:OpenAiKey</c>).</summary>
    [Required]
    public string OpenAiKey { get; set; } = "";

    /// <summary>Latency added to every OpenAI call from start (<c>Emulator:OpenAiLatencyMilliseconds</c>).</summary>
    [Range(0, 60_000)]
    public int OpenAiLatencyMilliseconds { get; set; }
}
