namespace Cortex.Ai.Memory;

/// <summary>A remembered fact about a user; heavier facts were repeated more often.</summary>
public sealed record MemoryFact(string Fact, double Weight);
