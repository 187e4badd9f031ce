namespace Cortex.Economy.Api;

/// <summary>A JSON answer already serialised: 200 with its Content-Length, written in one go (<see cref="WholeJsonResponses"/>, a cached leaderboard page).</summary>
internal sealed class WholeJson(byte[] body) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        return response.BodyWriter.WriteAsync(body).AsTask();
    }
}
