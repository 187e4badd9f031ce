using Cortex.Ai.Moderation.Agent;

namespace Cortex.Tests.Ai.Moderation;

/// <summary>The context agent's answer is validated strictly; a bad one is an error, never an exception.</summary>
public sealed class AgentVerdictTests
{
    [Theory]
    [InlineData("""{"severity":0,"category":"none","reason":"fine"}""", 0)]
    [InlineData("""{"severity":4,"category":"hate","reason":"slur aimed at a member"}""", 4)]
    [InlineData("""{ "reason": "threat", "severity": 3, "category": "violence", "extra": true }""", 3)]
    public void A_well_formed_verdict_is_read(string text, int severity)
    {
        var (verdict, error) = AgentVerdict.Parse(text);

        Assert.Null(error);
        Assert.Equal(severity, verdict!.Severity);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"severity":5,"category":"hate","reason":"x"}""")]
    [InlineData("""{"severity":-1,"category":"hate","reason":"x"}""")]
    [InlineData("""{"severity":"3","category":"hate","reason":"x"}""")]
    [InlineData("""{"severity":2.5,"category":"hate","reason":"x"}""")]
    [InlineData("""{"severity":2,"reason":"x"}""")]
    [InlineData("""{"severity":2,"category":"","reason":"x"}""")]
    [InlineData("""{"severity":2,"category":"hate","reason":"   "}""")]
    [InlineData("""{"severity":2,"category":"hate"}""")]
    [InlineData("""{"severity":2,"category":"hate","reason":"x"} trailing""")]
    public void A_malformed_verdict_is_an_error_not_an_exception(string text)
    {
        var (verdict, error) = AgentVerdict.Parse(text);

        Assert.Null(verdict);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void The_prompt_asks_for_json_and_names_the_severities()
    {
        Assert.Contains("JSON", ContextAgent.SystemPrompt, StringComparison.Ordinal);
        Assert.Contains("0=clean 1=warn 2=delete 3=timeout 4=ban", ContextAgent.SystemPrompt, StringComparison.Ordinal);
        Assert.Equal("FLAGGED(hate 0.45): those people", ContextAgent.FlaggedTurn("those people", "hate", 0.4512));
    }
}
